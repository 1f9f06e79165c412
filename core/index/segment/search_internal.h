// What every search over a segment is made of (search.cc, query_tree.cc):
// the cursor over one term's postings, the phrase check, the top-k heap.
// Internal to the engine.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_INTERNAL_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_INTERNAL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "core/index/segment/bm25.h"
#include "core/index/segment/posting_list.h"
#include "core/index/segment/search.h"

namespace chronicle::index::segment {

// One query term's postings, scored, with the bound of each block: the best
// score of an impact, which is the best score of a document of the block.
// Rounding cannot make a document beat its block's bound: every step of
// Bm25Term::Score is monotonic in frequency and length, in floating point
// too, and a document's total adds its terms in the order the bounds do.
// Bounds are computed when first asked for: a walk that never skips (a
// query tree's, an exhaustive count) or skips most blocks pays for few.
class TermScorer {
 public:
  TermScorer(PostingList list, const Bm25Term& bm25, const uint32_t* lengths)
      : list_(list), bm25_(bm25), lengths_(lengths), block_bounds_(list.block_count(), kUnknownBound) {
    Load(0);
  }

  uint32_t doc() const { return doc_; }
  // Inline by force, as the other steps of the search loop below: Search
  // is past the size at which the compiler inlines by itself.
  ABSL_ATTRIBUTE_ALWAYS_INLINE double Score() const { return bm25_.Score(freqs_[position_], lengths_[doc_]); }
  // How often the current document holds the term.
  uint32_t frequency() const { return freqs_[position_]; }
  const Bm25Term& bm25() const { return bm25_; }

  // The current document's word positions, ascending (possibly none). The
  // block's positions are decoded on the first call for it.
  absl::Span<const uint32_t> Positions() {
    if (!positions_loaded_) LoadPositions();
    uint32_t* values = position_values_.data() + position_starts_[position_];
    const uint32_t count = position_counts_[position_];
    // The block's positions are decoded as gaps; a document's are made
    // absolute the first time they are read.
    uint64_t& summed = positions_summed_[position_ / 64];
    const uint64_t bit = uint64_t{1} << (position_ % 64);
    if ((summed & bit) == 0) {
      for (uint32_t k = 1; k < count; ++k) values[k] += values[k - 1];
      summed |= bit;
    }
    return absl::MakeConstSpan(values, count);
  }

  void Next() {
    if (++position_ < block_length_) {
      doc_ = docs_[position_];
    } else {
      Load(block_ + 1);
    }
  }

  // To the first document at or after `target`.
  void Advance(uint32_t target) {
    if (doc_ >= target) return;
    if (list_.block(block_).last_doc < target) {
      size_t b = std::max(block_ + 1, shallow_block_);
      while (b < list_.block_count() && list_.block(b).last_doc < target) ++b;
      Load(b);
    }
    while (doc_ < target) Next();
  }

  struct Bound {
    uint32_t last_doc;  // the bound holds for documents up to this one
    double score;
  };
  // The highest score the term can give a document from `target` on, up to
  // the returned last document. Calls must not decrease `target`.
  Bound BoundFrom(uint32_t target) {
    if (doc_ == kNoMoreDocs) return {kNoMoreDocs, 0};
    if (doc_ > target) return {doc_ - 1, 0};  // none of its documents before doc_
    shallow_block_ = std::max(shallow_block_, block_);
    while (shallow_block_ < list_.block_count() && list_.block(shallow_block_).last_doc < target) {
      ++shallow_block_;
    }
    if (shallow_block_ == list_.block_count()) return {kNoMoreDocs, 0};
    double& bound = block_bounds_[shallow_block_];
    if (bound == kUnknownBound) {
      bound = 0;
      for (const Impact* impact = list_.ImpactsBegin(shallow_block_); impact != list_.ImpactsEnd(shallow_block_);
           ++impact) {
        bound = std::max(bound, bm25_.Score(impact->frequency, impact->length));
      }
    }
    return {list_.block(shallow_block_).last_doc, bound};
  }

