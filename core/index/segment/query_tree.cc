#include "core/index/segment/query_tree.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "core/index/segment/search_internal.h"

namespace chronicle::index::segment {
namespace {

// A tree's documents, in increasing order, one at a time.
class Matcher {
 public:
  virtual ~Matcher() = default;
  // The current document; kNoMoreDocs past the last.
  virtual uint32_t doc() const = 0;
  // To the first document at or after `target` the tree matches.
  virtual void Advance(uint32_t target) = 0;
  // The tree's weight for doc().
  virtual double Score() = 0;
};

class NothingMatcher : public Matcher {
 public:
  uint32_t doc() const override { return kNoMoreDocs; }
  void Advance(uint32_t) override {}
  double Score() override { return 0; }
};

// Every document, or those published in a range.
class DocumentsMatcher : public Matcher {
 public:
  DocumentsMatcher(absl::Span<const int64_t> published, int64_t min, int64_t max, bool all)
      : published_(published), min_(min), max_(max), all_(all) {}
  uint32_t doc() const override { return doc_; }
  void Advance(uint32_t target) override {
    if (started_ && doc_ >= target) return;
    started_ = true;
    uint64_t d = target;
    while (d < published_.size() && !all_ &&
           (published_[d] == kNoTime || published_[d] < min_ || published_[d] > max_)) {
      ++d;
    }
    doc_ = d < published_.size() ? static_cast<uint32_t>(d) : kNoMoreDocs;
  }
  double Score() override { return 0; }

 private:
  absl::Span<const int64_t> published_;
  int64_t min_, max_;
  bool all_;
  bool started_ = false;
  uint32_t doc_ = 0;
};

class TermMatcher : public Matcher {
 public:
  explicit TermMatcher(std::unique_ptr<TermScorer> scorer) : scorer_(std::move(scorer)) {}
  uint32_t doc() const override { return scorer_->doc(); }
  void Advance(uint32_t target) override { scorer_->Advance(target); }
  double Score() override { return scorer_->Score(); }

 private:
  std::unique_ptr<TermScorer> scorer_;
};

// Documents every child matches; the children's weights add.
class AllMatcher : public Matcher {
 public:
  explicit AllMatcher(std::vector<std::unique_ptr<Matcher>> children) : children_(std::move(children)) {}
  uint32_t doc() const override { return doc_; }
  void Advance(uint32_t target) override {
    if (started_ && doc_ >= target) return;
    started_ = true;
    while (true) {
      uint32_t highest = target;
      for (const auto& child : children_) {
        child->Advance(target);
        highest = std::max(highest, child->doc());
      }
      if (highest == kNoMoreDocs || std::all_of(children_.begin(), children_.end(), [&](const auto& child) {
            return child->doc() == highest;
          })) {
        doc_ = highest;
        return;
      }
      target = highest;
    }
  }
  double Score() override {
    double score = 0;
    for (const auto& child : children_) score += child->Score();
    return score;
  }

 protected:
  std::vector<std::unique_ptr<Matcher>> children_;
  bool started_ = false;
  uint32_t doc_ = 0;
};

// Its terms at consecutive positions: a conjunction checked for position.
class PhraseMatcher : public Matcher {
 public:
  explicit PhraseMatcher(std::vector<std::unique_ptr<TermScorer>> terms) : terms_(std::move(terms)) {
    for (const auto& term : terms_) raw_.push_back(term.get());
  }
  uint32_t doc() const override { return doc_; }
  void Advance(uint32_t target) override {
    if (started_ && doc_ >= target) return;
    started_ = true;
    while (true) {
      uint32_t highest = target;
      for (TermScorer* term : raw_) {
        term->Advance(target);
        highest = std::max(highest, term->doc());
      }
      if (highest == kNoMoreDocs) {
        doc_ = kNoMoreDocs;
        return;
      }
      const bool aligned =
          std::all_of(raw_.begin(), raw_.end(), [&](const TermScorer* term) { return term->doc() == highest; });
      if (aligned && PhraseMatches(raw_)) {
        doc_ = highest;
        return;
      }
      target = aligned ? highest + 1 : highest;
      if (target == kNoMoreDocs) {
        doc_ = kNoMoreDocs;
        return;
      }
    }
  }
  double Score() override {
    double score = 0;
    for (TermScorer* term : raw_) score += term->Score();
    return score;
  }

