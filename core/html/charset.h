// Decoding an HTML page's bytes to UTF-8, choosing the charset the way
// browsers do: declared charset, byte order mark, <meta> prescan, UTF-8
// validity, windows-1252.
#ifndef CHRONICLE_CORE_HTML_CHARSET_H_
#define CHRONICLE_CORE_HTML_CHARSET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::html {

// Where the charset used to decode a page came from, strongest first.
enum class CharsetSource {
  kDeclared,        // the caller's declared charset (HTTP header, API field)
  kByteOrderMark,   // UTF-8 / UTF-16 BOM
  kMetaTag,         // <meta charset> or <meta http-equiv="Content-Type"> in the first bytes
  kValidUtf8,       // nothing declared and the bytes are valid UTF-8
  kMostlyUtf8,      // nothing declared, UTF-8 with a few invalid bytes (each became U+FFFD)
  kFallback,        // nothing declared, not UTF-8: windows-1252, as browsers do
};

// Returns a short name for logs and dropped-block reasons: "declared", "bom", ...
absl::string_view CharsetSourceName(CharsetSource source);

struct DecodedPage {
  std::string utf8;     // the page as UTF-8, BOM removed (not yet NFC)
  std::string charset;  // the charset the bytes were decoded with, e.g. "windows-1252"
  CharsetSource source = CharsetSource::kValidUtf8;
};

// Maps a charset label as found in pages ("latin1", "ISO-8859-1", "gb2312",
// "x-sjis", ...) to the encoding browsers actually use for it (windows-1252,
// GBK, Shift_JIS, ...), following the WHATWG Encoding Standard for the common
// labels. Unknown labels are returned trimmed and unchanged.
std::string CanonicalCharset(absl::string_view label);

// Finds a charset declared by <meta charset=...> or <meta http-equiv=
// "Content-Type" content="...; charset=..."> in the first `window` bytes,
// skipping comments and other tags as the HTML prescan algorithm does.
// Returns "" when there is none.
std::string PrescanMetaCharset(absl::string_view bytes, size_t window = 8192);

// Decodes `page` to UTF-8. `declared_charset` (may be empty) wins when given;
// then a BOM; then a <meta> charset in the first 8 KB; then UTF-8 if the bytes
// are valid (or nearly: fewer than 1 invalid sequence per 1000 bytes and at
// least as many valid multi-byte ones, each invalid one becoming U+FFFD);
// else windows-1252, which browsers use for undeclared legacy pages.
// Errors: INVALID_ARGUMENT for an unknown declared charset, bytes invalid in
// the declared charset, or bytes that look binary (MIME sniffing's binary
// data bytes, e.g. NUL, in the first 1024 bytes of an ASCII-compatible page).
absl::StatusOr<DecodedPage> DecodePage(absl::string_view page, absl::string_view declared_charset);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_CHARSET_H_
