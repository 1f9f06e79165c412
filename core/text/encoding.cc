#include "core/text/encoding.h"

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/ucnv.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace chronicle::text {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// Invisible characters that only hint at line breaks; they are dropped so that
// "Ja<SHY>pan" reads "Japan". ZWJ/ZWNJ are kept: some scripts need them.
bool IsInvisibleHint(UChar32 c) {
  return c == 0x00AD /* SOFT HYPHEN */ || c == 0x200B /* ZERO WIDTH SPACE */ ||
         c == 0xFEFF /* BOM / ZERO WIDTH NO-BREAK SPACE */;
}

}  // namespace

absl::optional<size_t> FindInvalidUtf8(absl::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    // Fast path for ASCII, which is most of news text.
    if (data[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return absl::nullopt;
}

absl::StatusOr<std::string> ConvertToUtf8(absl::string_view bytes, absl::string_view charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(
      ucnv_open(std::string(charset).c_str(), &status));
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat("unknown charset \"", charset, "\""));
  }
  // Stop at the first byte sequence that is not valid in the charset instead of
  // silently substituting U+FFFD.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  icu::UnicodeString decoded(bytes.data(), static_cast<int32_t>(bytes.size()), converter.get(),
                             status);
  if (U_FAILURE(status)) {
    if (auto bad = FindInvalidUtf8(bytes); bad && ucnv_getType(converter.get()) == UCNV_UTF8) {
      return absl::InvalidArgumentError(absl::StrCat("invalid UTF-8 at byte ", *bad));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("bytes are not valid ", charset, " (", u_errorName(status), ")"));
  }
  std::string utf8;
  decoded.toUTF8String(utf8);
  return utf8;
}

int32_t FirstCodePoint(absl::string_view utf8, size_t* length) {
  int32_t i = 0;
  UChar32 c = -1;
  if (!utf8.empty()) U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, static_cast<int32_t>(utf8.size()), c);
  if (length != nullptr) *length = static_cast<size_t>(i);
  return c;
}

std::string NormalizeNfc(absl::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  std::string normalized;
  icu::StringByteSink<std::string> sink(&normalized, static_cast<int32_t>(utf8.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(utf8);
  return normalized;
}

std::string CollapseWhitespace(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  bool pending_space = false;
  int32_t i = 0;
  while (i < length) {
    // ASCII, most of a news text, is never an invisible hint.
    if (data[i] < 0x80) {
      const char c = static_cast<char>(data[i++]);
      if (IsAsciiWhiteSpace(c)) {
        pending_space = !out.empty();
        continue;
      }
      if (pending_space) {
        out.push_back(' ');
        pending_space = false;
      }
      out.push_back(c);
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c >= 0 && IsInvisibleHint(c)) continue;
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.append(utf8.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

}  // namespace chronicle::text
