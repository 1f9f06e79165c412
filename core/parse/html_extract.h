// Internal to core/parse: the one call into core/html, made in
// html_extract.cc.
#ifndef CHRONICLE_CORE_PARSE_HTML_EXTRACT_H_
#define CHRONICLE_CORE_PARSE_HTML_EXTRACT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/html/html_document.h"

namespace chronicle::parse {

// Extracts metadata and main content from an HTML page; `charset` is the
// caller's declared charset (may be empty).
absl::StatusOr<html::HtmlDocument> ExtractHtmlPage(absl::string_view page, absl::string_view charset);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_HTML_EXTRACT_H_
