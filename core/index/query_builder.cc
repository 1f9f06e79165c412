#include "core/index/query_builder.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/index/schema.h"

namespace chronicle::index {

Xapian::Query AnyOfTerms(absl::string_view prefix,
                         const google::protobuf::RepeatedPtrField<std::string>& values) {
  if (values.empty()) return MatchAll();
  std::vector<Xapian::Query> terms;
  terms.reserve(values.size());
  for (const std::string& value : values) {
    terms.emplace_back(schema::BooleanTerm(prefix, absl::AsciiStrToLower(value)));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query TimeRange(Xapian::valueno slot, absl::Time start, absl::Time end) {
  // Seconds as doubles are exact for any date a news archive holds.
  const bool open_start = start == absl::InfinitePast();
  const bool open_end = end == absl::InfiniteFuture();
  if (open_start && open_end) return MatchAll();
  const std::string low = Xapian::sortable_serialise(static_cast<double>(absl::ToUnixSeconds(start)));
  // [start, end) on whole seconds: the last included second is end - 1.
  const std::string high =
      Xapian::sortable_serialise(static_cast<double>(absl::ToUnixSeconds(end) - 1));
  if (open_start) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, high);
  if (open_end) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, high);
}

namespace {

// Beyond this many year and month terms the value range is cheaper to set up
// than the OR of their posting lists.
constexpr size_t kMaxPublishedTerms = 64;

absl::Time StartOf(absl::CivilMonth month) { return absl::FromCivil(month, absl::UTCTimeZone()); }

// As DocumentBuilder writes them: "2019-12", and the year its first four bytes.
std::string MonthText(absl::CivilMonth month) {
  return absl::FormatTime("%Y-%m", StartOf(month), absl::UTCTimeZone());
}

std::string MonthTerm(absl::CivilMonth month) { return schema::BooleanTerm(schema::kMonthPrefix, MonthText(month)); }

bool IsArticleTextTerm(const std::string& term) {
  if (term.empty()) return false;  // the empty term matches everything
  const char first = term.front();
  if (first < 'A' || first > 'Z') return true;  // an unprefixed word of title or body
  if (first == schema::kTitlePrefix.front()) return term.size() == 1 || term[1] < 'A' || term[1] > 'Z';
  if (first == schema::kStemPrefix.front()) {
    // Z<stem> and ZS<stem> are articles'; ZXW<stem> an event's.
    const std::string rest = term.substr(1);
    return !absl::StartsWith(rest, schema::kEventTextPrefix) && IsArticleTextTerm(rest);
  }
  return false;
}

}  // namespace

Xapian::Query PublishedRange(absl::Time start, absl::Time end) {
  if (start == absl::InfinitePast() || end == absl::InfiniteFuture() || start >= end) {
    return TimeRange(schema::kPublishedSlot, start, end);
  }
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilMonth first = absl::ToCivilMonth(start, utc);
  const absl::CivilMonth last = absl::ToCivilMonth(end - absl::Seconds(1), utc);
  // Months wholly inside [start, end).
  const absl::CivilMonth whole_from = StartOf(first) == start ? first : first + 1;
  const absl::CivilMonth whole_until = StartOf(last + 1) == end ? last + 1 : last;
  if (whole_from >= whole_until) return TimeRange(schema::kPublishedSlot, start, end);

  std::vector<Xapian::Query> parts;
  const Xapian::Query edge = TimeRange(schema::kPublishedSlot, start, end);
  if (first < whole_from) parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(MonthTerm(first)), edge);
  for (absl::CivilMonth month = whole_from; month < whole_until;) {
    const absl::CivilYear year(month);
    if (month.month() == 1 && absl::CivilMonth(year + 1) <= whole_until) {
      parts.emplace_back(schema::BooleanTerm(schema::kYearPrefix, MonthText(month).substr(0, 4)));
      month = absl::CivilMonth(year + 1);
    } else {
      parts.emplace_back(MonthTerm(month));
      month += 1;
    }
    if (parts.size() > kMaxPublishedTerms) return edge;
  }
  if (last >= whole_until) parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(MonthTerm(last)), edge);
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query CreatedAtOrBefore(int64_t sequence) {
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kCreatedSequenceSlot,
                       Xapian::sortable_serialise(static_cast<double>(sequence)));
}

Xapian::Query Filtered(const Xapian::Query& query, const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace chronicle::index
