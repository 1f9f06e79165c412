// Boilerplate decisions from markup: what an element's tag, role, class and
// id say about it (navigation, share bar, cookie banner, ...).
//
// Markup names mislead often enough (a page wrapped in one <form>, an article
// whose class says "modal-enabled", a page builder that calls every block a
// "widget") that they are applied in two steps: first they only weigh
// against a region when the main-content container is chosen; then, inside
// the chosen container, boilerplate-named subtrees are removed unless they
// hold the bulk of the container's prose.
#ifndef CHRONICLE_CORE_HTML_PRUNE_H_
#define CHRONICLE_CORE_HTML_PRUNE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/html/dom.h"

namespace chronicle::html {

struct TextRun;

struct Removal {
  int node = -1;
  std::string kind;    // DroppedBlock kind
  std::string reason;  // DroppedBlock reason
};

struct PrunedPage {
  int body = -1;                     // <body>, or the root when there is none
  std::vector<int32_t> removed;      // per node: 0, or 1 + index into `removals` of the subtree removing it
  std::vector<Removal> removals;     // removed subtree roots
  std::vector<int32_t> hint_of;      // per node: 0, or 1 + index into `boilerplate` of its own hint
  std::vector<Removal> boilerplate;  // every boilerplate-named element, document order
  std::vector<int32_t> boilerplate_of;  // per node: 0, or 1 + index into `boilerplate` of its nearest
                                        // boilerplate-named ancestor-or-self
  std::vector<int8_t> content_hint;  // per element: ElementHint::content_hint
  std::vector<uint8_t> caption;      // per node: inside a caption / credit
  std::vector<int32_t> text_chars;   // per node: visible non-space characters in its subtree
  std::vector<int32_t> prose_chars;  // per node: characters of prose runs in its subtree
  std::vector<int32_t> quoted_chars; // per node: visible characters inside <blockquote>
  std::vector<int32_t> link_chars;   // per node: visible characters inside <a href>
};

// Classifies every element under <body>. Removes the subtrees that never
// show text (script, style, svg, form controls, ...); records every other
// boilerplate hint without removing anything. Stores the body's text runs
// after these removals in `runs` (the scorer's input).
PrunedPage Prune(const Dom& dom, std::vector<TextRun>& runs);

// Removes the boilerplate-named subtrees inside the main-content `roots`
// (not the roots themselves), except those holding at least `veto_share` of
// the roots' prose and those whose text is mostly quoted (an embedded tweet
// in a wrapper named "social-embed" is a quotation, not a share bar).
void RemoveBoilerplateInside(const Dom& dom, const std::vector<int>& roots, PrunedPage& page,
                             double veto_share = 0.5);

// Non-space characters (code points) in `text`.
int CountVisibleChars(absl::string_view text);

// True for a run that reads like article prose: a long line with
// punctuation and few links.
bool IsProse(const TextRun& run);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_PRUNE_H_
