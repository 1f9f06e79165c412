#include "core/web/html.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace chronicle::web {
namespace {

bool IsUnreserved(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

}  // namespace

void AppendEscapedHtml(absl::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
}

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  AppendEscapedHtml(text, out);
  return out;
}

std::string EncodeUrlComponent(absl::string_view text) {
  constexpr char kHexDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0xF]);
  }
  return out;
}

std::string BuildQueryString(const QueryParameters& parameters) {
  std::string out;
  for (const auto& [name, value] : parameters) {
    if (!out.empty()) out.push_back('&');
    absl::StrAppend(&out, EncodeUrlComponent(name), "=", EncodeUrlComponent(value));
  }
  return out;
}

std::string UrlWithQuery(absl::string_view path, const QueryParameters& parameters) {
  if (parameters.empty()) return std::string(path);
  return absl::StrCat(path, "?", BuildQueryString(parameters));
}

bool IsWebUrl(absl::string_view url) {
  // Browsers drop leading spaces and control characters before reading the
  // scheme, so a URL that has any is not taken as a web URL at all.
  return absl::StartsWithIgnoreCase(url, "https://") || absl::StartsWithIgnoreCase(url, "http://");
}

}  // namespace chronicle::web
