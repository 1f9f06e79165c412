#include "core/html/html_parser.h"

namespace chronicle::html {

Dom ParseHtml(absl::string_view html, const ParseOptions& options) {
  switch (options.parser) {
    case HtmlParser::kGumbo:
      return ParseWithGumbo(html, options.max_depth);
    case HtmlParser::kLibxml2:
      break;
  }
  return ParseWithLibxml2(html, options.max_depth);
}

}  // namespace chronicle::html
