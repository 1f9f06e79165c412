// IndexReader::Search: one page of ranked articles with snippets.
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/query_builder.h"
#include "core/index/schema.h"
#include "core/index/snippet.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 10;
constexpr int kMaxPageSize = 100;
constexpr size_t kSnippetBytes = 240;

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0 || requested > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", requested, " is outside 0..", kMaxPageSize));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

absl::StatusOr<Xapian::Query> FilterQuery(const v1::SearchFilter& filter) {
  std::vector<Xapian::Query> parts = {
      Xapian::Query(schema::BooleanTerm(schema::kTypePrefix, schema::kArticleType)),
      AnyOfTerms(schema::kSourcePrefix, filter.sources()),
      AnyOfTerms(schema::kLanguagePrefix, filter.languages())};
  for (const std::string& entity : filter.entities()) {
    parts.emplace_back(schema::BooleanTerm(schema::kEntityPrefix, entity));
  }
  ASSIGN_OR_RETURN(query::DatePeriod published,
                   query::ParseDateRange(filter.published_from(), "filter.published_from",
                                  filter.published_until(), "filter.published_until"));
  parts.push_back(TimeRange(schema::kPublishedSlot, published.start, published.end));
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

void FillResult(const Xapian::MSet& mset, const Xapian::MSetIterator& match,
                const Xapian::Stem& stemmer, bool markup, v1::SearchResult* result) {
  v1::StoredArticle stored;
  stored.ParseFromString(match.get_document().get_data());
  const v1::Article& article = stored.article();
  result->set_article_id(article.id());
  result->set_title(article.metadata().title());
  result->set_source(article.metadata().source());
  result->set_url(article.url());
  if (article.metadata().has_published()) {
    *result->mutable_published_at() = article.metadata().published().time();
  }
  result->set_score(match.get_weight());

  HighlightedText snippet = ParseMarkedSnippet(mset.snippet(
      article.body(), kSnippetBytes, stemmer,
      Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, kHighlightStart,
      kHighlightEnd, "…"));
  result->set_snippet(std::move(snippet.text));
  for (v1::Highlight& highlight : snippet.highlights) {
    *result->add_snippet_highlights() = highlight;
  }
  HighlightedText title = ParseMarkedSnippet(
      mset.snippet(article.metadata().title(), article.metadata().title().size() + 1, stemmer, 0,
                   kHighlightStart, kHighlightEnd, ""));
  for (v1::Highlight& highlight : title.highlights) *result->add_title_highlights() = highlight;
  if (markup) {
    result->set_snippet_markup(std::move(snippet.markup));
    result->set_title_markup(std::move(title.markup));
  }
}

}  // namespace

absl::StatusOr<v1::SearchResponse> IndexReader::SearchOnce(const v1::SearchRequest& request) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  PageToken token{0, applied_sequence_, RequestFingerprint(request)};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
  }
  ASSIGN_OR_RETURN(Xapian::Query text, ParseTextQuery(db_, stemmer_, request.query(), "query"));
  ASSIGN_OR_RETURN(Xapian::Query filter, FilterQuery(request.filter()));
  const Xapian::Query query = Filtered(
      text, Xapian::Query(Xapian::Query::OP_AND, filter, CreatedAtOrBefore(token.snapshot_sequence)));

  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  switch (request.order_by()) {
    case v1::SearchRequest::NEWEST:
      enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, true);
      break;
    case v1::SearchRequest::OLDEST:
      enquire.set_sort_by_value_then_relevance(schema::kPublishedSlot, false);
      break;
    default:
      break;  // BM25 relevance, Xapian's default weighting
  }
  // One extra match tells whether another page exists.
  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(token.offset),
                                             static_cast<Xapian::doccount>(page_size + 1));

  v1::SearchResponse response;
  int returned = 0;
  for (Xapian::MSetIterator match = mset.begin(); match != mset.end() && returned < page_size;
       ++match, ++returned) {
    FillResult(mset, match, stemmer_, request.highlight_markup(), response.add_results());
  }
  if (static_cast<int>(mset.size()) > page_size) {
    response.set_next_page_token(EncodePageToken(
        {token.offset + page_size, token.snapshot_sequence, token.fingerprint}));
  }
  response.set_total_size(mset.get_matches_estimated());
  response.set_total_size_is_estimate(mset.get_matches_lower_bound() !=
                                      mset.get_matches_upper_bound());
  response.set_applied_sequence(applied_sequence_);
  return response;
}

}  // namespace chronicle::index
