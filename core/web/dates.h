// Dates as the pages show them. The services write dates as TIMEX3-style
// values ("2019-12-24", "2019-12", "2019", "199X" a decade, "19XX" a century,
// "2019-W52", "2019-Q4", "1910/1945" a span) next to resolved intervals; the
// pages place and label them from either.
#ifndef CHRONICLE_CORE_WEB_DATES_H_
#define CHRONICLE_CORE_WEB_DATES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "chronicle/v1/article.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace chronicle::web {

// A stretch of time [start, end) and how precise its value was.
struct Period {
  absl::Time start;
  absl::Time end;
  v1::Granularity granularity = v1::GRANULARITY_UNSPECIFIED;
};

// The period a value names, in UTC; nullopt for a value that names none on
// the calendar ("PAST_REF", "P12Y", "XXXX-03-12") or that this does not read.
// A span "A/B" runs from the start of A to the end of B, with A's
// granularity.
std::optional<Period> ParsePeriod(absl::string_view value);

// The interval when it has a start and ends after it; an interval without an
// end lasts one unit of its granularity (a day when that is unknown).
std::optional<Period> PeriodOfInterval(const v1::TimeInterval& interval);

// The length of one unit of `granularity` at most: 31 days for a month,
// 366 for a year; a day when unspecified.
absl::Duration LongestUnit(v1::Granularity granularity);

// A value for people to read: "24 Dec 2019", "Dec 2019", "2019", "1990s",
// "1900s", "week 52 of 2019", "Q4 2019", "1910–1945"; any other value as it
// is.
std::string DateLabel(absl::string_view value);

// The value when HTML's <time datetime> can hold it ("2019", "2019-12",
// "2019-12-24", "2019-W52"), else "".
std::string HtmlDatetime(absl::string_view value);

// "24 Dec 2019, 09:30 UTC", or "24 Dec 2019" for midnight UTC (a date known
// to the day); "" when unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// RFC 3339 in UTC, "2019-12-24T09:30:00Z", for <time datetime>.
std::string Rfc3339(const google::protobuf::Timestamp& timestamp);

// Calendar labels shared with the timeline's axis.
std::string YearLabel(int64_t year);             // "2019", "44 BC" (year -43)
absl::string_view MonthAbbreviation(int month);  // 1 -> "Jan"

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_DATES_H_