 private:
  std::vector<std::unique_ptr<TermScorer>> terms_;
  std::vector<TermScorer*> raw_;
  bool started_ = false;
  uint32_t doc_ = 0;
};

// Documents any child matches; the weights of those that match add.
class AnyMatcher : public Matcher {
 public:
  explicit AnyMatcher(std::vector<std::unique_ptr<Matcher>> children) : children_(std::move(children)) {}
  uint32_t doc() const override { return doc_; }
  void Advance(uint32_t target) override {
    if (started_ && doc_ >= target) return;
    started_ = true;
    doc_ = kNoMoreDocs;
    for (const auto& child : children_) {
      child->Advance(target);
      doc_ = std::min(doc_, child->doc());
    }
  }
  double Score() override {
    double score = 0;
    for (const auto& child : children_) {
      if (child->doc() == doc_) score += child->Score();
    }
    return score;
  }

 private:
  std::vector<std::unique_ptr<Matcher>> children_;
  bool started_ = false;
  uint32_t doc_ = 0;
};

class ExceptMatcher : public Matcher {
 public:
  ExceptMatcher(std::unique_ptr<Matcher> base, std::unique_ptr<Matcher> excluded)
      : base_(std::move(base)), excluded_(std::move(excluded)) {}
  uint32_t doc() const override { return base_->doc(); }
  void Advance(uint32_t target) override {
    base_->Advance(target);
    while (base_->doc() != kNoMoreDocs) {
      excluded_->Advance(base_->doc());
      if (excluded_->doc() != base_->doc()) return;
      base_->Advance(base_->doc() + 1);
    }
  }
  double Score() override { return base_->Score(); }

 private:
  std::unique_ptr<Matcher> base_;
  std::unique_ptr<Matcher> excluded_;
};

class FilterMatcher : public Matcher {
 public:
  explicit FilterMatcher(std::unique_ptr<Matcher> child) : child_(std::move(child)) {}
  uint32_t doc() const override { return child_->doc(); }
  void Advance(uint32_t target) override { child_->Advance(target); }
  double Score() override { return 0; }

 private:
  std::unique_ptr<Matcher> child_;
};

class MatcherBuilder {
 public:
  MatcherBuilder(const Segment& segment, const SearchOptions& options) : segment_(segment), options_(options) {}

