// A term's impact tier: the postings of a long list that a pruned search
// cannot rule out by the document alone, kept as a list of their own beside
// the term (docs/design/search-engine.md, step 19).
//
// A posting is in the tier when the document holds the term at least
// kTierMinFrequency times or is shorter than kTierShortLength words. Every
// other posting scores at most Bm25Term::Score(kTierMinFrequency - 1,
// kTierShortLength), since a score grows with the frequency and falls with
// the length. Once the k-th best score leaves a term less room than that,
// a search walks the tier instead of the whole list. That serves single
// words and deep pages, whose k-th score sits near the term's maximum; a
// conjunction's other words seldom leave the lead that much room (a
// posting outside the tier can give 80% of the term's weight: BM25 with
// k1 = 1 saturates by three occurrences). The rule looks at one posting at
// a time, so it stays true when segments merge, and a merge builds its
// tiers from the merged lists.
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

// Gathers a term's tier while its list is written (a builder's or a
// merge's pass over the postings), so that no list is decoded again for
// it. Use: Start, Add every posting of the list, Finish.
class ImpactTierBuilder {
 public:
  // Starts the next term's tier; its list will hold at most
  // `documents_at_most` postings. A list that cannot reach
  // kTierMinDocuments is not looked at.
  void Start(uint32_t documents_at_most) {
    builder_.Clear();
    documents_at_most_ = documents_at_most;
    active_ = documents_at_most >= kTierMinDocuments;
    held_ = 0;
    scored_ = false;
  }
  void Add(uint32_t doc, uint32_t frequency, uint32_t length) {
    if (!active_) return;
    scored_ = scored_ || frequency > 0;
    if (!InImpactTier(frequency, length)) return;
    // A tier holding most of the list saves too little to keep.
    if (++held_ > documents_at_most_ / 2) {
      active_ = false;
      return;
    }
    builder_.Add(doc, frequency, length);
  }
  // The tier of the list of `documents` postings just added, valid until
  // the next Start; null when it gets none: fewer than kTierMinDocuments
  // postings, a boolean term (a filter's, every frequency 0, never
  // scored), or a tier that is empty or holds more than half of the list.
  const PostingListBuilder::Encoded* Finish(uint32_t documents);

 private:
  PostingListBuilder builder_;
  uint32_t documents_at_most_ = 0;
  bool active_ = false;
  uint32_t held_ = 0;
  bool scored_ = false;
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_IMPACT_TIER_H_