 private:
  static constexpr double kUnknownBound = -1;

  void LoadPositions() {
    list_.DecodePositionGaps(block_, freqs_, position_values_, position_starts_, position_counts_);
    std::fill(std::begin(positions_summed_), std::end(positions_summed_), 0);
    positions_loaded_ = true;
  }

  void Load(size_t b) {
    block_ = b;
    position_ = 0;
    positions_loaded_ = false;
    if (b >= list_.block_count()) {
      block_length_ = 0;
      doc_ = kNoMoreDocs;
      return;
    }
    block_length_ = list_.BlockLength(b);
    list_.DecodeBlock(b, docs_, freqs_);
    doc_ = docs_[0];
  }

  PostingList list_;
  Bm25Term bm25_;
  const uint32_t* lengths_;
  std::vector<double> block_bounds_;
  size_t block_ = 0;
  size_t shallow_block_ = 0;
  uint32_t position_ = 0;
  uint32_t block_length_ = 0;
  uint32_t doc_ = kNoMoreDocs;
  uint32_t docs_[kBlockSize];
  uint32_t freqs_[kBlockSize];
  bool positions_loaded_ = false;
  static_assert(kBlockSize % 64 == 0);
  uint64_t positions_summed_[kBlockSize / 64] = {};  // per document of the block
  uint32_t position_starts_[kBlockSize];
  uint32_t position_counts_[kBlockSize];
  std::vector<uint32_t> position_values_;
};

// Whether SearchOptions::deleted marks `doc` (an empty set marks none).
inline bool IsDeleted(absl::Span<const uint64_t> deleted, uint32_t doc) {
  return !deleted.empty() && (deleted[doc / 64] >> (doc % 64) & 1) != 0;
}

// Whether the phrase's terms, all on the same document, stand there in
// order at consecutive positions.
inline bool PhraseMatches(const std::vector<TermScorer*>& terms) {
  // On the stack for phrases of up to eight words: this runs for every
  // candidate that holds all of them.
  absl::InlinedVector<absl::Span<const uint32_t>, 8> positions;
  for (TermScorer* term : terms) positions.push_back(term->Positions());
  for (uint32_t start : positions.front()) {
    bool all = true;
    for (size_t j = 1; j < positions.size() && all; ++j) {
      const uint64_t wanted = uint64_t{start} + j;
      all = wanted <= kNoMoreDocs &&
            std::binary_search(positions[j].begin(), positions[j].end(), static_cast<uint32_t>(wanted));
    }
    if (all) return true;
  }
  return false;
}

// Counts the facets of the matches of one segment into a SearchResult, as
// SearchOptions asks (count_all and which facets).
class FacetTally {
 public:
  FacetTally(const Segment& segment, const SearchOptions& options, SearchResult& result)
      : segment_(segment), options_(options), result_(result) {
    if (!options.count_all) return;
    if (options.count_sources) result.source_counts.assign(segment.source_names().size(), 0);
    if (options.count_tags) result.tag_counts.assign(segment.tag_names().size(), 0);
    if (options.count_months) months_.assign(segment.months().size(), 0);
  }
  void Count(uint32_t doc) {
    if (options_.count_sources) ++result_.source_counts[segment_.sources()[doc]];
    if (options_.count_tags) {
      for (uint32_t tag : segment_.tags(doc)) ++result_.tag_counts[tag];
    }
    if (options_.count_months && segment_.month_ordinal(doc) != Segment::kNoMonth) {
      ++months_[segment_.month_ordinal(doc)];
    }
  }
  // Moves the month counts into the result.
  void Finish() {
    for (size_t m = 0; m < months_.size(); ++m) {
      if (months_[m] > 0) result_.month_counts[segment_.months()[m]] = months_[m];
    }
  }