  std::unique_ptr<Matcher> Build(const QueryTree& tree, bool weighted) {
    switch (tree.kind) {
      case QueryTree::Kind::kNothing:
        return std::make_unique<NothingMatcher>();
      case QueryTree::Kind::kEverything:
        return std::make_unique<DocumentsMatcher>(segment_.published(), 0, 0, /*all=*/true);
      case QueryTree::Kind::kPublished:
        return std::make_unique<DocumentsMatcher>(segment_.published(), tree.published_min, tree.published_max,
                                                  /*all=*/false);
      case QueryTree::Kind::kTerm: {
        std::unique_ptr<TermScorer> scorer = Scorer(tree.term, weighted);
        if (scorer == nullptr) return std::make_unique<NothingMatcher>();
        return std::make_unique<TermMatcher>(std::move(scorer));
      }
      case QueryTree::Kind::kPhrase: {
        std::vector<std::unique_ptr<TermScorer>> terms;
        for (const std::string& term : tree.terms) {
          terms.push_back(Scorer(term, weighted));
          if (terms.back() == nullptr) return std::make_unique<NothingMatcher>();
        }
        if (terms.empty()) return std::make_unique<NothingMatcher>();
        return std::make_unique<PhraseMatcher>(std::move(terms));
      }
      case QueryTree::Kind::kAll:
      case QueryTree::Kind::kAny: {
        std::vector<std::unique_ptr<Matcher>> children;
        for (const QueryTree& child : tree.children) children.push_back(Build(child, weighted));
        if (children.empty()) return std::make_unique<NothingMatcher>();
        if (tree.kind == QueryTree::Kind::kAll) return std::make_unique<AllMatcher>(std::move(children));
        return std::make_unique<AnyMatcher>(std::move(children));
      }
      case QueryTree::Kind::kExcept: {
        if (tree.children.empty()) return std::make_unique<NothingMatcher>();
        std::vector<std::unique_ptr<Matcher>> excluded;
        for (size_t i = 1; i < tree.children.size(); ++i) excluded.push_back(Build(tree.children[i], false));
        std::unique_ptr<Matcher> base = Build(tree.children.front(), weighted);
        if (excluded.empty()) return base;
        return std::make_unique<ExceptMatcher>(std::move(base), std::make_unique<AnyMatcher>(std::move(excluded)));
      }
      case QueryTree::Kind::kFilter:
        if (tree.children.empty()) return std::make_unique<NothingMatcher>();
        return std::make_unique<FilterMatcher>(Build(tree.children.front(), false));
    }
    return std::make_unique<NothingMatcher>();
  }

 private:
  // Null when the segment has no document with the term.
  std::unique_ptr<TermScorer> Scorer(const std::string& term, bool weighted) {
    const PostingList list = segment_.Find(term);
    if (list.document_count() == 0) return nullptr;
    Bm25Term bm25 = Bm25Term::Zero();
    if (weighted && options_.collection == nullptr) {
      bm25 = Bm25Term(segment_.document_count(), list.document_count(), segment_.average_length(), options_.bm25);
    } else if (weighted) {
      const auto it = options_.collection->term_documents.find(term);
      const int64_t held = it != options_.collection->term_documents.end() ? it->second : 0;
      bm25 = Bm25Term(options_.collection->documents, std::max<int64_t>(held, list.document_count()),
                      options_.collection->average_length, options_.bm25);
    }
    return std::make_unique<TermScorer>(list, bm25, segment_.lengths().data());
  }

