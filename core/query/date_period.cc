#include "core/query/date_period.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace chronicle::query {
namespace {

// Calendar arithmetic in absl::CivilTime keeps month lengths and leap years right.
absl::optional<DatePeriod> ParseCalendarPeriod(const std::string& text) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  absl::CivilDay day;
  if (text.size() == 10 && absl::ParseCivilTime(text, &day)) {
    return DatePeriod{absl::FromCivil(day, utc), absl::FromCivil(day + 1, utc)};
  }
  absl::CivilMonth month;
  if (text.size() == 7 && absl::ParseCivilTime(text, &month)) {
    return DatePeriod{absl::FromCivil(month, utc), absl::FromCivil(month + 1, utc)};
  }
  absl::CivilYear year;
  if (text.size() == 4 && absl::ParseCivilTime(text, &year)) {
    return DatePeriod{absl::FromCivil(year, utc), absl::FromCivil(year + 1, utc)};
  }
  return absl::nullopt;
}

}  // namespace

absl::StatusOr<DatePeriod> ParseDatePeriod(absl::string_view text, absl::string_view field) {
  const std::string trimmed(absl::StripAsciiWhitespace(text));
  if (absl::optional<DatePeriod> period = ParseCalendarPeriod(trimmed)) return *period;
  absl::Time instant;
  std::string error;
  if (trimmed.size() <= 64 && absl::ParseTime(absl::RFC3339_full, trimmed, &instant, &error)) {
    return DatePeriod{instant, instant + absl::Nanoseconds(1)};
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": \"", text.substr(0, 64),
      "\" is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 timestamp"));
}

absl::StatusOr<DatePeriod> ParseDateRange(absl::string_view from, absl::string_view from_field,
                                          absl::string_view until, absl::string_view until_field) {
  DatePeriod range{absl::InfinitePast(), absl::InfiniteFuture()};
  if (!absl::StripAsciiWhitespace(from).empty()) {
    ASSIGN_OR_RETURN(DatePeriod start, ParseDatePeriod(from, from_field));
    range.start = start.start;
  }
  if (!absl::StripAsciiWhitespace(until).empty()) {
    ASSIGN_OR_RETURN(DatePeriod end, ParseDatePeriod(until, until_field));
    range.end = end.end;
  }
  if (range.end <= range.start) {
    return absl::InvalidArgumentError(
        absl::StrCat(until_field, ": ends before ", from_field, " starts"));
  }
  return range;
}

}  // namespace chronicle::query
