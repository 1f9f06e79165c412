// IndexReader::Timeline: dated events matching a query or entity, with their
// stemmed terms and match weights, turned into entries by core/timeline.
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/query_builder.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment_query.h"
#include "core/timeline/timeline.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
// Events read per request; beyond this the timeline covers the best-ranked ones.
constexpr Xapian::doccount kMaxEvents = 5000;
// With match_article: the best-ranked articles whose events are used.
constexpr int kMaxArticles = 2000;

}  // namespace

absl::StatusOr<Xapian::Query> IndexReader::ArticleEvents(const std::string& text,
                                                        absl::flat_hash_map<std::string, double>* weights) {
  // The articles come from the segments, which hold their words; their
  // events from Xapian (events created after a page token's snapshot are
  // filtered there).
  const std::shared_ptr<const segment::IndexSnapshot> snapshot = segments_;
  SegmentQueryContext context{&stemmer_, &resolve_entity_, "",
                              [&snapshot](absl::string_view prefix, size_t limit) {
                                return snapshot->ExpandPrefix(prefix, limit);
                              }};
  ASSIGN_OR_RETURN(segment::QueryTree query, ParseSegmentQuery(text, "query", context));
  if (query.kind == segment::QueryTree::Kind::kEverything) return MatchAll();
  segment::SearchOptions options;
  options.k = kMaxArticles;
  const segment::IndexSearchResult matches = snapshot->Search(query, options);
  std::vector<Xapian::Query> owners;
  for (const segment::IndexHit& hit : matches.hits) {
    const std::string id(snapshot->key(hit));
    (*weights)[id] = hit.score;
    owners.emplace_back(schema::BooleanTerm(schema::kArticlePrefix, id));
  }
  if (owners.empty()) return MatchNothing();
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, owners.begin(), owners.end()), 0.0);
}

absl::StatusOr<v1::TimelineResponse> IndexReader::TimelineOnce(const v1::TimelineRequest& request) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size(), " is outside 0..", kMaxPageSize));
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  if (!v1::TimelineRequest::Bucket_IsValid(request.granularity())) {
    return absl::InvalidArgumentError(
        absl::StrCat("granularity: ", request.granularity(), " is not AUTO, DAY, MONTH or YEAR"));
  }
  PageToken token{0, applied_sequence_, RequestFingerprint(request)};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
  }
  ASSIGN_OR_RETURN(query::DatePeriod range, query::ParseDateRange(request.start(), "start", request.end(), "end"));
  absl::flat_hash_map<std::string, double> article_weights;
  Xapian::Query text;
  if (request.match_article()) {
    // The query is about the article: its events are those of the articles it
    // matches, each weighted by its article's relevance.
    ASSIGN_OR_RETURN(text, ArticleEvents(request.query(), &article_weights));
  } else {
    ASSIGN_OR_RETURN(text, ParseTextQuery(request.query(), "query", EventContext()));
  }

  std::vector<Xapian::Query> filters = {
      Xapian::Query(schema::BooleanTerm(schema::kTypePrefix, schema::kEventType)),
      CreatedAtOrBefore(token.snapshot_sequence),
      // Overlap with the range: starts before it ends and ends after it starts.
      TimeRange(schema::kEventStartSlot, absl::InfinitePast(), range.end),
      TimeRange(schema::kEventEndSlot, range.start + absl::Seconds(1), absl::InfiniteFuture())};
  if (!request.entity().empty()) {
    filters.push_back(EntityFilter(request.entity(), &resolve_entity_));
  }
  Xapian::Enquire enquire(db_);
  enquire.set_query(Filtered(text, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())));
  const Xapian::MSet mset = enquire.get_mset(0, kMaxEvents);

  std::vector<timeline::TimelineEvent> events;
  events.reserve(mset.size());
  for (Xapian::MSetIterator match = mset.begin(); match != mset.end(); ++match) {
    const Xapian::Document document = match.get_document();
    timeline::TimelineEvent& event = events.emplace_back();
    event.citation.ParseFromString(document.get_data());
    event.relevance = match.get_weight();
    if (auto weight = article_weights.find(event.citation.article_id()); weight != article_weights.end()) {
      event.relevance = weight->second;
    }
    event.terms = absl::StrSplit(document.get_value(schema::kEventStemsSlot), ' ', absl::SkipEmpty());
  }

  v1::TimelineResponse response;
  response.set_applied_sequence(applied_sequence_);
  const v1::TimelineRequest::Bucket bucket = timeline::ChooseBucket(events, request.granularity());
  response.set_granularity(bucket);
  for (v1::HistogramBucket& histogram_bucket : timeline::Histogram(events, bucket)) {
    *response.add_histogram() = std::move(histogram_bucket);
  }
  std::vector<v1::TimelineEntry> entries = timeline::BuildTimeline(std::move(events), bucket);
  for (int64_t index = token.offset; index < static_cast<int64_t>(entries.size()); ++index) {
    if (response.entries_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken({token.offset + page_size, token.snapshot_sequence, token.fingerprint}));
      break;
    }
    *response.add_entries() = std::move(entries[index]);
  }
  return response;
}

}  // namespace chronicle::index
