#include "core/temporal/holidays.h"

#include "absl/time/civil_time.h"
#include "core/temporal/calendar.h"

namespace chronicle::temporal::internal {
namespace {

// Gregorian Easter Sunday (the anonymous computus).
absl::CivilDay EasterSunday(int64_t y) {
  const int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int64_t f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int64_t h = (19 * a + b - d - g + 15) % 30;
  const int64_t i = c / 4, k = c % 4;
  const int64_t l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int64_t m = (a + 11 * h + 22 * l) / 451;
  const int64_t n = h + l - 7 * m + 114;
  return absl::CivilDay(y, static_cast<int>(n / 31), static_cast<int>(n % 31 + 1));
}

// The `nth` (1-based) `weekday` (1 Monday .. 7 Sunday) of a month.
absl::CivilDay NthWeekday(int64_t y, int month, int weekday, int nth) {
  const absl::CivilDay first(y, month, 1);
  return first + ((weekday - WeekdayNumber(first) + 7) % 7) + 7 * (nth - 1);
}

}  // namespace

int NthWeekdayOfMonth(int64_t year, int month, int weekday, int nth) {
  if (nth == -1) {
    const absl::CivilDay last = absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
    return (last - ((WeekdayNumber(last) - weekday + 7) % 7)).day();
  }
  const absl::CivilDay day = NthWeekday(year, month, weekday, nth);
  return day.month() == month ? day.day() : 0;
}

void TypicalHolidayDate(int holiday, int* month, int* day) {
  switch (holiday) {
    case kEaster: case kGoodFriday: case kEasterMonday: *month = 4; *day = 8; return;
    case kThanksgiving: *month = 11; *day = 25; return;
    case kLaborDay: *month = 9; *day = 4; return;
    case kMemorialDay: *month = 5; *day = 28; return;
  }
  *month = 1;
  *day = 1;
}

void HolidayDate(int holiday, int64_t y, int* month, int* day) {
  absl::CivilDay d;
  switch (holiday) {
    case kEaster: d = EasterSunday(y); break;
    case kGoodFriday: d = EasterSunday(y) - 2; break;
    case kEasterMonday: d = EasterSunday(y) + 1; break;
    case kThanksgiving: d = NthWeekday(y, 11, 4, 4); break;
    case kLaborDay: d = NthWeekday(y, 9, 1, 1); break;
    case kMemorialDay: {
      const absl::CivilDay last(y, 5, 31);
      d = last - ((WeekdayNumber(last) - 1 + 7) % 7);
      break;
    }
    default: d = absl::CivilDay(y, 1, 1); break;
  }
  *month = d.month();
  *day = d.day();
}

}  // namespace chronicle::temporal::internal
