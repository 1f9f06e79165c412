#include "core/timeline/relevance.h"

#include <algorithm>
#include <cmath>

#include "core/timeline/event.h"

namespace chronicle::timeline {
namespace {

// Words between the sentence and the nearest of `positions` (ascending); 0
// inside it, nullopt when there are none.
std::optional<uint32_t> Distance(const SentencePlace& place, const std::vector<uint32_t>& positions) {
  if (positions.empty()) return std::nullopt;
  const auto after = std::lower_bound(positions.begin(), positions.end(), place.first_word);
  uint32_t best = UINT32_MAX;
  if (after != positions.end()) best = *after <= place.last_word ? 0 : *after - place.last_word;
  if (after != positions.begin()) best = std::min(best, place.first_word - *(after - 1));
  return best;
}

}  // namespace

double TopicRelevance(absl::string_view sentence_stems, const std::optional<SentencePlace>& place,
                      absl::Span<const QueryWordInArticle> words) {
  double total = 0, found = 0;
  size_t mentions = 0;
  for (const QueryWordInArticle& word : words) {
    total += word.weight;
    mentions += word.positions.size();
    // (A query word the event's terms leave out, a stop word, still counts
    // where the article has it inside the sentence: at distance 0.)
    if (HoldsTerm(sentence_stems, TermHash(word.stem))) {
      found += word.weight;
    } else if (place.has_value()) {
      if (const std::optional<uint32_t> distance = Distance(*place, word.positions)) {
        found += word.weight * std::exp(-static_cast<double>(*distance) / kNearWords);
      }
    }
  }
  if (total <= 0) return 0;
  double relevance = found / total;
  if (place.has_value() && place->sentence < kLeadSentences && mentions >= kLeadMentions) {
    relevance = std::max(relevance, kLeadRelevance);
  }
  return relevance;
}

}  // namespace chronicle::timeline
