// IndexReader::Timeline: dated events matching a query or entity, with their
// stemmed terms and match weights, turned into entries by core/timeline.
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/query_builder.h"
#include "core/index/schema.h"
#include "core/timeline/timeline.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
// Events read per request; beyond this the timeline covers the best-ranked ones.
constexpr Xapian::doccount kMaxEvents = 5000;

}  // namespace

absl::StatusOr<v1::TimelineResponse> IndexReader::TimelineOnce(const v1::TimelineRequest& request) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size(), " is outside 0..", kMaxPageSize));
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  PageToken token{0, applied_sequence_, RequestFingerprint(request)};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
  }
  ASSIGN_OR_RETURN(DatePeriod range, ParseDateRange(request.start(), "start", request.end(), "end"));
  ASSIGN_OR_RETURN(Xapian::Query text, ParseTextQuery(db_, stemmer_, request.query(), "query"));

  std::vector<Xapian::Query> filters = {
      Xapian::Query(schema::BooleanTerm(schema::kTypePrefix, schema::kEventType)),
      // Overlap with the range: starts before it ends and ends after it starts.
      TimeRange(schema::kEventStartSlot, absl::InfinitePast(), range.end),
      TimeRange(schema::kEventEndSlot, range.start + absl::Seconds(1), absl::InfiniteFuture())};
  if (!request.entity().empty()) {
    filters.emplace_back(schema::BooleanTerm(schema::kEntityPrefix, request.entity()));
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
    // The stemmed terms ("Z" prefix) sort together, before the unprefixed ones.
    Xapian::TermIterator term = document.termlist_begin();
    for (term.skip_to("Z"); term != document.termlist_end() && (*term)[0] == 'Z'; ++term) {
      event.terms.push_back((*term).substr(1));
    }
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