  const Segment& segment_;
  const SearchOptions& options_;
};

// Adds `tree`, a child of a flat conjunction, to `query`; false when it
// does not fit the flat form.
// The terms of a term or of a disjunction of terms, nested or not (a
// disjunction's weight is the sum of its matching terms' at any depth);
// false for anything else.
bool TermsOf(const QueryTree& node, std::vector<std::string>& out) {
  if (node.kind == QueryTree::Kind::kTerm) {
    out.push_back(node.term);
    return true;
  }
  if (node.kind != QueryTree::Kind::kAny || node.children.empty()) return false;
  return std::all_of(node.children.begin(), node.children.end(),
                     [&](const QueryTree& child) { return TermsOf(child, out); });
}

bool AddFlat(const QueryTree& tree, SegmentQuery& query) {
  auto terms_of = [](const QueryTree& node, std::vector<std::string>& out) { return TermsOf(node, out); };
  switch (tree.kind) {
    case QueryTree::Kind::kEverything:
      return true;
    case QueryTree::Kind::kAll:
      return std::all_of(tree.children.begin(), tree.children.end(),
                         [&](const QueryTree& child) { return AddFlat(child, query); });
    case QueryTree::Kind::kExcept: {
      // Excluded terms (or disjunctions of terms) only.
      if (tree.children.empty() || !AddFlat(tree.children.front(), query)) return false;
      for (size_t i = 1; i < tree.children.size(); ++i) {
        if (!TermsOf(tree.children[i], query.excluded)) return false;
      }
      return true;
    }
    case QueryTree::Kind::kPhrase:
      if (tree.terms.empty()) return false;
      query.phrases.push_back(tree.terms);
      return true;
    case QueryTree::Kind::kPublished:
      query.published_min = std::max(query.published_min, tree.published_min);
      query.published_max = std::min(query.published_max, tree.published_max);
      return true;
    case QueryTree::Kind::kFilter: {
      if (tree.children.size() != 1) return false;
      const QueryTree& child = tree.children.front();
      if (child.kind == QueryTree::Kind::kPublished || child.kind == QueryTree::Kind::kEverything) {
        return AddFlat(child, query);
      }
      std::vector<std::string> terms;
      if (!terms_of(child, terms)) return false;
      query.filters.push_back(std::move(terms));
      return true;
    }
    default: {
      std::vector<std::string> terms;
      if (!terms_of(tree, terms)) return false;
      // Only a disjunction of plain terms keeps its cover: nested ones
      // flatten into one list whose first term need not cover the rest.
      const bool covers = tree.kind == QueryTree::Kind::kAny && tree.first_covers_rest &&
                          std::all_of(tree.children.begin(), tree.children.end(),
                                      [](const QueryTree& child) { return child.kind == QueryTree::Kind::kTerm; });
      if (covers) {
        query.first_term_covers.resize(query.clauses.size(), false);
        query.first_term_covers.push_back(true);
      }
      query.clauses.push_back(std::move(terms));
      return true;
    }
  }
}

void CollectWeighted(const QueryTree& tree, std::vector<std::string>& out) {
  switch (tree.kind) {
    case QueryTree::Kind::kTerm:
      out.push_back(tree.term);
      break;
    case QueryTree::Kind::kPhrase:
      out.insert(out.end(), tree.terms.begin(), tree.terms.end());
      break;
    case QueryTree::Kind::kAll:
    case QueryTree::Kind::kAny:
      for (const QueryTree& child : tree.children) CollectWeighted(child, out);
      break;
    case QueryTree::Kind::kExcept:
      if (!tree.children.empty()) CollectWeighted(tree.children.front(), out);
      break;
    default:
      break;
  }
}

}  // namespace

QueryTree QueryTree::Term(std::string term) {
  QueryTree tree = Make(Kind::kTerm);
  tree.term = std::move(term);
  return tree;
}

QueryTree QueryTree::Phrase(std::vector<std::string> terms) {
  QueryTree tree = Make(Kind::kPhrase);
  tree.terms = std::move(terms);
  return tree;
}

QueryTree QueryTree::All(std::vector<QueryTree> children) {
  QueryTree tree = Make(Kind::kAll);
  tree.children = std::move(children);
  return tree;
}

QueryTree QueryTree::Any(std::vector<QueryTree> children) {
  QueryTree tree = Make(Kind::kAny);
  tree.children = std::move(children);
  return tree;
}

QueryTree QueryTree::AnyCoveredByFirst(std::vector<std::string> terms) {
  std::vector<QueryTree> children;
  for (std::string& term : terms) children.push_back(Term(std::move(term)));
  QueryTree tree = Any(std::move(children));
  tree.first_covers_rest = true;
  return tree;
}

QueryTree QueryTree::Except(QueryTree base, std::vector<QueryTree> excluded) {
  QueryTree tree = Make(Kind::kExcept);
  tree.children.push_back(std::move(base));
  for (QueryTree& child : excluded) tree.children.push_back(std::move(child));
  return tree;
}

QueryTree QueryTree::Filter(QueryTree child) {
  QueryTree tree = Make(Kind::kFilter);
  tree.children.push_back(std::move(child));
  return tree;
}

QueryTree QueryTree::Published(int64_t published_min, int64_t published_max) {
  QueryTree tree = Make(Kind::kPublished);
  tree.published_min = published_min;
  tree.published_max = published_max;
  return tree;
}

std::vector<std::string> QueryTree::WeightedTerms() const {
  std::vector<std::string> terms;
  CollectWeighted(*this, terms);
  return terms;
}

std::optional<SegmentQuery> Flatten(const QueryTree& tree) {
  SegmentQuery query;
  if (!AddFlat(tree, query)) return std::nullopt;
  // Search ranks what clauses or phrases match; filters alone are walked.
  if (query.clauses.empty() && query.phrases.empty()) return std::nullopt;
  return query;
}

namespace {

// SelectedHits<ByDate> behind SearchOptions::published_bar: a hit
// published beyond the bar cannot rank among the k kept over the segments
// searched so far, and is not gathered (or sorted) at all.
class BarredByDate {
 public:
  // With `sorted` false, Sorted() gives the hits in no particular order
  // (SearchOptions::hits_in_any_order).
  BarredByDate(size_t k, ByDate by_date, std::optional<int64_t> bar, bool sorted)
      : hits_(k, -1, by_date), by_date_(by_date), bar_(bar), sorted_(sorted) {}
  void Offer(const Hit& hit) {
    if (bar_.has_value()) {
      const int64_t when = by_date_.published[hit.doc];
      if (by_date_.newest ? when < *bar_ : when > *bar_) return;
    }
    hits_.Offer(hit);
  }
  std::vector<Hit> Sorted() && { return sorted_ ? std::move(hits_).Sorted() : std::move(hits_).Unsorted(); }

