#include "core/common/compression.h"

#include <zdict.h>
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

struct CompressionDictionary::Digests {
  ZSTD_CDict* compress = nullptr;
  ZSTD_DDict* decompress = nullptr;
  ~Digests() {
    ZSTD_freeCDict(compress);
    ZSTD_freeDDict(decompress);
  }
};

CompressionDictionary::~CompressionDictionary() = default;

absl::StatusOr<std::shared_ptr<const CompressionDictionary>> CompressionDictionary::Load(std::string bytes,
                                                                                        int level) {
  // A dictionary without an id (raw content) would give frames that do not
  // say what they need.
  const unsigned id = ZDICT_getDictID(bytes.data(), bytes.size());
  if (id == 0) return absl::InvalidArgumentError("the bytes are not a zstd dictionary with an id");
  auto dictionary = std::shared_ptr<CompressionDictionary>(new CompressionDictionary());
  dictionary->bytes_ = std::move(bytes);
  dictionary->id_ = id;
  dictionary->digests_ = std::make_unique<Digests>();
  const std::string& kept = dictionary->bytes_;
  dictionary->digests_->compress = ZSTD_createCDict(kept.data(), kept.size(), level);
  dictionary->digests_->decompress = ZSTD_createDDict(kept.data(), kept.size());
  if (dictionary->digests_->compress == nullptr || dictionary->digests_->decompress == nullptr) {
    return absl::ResourceExhaustedError("zstd could not digest a compression dictionary");
  }
  return dictionary;
}

absl::StatusOr<std::string> CompressionDictionary::Train(const std::vector<std::string>& samples,
                                                         size_t max_bytes) {
  std::string concatenated;
  std::vector<size_t> sizes;
  sizes.reserve(samples.size());
  for (const std::string& sample : samples) {
    concatenated += sample;
    sizes.push_back(sample.size());
  }
  std::string dictionary(max_bytes, '\0');
  const size_t written = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), concatenated.data(),
                                               sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(written)) {
    return absl::InvalidArgumentError(
        absl::StrCat("no compression dictionary from ", samples.size(), " samples: ", ZDICT_getErrorName(written)));
  }
  dictionary.resize(written);
  return dictionary;
}

uint32_t FrameDictionaryId(absl::string_view compressed) {
  return ZSTD_getDictID_fromFrame(compressed.data(), compressed.size());
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

std::string Compressor::Compress(absl::string_view bytes, const CompressionDictionary* dictionary) {
  if (dictionary == nullptr || context_->zstd == nullptr) return Compress(bytes);
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const size_t written = ZSTD_compress_usingCDict(context_->zstd, out.data(), out.size(), bytes.data(),
                                                  bytes.size(), dictionary->digests_->compress);
  if (ZSTD_isError(written)) return {};
  out.resize(written);
  return out;
}

struct Decompressor::Context {
  ZSTD_DCtx* zstd = ZSTD_createDCtx();
  ~Context() { ZSTD_freeDCtx(zstd); }
};

Decompressor::Decompressor() : context_(std::make_unique<Context>()) {}

Decompressor::~Decompressor() = default;

absl::StatusOr<std::string> Decompressor::Decompress(absl::string_view compressed,
                                                     const CompressionDictionary* dictionary, size_t max_bytes) {
  if (context_->zstd == nullptr) {
    return absl::ResourceExhaustedError("zstd could not allocate a decompression context");
  }
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
  const uint32_t needed = FrameDictionaryId(compressed);
  if (needed != 0 && (dictionary == nullptr || dictionary->id() != needed)) {
    return absl::DataLossError(absl::StrCat("compressed bytes need compression dictionary ", needed,
                                            dictionary == nullptr ? ", and none was given"
                                                                  : absl::StrCat(", not ", dictionary->id())));
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t read =
      needed == 0 ? ZSTD_decompressDCtx(context_->zstd, out.data(), out.size(), compressed.data(), compressed.size())
                  : ZSTD_decompress_usingDDict(context_->zstd, out.data(), out.size(), compressed.data(),
                                               compressed.size(), dictionary->digests_->decompress);
  if (ZSTD_isError(read) || read != out.size()) {
    return absl::DataLossError(absl::StrCat("compressed bytes do not decompress: ",
                                            ZSTD_isError(read) ? ZSTD_getErrorName(read) : "short frame"));
  }
  return out;
}

absl::StatusOr<std::string> Decompress(absl::string_view compressed, size_t max_bytes) {
  return Decompress(compressed, nullptr, max_bytes);
}

absl::StatusOr<std::string> Decompress(absl::string_view compressed, const CompressionDictionary* dictionary,
                                       size_t max_bytes) {
  return Decompressor().Decompress(compressed, dictionary, max_bytes);
}

}  // namespace chronicle
