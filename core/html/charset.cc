#include "core/html/charset.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/text/encoding.h"

namespace chronicle::html {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// A tiny cursor for the prescan; every read is bounds-checked.
class Cursor {
 public:
  explicit Cursor(absl::string_view bytes) : bytes_(bytes) {}
  bool AtEnd() const { return pos_ >= bytes_.size(); }
  char Peek() const { return AtEnd() ? '\0' : bytes_[pos_]; }
  void Advance(size_t n = 1) { pos_ = std::min(bytes_.size(), pos_ + n); }
  bool StartsWithNoCase(absl::string_view prefix) const {
    return absl::StartsWithIgnoreCase(bytes_.substr(pos_), prefix);
  }
  // Moves just past the next occurrence of `needle` (or to the end).
  void SkipPast(absl::string_view needle, size_t from_offset = 0) {
    size_t found = bytes_.find(needle, std::min(bytes_.size(), pos_ + from_offset));
    pos_ = found == absl::string_view::npos ? bytes_.size() : found + needle.size();
  }
  void SkipSpaces() {
    while (!AtEnd() && IsSpace(Peek())) ++pos_;
  }

 private:
  absl::string_view bytes_;
  size_t pos_ = 0;
};

// The prescan's "get an attribute"; returns false when the tag has no more.
bool GetAttribute(Cursor& in, std::string& name, std::string& value) {
  name.clear();
  value.clear();
  while (!in.AtEnd() && (IsSpace(in.Peek()) || in.Peek() == '/')) in.Advance();
  if (in.AtEnd() || in.Peek() == '>') return false;
  for (;;) {
    if (in.AtEnd()) return true;
    char c = in.Peek();
    if (c == '=' && !name.empty()) {
      in.Advance();
      break;
    }
    if (IsSpace(c)) {
      in.SkipSpaces();
      if (in.Peek() != '=') return true;
      in.Advance();
      break;
    }
    if (c == '/' || c == '>') return true;
    name.push_back(absl::ascii_tolower(c));
    in.Advance();
  }
  in.SkipSpaces();
  char quote = in.Peek();
  if (quote == '"' || quote == '\'') {
    in.Advance();
    while (!in.AtEnd() && in.Peek() != quote) {
      value.push_back(absl::ascii_tolower(in.Peek()));
      in.Advance();
    }
    in.Advance();
    return true;
  }
  while (!in.AtEnd() && !IsSpace(in.Peek()) && in.Peek() != '>') {
    value.push_back(absl::ascii_tolower(in.Peek()));
    in.Advance();
  }
  return true;
}

// "Extracting a character encoding from a meta element": charset=... inside
// a Content-Type value.
std::string CharsetFromContent(absl::string_view content) {
  size_t pos = 0;
  while ((pos = content.find("charset", pos)) != absl::string_view::npos) {
    size_t i = pos + 7;
    while (i < content.size() && IsSpace(content[i])) ++i;
    if (i >= content.size() || content[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < content.size() && IsSpace(content[i])) ++i;
    if (i >= content.size()) return "";
    if (content[i] == '"' || content[i] == '\'') {
      size_t end = content.find(content[i], i + 1);
      if (end == absl::string_view::npos) return "";
      return std::string(content.substr(i + 1, end - i - 1));
    }
    size_t end = i;
    while (end < content.size() && !IsSpace(content[end]) && content[end] != ';') ++end;
    return std::string(content.substr(i, end - i));
  }
  return "";
}

// Reads one <meta> tag's attributes; returns its declared charset or "".
std::string CharsetFromMeta(Cursor& in) {
  std::string name, value, charset, content;
  bool http_equiv_content_type = false;
  while (GetAttribute(in, name, value)) {
    if (name == "charset" && charset.empty()) charset = value;
    if (name == "content" && content.empty()) content = value;
    if (name == "http-equiv" && value == "content-type") http_equiv_content_type = true;
  }
  if (!charset.empty()) return charset;
  if (http_equiv_content_type) return CharsetFromContent(content);
  return "";
}

// Binary data bytes as defined by MIME sniffing (C0 controls that text never has).
bool IsBinaryByte(uint8_t b) {
  return b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F);
}

// A NUL, or more than a handful of other control bytes, in the first KB: a real
// page may carry a stray control character, an image or archive has many.
bool LooksBinary(absl::string_view bytes) {
  absl::string_view head = bytes.substr(0, 1024);
  int binary = 0;
  for (char c : head) {
    if (c == '\0') return true;
    if (IsBinaryByte(static_cast<uint8_t>(c))) ++binary;
  }
  return binary > 8;
}

// UTF-8 with every invalid sequence replaced by U+FFFD; counts replacements.
std::string DecodeUtf8Leniently(absl::string_view bytes, size_t& invalid_count) {
  std::string out;
  out.reserve(bytes.size());
  invalid_count = 0;
  while (!bytes.empty()) {
    absl::optional<size_t> bad = text::FindInvalidUtf8(bytes);
    if (!bad) {
      out.append(bytes.data(), bytes.size());
      break;
    }
    out.append(bytes.data(), *bad);
    out.append("\xEF\xBF\xBD");
    ++invalid_count;
    bytes.remove_prefix(*bad + 1);
  }
  return out;
}

size_t CountNonAscii(absl::string_view bytes) {
  return static_cast<size_t>(
      std::count_if(bytes.begin(), bytes.end(), [](char c) { return static_cast<uint8_t>(c) >= 0x80; }));
}

bool IsUtf8Label(absl::string_view charset) { return charset == "UTF-8"; }

}  // namespace

