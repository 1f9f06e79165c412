// IndexReader::Timeline: dated events matching a query or entity, grouped by
// date at the requested granularity, oldest first.
#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/query_builder.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
// Events read per request; beyond this the timeline covers the best-ranked ones.
constexpr Xapian::doccount kMaxEvents = 5000;

using Bucket = v1::TimelineRequest::Bucket;

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds());
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(absl::ToUnixSeconds(time));
}

// Larger is finer, as in chronicle.v1.Granularity.
v1::Granularity BucketGranularity(Bucket bucket) {
  switch (bucket) {
    case v1::TimelineRequest::YEAR:
      return v1::YEAR;
    case v1::TimelineRequest::MONTH:
      return v1::MONTH;
    default:
      return v1::DAY;
  }
}

Bucket AutoBucket(absl::Time first, absl::Time last) {
  const absl::Duration span = last - first;
  if (span > absl::Hours(24 * 365 * 5)) return v1::TimelineRequest::YEAR;
  if (span > absl::Hours(24 * 90)) return v1::TimelineRequest::MONTH;
  return v1::TimelineRequest::DAY;
}

std::string FormatAt(absl::Time time, v1::Granularity granularity) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond civil = absl::ToCivilSecond(time, utc);
  switch (granularity) {
    case v1::CENTURY:
      return absl::StrCat(civil.year() / 100, "XX");
    case v1::DECADE:
      return absl::StrCat(civil.year() / 10, "X");
    case v1::YEAR:
      return absl::FormatTime("%Y", time, utc);
    case v1::QUARTER:
      return absl::StrCat(civil.year(), "-Q", (civil.month() - 1) / 3 + 1);
    case v1::MONTH:
      return absl::FormatTime("%Y-%m", time, utc);
    default:
      return absl::FormatTime("%Y-%m-%d", time, utc);
  }
}

// Where an event sits on a timeline of `bucket` granularity: at its own
// granularity when that is coarser (a year-only event stays a year), and as a
// span "1910/1945" when it covers more than one unit.
struct Placement {
  std::string date;
  absl::Time start;
  absl::Time end;
  v1::Granularity granularity;
};

Placement Place(const v1::TimeInterval& when, Bucket bucket) {
  v1::Granularity granularity = BucketGranularity(bucket);
  if (when.granularity() != v1::GRANULARITY_UNSPECIFIED && when.granularity() < granularity) {
    granularity = when.granularity();
  }
  const absl::Time start = ToTime(when.start());
  const absl::Time end = ToTime(when.end());
  const std::string first = FormatAt(start, granularity);
  const std::string last = FormatAt(end - absl::Seconds(1), granularity);
  Placement placement{first, start, end, granularity};
  if (first != last) placement.date = absl::StrCat(first, "/", last);
  return placement;
}

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
  ASSIGN_OR_RETURN(query::DatePeriod range, query::ParseDateRange(request.start(), "start", request.end(), "end"));
  ASSIGN_OR_RETURN(Xapian::Query text, ParseTextQuery(request.query(), "query", Context()));

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

  std::vector<v1::Citation> citations;
  citations.reserve(mset.size());
  for (Xapian::MSetIterator match = mset.begin(); match != mset.end(); ++match) {
    v1::Citation& citation = citations.emplace_back();
    citation.ParseFromString(match.get_document().get_data());
  }

  v1::TimelineResponse response;
  response.set_applied_sequence(applied_sequence_);
  Bucket bucket = request.granularity();
  if (bucket == v1::TimelineRequest::BUCKET_UNSPECIFIED || bucket == v1::TimelineRequest::AUTO) {
    bucket = v1::TimelineRequest::DAY;
    if (!citations.empty()) {
      auto [earliest, latest] = std::minmax_element(
          citations.begin(), citations.end(), [](const v1::Citation& a, const v1::Citation& b) {
            return a.interval().start().seconds() < b.interval().start().seconds();
          });
      bucket = AutoBucket(ToTime(earliest->interval().start()), ToTime(latest->interval().start()));
    }
  }
  response.set_granularity(bucket);

  // One entry per placement, ordered by start, then longer spans first.
  using Key = std::tuple<int64_t, int64_t, std::string>;
  std::map<Key, v1::TimelineEntry> entries;
  std::map<std::string, int64_t> histogram;
  for (v1::Citation& citation : citations) {
    const Placement placement = Place(citation.interval(), bucket);
    const Key key{absl::ToUnixSeconds(placement.start), -absl::ToUnixSeconds(placement.end),
                  placement.date};
    v1::TimelineEntry& entry = entries[key];
    if (entry.date().empty()) {
      entry.set_date(placement.date);
      SetTimestamp(placement.start, entry.mutable_interval()->mutable_start());
      SetTimestamp(placement.end, entry.mutable_interval()->mutable_end());
      entry.mutable_interval()->set_granularity(placement.granularity);
      entry.set_headline(citation.sentence());
    }
    ++histogram[FormatAt(placement.start, placement.granularity)];
    *entry.add_citations() = std::move(citation);
  }
  int64_t index = 0;
  for (auto& [key, entry] : entries) {
    if (index++ < token.offset) continue;
    if (response.entries_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken({token.offset + page_size, token.snapshot_sequence, token.fingerprint}));
      break;
    }
    std::vector<std::string> articles;
    for (const v1::Citation& citation : entry.citations()) articles.push_back(citation.article_id());
    std::sort(articles.begin(), articles.end());
    entry.set_source_count(
        static_cast<int32_t>(std::unique(articles.begin(), articles.end()) - articles.begin()));
    *response.add_entries() = std::move(entry);
  }
  for (const auto& [date, count] : histogram) {
    v1::HistogramBucket& histogram_bucket = *response.add_histogram();
    histogram_bucket.set_date(date);
    histogram_bucket.set_count(count);
  }
  return response;
}

}  // namespace chronicle::index
