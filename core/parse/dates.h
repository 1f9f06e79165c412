// Publication dates as news text and page metadata write them.
//
// Hand-written scanners (no std::regex: its backtracking is quadratic or worse
// on long hostile input). Only English month and weekday names are known.
#ifndef CHRONICLE_CORE_PARSE_DATES_H_
#define CHRONICLE_CORE_PARSE_DATES_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "core/parse/article.h"

namespace chronicle::parse {

// Parses a date string from metadata or a caller: ISO 8601 / RFC 3339
// ("2019-12-24", "2023-12-11T09:30:00+09:00", "2023-12-11 09:30Z"), RFC 2822
// ("Mon, 11 Dec 2023 09:30:00 +0900"), written dates ("December 24, 2019",
// "24 Dec. 2019 10:30 am GMT", "11 December 2023, Monday") and the wire format
// "26-FEB-1987 15:01:01.79". Weekday names, separators and words such as
// "Updated" or "Published" around the date are allowed; anything else is not.
// Returns nullopt when the string is not a date or names an impossible day
// (2023-02-30), and for placeholders and dates no Timestamp holds
// (IsUsableDate). `origin` is left empty.
absl::optional<PublicationDate> ParseDateString(absl::string_view text);

// False for a date that must not become a publication date: anything in year
// 1 ("0001-01-01T00:00:00Z" is the zero time publishing systems write when
// they have no date) or outside what a google.protobuf.Timestamp holds.
bool IsUsableDate(const PublicationDate& date);

// A dateline at the start of a story: "SALVADOR, Feb 26 - Showers...",
// "SEOUL, Dec. 11, 2023 (Reuters) - ...", "LONDON (AP) - ...".
struct DatelinePrefix {
  size_t end = 0;          // byte offset just after the dash and its space
  std::string place;       // "SALVADOR"
  std::string agency;      // "Reuters" when written in parentheses
  absl::optional<PublicationDate> date;  // often without a year
};

// Recognises a dateline at the start of `paragraph` (at most ~100 bytes
// long). Returns nullopt when the paragraph does not start with one.
absl::optional<DatelinePrefix> FindDatelinePrefix(absl::string_view paragraph);

// Gives a year-less date the year that puts it at most 7 days after
// `reference` and as close before it as possible; no-op when the year is known.
void ResolveYear(absl::CivilDay reference, PublicationDate& date);

// Builds a date from a Unix time in seconds (or milliseconds when the value is
// too large for seconds), as JSON feeds write it. Check it with IsUsableDate.
PublicationDate DateFromUnixTime(int64_t value);

// Formats the TIMEX3-style value of `date` from its other fields.
std::string FormatTimexValue(const PublicationDate& date);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_DATES_H_
