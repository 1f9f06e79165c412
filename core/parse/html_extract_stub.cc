// Stands in for html_extract.cc until the HTML extractor is linked.
#include "absl/status/status.h"
#include "core/parse/html_extract.h"

namespace chronicle::parse {

absl::StatusOr<html::HtmlDocument> ExtractHtmlPage(absl::string_view, absl::string_view) {
  return absl::UnimplementedError("content_type: text/html is not supported by this build yet");
}

}  // namespace chronicle::parse
