#include "core/web/dates.h"

#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace chronicle::web {
namespace {

constexpr absl::string_view kMonthAbbreviations[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

// Exactly `width` ASCII digits, read as a number.
std::optional<int> Digits(absl::string_view text, size_t width) {
  if (text.size() != width) return std::nullopt;
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return std::nullopt;
  }
  int number = 0;
  if (!absl::SimpleAtoi(text, &number)) return std::nullopt;
  return number;
}

// "2019", "199X", "19XX".
std::optional<Period> ParseYearish(absl::string_view text) {
  if (text.size() != 4) return std::nullopt;
  if (std::optional<int> year = Digits(text, 4)) {
    return Period{StartOf(absl::CivilDay(*year, 1, 1)), StartOf(absl::CivilDay(*year + 1, 1, 1)), v1::YEAR};
  }
  if (text[3] != 'X') return std::nullopt;
  if (std::optional<int> decade = Digits(text.substr(0, 3), 3)) {
    return Period{StartOf(absl::CivilDay(*decade * 10, 1, 1)), StartOf(absl::CivilDay(*decade * 10 + 10, 1, 1)),
                  v1::DECADE};
  }
  if (text[2] != 'X') return std::nullopt;
  if (std::optional<int> century = Digits(text.substr(0, 2), 2)) {
    return Period{StartOf(absl::CivilDay(*century * 100, 1, 1)), StartOf(absl::CivilDay(*century * 100 + 100, 1, 1)),
                  v1::CENTURY};
  }
  return std::nullopt;
}

// One value without a '/'.
std::optional<Period> ParseSingle(absl::string_view value) {
  // A time of day is finer than anything a page draws: the day stands for it.
  value = value.substr(0, value.find('T'));
  const std::vector<absl::string_view> parts = absl::StrSplit(value, '-');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  if (parts.size() == 1) return ParseYearish(parts[0]);
  const std::optional<int> year = Digits(parts[0], 4);
  if (!year) return std::nullopt;
  if (parts.size() == 3) {
    const std::optional<int> month = Digits(parts[1], 2), day = Digits(parts[2], 2);
    if (!month || !day) return std::nullopt;
    const absl::CivilDay civil(*year, *month, *day);
    // CivilDay normalises "2019-02-30" into March: such a value names no day.
    if (civil.month() != *month || civil.day() != *day) return std::nullopt;
    return Period{StartOf(civil), StartOf(civil + 1), v1::DAY};
  }
  const absl::string_view second = parts[1];
  if (std::optional<int> month = Digits(second, 2); month && *month >= 1 && *month <= 12) {
    const absl::CivilMonth civil(*year, *month);
    return Period{StartOf(absl::CivilDay(civil)), StartOf(absl::CivilDay(civil + 1)), v1::MONTH};
  }
  if (second.size() == 3 && second[0] == 'W') {
    const std::optional<int> week = Digits(second.substr(1), 2);
    if (!week || *week < 1 || *week > 53) return std::nullopt;
    // ISO 8601: week 1 is the one holding 4 January; weeks start on Monday.
    const absl::CivilDay january4(*year, 1, 4);
    const absl::CivilDay week1 = absl::PrevWeekday(january4 + 1, absl::Weekday::monday);
    const absl::CivilDay monday = week1 + 7 * (*week - 1);
    return Period{StartOf(monday), StartOf(monday + 7), v1::WEEK};
  }
  if (second.size() == 2 && second[0] == 'Q') {
    const std::optional<int> quarter = Digits(second.substr(1), 1);
    if (!quarter || *quarter < 1 || *quarter > 4) return std::nullopt;
    const absl::CivilMonth first(*year, 3 * (*quarter - 1) + 1);
    return Period{StartOf(absl::CivilDay(first)), StartOf(absl::CivilDay(first + 3)), v1::QUARTER};
  }
  return std::nullopt;
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

std::string SingleLabel(absl::string_view value) {
  const std::optional<Period> period = ParseSingle(value);
  if (!period) return std::string(value);
  const absl::CivilDay day = absl::ToCivilDay(period->start, absl::UTCTimeZone());
  switch (period->granularity) {
    case v1::DAY: {
      std::string label = absl::StrCat(day.day(), " ", MonthAbbreviation(day.month()), " ", YearLabel(day.year()));
      const size_t time = value.find('T');
      if (time != absl::string_view::npos) absl::StrAppend(&label, ", ", value.substr(time + 1));
      return label;
    }
    case v1::MONTH:
      return absl::StrCat(MonthAbbreviation(day.month()), " ", YearLabel(day.year()));
    case v1::WEEK:
      return absl::StrCat("week ", value.substr(6, 2), " of ", value.substr(0, 4));
    case v1::QUARTER:
      return absl::StrCat(value.substr(5, 2), " ", value.substr(0, 4));
    case v1::DECADE:
    case v1::CENTURY:
      return absl::StrCat(day.year(), "s");
    default:
      return YearLabel(day.year());
  }
}

}  // namespace

std::optional<Period> ParsePeriod(absl::string_view value) {
  const size_t slash = value.find('/');
  if (slash == absl::string_view::npos) return ParseSingle(value);
  const std::optional<Period> first = ParseSingle(value.substr(0, slash));
  const std::optional<Period> last = ParseSingle(value.substr(slash + 1));
  if (!first || !last || last->end <= first->start) return std::nullopt;
  return Period{first->start, last->end, first->granularity};
}

std::optional<Period> PeriodOfInterval(const v1::TimeInterval& interval) {
  if (!interval.has_start()) return std::nullopt;
  Period period{TimeOf(interval.start()), absl::InfiniteFuture(), interval.granularity()};
  period.end = interval.has_end() ? TimeOf(interval.end()) : period.start + LongestUnit(interval.granularity());
  if (period.end <= period.start) return std::nullopt;
  return period;
}

absl::Duration LongestUnit(v1::Granularity granularity) {
  constexpr absl::Duration kDay = absl::Hours(24);
  switch (granularity) {
    case v1::CENTURY:
      return 36525 * kDay;
    case v1::DECADE:
      return 3653 * kDay;
    case v1::YEAR:
      return 366 * kDay;
    case v1::QUARTER:
      return 92 * kDay;
    case v1::MONTH:
      return 31 * kDay;
    case v1::WEEK:
      return 7 * kDay;
    case v1::HOUR:
      return absl::Hours(1);
    case v1::MINUTE:
      return absl::Minutes(1);
    case v1::SECOND:
      return absl::Seconds(1);
    default:  // DAY, or not known
      return kDay;
  }
}

std::string DateLabel(absl::string_view value) {
  const size_t slash = value.find('/');
  if (slash == absl::string_view::npos) return SingleLabel(value);
  return absl::StrCat(SingleLabel(value.substr(0, slash)), "–", SingleLabel(value.substr(slash + 1)));
}

std::string HtmlDatetime(absl::string_view value) {
  const std::optional<Period> period = ParseSingle(value);
  if (!period || value.find('T') != absl::string_view::npos) return "";
  switch (period->granularity) {
    case v1::DAY:
    case v1::MONTH:
    case v1::WEEK:
    case v1::YEAR:
      return std::string(value);
    default:
      return "";
  }
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  const absl::Time time = TimeOf(timestamp);
  const absl::CivilSecond civil = absl::ToCivilSecond(time, absl::UTCTimeZone());
  std::string label = absl::StrCat(civil.day(), " ", MonthAbbreviation(civil.month()), " ", YearLabel(civil.year()));
  if (civil.hour() != 0 || civil.minute() != 0 || civil.second() != 0) {
    absl::StrAppend(&label, ", ", absl::FormatTime("%H:%M", time, absl::UTCTimeZone()), " UTC");
  }
  return label;
}

std::string Rfc3339(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", TimeOf(timestamp), absl::UTCTimeZone());
}

std::string YearLabel(int64_t year) {
  if (year > 0) return absl::StrCat(year);
  return absl::StrCat(1 - year, " BC");  // year 0 is 1 BC
}

absl::string_view MonthAbbreviation(int month) {
  if (month < 1 || month > 12) return "";
  return kMonthAbbreviations[month - 1];
}

}  // namespace chronicle::web
