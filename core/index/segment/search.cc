#include "core/index/segment/search.h"

#include <algorithm>
#include <memory>

namespace chronicle::index::segment {
namespace {

// One query term's postings, scored, with the bound of each block: the best
// score of an impact, which is the best score of a document of the block.
// Rounding cannot make a document beat its block's bound: every step of
// Bm25Term::Score is monotonic in frequency and length, in floating point
// too, and a document's total adds its terms in the order the bounds do.
class TermScorer {
 public:
  TermScorer(PostingList list, const Bm25Term& bm25, const uint32_t* lengths)
      : list_(list), bm25_(bm25), lengths_(lengths), block_bounds_(list.block_count()) {
    for (size_t b = 0; b < list.block_count(); ++b) {
      double best = 0;
      for (const Impact* impact = list.ImpactsBegin(b); impact != list.ImpactsEnd(b); ++impact) {
        best = std::max(best, bm25.Score(impact->frequency, impact->length));
      }
      block_bounds_[b] = best;
    }
    Load(0);
  }

  uint32_t doc() const { return doc_; }
  double Score() const { return bm25_.Score(freqs_[position_], lengths_[doc_]); }

  // The current document's word positions, ascending (possibly none). The
  // block's positions are decoded on the first call for it.
  absl::Span<const uint32_t> Positions() {
    if (!positions_loaded_) LoadPositions();
    return absl::MakeConstSpan(position_values_.data() + position_starts_[position_], position_counts_[position_]);
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
    return {list_.block(shallow_block_).last_doc, block_bounds_[shallow_block_]};
  }

