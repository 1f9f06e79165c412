// Cuts the visible text of a pruned page into runs: maximal stretches of
// inline text between block boundaries, i.e. the page's paragraphs, headings,
// list items and cells, each with the statistics that scoring needs.
#ifndef CHRONICLE_CORE_HTML_TEXT_RUNS_H_
#define CHRONICLE_CORE_HTML_TEXT_RUNS_H_

#include <string>
#include <vector>

#include "core/html/dom.h"
#include "core/html/html_document.h"
#include "core/html/prune.h"

namespace chronicle::html {

struct TextRun {
  int owner = -1;       // nearest block-level ancestor element
  int anchor = -1;      // element holding the run's first text (owner or an inline descendant)
  std::string text;     // as parsed: entities decoded, white space not collapsed
  int chars = 0;        // visible (non-space) characters
  int link_chars = 0;   // of which inside <a href>
  int punctuation = 0;  // , . ; : ! ? and their CJK forms
  ContentBlock::Kind kind = ContentBlock::Kind::kParagraph;
  int heading_level = 0;
  bool caption = false;  // inside a figcaption or an element named like a caption
  // Ends with an ellipsis, like another run close by: a list of teasers that
  // truncate other pages' text. (A lone truncated paragraph, as paywalls
  // leave, is not one.)
  bool teaser = false;
};

// True when the run ends with an ellipsis ("...", "…", optionally followed by
// a closing mark such as "»" or "]"): the signature of a teaser that
// truncates another page's text.
bool EndsWithEllipsis(const TextRun& run);

// Collects the runs under `root` (usually the body) in document order,
// skipping removed subtrees, and marks teasers. <br> and <hr> end a run like
// block elements do.
std::vector<TextRun> CollectRuns(const Dom& dom, const PrunedPage& page, int root);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_TEXT_RUNS_H_
