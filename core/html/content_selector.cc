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
  const double text = run.chars - run.link_chars;
  return text - run.link_chars - run_cost;
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

  absl::flat_hash_set<uint64_t> hint_words;
  for (uint64_t w : HashedWords(article_body_hint)) hint_words.insert(w);

  // Element scores: each run counts for the element holding its first text
  // and, through the backward pass, for every ancestor.
  std::vector<double> score(dom.size(), 0.0);
  for (const TextRun& run : runs) {
    double weight = RunWeight(run, options.run_cost);
    // Scaled as a whole (not only when positive) so that the ranking of
    // candidates inside one boilerplate-named wrapper stays as it would be.
    if (page.boilerplate_of[run.anchor] > 0) weight *= options.boilerplate_factor;
    if (!hint_words.empty()) {
      int words = 0;
      if (HintCoverage(run, hint_words, words) >= 0.7 && words >= 5) weight += run.chars;
    }
    score[run.anchor] += weight;
  }
  const int body = page.body;
  const int end = dom.SubtreeEnd(body);
  for (int i = end - 1; i > body; --i) score[dom.parent(i)] += score[i];

  for (int i = body; i < end; ++i) {
    if (page.removed[i]) {
      i = dom.SubtreeEnd(i) - 1;
      continue;
    }
    if (!dom.IsElement(i)) continue;
    double s = score[i];
    if (s > 0) s += std::min(s, kHintBonus[std::clamp<int>(page.content_hint[i], 0, 3)]);
    // >= prefers the deeper of two equal candidates: same text, less markup around it.
    if (best.node < 0 || s >= best.score) best = {i, s};
  }
  return best;
}

std::vector<RunVerdict> JudgeRuns(const Dom& dom, const PrunedPage& page, const std::vector<TextRun>& runs,
                                  int container, const SelectorOptions& options) {
  std::vector<RunVerdict> verdicts(runs.size(), RunVerdict::kOutside);
  if (container < 0) return verdicts;
  const int container_end = dom.SubtreeEnd(container);
  std::vector<int> inside;
  for (size_t r = 0; r < runs.size(); ++r) {
    const int anchor = runs[r].anchor;
    if (anchor >= container && anchor < container_end && !page.removed[anchor]) inside.push_back(static_cast<int>(r));
  }
  int first_prose = -1, last_prose = -1;
  for (size_t k = 0; k < inside.size(); ++k) {
    if (!IsProse(runs[inside[k]])) continue;
    if (first_prose < 0) first_prose = static_cast<int>(k);
    last_prose = static_cast<int>(k);
  }
  for (size_t k = 0; k < inside.size(); ++k) {
    const TextRun& run = runs[inside[k]];
    RunVerdict& verdict = verdicts[inside[k]];
    verdict = RunVerdict::kKept;
    if (run.link_chars > options.max_link_density * run.chars) {
      verdict = RunVerdict::kLinkDense;
    } else if (run.caption && !options.keep_captions) {
      verdict = RunVerdict::kCaption;
    } else if (first_prose >= 0 && static_cast<int>(k) < first_prose) {
      verdict = RunVerdict::kPreamble;
    } else if (last_prose >= 0 && static_cast<int>(k) > last_prose) {
      verdict = RunVerdict::kTrailer;
    }
  }
  return verdicts;
}

}  // namespace chronicle::html
