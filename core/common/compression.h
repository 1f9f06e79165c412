// Compression of stored bytes (zstd): what the index keeps of each article
// beside its postings. Stateless functions; each call allocates its own
// zstd context, which costs microseconds against the tens a record takes.
#ifndef CHRONICLE_CORE_COMMON_COMPRESSION_H_
#define CHRONICLE_CORE_COMMON_COMPRESSION_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle {

// zstd's level 3 (its default) compresses news text and its analysis about
// 3x at hundreds of MB/s: far below what analysing the article costs.
inline constexpr int kDefaultCompressionLevel = 3;

// One zstd frame holding `bytes` (its size recorded in the frame).
std::string Compress(absl::string_view bytes, int level = kDefaultCompressionLevel);

// The bytes of the frame `compressed`. Errors: DATA_LOSS when it is not one
// complete, well-formed zstd frame or would decompress to more than
// `max_bytes` (a damaged size field must not allocate gigabytes).
absl::StatusOr<std::string> Decompress(absl::string_view compressed, size_t max_bytes = size_t{256} << 20);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_COMPRESSION_H_
