// Value types of the temporal tagger: what a tagged expression looks like.
#ifndef CHRONICLE_CORE_TEMPORAL_TYPES_H_
#define CHRONICLE_CORE_TEMPORAL_TYPES_H_

#include <cstddef>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/types/optional.h"

namespace chronicle::temporal {

// TIMEX3 types.
enum class TimexType { kDate, kTime, kDuration, kSet };

// How precisely an expression pins down time, coarsest first. Half years and
// seasons count as kQuarter; parts of the day ("this morning") as kHour.
enum class Granularity {
  kUnknown,
  kCentury,
  kDecade,
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kHour,
  kMinute,
  kSecond,
};

// A stretch of calendar time, half-open: [start, end).
struct Interval {
  absl::CivilSecond start;
  absl::CivilSecond end;
  Granularity granularity = Granularity::kUnknown;

  friend bool operator==(const Interval& a, const Interval& b) {
    return a.start == b.start && a.end == b.end && a.granularity == b.granularity;
  }
};

// One temporal expression found in a text.
struct TemporalExpression {
  size_t begin = 0;  // byte offset of the first byte, in the tagged text (UTF-8)
  size_t end = 0;    // byte offset one past the last byte
  std::string text;  // the bytes [begin, end)
  TimexType type = TimexType::kDate;
  // TIMEX3 value: "2019-12-24", "2023-03", "199X", "2019-W52", "2019-Q3",
  // "2019-SU", "2019-12-24TMO", "2023-12-10T15:00", "P12Y", "PT3H",
  // "PRESENT_REF", "XXXX-12-24", "XXXX-WXX-1", ranges "1910/1945", ...
  std::string value;
  // TIMEX3 mod: START, MID, END, APPROX, LESS_THAN, MORE_THAN,
  // EQUAL_OR_LESS, EQUAL_OR_MORE, ON_OR_AFTER; empty when there is none.
  std::string mod;
  // Where the expression sits on the calendar, when it can be placed there:
  // set for DATE and TIME expressions whose value is fully known, narrowed by
  // START/MID/END to the matching third and by "later/earlier this ..." to the
  // part after/before the reference day. Never set for DURATION, SET and
  // *_REF values.
  absl::optional<Interval> resolved;
};

// The document's publication time, which relative expressions resolve against.
struct ReferenceDate {
  absl::CivilSecond time;
  Granularity granularity = Granularity::kDay;
};

// "DATE", "TIME", "DURATION" or "SET".
const char* TimexTypeName(TimexType type);

// "UNKNOWN", "CENTURY", ..., "SECOND".
const char* GranularityName(Granularity granularity);

}  // namespace chronicle::temporal

#endif  // CHRONICLE_CORE_TEMPORAL_TYPES_H_