absl::string_view CharsetSourceName(CharsetSource source) {
  switch (source) {
    case CharsetSource::kDeclared: return "declared";
    case CharsetSource::kByteOrderMark: return "bom";
    case CharsetSource::kMetaTag: return "meta";
    case CharsetSource::kValidUtf8: return "valid-utf8";
    case CharsetSource::kMostlyUtf8: return "mostly-utf8";
    case CharsetSource::kFallback: return "fallback-windows-1252";
  }
  return "unknown";
}

std::string CanonicalCharset(absl::string_view label) {
  std::string l = absl::AsciiStrToLower(absl::StripAsciiWhitespace(label));
  // WHATWG Encoding Standard: labels browsers decode with a superset encoding.
  static constexpr std::pair<const char*, const char*> kAliases[] = {
      {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},           {"unicode-1-1-utf-8", "UTF-8"},
      {"utf-16", "UTF-8"},          {"utf-16le", "UTF-8"},       {"utf-16be", "UTF-8"},
      {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},   {"iso-8859-1", "windows-1252"},
      {"iso8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"l1", "windows-1252"},
      {"cp1252", "windows-1252"},   {"x-cp1252", "windows-1252"}, {"windows-1252", "windows-1252"},
      {"iso-8859-9", "windows-1254"}, {"latin5", "windows-1254"}, {"tis-620", "windows-874"},
      {"iso-8859-11", "windows-874"}, {"gb2312", "GBK"},         {"gbk", "GBK"},
      {"x-gbk", "GBK"},             {"gb_2312-80", "GBK"},       {"euc-kr", "windows-949"},
      {"ks_c_5601-1987", "windows-949"}, {"shift_jis", "Shift_JIS"}, {"x-sjis", "Shift_JIS"},
      {"sjis", "Shift_JIS"},        {"ms_kanji", "Shift_JIS"},   {"windows-31j", "Shift_JIS"},
      {"x-user-defined", "windows-1252"}, {"big5", "Big5-HKSCS"}, {"big5-hkscs", "Big5-HKSCS"},
  };
  for (const auto& [alias, name] : kAliases) {
    if (l == alias) return name;
  }
  return std::string(absl::StripAsciiWhitespace(label));
}

std::string PrescanMetaCharset(absl::string_view bytes, size_t window) {
  Cursor in(bytes.substr(0, window));
  std::string name, value;
  while (!in.AtEnd()) {
    if (in.StartsWithNoCase("<!--")) {
      in.SkipPast("-->", 2);
    } else if (in.StartsWithNoCase("<meta")) {
      in.Advance(5);
      if (!IsSpace(in.Peek()) && in.Peek() != '/') continue;
      std::string charset = CharsetFromMeta(in);
      if (!charset.empty()) return charset;
    } else if (in.Peek() == '<') {
      in.Advance();
      bool end_tag = in.Peek() == '/';
      if (end_tag) in.Advance();
      if (absl::ascii_isalpha(in.Peek())) {
        while (!in.AtEnd() && !IsSpace(in.Peek()) && in.Peek() != '>') in.Advance();
        while (GetAttribute(in, name, value)) {
        }
      } else if (in.Peek() == '!' || in.Peek() == '?' || end_tag) {
        in.SkipPast(">");
      }
    } else {
      in.Advance();
    }
  }
  return "";
}

absl::StatusOr<DecodedPage> DecodePage(absl::string_view page, absl::string_view declared_charset) {
  DecodedPage out;
  if (!declared_charset.empty()) {
    // A declared UTF-16 is taken literally here: the caller saw the bytes.
    std::string charset = CanonicalCharset(declared_charset);
    if (absl::StartsWithIgnoreCase(declared_charset, "utf-16")) {
      charset = std::string(absl::StripAsciiWhitespace(declared_charset));
    }
    out.source = CharsetSource::kDeclared;
    if (absl::StartsWith(page, "\xEF\xBB\xBF") && IsUtf8Label(charset)) page.remove_prefix(3);
    if (!absl::StartsWithIgnoreCase(charset, "utf-16") && LooksBinary(page)) {
      return absl::InvalidArgumentError("page looks like binary data, not HTML");
    }
    auto converted = text::ConvertToUtf8(page, charset);
    if (!converted.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("declared charset: ", converted.status().message()));
    }
    out.utf8 = *std::move(converted);
    out.charset = charset;
    return out;
  }

  // Byte order marks: unambiguous, they beat any <meta>.
  struct Bom {
    absl::string_view bytes;
    const char* charset;
  };
  static constexpr Bom kBoms[] = {{"\xEF\xBB\xBF", "UTF-8"}, {"\xFF\xFE", "UTF-16LE"}, {"\xFE\xFF", "UTF-16BE"}};
  for (const Bom& bom : kBoms) {
    if (!absl::StartsWith(page, bom.bytes)) continue;
    absl::string_view body = page.substr(bom.bytes.size());
    out.source = CharsetSource::kByteOrderMark;
    out.charset = bom.charset;
    if (IsUtf8Label(bom.charset)) {
      if (LooksBinary(body)) return absl::InvalidArgumentError("page looks like binary data, not HTML");
      size_t invalid = 0;
      out.utf8 = DecodeUtf8Leniently(body, invalid);
      return out;
    }
    auto converted = text::ConvertToUtf8(body, bom.charset);
    if (!converted.ok()) return converted.status();
    out.utf8 = *std::move(converted);
    return out;
  }

  if (LooksBinary(page)) return absl::InvalidArgumentError("page looks like binary data, not HTML");

  std::string meta = PrescanMetaCharset(page);
  if (!meta.empty()) {
    std::string charset = CanonicalCharset(meta);
    if (!IsUtf8Label(charset)) {
      auto converted = text::ConvertToUtf8(page, charset);
      // An unknown label or bytes the label does not fit: browsers would show
      // replacement characters; we fall through to the undeclared rules instead.
      if (converted.ok()) {
        out.utf8 = *std::move(converted);
        out.charset = charset;
        out.source = CharsetSource::kMetaTag;
        return out;
      }
    } else {
      size_t invalid = 0;
      out.utf8 = DecodeUtf8Leniently(page, invalid);
      out.charset = "UTF-8";
      out.source = CharsetSource::kMetaTag;
      return out;
    }
  }

  size_t invalid = 0;
  std::string utf8 = DecodeUtf8Leniently(page, invalid);
  if (invalid == 0) {
    out.utf8 = std::move(utf8);
    out.charset = "UTF-8";
    out.source = CharsetSource::kValidUtf8;
    return out;
  }
  // Legacy single-byte text makes (almost) every non-ASCII byte invalid UTF-8;
  // a UTF-8 page damaged in transit has a few bad bytes among many good ones.
  if (invalid * 1000 <= page.size() && invalid * 20 <= CountNonAscii(page)) {
    out.utf8 = std::move(utf8);
    out.charset = "UTF-8";
    out.source = CharsetSource::kMostlyUtf8;
    return out;
  }
  auto converted = text::ConvertToUtf8(page, "windows-1252");
  if (!converted.ok()) return converted.status();
  out.utf8 = *std::move(converted);
  out.charset = "windows-1252";
  out.source = CharsetSource::kFallback;
  return out;
}

}  // namespace chronicle::html
