// IndexReader::Search: one page of ranked articles with snippets, facets and
// the near-duplicates collapsed into each result. The articles' segments
// rank, count and store what a result shows; the duplicates' segments hold
// each duplicate under its original.
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
#include "core/common/compression.h"
#include "core/common/status_macros.h"
#include "core/index/facets.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/schema.h"
#include "core/index/segment_query.h"
#include "core/index/snippet.h"
#include "core/index/stored_events_scan.h"
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

// A result's fields from the article's stored record. Errors: DATA_LOSS
// when the record does not parse.
absl::Status FillResult(const segment::Segment& segment, uint32_t doc, RecordDecompressor& records,
                        const Highlighter& highlighter, bool markup, v1::SearchResult* result) {
  const absl::string_view bytes = segment.stored(doc);
  auto unreadable = [&] {
    return absl::DataLossError(absl::StrCat("stored record of article \"", result->article_id(), "\" does not parse"));
  };
  // The events, most of the record, are stepped over unparsed.
  ScannedArticle record;
  v1::Citation article;
  if (!ScanStoredArticle(bytes, record).ok() ||
      !article.ParseFromArray(record.citation.data(), static_cast<int>(record.citation.size()))) {
    return unreadable();
  }
  absl::StatusOr<std::string> body = records.Decompress(record.compressed_body, segment);
  if (!body.ok()) return unreadable();
  result->set_title(article.title());
  result->set_source(article.source());
  result->set_url(std::string(record.url));
  if (article.has_published_at()) *result->mutable_published_at() = article.published_at();
  HighlightedText snippet = highlighter.Snippet(*body, kSnippetBytes);
  result->set_snippet(std::move(snippet.text));
  for (v1::Highlight& highlight : snippet.highlights) *result->add_snippet_highlights() = highlight;
  HighlightedText title = highlighter.MarkTitle(article.title());
  for (v1::Highlight& highlight : title.highlights) *result->add_title_highlights() = highlight;
  if (markup) {
    result->set_snippet_markup(std::move(snippet.markup));
    result->set_title_markup(std::move(title.markup));
  }
  return absl::OkStatus();
}

}  // namespace

// Duplicates are indexed under their original: count and name them, in the
// order they were indexed.
void IndexReader::FillSimilar(absl::string_view id, v1::SearchResult* result) const {
  if (duplicates_->live_documents() == 0) return;
  segment::SearchOptions options;
  options.k = kMaxSimilarIds;
  options.count_all = true;
  options.count_sources = options.count_tags = options.count_months = false;
  const segment::IndexSearchResult found =
      duplicates_->Search(segment::QueryTree::Term(schema::BooleanTerm(schema::kOriginalPrefix, id)), options);
  if (found.matches == 0) return;
  result->set_similar_count(static_cast<int32_t>(found.matches));
  for (const segment::IndexHit& hit : found.hits) result->add_similar_ids(std::string(duplicates_->key(hit)));
}

absl::StatusOr<v1::SearchResponse> IndexReader::Search(const v1::SearchRequest& request) {
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
        segment_readers_->articles->Retained(token.generation, token.snapshot_sequence, now);
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

  // The page's articles, read from the records the segments store with
  // them, with the query's words marked.
  v1::SearchResponse response;
  const Highlighter highlighter(&stemmer_, query.WeightedTerms());
  for (size_t i = static_cast<size_t>(std::min<int64_t>(token.offset, found.hits.size()));
       i < found.hits.size() && response.results_size() < page_size; ++i) {
    const segment::IndexHit& hit = found.hits[i];
    v1::SearchResult* result = response.add_results();
    const std::string id(snapshot->key(hit));
    result->set_article_id(id);
    result->set_score(hit.score);
    RETURN_IF_ERROR(FillResult(*snapshot->segments()[hit.segment].segment, hit.doc, *segment_readers_->records,
                               highlighter, request.highlight_markup(), result));
    FillSimilar(id, result);
  }
  if (found.hits.size() > static_cast<size_t>(token.offset + page_size)) {
    response.set_next_page_token(EncodePageToken(
        {token.offset + page_size, snapshot->applied_sequence(), token.fingerprint, snapshot->generation()}));
    segment_readers_->articles->Retain(snapshot, now);
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
