// IndexReader::Search: one page of ranked articles with snippets, facets and
// the near-duplicates collapsed into each result. The segments rank and
// count; Xapian holds each result's stored article and its duplicates.
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "core/common/status_macros.h"
#include "core/index/facets.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/schema.h"
#include "core/index/segment_query.h"
#include "core/index/snippet.h"
#include "core/query/date_period.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 10;
constexpr int kMaxPageSize = 100;
constexpr int kDefaultFacetSize = 10;
constexpr int kMaxFacetSize = 100;
constexpr size_t kSnippetBytes = 240;
// Duplicate ids listed per result; similar_count has them all.
constexpr int kMaxSimilarIds = 10;
// Matches counted exactly before the segments skip what cannot rank: below
// it total_size is exact, above it a lower bound (Lucene's default).
constexpr int64_t kExactCountBelow = 1000;

absl::StatusOr<int> Bounded(int requested, int default_value, int maximum, absl::string_view field) {
  if (requested < 0 || requested > maximum) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", requested, " is outside 0..", maximum));
  }
  return requested == 0 ? default_value : requested;
}

// The request's filters: sources, languages, entities, publication dates.
absl::StatusOr<std::vector<segment::QueryTree>> SegmentFilters(const v1::SearchFilter& filter,
                                                               const EntityResolver* resolve_entity) {
  using segment::QueryTree;
  std::vector<QueryTree> parts;
  auto any_of = [](absl::string_view prefix, const google::protobuf::RepeatedPtrField<std::string>& values) {
    std::vector<QueryTree> terms;
    for (const std::string& value : values) {
      terms.push_back(QueryTree::Term(schema::BooleanTerm(prefix, absl::AsciiStrToLower(value))));
    }
    return QueryTree::Filter(QueryTree::Any(std::move(terms)));
  };
  if (!filter.sources().empty()) parts.push_back(any_of(schema::kSourcePrefix, filter.sources()));
  if (!filter.languages().empty()) parts.push_back(any_of(schema::kLanguagePrefix, filter.languages()));
  for (const std::string& entity : filter.entities()) parts.push_back(SegmentEntityFilter(entity, resolve_entity));
  ASSIGN_OR_RETURN(query::DatePeriod published,
                   query::ParseDateRange(filter.published_from(), "filter.published_from",
                                         filter.published_until(), "filter.published_until"));
  if (published.start != absl::InfinitePast() || published.end != absl::InfiniteFuture()) {
    parts.push_back(PublishedFilter(published.start, published.end));
  }
  return parts;
}

segment::Order SegmentOrder(v1::SearchRequest::Order order) {
  switch (order) {
    case v1::SearchRequest::NEWEST:
      return segment::Order::kNewest;
    case v1::SearchRequest::OLDEST:
      return segment::Order::kOldest;
    default:
      return segment::Order::kRelevance;
  }
}

void FillResult(const v1::Article& article, const Highlighter& highlighter, bool markup, v1::SearchResult* result) {
  result->set_title(article.metadata().title());
  result->set_source(article.metadata().source());
  result->set_url(article.url());
  if (article.metadata().has_published()) {
    *result->mutable_published_at() = article.metadata().published().time();
  }
  HighlightedText snippet = highlighter.Snippet(article.body(), kSnippetBytes);
  result->set_snippet(std::move(snippet.text));
  for (v1::Highlight& highlight : snippet.highlights) *result->add_snippet_highlights() = highlight;
  HighlightedText title = highlighter.MarkTitle(article.metadata().title());
  for (v1::Highlight& highlight : title.highlights) *result->add_title_highlights() = highlight;
  if (markup) {
    result->set_snippet_markup(std::move(snippet.markup));
    result->set_title_markup(std::move(title.markup));
  }
}

// Duplicates are indexed as stubs under their original: count and name them.
void FillSimilar(const Xapian::Database& db, v1::SearchResult* result) {
  const std::string term = schema::BooleanTerm(schema::kOriginalPrefix, result->article_id());
  if (!db.term_exists(term)) return;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet duplicates = enquire.get_mset(0, kMaxSimilarIds, db.get_termfreq(term));
  result->set_similar_count(static_cast<int32_t>(duplicates.get_matches_estimated()));
  for (Xapian::MSetIterator it = duplicates.begin(); it != duplicates.end(); ++it) {
    result->add_similar_ids(it.get_document().get_value(schema::kIdSlot));
  }
}

}  // namespace

