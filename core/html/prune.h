// First pass over a parsed page: marks the subtrees that are boilerplate by
// their tag, role, class or id (navigation, share bars, cookie banners, ...)
// so that scoring and block collection never look inside them.
#ifndef CHRONICLE_CORE_HTML_PRUNE_H_
#define CHRONICLE_CORE_HTML_PRUNE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/html/dom.h"

namespace chronicle::html {

struct Removal {
  int node = -1;
  std::string kind;    // DroppedBlock kind
  std::string reason;  // DroppedBlock reason
};

struct PrunedPage {
  int body = -1;                      // <body>, or the root when there is none
  std::vector<int32_t> removed;       // per node: 0, or 1 + index of the removal covering it
  std::vector<Removal> removals;      // the removed subtree roots, in document order
  std::vector<int8_t> content_hint;   // per element: ElementHint::content_hint
  std::vector<uint8_t> caption;       // per node: inside a caption / credit
  std::vector<int32_t> text_chars;    // per node: visible non-space characters in its subtree
  std::vector<int32_t> prose_chars;   // per node: characters of prose runs in its subtree
};

// Classifies every element under <body>. Tags that never show text (script,
// style, svg, buttons, ...) are always removed. Any other hinted subtree
// (<nav>, class "share-bar", ...) is removed unless it holds at least
// `veto_share` of the page's prose (paragraph-like text runs), or of its
// text when the page has no prose: markup names are often misleading (a
// page wrapped in one <form>, an article whose class says "modal-enabled" or
// "author-admin"), and the bulk of a page's prose is its article.
PrunedPage Prune(const Dom& dom, double veto_share = 0.5);

// True for a run that reads like article prose: a long line with
// punctuation and few links (also used by the content selector).
struct TextRun;
bool IsProse(const TextRun& run);

// Non-space characters (code points) in `text`.
int CountVisibleChars(absl::string_view text);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_PRUNE_H_
