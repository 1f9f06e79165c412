#include "core/html/html_parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace chronicle::html {
namespace {

// Gumbo checks element scopes by scanning its stack of open elements, so its
// time grows with tags x depth: 50,000 nested <div> take seconds, 150,000 a
// minute. Deeper pages go to libxml2, which is linear.
constexpr int kGumboMaxNesting = 2000;

bool IsVoidElement(absl::string_view name) {
  static constexpr absl::string_view kVoid[] = {"area", "base", "br",   "col",   "embed", "hr",    "img",
                                                "input", "link", "meta", "param", "source", "track", "wbr"};
  return std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
}

bool IsRawText(absl::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp";
}

}  // namespace

int EstimateNestingDepth(absl::string_view html) {
  int depth = 0, max_depth = 0;
  size_t i = 0;
  std::string name;
  while ((i = html.find('<', i)) != absl::string_view::npos) {
    ++i;
    if (absl::StartsWith(html.substr(i), "!--")) {
      const size_t end = html.find("-->", i + 3);
      i = end == absl::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    name.clear();
    while (i < html.size() && (absl::ascii_isalnum(html[i]) || html[i] == '-')) {
      name.push_back(absl::ascii_tolower(html[i]));
      ++i;
    }
    if (name.empty() || !absl::ascii_isalpha(name[0])) continue;
    const size_t tag_end = html.find('>', i);
    if (tag_end == absl::string_view::npos) break;
    const bool self_closing = tag_end > 0 && html[tag_end - 1] == '/';
    i = tag_end + 1;
    if (closing) {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (IsRawText(name)) {
      // Skip to the matching end tag: script text is not markup.
      const std::string end_tag = "</" + name;
      size_t end = i;
      while ((end = html.find("</", end)) != absl::string_view::npos &&
             !absl::StartsWithIgnoreCase(html.substr(end), end_tag)) {
        end += 2;
      }
      i = end == absl::string_view::npos ? html.size() : end;
      continue;
    }
    if (self_closing || IsVoidElement(name)) continue;
    max_depth = std::max(max_depth, ++depth);
  }
  return max_depth;
}

Dom ParseHtml(absl::string_view html, const ParseOptions& options) {
  if (options.parser == HtmlParser::kGumbo && EstimateNestingDepth(html) <= kGumboMaxNesting) {
    return ParseWithGumbo(html, options.max_depth);
  }
  return ParseWithLibxml2(html, options.max_depth);
}

}  // namespace chronicle::html
