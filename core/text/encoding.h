// Byte-level text hygiene shared by every input format: UTF-8 validation,
// charset conversion to UTF-8, Unicode NFC and whitespace normalisation.
// Thin wrappers over ICU so that the rest of the code never sees UChar.
#ifndef CHRONICLE_CORE_TEXT_ENCODING_H_
#define CHRONICLE_CORE_TEXT_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace chronicle::text {

// Returns the byte offset of the first invalid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid), or nullopt when
// `bytes` is valid UTF-8.
absl::optional<size_t> FindInvalidUtf8(absl::string_view bytes);

// Converts `bytes` from `charset` (any name ICU knows: "ISO-8859-1",
// "windows-1252", "Shift_JIS", "EUC-KR", ...) to UTF-8.
// Errors: INVALID_ARGUMENT for an unknown charset or bytes that are not valid
// in it (for UTF-8 input, the offset of the first bad byte is in the message).
absl::StatusOr<std::string> ConvertToUtf8(absl::string_view bytes, absl::string_view charset);

// The first code point of `utf8` (-1 when it is empty or starts with an
// invalid sequence) and, when `length` is given, its length in bytes.
int32_t FirstCodePoint(absl::string_view utf8, size_t* length = nullptr);

// Returns `utf8` in Unicode Normalization Form C. `utf8` must be valid UTF-8.
// Cheap when the input is already NFC (the common case): one quick-check pass.
std::string NormalizeNfc(absl::string_view utf8);

// Collapses every run of Unicode white space (including NBSP, tabs, line and
// paragraph separators) into one ASCII space, drops soft hyphens, zero-width
// spaces and BOMs, and trims both ends. For a single line or paragraph; callers split
// paragraphs first. `utf8` must be valid UTF-8.
std::string CollapseWhitespace(absl::string_view utf8);

// Unicode's White_Space property among ASCII characters (tab, line feed,
// vertical tab, form feed, carriage return, space): what ICU's
// u_isUWhiteSpace answers for them, without its tables, for the loops that
// read news text a byte at a time.
inline bool IsAsciiWhiteSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace chronicle::text

#endif  // CHRONICLE_CORE_TEXT_ENCODING_H_
