#include "core/common/compression.h"

#include <zstd.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace chronicle {

std::string Compress(absl::string_view bytes, int level) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t written = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), level);
  // Only a destination below ZSTD_compressBound or an invalid level fails,
  // and neither can happen here.
  if (ZSTD_isError(written)) return {};
  out.resize(written);
  return out;
}

struct Compressor::Context {
  ZSTD_CCtx* zstd = ZSTD_createCCtx();
  ~Context() { ZSTD_freeCCtx(zstd); }
};

Compressor::Compressor(int level) : level_(level), context_(std::make_unique<Context>()) {}

Compressor::~Compressor() = default;

std::string Compressor::Compress(absl::string_view bytes) {
  // Without a context (zstd could not allocate one) it compresses as the
  // function does.
  if (context_->zstd == nullptr) return chronicle::Compress(bytes, level_);
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t written =
      ZSTD_compressCCtx(context_->zstd, out.data(), out.size(), bytes.data(), bytes.size(), level_);
  if (ZSTD_isError(written)) return {};
  out.resize(written);
  return out;
}

absl::StatusOr<std::string> Decompress(absl::string_view compressed, size_t max_bytes) {
  const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return absl::DataLossError("compressed bytes are not a zstd frame with its size");
  }
  if (size > max_bytes) {
    return absl::DataLossError(absl::StrCat("compressed bytes claim ", size, " bytes, more than the ", max_bytes,
                                            " allowed"));
  }
  // One frame exactly: trailing bytes would be a second frame or damage.
  if (ZSTD_findFrameCompressedSize(compressed.data(), compressed.size()) != compressed.size()) {
    return absl::DataLossError("compressed bytes are not exactly one zstd frame");
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t read = ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(read) || read != out.size()) {
    return absl::DataLossError(absl::StrCat("compressed bytes do not decompress: ",
                                            ZSTD_isError(read) ? ZSTD_getErrorName(read) : "short frame"));
  }
  return out;
}

}  // namespace chronicle
