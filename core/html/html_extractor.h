// Main-content extraction from a whole HTML page.
#ifndef CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_
#define CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/html/html_document.h"

namespace chronicle::html {

struct ExtractOptions {
  // Charset the caller declared (HTTP header, API field); wins over <meta charset>.
  std::string declared_charset;
  // Pages nested deeper than this are walked only to this depth (best effort,
  // never a stack overflow).
  int max_depth = 400;
};

// Decodes `page` (converting its charset to UTF-8), parses it, and returns its
// metadata and main content.
// Errors: INVALID_ARGUMENT when the bytes cannot be decoded (unknown charset,
// bytes invalid in the charset) or the page has no text at all.
absl::StatusOr<HtmlDocument> ExtractHtml(absl::string_view page, const ExtractOptions& options = {});

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_HTML_EXTRACTOR_H_