 private:
  // Turns the block's run (per document: count, first, gaps) into absolute
  // positions in place. A run that claims more than it holds (a damaged
  // file) leaves the documents past the damage without positions.
  void LoadPositions() {
    const uint32_t values = list_.block(block_).position_values;
    position_values_.resize(values + 1);  // never empty: data() is never null
    list_.DecodePositions(block_, position_values_.data());
    uint32_t at = 0;
    for (uint32_t i = 0; i < block_length_; ++i) {
      const uint32_t count = at < values ? position_values_[at] : 0;
      const uint32_t start = at < values ? at + 1 : values;
      const uint32_t kept = count <= values - start ? count : 0;
      position_starts_[i] = start;
      position_counts_[i] = kept;
      for (uint32_t k = start + 1; k < start + kept; ++k) position_values_[k] += position_values_[k - 1];
      at = start + kept;
    }
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
  uint32_t position_starts_[kBlockSize];
  uint32_t position_counts_[kBlockSize];
  std::vector<uint32_t> position_values_;
};

// Whether the phrase's terms, all on the same document, stand there in
// order at consecutive positions.
bool PhraseMatches(const std::vector<TermScorer*>& terms) {
  std::vector<absl::Span<const uint32_t>> positions;
  positions.reserve(terms.size());
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

// Any of its terms.
class Clause {
 public:
  explicit Clause(std::vector<TermScorer*> terms) : terms_(std::move(terms)) {}

  uint32_t doc() const {
    uint32_t first = kNoMoreDocs;
    for (const TermScorer* term : terms_) first = std::min(first, term->doc());
    return first;
  }
  void Advance(uint32_t target) {
    for (TermScorer* term : terms_) term->Advance(target);
  }
  const std::vector<TermScorer*>& terms() const { return terms_; }

 private:
  std::vector<TermScorer*> terms_;
};

// "a ranks before b": higher score, then lower document number.
bool RanksBefore(const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; }

// The k best hits so far; the worst of them on top.
class TopHits {
 public:
  // Only hits scoring above `floor` are kept.
  TopHits(size_t k, double floor) : k_(k), floor_(floor) { hits_.reserve(std::min<size_t>(k, 1024)); }
  bool full() const { return k_ > 0 && hits_.size() == k_; }
  // Whether a candidate must beat threshold() to be kept.
  bool bounded() const { return full() || floor_ >= 0; }
  double threshold() const { return full() ? std::max(hits_.front().score, floor_) : floor_; }
  void Offer(const Hit& hit) {
    if (k_ == 0 || hit.score <= floor_) return;
    if (!full()) {
      hits_.push_back(hit);
      std::push_heap(hits_.begin(), hits_.end(), RanksBefore);
    } else if (RanksBefore(hit, hits_.front())) {
      std::pop_heap(hits_.begin(), hits_.end(), RanksBefore);
      hits_.back() = hit;
      std::push_heap(hits_.begin(), hits_.end(), RanksBefore);
    }
  }
  std::vector<Hit> Sorted() && {
    std::sort_heap(hits_.begin(), hits_.end(), RanksBefore);
    return std::move(hits_);
  }

 private:
  size_t k_;
  double floor_;
  std::vector<Hit> hits_;
};

}  // namespace

int YearOfDay(int32_t day) {
  // Days to civil year through 400-year eras, counted from 0000-03-01.
  const int64_t z = static_cast<int64_t>(day) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const int64_t year = year_of_era + era * 400;
  return static_cast<int>(month_index >= 10 ? year + 1 : year);
}

SearchResult Search(const Segment& segment, const SegmentQuery& query, const SearchOptions& options) {
  SearchResult result;
  if (options.count_all) result.source_counts.assign(segment.source_names().size(), 0);
  // Nothing to rank and nothing to count.
  if ((query.clauses.empty() && query.phrases.empty()) || (options.k <= 0 && !options.count_all)) return result;
  if (!options.deleted.empty() && options.deleted.size() * 64 < segment.document_count()) return result;
  const uint32_t documents = segment.document_count();
  std::vector<std::unique_ptr<TermScorer>> scorers;
  std::vector<Clause> clauses;
  std::vector<uint64_t> clause_postings;
  // Scored clauses first, then filters, whose terms weigh nothing.
  auto add_clauses = [&](const std::vector<std::vector<std::string>>& groups, bool scored) {
    for (const std::vector<std::string>& terms : groups) {
      std::vector<TermScorer*> clause_terms;
      uint64_t postings = 0;
      for (const std::string& term : terms) {
        const PostingList list = segment.Find(term);
        if (list.document_count() == 0) continue;
        Bm25Term bm25 = Bm25Term::Zero();
        if (scored && options.collection == nullptr) {
          bm25 = Bm25Term(documents, list.document_count(), segment.average_length(), options.bm25);
        } else if (scored) {
          const auto it = options.collection->term_documents.find(term);
          const int64_t held = it != options.collection->term_documents.end() ? it->second : 0;
          bm25 = Bm25Term(options.collection->documents, std::max<int64_t>(held, list.document_count()),
                          options.collection->average_length, options.bm25);
        }
        scorers.push_back(std::make_unique<TermScorer>(list, bm25, segment.lengths().data()));
        clause_terms.push_back(scorers.back().get());
        postings += list.document_count();
      }
      if (clause_terms.empty()) return false;  // a clause nothing can satisfy
      clauses.emplace_back(std::move(clause_terms));
      clause_postings.push_back(postings);
    }
    return true;
  };
  if (!add_clauses(query.clauses, true) || !add_clauses(query.filters, false)) return result;
  // A phrase's terms are clauses of one term each; their positions are
  // checked once a candidate matched everything else.
  std::vector<std::vector<TermScorer*>> phrases;
  for (const std::vector<std::string>& phrase : query.phrases) {
    if (phrase.empty()) continue;
    const size_t first = clauses.size();
    std::vector<std::vector<std::string>> words;
    for (const std::string& term : phrase) words.push_back({term});
    if (!add_clauses(words, true)) return result;
    std::vector<TermScorer*>& terms = phrases.emplace_back();
    for (size_t c = first; c < clauses.size(); ++c) terms.push_back(clauses[c].terms().front());
  }
  if (clauses.empty()) return result;
  // The clause with the fewest postings proposes the candidates.
  const size_t lead_index =
      std::min_element(clause_postings.begin(), clause_postings.end()) - clause_postings.begin();
  Clause& lead = clauses[lead_index];
  std::vector<bool> in_lead(scorers.size(), false);
  for (size_t i = 0; i < scorers.size(); ++i) {
    in_lead[i] = std::find(lead.terms().begin(), lead.terms().end(), scorers[i].get()) != lead.terms().end();
  }

  const bool filtered = query.first_day != std::numeric_limits<int32_t>::min() ||
                        query.last_day != std::numeric_limits<int32_t>::max();
  const absl::Span<const int32_t> days = segment.days();

  TopHits top(static_cast<size_t>(std::max(options.k, 0)), options.count_all ? -1 : options.min_score);
  uint32_t target = 0;
  bool in_window = false;
  uint32_t window_end = 0;
  while (true) {
    const bool pruning = !options.count_all && top.bounded();
    if (pruning && !(in_window && target <= window_end)) {
      // The most any document from `target` to the nearest block end could
      // score: when it cannot beat the k-th, jump past that block end.
      double bound = 0;
      uint32_t end = kNoMoreDocs;
      for (const std::unique_ptr<TermScorer>& scorer : scorers) {
        const TermScorer::Bound term_bound = scorer->BoundFrom(target);
        bound += term_bound.score;
        end = std::min(end, term_bound.last_doc);
      }
      if (bound <= top.threshold()) {
        ++result.stats.blocks_skipped;
        if (end == kNoMoreDocs) break;
        target = end + 1;
        in_window = false;
        continue;
      }
      in_window = true;
      window_end = end;
    }
    lead.Advance(target);
    const uint32_t doc = lead.doc();
    if (doc == kNoMoreDocs) break;
    if (pruning && doc > window_end) {
      target = doc;
      in_window = false;
      continue;
    }
    if (pruning && clauses.size() > 1) {
      // The lead's own score here plus what the other terms' blocks allow:
      // when that cannot beat the k-th, the other lists are not advanced
      // (nor their blocks decoded) for this candidate. Summed in the order
      // scores are, so rounding cannot put a score above its bound.
      double bound = 0;
      for (size_t i = 0; i < scorers.size(); ++i) {
        TermScorer& scorer = *scorers[i];
        if (!in_lead[i]) {
          bound += scorer.BoundFrom(doc).score;
        } else if (scorer.doc() == doc) {
          bound += scorer.Score();
        }
      }
      if (bound <= top.threshold()) {
        target = doc + 1;
        continue;
      }
    }
    bool all = true;
    for (Clause& clause : clauses) {
      if (&clause == &lead) continue;
      clause.Advance(doc);
      if (clause.doc() != doc) {
        all = false;
        target = clause.doc();
        break;
      }
    }
    if (!all) {
      if (target == kNoMoreDocs) break;
      continue;
    }
    target = doc + 1;
    if (!options.deleted.empty() && (options.deleted[doc / 64] >> (doc % 64) & 1) != 0) continue;
    if (filtered && (days[doc] == kNoDay || days[doc] < query.first_day || days[doc] > query.last_day)) {
      continue;
    }
    if (!std::all_of(phrases.begin(), phrases.end(), PhraseMatches)) continue;
    double score = 0;
    for (const std::unique_ptr<TermScorer>& scorer : scorers) {
      if (scorer->doc() == doc) score += scorer->Score();
    }
    ++result.stats.scored;
    if (score <= options.min_score && !options.count_all) continue;
    ++result.matches;
    if (options.count_all) {
      ++result.source_counts[segment.sources()[doc]];
      if (days[doc] != kNoDay) ++result.year_counts[YearOfDay(days[doc])];
    }
    top.Offer({doc, score});
    if (doc == kNoMoreDocs - 1) break;
  }
  result.hits = std::move(top).Sorted();
  return result;
}

}  // namespace chronicle::index::segment
