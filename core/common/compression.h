// Compression of stored bytes (zstd): what the index keeps of each article
// beside its postings. The functions allocate a zstd context per call; a
// Compressor keeps one, which halves the cost of a record of a few kB
// (36 -> 16 us for 1.6 kB of news text at level 3).
#ifndef CHRONICLE_CORE_COMMON_COMPRESSION_H_
#define CHRONICLE_CORE_COMMON_COMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle {

// zstd's level 3 (its default) compresses news text and its analysis about
// 3x at hundreds of MB/s: far below what analysing the article costs.
inline constexpr int kDefaultCompressionLevel = 3;

// One zstd frame holding `bytes` (its size recorded in the frame).
std::string Compress(absl::string_view bytes, int level = kDefaultCompressionLevel);

// A zstd dictionary: what many small texts of one kind share (field tags,
// frequent words and phrases), given to zstd so that each text compressed
// alone need not spell it out again. A record of a few hundred bytes then
// compresses a quarter to a third smaller, and faster. A frame compressed
// with it names its id, and only decompresses with it. Immutable, so one
// may be shared by threads.
class CompressionDictionary {
 public:
  // The dictionary in `bytes` (Train's, or a copy of them), digested for
  // compression at `level` and for decompression. Errors: INVALID_ARGUMENT
  // when the bytes are not a zstd dictionary with an id; RESOURCE_EXHAUSTED
  // when zstd cannot allocate the digests.
  static absl::StatusOr<std::shared_ptr<const CompressionDictionary>> Load(
      std::string bytes, int level = kDefaultCompressionLevel);
  // A dictionary of at most `max_bytes` trained on `samples` (zstd's
  // ZDICT_trainFromBuffer), its bytes. Errors: INVALID_ARGUMENT when zstd
  // finds nothing to train on (too few or too small samples).
  static absl::StatusOr<std::string> Train(const std::vector<std::string>& samples, size_t max_bytes);

  ~CompressionDictionary();
  CompressionDictionary(const CompressionDictionary&) = delete;
  CompressionDictionary& operator=(const CompressionDictionary&) = delete;

  // The id its frames carry; never 0.
  uint32_t id() const { return id_; }
  const std::string& bytes() const { return bytes_; }

 private:
  friend class Compressor;
  friend class Decompressor;
  CompressionDictionary() = default;
  std::string bytes_;
  uint32_t id_ = 0;
  struct Digests;
  std::unique_ptr<Digests> digests_;
};

// The id of the dictionary the frame `compressed` needs, or 0 when it needs
// none (or its header does not say).
uint32_t FrameDictionaryId(absl::string_view compressed);

// Compress with a zstd context kept from call to call. Not thread-safe: one
// per thread (an index builder holds one).
class Compressor {
 public:
  explicit Compressor(int level = kDefaultCompressionLevel);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  // What chronicle::Compress(bytes, level) gives.
  std::string Compress(absl::string_view bytes);
  // A frame of `bytes` compressed with `dictionary` (at the level it was
  // loaded for); without one, Compress(bytes).
  std::string Compress(absl::string_view bytes, const CompressionDictionary* dictionary);

 private:
  struct Context;
  int level_;
  std::unique_ptr<Context> context_;
};

// Decompress with a zstd context kept from call to call: creating one costs
// more than decompressing a record of a few hundred bytes. Not thread-safe:
// one per thread at a time (the index's readers keep a pool).
class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // What chronicle::Decompress(compressed, dictionary, max_bytes) gives.
  absl::StatusOr<std::string> Decompress(absl::string_view compressed, const CompressionDictionary* dictionary,
                                         size_t max_bytes = size_t{256} << 20);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The bytes of the frame `compressed`. Errors: DATA_LOSS when it is not one
// complete, well-formed zstd frame or would decompress to more than
// `max_bytes` (a damaged size field must not allocate gigabytes).
absl::StatusOr<std::string> Decompress(absl::string_view compressed, size_t max_bytes = size_t{256} << 20);
// The same for a frame that may need `dictionary` (null: none). Errors also
// DATA_LOSS when the frame needs another dictionary than the one given.
absl::StatusOr<std::string> Decompress(absl::string_view compressed, const CompressionDictionary* dictionary,
                                       size_t max_bytes = size_t{256} << 20);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_COMPRESSION_H_