 private:
  const Segment& segment_;
  const SearchOptions& options_;
  SearchResult& result_;
  std::vector<int64_t> months_;
};

// "a ranks before b": higher score, then lower document number.
inline bool RanksBefore(const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; }

struct ByRelevance {
  bool operator()(const Hit& a, const Hit& b) const { return RanksBefore(a, b); }
};

// Order::kNewest or kOldest: publication time, then RanksBefore. kNoTime,
// the lowest time, sorts as the oldest.
struct ByDate {
  const int64_t* published;
  bool newest;
  bool operator()(const Hit& a, const Hit& b) const {
    const int64_t when_a = published[a.doc], when_b = published[b.doc];
    if (when_a != when_b) return newest ? when_a > when_b : when_a < when_b;
    return RanksBefore(a, b);
  }
};

// The k best hits so far under `Before`; the worst of them on top.
template <typename Before>
class RankedHits {
 public:
  // Only hits scoring above `floor` are kept.
  RankedHits(size_t k, double floor, Before before = Before()) : k_(k), floor_(floor), before_(before) {
    hits_.reserve(std::min<size_t>(k, 1024));
  }
  bool full() const { return k_ > 0 && hits_.size() == k_; }
  // Whether a candidate must beat threshold() to be kept.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool bounded() const { return full() || floor_ >= 0; }
  ABSL_ATTRIBUTE_ALWAYS_INLINE double threshold() const {
    return full() ? std::max(hits_.front().score, floor_) : floor_;
  }
  void Offer(const Hit& hit) {
    if (k_ == 0 || hit.score <= floor_) return;
    if (!full()) {
      hits_.push_back(hit);
      std::push_heap(hits_.begin(), hits_.end(), before_);
    } else if (before_(hit, hits_.front())) {
      std::pop_heap(hits_.begin(), hits_.end(), before_);
      hits_.back() = hit;
      std::push_heap(hits_.begin(), hits_.end(), before_);
    }
  }
  std::vector<Hit> Sorted() && {
    std::sort_heap(hits_.begin(), hits_.end(), before_);
    return std::move(hits_);
  }

 private:
  size_t k_;
  double floor_;
  Before before_;
  std::vector<Hit> hits_;
};

using TopHits = RankedHits<ByRelevance>;

// The k best hits under `Before`, as RankedHits keeps them, for walks that
// need no running threshold (date orders skip nothing). A heap pays log k
// for every hit that enters it, and newest first nearly every hit does: a
// segment's documents are in index order, which follows publication, so
// each beats the worst kept (an entity's timeline at a million articles
// spent a third of its time there). Here hits gather in a buffer of 2k;
// when it is full the k best are selected and the worst of them becomes
// the bar a later hit must rank before to be gathered: linear in the hits.
template <typename Before>
class SelectedHits {
 public:
  // Only hits scoring above `floor` are kept.
  SelectedHits(size_t k, double floor, Before before = Before()) : k_(k), floor_(floor), before_(before) {
    hits_.reserve(std::min<size_t>(2 * k, 1024));
  }
  void Offer(const Hit& hit) {
    if (k_ == 0 || hit.score <= floor_) return;
    if (has_bar_ && !before_(hit, bar_)) return;
    hits_.push_back(hit);
    if (hits_.size() >= 2 * k_) KeepBest();
  }
  std::vector<Hit> Sorted() && {
    if (hits_.size() > k_) KeepBest();
    std::sort(hits_.begin(), hits_.end(), before_);
    return std::move(hits_);
  }
  // The same hits in no particular order.
  std::vector<Hit> Unsorted() && {
    if (hits_.size() > k_) KeepBest();
    return std::move(hits_);
  }

 private:
  void KeepBest() {
    const auto kth = hits_.begin() + static_cast<std::ptrdiff_t>(k_ - 1);
    std::nth_element(hits_.begin(), kth, hits_.end(), before_);
    hits_.resize(k_);
    bar_ = hits_.back();
    has_bar_ = true;
  }

  size_t k_;
  double floor_;
  Before before_;
  std::vector<Hit> hits_;
  bool has_bar_ = false;
  Hit bar_;  // the k-th best so far, once k were gathered
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_INTERNAL_H_
