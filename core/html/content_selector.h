// Chooses the page's main-content container and the runs inside it that
// belong to the article.
//
// Each run gets a weight: its non-link characters, minus its link characters
// (counted twice), minus a fixed cost per run. Long prose scores high; menus,
// teaser links, bylines and labels score below zero. Runs inside
// boilerplate-named regions (comments, cookie dialogs, sidebars) count a
// quarter; runs that match the page's JSON-LD articleBody count double. An
// element's score is the sum over the runs it holds plus a bonus for content
// hints (<article>, itemprop=articleBody, class "story-body", ...). The
// element with the highest score is the container: this keeps an article
// split over sibling blocks together (their parent wins when the siblings'
// prose outweighs what lies between) while leaving out regions whose
// boilerplate outweighs their prose.
#ifndef CHRONICLE_CORE_HTML_CONTENT_SELECTOR_H_
#define CHRONICLE_CORE_HTML_CONTENT_SELECTOR_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/html/dom.h"
#include "core/html/prune.h"
#include "core/html/text_runs.h"

namespace chronicle::html {

struct SelectorOptions {
  // Fixed cost per run, in characters: a run shorter than this counts against
  // the container that holds it.
  double run_cost = 30;
  // Factor for the weight of prose inside boilerplate-named regions.
  double boilerplate_factor = 0.25;
  // Keep figure captions and photo credits inside the main content.
  bool keep_captions = false;
  // Runs whose link characters exceed this share of their text are dropped.
  double max_link_density = 0.5;
  // A sibling of the best element is merged when it scores at least this
  // share of the best score (or holds low-link prose).
  double sibling_share = 0.2;
  // A JSON-LD articleBody of at least this many words overrides the scores:
  // the container is the deepest element holding `hint_region_share` of the
  // text that repeats it.
  int min_hint_words = 50;
  double hint_region_share = 0.8;
};

enum class RunVerdict : uint8_t {
  kKept,
  kOutside,    // not inside the chosen container
  kLinkDense,  // mostly link text (related links, tag lists)
  kTeaser,     // ends with an ellipsis: a truncated summary of another page
  kCaption,    // figure caption or photo credit
};

struct Container {
  int node = -1;           // the best-scoring element; -1 when the page has no text
  double score = 0;
  std::vector<int> roots;  // `node` and the siblings merged with it, in document order
};

// Chooses the main-content element (the best score, or, when the page
// repeats a substantial JSON-LD articleBody, the deepest element holding most
// of that text), then merges the siblings that continue the article: those
// that score well or hold low-link prose, and whatever small, unnamed blocks
// (subheadings, short paragraphs) lie between merged ones.
// `article_body_hint` is the JSON-LD articleBody ("" when absent).
Container ChooseContainer(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                          absl::string_view article_body_hint, const SelectorOptions& options = {});

// Decides, for every run, whether it is article text: runs outside the
// container's roots or inside removed subtrees are kOutside; inside,
// mostly-link runs and (unless kept by the options) captions are left out.
std::vector<RunVerdict> JudgeRuns(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                                  const Container& container, const SelectorOptions& options = {});

// Lowercase words of `text` hashed for bag comparisons: ASCII letters and
// digits form words, every other non-space, non-punctuation byte sequence too.
std::vector<uint64_t> HashedWords(absl::string_view text);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_CONTENT_SELECTOR_H_
