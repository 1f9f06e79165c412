// Top-k BM25 search over one segment, exact, skipping what cannot reach the
// top k.
//
// A query is a conjunction of clauses, each a disjunction of terms (the
// shape Chronicle's word queries compile to: every word must match, through
// its stem or the form typed). A document's score is the sum of the BM25
// scores of every query term it holds. The search walks the candidates of
// the clause with the fewest postings; before looking at a candidate it adds
// up, for each term, the highest score the block around the candidate allows
// (PostingList's impacts): when that cannot beat the k-th best score so far,
// it jumps past the nearest block end without decoding anything. Results are
// identical to scoring every matching document (search_test.cc checks that
// against a brute-force scorer on random segments and queries). Phrases are
// conjunctions of their terms whose positions are checked last, on the
// candidates that passed everything else.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "core/index/segment/bm25.h"
#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

struct SegmentQuery {
  // Every clause must match; a clause matches when any of its terms does.
  std::vector<std::vector<std::string>> clauses;
  // Per clause (missing: false): whether every document holding one of its
  // later terms holds its first too, at least as often (a word's stem, then
  // the form typed: DocumentBuilder adds each occurrence of a form to its
  // stem). The first term's postings alone then propose the clause's
  // documents, and the others are read only to bound or score a candidate.
  // The caller vouches for it: a document that breaks it may be missed.
  std::vector<bool> first_term_covers;
  // Every filter must match too, adding no score: each is any of its terms
  // (boolean terms such as a publication year). A filter rarer than the
  // clauses proposes the candidates.
  std::vector<std::vector<std::string>> filters;
  // Every phrase must match: its terms at consecutive positions, in order.
  // Each of its terms scores as a word of its own would.
  std::vector<std::vector<std::string>> phrases;
  // No document holding any of these terms matches.
  std::vector<std::string> excluded;
  // Publication times in seconds, inclusive; documents without one never
  // pass a bounded range.
  int64_t published_min = std::numeric_limits<int64_t>::min();
  int64_t published_max = std::numeric_limits<int64_t>::max();
};

// What BM25 weighs a term against: the collection's size, its documents'
// average length, and how many documents hold each term. A search over
// several segments gives every segment the statistics of all of them, so a
// document scores the same whichever segment holds it.
struct CollectionStatistics {
  int64_t documents = 0;
  double average_length = 0;
  // Per query term; a term missing here counts as held by no document.
  absl::flat_hash_map<std::string, int64_t> term_documents;
};

// How hits rank: by score, or by publication time (newest or oldest first;
// an undated document counts as the oldest), then score.
enum class Order { kRelevance, kNewest, kOldest };

struct SearchOptions {
  int k = 10;
  // A date order visits every match (nothing skipped, the count exact).
  // Only QueryTree searches (SearchTree, IndexSnapshot) take it; Search of
  // a SegmentQuery ranks by relevance.
  Order order = Order::kRelevance;
  // The statistics to score with; null: the segment's own.
  const CollectionStatistics* collection = nullptr;
  // Only documents scoring above this count (matches and hits): what
  // segments searched earlier already hold at the k-th place. Ignored with
  // count_all.
  double min_score = -1;
  // Under a date order, what segments searched earlier hold at the k-th
  // place: only documents published at this second or later (kNewest), or
  // at it or earlier (kOldest), are kept as hits. Every match still counts.
  std::optional<int64_t> published_bar;
  // Under a date order, the k hits kept come in no particular order: the
  // caller orders what it keeps of several segments once (IndexSnapshot),
  // instead of each segment sorting its own.
  bool hits_in_any_order = false;
  // Documents deleted or replaced since the segment was written: bit d of
  // word d / 64 set means document d no longer counts. Empty: none. Its
  // size in words must cover the segment's documents or be 0 (otherwise
  // nothing matches).
  absl::Span<const uint64_t> deleted;
  // Visit every match: exact match count and facet counts, no skipping.
  bool count_all = false;
  // With count_all, the facets counted (each costs per match).
  bool count_sources = true;
  bool count_tags = false;
  bool count_months = true;
  // Count every match, skipping nothing, until this many are found (Xapian's
  // check_at_least, Lucene's total hits threshold): so the match count is
  // exact whenever it is below this.
  int64_t count_at_least = 0;
  Bm25Parameters bm25;
};

struct Hit {
  uint32_t doc = 0;
  double score = 0;
};

struct SearchStats {
  int64_t scored = 0;          // documents whose score was computed
  int64_t blocks_skipped = 0;  // jumps over a block end without decoding
  int64_t tier_candidates = 0;  // candidates an impact tier proposed (impact_tier.h)
};

struct SearchResult {
  // Best first; equal scores in increasing document order.
  std::vector<Hit> hits;
  // Matches found: exact with count_all, otherwise a lower bound.
  int64_t matches = 0;
  // With count_all: matches per source ordinal, per tag ordinal, and per
  // publication month (MonthOfTime), each as SearchOptions asked.
  std::vector<int64_t> source_counts;
  std::vector<int64_t> tag_counts;
  absl::flat_hash_map<int, int64_t> month_counts;
  SearchStats stats;
};

SearchResult Search(const Segment& segment, const SegmentQuery& query, const SearchOptions& options);

// The year (proleptic Gregorian, UTC) of a day number.
int YearOfDay(int32_t day);
// The year (UTC) of a publication time.
int YearOfTime(int64_t seconds);
// The month (UTC) of a publication time as year * 100 + month: 201912.
int MonthOfTime(int64_t seconds);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEARCH_H_
