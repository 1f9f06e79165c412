#include "core/parse/html_extract.h"

#include <string>

#include "core/html/html_extractor.h"

namespace chronicle::parse {

absl::StatusOr<html::HtmlDocument> ExtractHtmlPage(absl::string_view page, absl::string_view charset) {
  html::ExtractOptions options;
  options.declared_charset = std::string(charset);
  return html::ExtractHtml(page, options);
}

}  // namespace chronicle::parse