absl::StatusOr<v1::SearchResponse> IndexReader::SearchSegments(const v1::SearchRequest& request) {
  ASSIGN_OR_RETURN(const int page_size, Bounded(request.page_size(), kDefaultPageSize, kMaxPageSize, "page_size"));
  ASSIGN_OR_RETURN(const int facet_size,
                   Bounded(request.facet_size(), kDefaultFacetSize, kMaxFacetSize, "facet_size"));
  ASSIGN_OR_RETURN(std::vector<std::string> facet_names, FacetCounter::CheckNames(request.facets()));
  const absl::Time now = absl::Now();
  std::shared_ptr<const segment::IndexSnapshot> snapshot = segments_;
  PageToken token{0, snapshot->applied_sequence(), RequestFingerprint(request), snapshot->generation()};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
    // Later pages read the first page's commit while it is retained; after
    // that, the latest (where they may shift).
    std::shared_ptr<const segment::IndexSnapshot> kept =
        segment_reader_->Retained(token.generation, token.snapshot_sequence, now);
    if (kept != nullptr) snapshot = std::move(kept);
  }

  ASSIGN_OR_RETURN(segment::QueryTree text, ParseSegmentQuery(request.query(), "query", ArticleContext(*snapshot)));
  ASSIGN_OR_RETURN(std::vector<segment::QueryTree> parts, SegmentFilters(request.filter(), &resolve_entity_));
  segment::QueryTree query = std::move(text);
  if (!parts.empty()) {
    parts.insert(parts.begin(), std::move(query));
    query = segment::QueryTree::All(std::move(parts));
  }
  segment::SearchOptions options;
  // One extra hit tells whether another page exists.
  options.k = static_cast<int>(std::min<int64_t>(token.offset + page_size + 1, std::numeric_limits<int>::max()));
  options.count_all = !facet_names.empty();
  auto asked = [&](absl::string_view facet) {
    return std::find(facet_names.begin(), facet_names.end(), facet) != facet_names.end();
  };
  options.count_sources = asked("source");
  options.count_tags = asked("entity");
  options.count_months = asked("year") || asked("month");
  options.count_at_least = kExactCountBelow;
  options.order = SegmentOrder(request.order_by());
  const segment::IndexSearchResult found = snapshot->Search(query, options);

  // The page's articles, read from the Xapian documents that store them,
  // with the query's words marked.
  v1::SearchResponse response;
  const Highlighter highlighter(&stemmer_, query.WeightedTerms());
  for (size_t i = static_cast<size_t>(std::min<int64_t>(token.offset, found.hits.size()));
       i < found.hits.size() && response.results_size() < page_size; ++i) {
    const segment::IndexHit& hit = found.hits[i];
    v1::SearchResult* result = response.add_results();
    const std::string id(snapshot->key(hit));
    result->set_article_id(id);
    result->set_score(hit.score);
    const std::string id_term = schema::BooleanTerm(schema::kIdPrefix, id);
    Xapian::PostingIterator stored = db_.postlist_begin(id_term);
    // Missing only when the article changed between the two engines'
    // commits this reader sees: its id and score still say what matched.
    if (stored != db_.postlist_end(id_term)) {
      v1::StoredArticle article;
      if (!article.ParseFromString(db_.get_document(*stored).get_data())) {
        return absl::DataLossError(absl::StrCat("index entry of article \"", id, "\" does not parse"));
      }
      FillResult(article.article(), highlighter, request.highlight_markup(), result);
      FillSimilar(db_, result);
    }
  }
  if (found.hits.size() > static_cast<size_t>(token.offset + page_size)) {
    response.set_next_page_token(EncodePageToken(
        {token.offset + page_size, snapshot->applied_sequence(), token.fingerprint, snapshot->generation()}));
    segment_reader_->Retain(snapshot, now);
  }
  response.set_total_size(found.matches);
  response.set_total_size_is_estimate(!found.matches_exact);
  for (const std::string& name : facet_names) {
    absl::flat_hash_map<std::string, int64_t> values;
    if (name == "source") {
      values.insert(found.source_counts.begin(), found.source_counts.end());
      values.erase("");
    } else if (name == "entity") {
      values = found.tag_counts;
    } else if (name == "year") {
      for (const auto& [year, count] : found.year_counts) values[absl::StrFormat("%04d", year)] = count;
    } else {
      for (const auto& [month, count] : found.month_counts) {
        values[absl::StrFormat("%04d-%02d", month / 100, month % 100)] = count;
      }
    }
    *response.add_facets() = FacetCounter::TopValues(name, values, facet_size);
  }
  response.set_applied_sequence(snapshot->applied_sequence());
  return response;
}

}  // namespace chronicle::index
