// A term's impact tier: the postings of a long list that a pruned search
// cannot rule out by the document alone, kept as a list of their own beside
// the term (docs/design/search-engine.md, step 19).
//
// A posting is in the tier when the document holds the term at least
// kTierMinFrequency times or is shorter than kTierShortLength words. Every
// other posting scores at most Bm25Term::Score(kTierMinFrequency - 1,
// kTierShortLength), since a score grows with the frequency and falls with
// the length. Once the k-th best score leaves a term less room than that,
// a search walks the tier instead of the whole list: at 1M articles the
// tier holds about 15% of the postings of the words that lead two-word
// searches. The rule looks at one posting at a time, so it stays true when
// segments merge, and a merge builds its tiers from the merged lists.
//
// A tier is stored as a term of its own, ImpactTierKey(term), without
// positions. It sorts right after its term (no term has a byte between the
// term and the key's), so writers that lay terms out in order add it next.
// Word terms never hold a zero byte (the word splitter keeps letters and
// digits), so no word's key is another term. A list without a tier (too
// short, a boolean term, a tier holding most of it, or a segment written
// before tiers) is walked whole: a tier only ever saves work.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_IMPACT_TIER_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_IMPACT_TIER_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/index/segment/bm25.h"
#include "core/index/segment/posting_list.h"

namespace chronicle::index::segment {

inline constexpr uint32_t kTierMinFrequency = 4;
inline constexpr uint32_t kTierShortLength = 32;
// Shorter lists are walked whole: eight blocks cost little to decode, and
// the tier's entry would cost about as much as it saves.
inline constexpr uint32_t kTierMinDocuments = 1024;

inline bool InImpactTier(uint32_t frequency, uint32_t length) {
  return frequency >= kTierMinFrequency || length < kTierShortLength;
}

inline std::string ImpactTierKey(absl::string_view term) {
  std::string key(term);
  key.push_back('\0');
  return key;
}

inline bool IsImpactTierKey(absl::string_view term) { return !term.empty() && term.back() == '\0'; }

// The most a posting outside the tier can score for `bm25`, as the parts
// of Bm25Term::Score: weight * kOutsideTierFrequency / (LengthNorm(
// kTierShortLength) + kOutsideTierFrequency).
inline constexpr uint32_t kOutsideTierFrequency = kTierMinFrequency - 1;
inline double OutsideTierNorm(const Bm25Term& bm25) {
  return bm25.LengthNorm(kTierShortLength) + kOutsideTierFrequency;
}

// Encodes the tier of `postings` (a term's whole list; `lengths` per
// document) into `builder`, cleared first. Null when the term gets no tier:
// fewer than kTierMinDocuments postings, a boolean term (every frequency
// 0), or a tier that is empty or holds more than half of the list. The
// result is valid until the builder is cleared.
const PostingListBuilder::Encoded* EncodeImpactTier(const PostingList& postings, absl::Span<const uint32_t> lengths,
                                                    PostingListBuilder& builder);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_IMPACT_TIER_H_
