// Parsing HTML into a Dom. The rest of core/html never sees a parser's own
// types: the adapters below are the only code that includes gumbo or libxml2.
#ifndef CHRONICLE_CORE_HTML_HTML_PARSER_H_
#define CHRONICLE_CORE_HTML_HTML_PARSER_H_

#include "absl/strings/string_view.h"
#include "core/html/dom.h"

namespace chronicle::html {

enum class HtmlParser {
  kLibxml2,  // libxml2's HTML parser: fast, linear on deep nesting (the default)
  // gumbo: HTML5 tree construction, about 3x slower and quadratic on deep
  // nesting; pages whose estimated nesting exceeds 2,000 levels are parsed
  // with libxml2 instead.
  kGumbo,
};

struct ParseOptions {
  HtmlParser parser = HtmlParser::kLibxml2;
  // Elements deeper than this are not kept; their text is attached to the
  // deepest kept ancestor, so no text is lost and no walk is deep.
  int max_depth = 400;
};

// Parses UTF-8 `html` (a whole page) into a Dom rooted at <html>. Never
// fails: malformed markup is repaired the way the parser does. Comments,
// doctypes and processing instructions are not kept; <script>, <style> and
// <template> elements are kept with their text so callers can read JSON-LD.
Dom ParseHtml(absl::string_view html, const ParseOptions& options = {});

// An upper bound on the element nesting of `html` from a light scan of its
// tags (start tags minus end tags, skipping comments, void elements and
// script/style text); sloppy pages that never close <p> or <li> overestimate.
int EstimateNestingDepth(absl::string_view html);

// The adapters, one per parser; ParseHtml dispatches to them.
Dom ParseWithLibxml2(absl::string_view html, int max_depth);
Dom ParseWithGumbo(absl::string_view html, int max_depth);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_HTML_PARSER_H_
