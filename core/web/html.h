// The small pieces every page is made of: escaping text for HTML and links
// built from query parameters. Pages are assembled as strings, so every piece
// of text that did not come from this component goes through EscapeHtml
// before it is appended; a value that reaches a URL goes through
// EncodeUrlComponent first and EscapeHtml second.
#ifndef CHRONICLE_CORE_WEB_HTML_H_
#define CHRONICLE_CORE_WEB_HTML_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::web {

// A URL's query parameters in order; a name may repeat (repeated fields).
using QueryParameters = std::vector<std::pair<std::string, std::string>>;

// `text` with & < > " ' replaced by character references, safe both between
// tags and inside a quoted attribute value (HTML and SVG alike). Other bytes,
// invalid UTF-8 included, are copied as they are.
std::string EscapeHtml(absl::string_view text);
void AppendEscapedHtml(absl::string_view text, std::string& out);

// `text` percent-encoded byte by byte, all but the unreserved characters
// A-Z a-z 0-9 - . _ ~ (so a space is "%20", '+' is "%2B", '/' is "%2F"): fit
// for a query parameter's name or value and for one path segment.
std::string EncodeUrlComponent(absl::string_view text);

// "name=value&name=value", each part encoded; "" for no parameters.
std::string BuildQueryString(const QueryParameters& parameters);

// `path` followed by "?" and the query string when there are parameters.
// The result is a URL, not HTML: escape it before writing it into a page.
std::string UrlWithQuery(absl::string_view path, const QueryParameters& parameters);

// True for an absolute http: or https: URL, the only kind a page links to
// when the URL came from outside (an article's canonical URL): anything else
// ("javascript:", "data:") is shown as text.
bool IsWebUrl(absl::string_view url);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_HTML_H_
