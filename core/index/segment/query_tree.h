// Any query of Chronicle's language over a segment: a tree of terms,
// phrases, conjunctions, disjunctions, exclusions, unweighted filters and
// publication ranges, searched for its top k.
//
// Weights are Xapian 1.4's, so that a tree ranks as the Xapian query it
// replaces: a term weighs its BM25 score; a phrase, the sum of its terms'
// scores; a conjunction or a disjunction, the sum of its matching children's
// weights; an exclusion, its first child's; a filter, nothing. A prefix is
// expanded, before it gets here, into the disjunction of the terms it
// stands for (ExpandPrefix).
//
// Trees of the shape most searches take — every child of the root a term, a
// disjunction of terms, a phrase, a filter of terms or a publication range — are
// answered by Search (search.h), which skips the blocks that cannot reach
// the top k; every other tree is walked document by document over the
// documents it matches, exactly and without skipping.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_QUERY_TREE_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_QUERY_TREE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/index/segment/search.h"
#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

struct QueryTree {
  enum class Kind {
    kNothing,     // no document
    kEverything,  // every document, weighing nothing
    kTerm,        // the documents holding `term`
    kPhrase,      // `terms` at consecutive positions
    kAll,         // every child
    kAny,         // any child
    kExcept,      // the first child, without the documents of any other
    kFilter,      // the only child, weighing nothing
    kPublished,   // publication time in [published_min, published_max]
  };
  Kind kind = Kind::kNothing;
  std::string term;
  std::vector<std::string> terms;
  std::vector<QueryTree> children;
  int64_t published_min = std::numeric_limits<int64_t>::min();
  int64_t published_max = std::numeric_limits<int64_t>::max();
  // kAny of terms: every document holding a later term holds the first too,
  // at least as often (a word's stem and the form typed), so the first
  // term's postings alone give the disjunction's documents and its
  // frequency bounds the others'. The caller vouches for it; a search that
  // relies on it may miss a document breaking it.
  bool first_covers_rest = false;

  static QueryTree Nothing() { return QueryTree(); }
  static QueryTree Everything() { return Make(Kind::kEverything); }
  static QueryTree Term(std::string term);
  static QueryTree Phrase(std::vector<std::string> terms);
  static QueryTree All(std::vector<QueryTree> children);
  static QueryTree Any(std::vector<QueryTree> children);
  // Any of the terms, the first holding every document the others do, at
  // least as often.
  static QueryTree AnyCoveredByFirst(std::vector<std::string> terms);
  static QueryTree Except(QueryTree base, std::vector<QueryTree> excluded);
  static QueryTree Filter(QueryTree child);
  // Seconds, both ends inclusive.
  static QueryTree Published(int64_t published_min, int64_t published_max);

  // The terms whose statistics weigh in: every term and phrase term outside
  // filters and excluded branches.
  std::vector<std::string> WeightedTerms() const;

 private:
  static QueryTree Make(Kind kind) {
    QueryTree tree;
    tree.kind = kind;
    return tree;
  }
};

// The flat form Search answers with block skipping, when the tree has it.
std::optional<SegmentQuery> Flatten(const QueryTree& tree);

// Top options.k of the tree over the segment, as Search for flat trees.
// options.collection must be given when the segment is one of several.
SearchResult SearchTree(const Segment& segment, const QueryTree& tree, const SearchOptions& options);

// The terms of the segment that start with `prefix`, in term order.
std::vector<std::string> TermsWithPrefix(const Segment& segment, absl::string_view prefix);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_QUERY_TREE_H_