 private:
  SelectedHits<ByDate> hits_;
  ByDate by_date_;
  std::optional<int64_t> bar_;
  bool sorted_;
};

// Walks every match of `tree`, offering each to `top` (TopHits for
// relevance, BarredByDate for date orders).
template <typename Top>
SearchResult WalkTree(const Segment& segment, const QueryTree& tree, const SearchOptions& options, double floor,
                      Top top) {
  SearchResult result;
  FacetTally facets(segment, options, result);
  MatcherBuilder builder(segment, options);
  std::unique_ptr<Matcher> matcher = builder.Build(tree, /*weighted=*/true);
  for (matcher->Advance(0); matcher->doc() != kNoMoreDocs; matcher->Advance(matcher->doc() + 1)) {
    const uint32_t doc = matcher->doc();
    if (IsDeleted(options.deleted, doc)) {
      if (doc == kNoMoreDocs - 1) break;
      continue;
    }
    const double score = matcher->Score();
    ++result.stats.scored;
    if (score > floor) {
      ++result.matches;
      if (options.count_all) facets.Count(doc);
      top.Offer({doc, score});
    }
    if (doc == kNoMoreDocs - 1) break;
  }
  result.hits = std::move(top).Sorted();
  facets.Finish();
  return result;
}

}  // namespace

SearchResult SearchTree(const Segment& segment, const QueryTree& tree, const SearchOptions& options) {
  const bool by_relevance = options.order == Order::kRelevance;
  if (by_relevance) {
    if (std::optional<SegmentQuery> flat = Flatten(tree)) return Search(segment, *flat, options);
  }
  if ((options.k <= 0 && !options.count_all) ||
      (!options.deleted.empty() && options.deleted.size() * 64 < segment.document_count())) {
    SearchResult result;
    FacetTally(segment, options, result).Finish();
    return result;
  }
  const size_t k = static_cast<size_t>(std::max(options.k, 0));
  if (!by_relevance) {
    // Every match counts under a date order: no floor.
    return WalkTree(segment, tree, options, -1,
                    BarredByDate(k, ByDate{segment.published().data(), options.order == Order::kNewest},
                                 options.published_bar, !options.hits_in_any_order));
  }
  const double floor = options.count_all ? -1 : options.min_score;
  return WalkTree(segment, tree, options, floor, TopHits(k, floor));
}

std::vector<std::string> TermsWithPrefix(const Segment& segment, absl::string_view prefix) {
  std::vector<std::string> terms;
  // The terms are sorted: those with the prefix are one run.
  for (Segment::TermCursor cursor = segment.Terms(prefix); !cursor.done() && absl::StartsWith(cursor.term(), prefix);
       cursor.Next()) {
    terms.emplace_back(cursor.term());
  }
  return terms;
}

}  // namespace chronicle::index::segment
