#include "core/html/content_selector.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"

namespace chronicle::html {
namespace {

// Bonus for an element whose markup says "this is the article", by strength
// (ElementHint::content_hint); capped by the element's own score so that a
// hint never makes an empty container win.
constexpr double kHintBonus[] = {0, 50, 150, 300};

double RunWeight(const TextRun& run, double run_cost) {
  // A truncated teaser counts like link text: it is about another page.
  if (run.teaser) return -run.chars - run_cost;
  const double text = run.chars - run.link_chars;
  // Data cells are short by nature: no per-run cost, or a table of figures
  // would outweigh the article it belongs to.
  const double cost = run.kind == ContentBlock::Kind::kTableCell ? 0 : run_cost;
  return text - run.link_chars - cost;
}

// Share of a run's words that occur in the hint's word set.
double HintCoverage(const TextRun& run, const absl::flat_hash_set<uint64_t>& hint_words, int& word_count) {
  std::vector<uint64_t> words = HashedWords(run.text);
  word_count = static_cast<int>(words.size());
  if (words.empty()) return 0;
  int found = 0;
  for (uint64_t w : words) found += hint_words.contains(w) ? 1 : 0;
  return static_cast<double>(found) / words.size();
}

bool HoldsLowLinkProse(const Dom& dom, const PrunedPage& page, int node) {
  return page.prose_chars[node] > 0 && page.prose_chars[node] * 2 >= page.text_chars[node];
}

// A table of data (standings, statistics, schedules): short cells score
// below zero one by one, yet the table belongs with the text around it.
bool IsDataTable(const Dom& dom, const PrunedPage& page, int node) {
  int table = node;
  if (dom.tag(table) != Tag::kTable) {
    // Allow one wrapper (<div class="table-responsive"><table>).
    const int child = dom.first_child(node);
    if (child < 0) return false;
    table = child;
    while (table >= 0 && !dom.IsElement(table)) table = dom.next_sibling(table);
    if (table < 0 || dom.tag(table) != Tag::kTable) return false;
  }
  return page.text_chars[table] >= 50 && page.link_chars[table] * 10 < page.text_chars[table] * 3;
}

std::vector<int> MergeSiblings(const Dom& dom, const PrunedPage& page, const std::vector<double>& score,
                               const Container& best, const SelectorOptions& options) {
  const int parent = dom.parent(best.node);
  if (parent < 0 || best.node == page.body) return {best.node};
  std::vector<int> siblings;
  std::vector<uint8_t> merged;
  for (int c = dom.first_child(parent); c >= 0; c = dom.next_sibling(c)) {
    if (!dom.IsElement(c) || page.removed[c]) continue;
    bool take = c == best.node;
    if (!take && page.hint_of[c] == 0 && score[c] > 0) {
      take = score[c] >= options.sibling_share * best.score || HoldsLowLinkProse(dom, page, c);
    }
    if (!take && page.hint_of[c] == 0) take = IsDataTable(dom, page, c);
    siblings.push_back(c);
    merged.push_back(take ? 1 : 0);
  }
  // Small unnamed blocks between merged siblings continue the article.
  int first = -1, last = -1;
  for (size_t k = 0; k < siblings.size(); ++k) {
    if (!merged[k]) continue;
    if (first < 0) first = static_cast<int>(k);
    last = static_cast<int>(k);
  }
  std::vector<int> roots;
  for (int k = first; k >= 0 && k <= last; ++k) {
    const int c = siblings[k];
    if (merged[k] || (page.hint_of[c] == 0 && score[c] >= -2 * options.run_cost)) roots.push_back(c);
  }
  return roots;
}

// When the page repeats a substantial JSON-LD articleBody, the deepest
// element holding most of the repeated text is the article, whatever the
// scores say. A truncated articleBody (paywalls) then points at the first
// paragraphs, and sibling merging recovers the rest.
int HintRegion(const Dom& dom, const PrunedPage& page, const std::vector<double>& matched, size_t hint_word_count,
               const SelectorOptions& options) {
  if (matched.empty() || hint_word_count < static_cast<size_t>(options.min_hint_words)) return -1;
  const double total = matched[page.body];
  if (total <= 0) return -1;
  int region = -1;
  const int end = dom.SubtreeEnd(page.body);
  for (int i = page.body; i < end; ++i) {
    if (page.removed[i]) {
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (dom.IsElement(i) && matched[i] >= options.hint_region_share * total) region = i;
  }
  return region;
}

}  // namespace

std::vector<uint64_t> HashedWords(absl::string_view text) {
  std::vector<uint64_t> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(absl::Hash<std::string>()(word));
    word.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (absl::ascii_isalnum(c) || c >= 0x80) {
      word.push_back(absl::ascii_tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

Container ChooseContainer(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                          absl::string_view article_body_hint, const SelectorOptions& options) {
  Container best;
  if (runs.empty() || page.body < 0) return best;

  const std::vector<uint64_t> hint_list = HashedWords(article_body_hint);
  const absl::flat_hash_set<uint64_t> hint_words(hint_list.begin(), hint_list.end());

  // Element scores: each run counts for the element holding its first text
  // and, through the backward pass, for every ancestor. `matched` counts the
  // characters of runs that repeat the JSON-LD articleBody.
  std::vector<double> score(dom.size(), 0.0);
  std::vector<double> matched(hint_words.empty() ? 0 : dom.size(), 0.0);
  for (const TextRun& run : runs) {
    double weight = RunWeight(run, options.run_cost);
    // Scaled as a whole (not only when positive) so that the ranking of
    // candidates inside one boilerplate-named wrapper stays as it would be.
    if (page.boilerplate_of[run.anchor] > 0) weight *= options.boilerplate_factor;
    if (!hint_words.empty()) {
      int words = 0;
      if (HintCoverage(run, hint_words, words) >= 0.7 && words >= 5) {
        weight += run.chars;
        matched[run.anchor] += run.chars;
      }
    }
    score[run.anchor] += weight;
  }
  const int body = page.body;
  const int end = dom.SubtreeEnd(body);
  for (int i = end - 1; i > body; --i) {
    score[dom.parent(i)] += score[i];
    if (!matched.empty()) matched[dom.parent(i)] += matched[i];
  }

  for (int i = body; i < end; ++i) {
    if (page.removed[i]) {
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (!dom.IsElement(i)) continue;
    double s = score[i];
    if (s > 0) s += std::min(s, kHintBonus[std::clamp<int>(page.content_hint[i], 0, 3)]);
    // >= prefers the deeper of two equal candidates: same text, less markup around it.
    if (best.node < 0 || s >= best.score) {
      best.node = i;
      best.score = s;
    }
  }
  if (best.node < 0) return best;
  if (const int region = HintRegion(dom, page, matched, hint_list.size(), options); region >= 0) {
    best.node = region;
    best.score = score[region];
  }
  best.roots = MergeSiblings(dom, page, score, best, options);
  return best;
}

std::vector<RunVerdict> JudgeRuns(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                                  const Container& container, const SelectorOptions& options) {
  std::vector<RunVerdict> verdicts(runs.size(), RunVerdict::kOutside);
  std::vector<uint8_t> inside(dom.size(), 0);
  for (int root : container.roots) std::fill(inside.begin() + root, inside.begin() + dom.SubtreeEnd(root), 1);
  for (size_t r = 0; r < runs.size(); ++r) {
    const TextRun& run = runs[r];
    if (!inside[run.anchor] || page.removed[run.anchor]) continue;
    if (run.link_chars > options.max_link_density * run.chars) {
      verdicts[r] = RunVerdict::kLinkDense;
    } else if (run.teaser) {
      verdicts[r] = RunVerdict::kTeaser;
    } else if (run.caption && !options.keep_captions) {
      verdicts[r] = RunVerdict::kCaption;
    } else {
      verdicts[r] = RunVerdict::kKept;
    }
  }
  return verdicts;
}

}  // namespace chronicle::html
