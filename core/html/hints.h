// What an element's tag, role and class/id names say about it: boilerplate
// to remove (and which kind), or a hint that it holds the article.
#ifndef CHRONICLE_CORE_HTML_HINTS_H_
#define CHRONICLE_CORE_HTML_HINTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/html/dom.h"

namespace chronicle::html {

struct ElementHint {
  // Non-empty when the element is boilerplate: a DroppedBlock kind such as
  // "navigation", "share-bar", "cookie-banner", "comments".
  std::string drop_kind;
  // Why, for the DroppedBlock: "<nav> element", "class contains 'cookie'".
  std::string reason;
  // True when the element should go even if it holds much text (hidden
  // elements, scripts): no content test can save it.
  bool unconditional = false;
  // > 0 when the element looks like the article container (<article>,
  // itemprop=articleBody, class "story-body", ...), larger is stronger.
  int content_hint = 0;
  // True for figure captions and photo credits (figcaption, class "caption").
  bool caption = false;
};

// Splits class/id values into lowercase words at separators and camelCase
// boundaries: "storyBody share-bar" -> {"story", "body", "share", "bar"}.
std::vector<std::string> NameTokens(absl::string_view value);

// Classifies element `index` of `dom` from its own tag and attributes only.
ElementHint ClassifyElement(const Dom& dom, int index);

// True for elements that start a new line of text (p, div, li, h1...), as
// opposed to inline ones (a, span, em...).
bool IsBlockLevel(Tag tag);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_HINTS_H_
