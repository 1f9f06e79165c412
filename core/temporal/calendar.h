// Calendar arithmetic behind TIMEX3 values: a point at some granularity, its
// value string and the interval it covers.
#ifndef CHRONICLE_CORE_TEMPORAL_CALENDAR_H_
#define CHRONICLE_CORE_TEMPORAL_CALENDAR_H_

#include <string>

#include "absl/time/civil_time.h"
#include "core/temporal/types.h"

namespace chronicle::temporal::internal {

// What, within a granularity, a CalendarPoint names. kQuarter granularity
// covers quarters, half years and seasons; kWeek covers weekends; kHour covers
// parts of the day.
enum class SubUnit : uint8_t { kNone, kQuarter, kHalf, kSeason, kWeekend, kPartOfDay };

// A calendar position at a granularity: "2019-Q3", "2019-W52-WE", "1990s".
struct CalendarPoint {
  Granularity granularity = Granularity::kDay;
  SubUnit sub = SubUnit::kNone;
  absl::CivilSecond time;  // any moment inside; for kWeek the day whose ISO week is meant
  int index = 0;           // quarter 1-4, half 1-2, season 0-3 (spring..winter), part of day 0-3
};

// ISO-8601 week-numbering year and week of `day`.
void IsoWeek(absl::CivilDay day, int* iso_year, int* week);

// Weekday of `day`, 1 (Monday) .. 7 (Sunday).
int WeekdayNumber(absl::CivilDay day);

// Quarter (1-4) and season (0 spring .. 3 winter, December opens a winter
// that is labelled with its own year) of a month.
inline int QuarterOf(int month) { return (month - 1) / 3 + 1; }
int SeasonOf(int month);
// The year a season containing `time` is labelled with (January's winter
// belongs to the previous year).
int SeasonYear(absl::CivilSecond time);

// Moves `time` by `amount` units of `unit` (kQuarter = 3 months, kDecade = 10
// years, kWeek = 7 days, ...).
absl::CivilSecond Shift(absl::CivilSecond time, Granularity unit, int amount);

// The TIMEX3 value of a point, e.g. "2019-12-24TMO" or "199X".
std::string FormatValue(const CalendarPoint& point);

// The interval a point covers.
Interval PointInterval(const CalendarPoint& point);

// Narrows `interval` to its first, middle or last third for mod START, MID or
// END; returns it unchanged for other mods.
Interval NarrowByMod(const Interval& interval, absl::string_view mod);

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_CALENDAR_H_
