// Holidays whose date moves from year to year.
#ifndef CHRONICLE_CORE_TEMPORAL_HOLIDAYS_H_
#define CHRONICLE_CORE_TEMPORAL_HOLIDAYS_H_

#include <cstdint>

namespace chronicle::temporal::internal {

enum MovingHoliday : int {
  kEaster = 0,
  kGoodFriday,
  kEasterMonday,
  kThanksgiving,  // United States: fourth Thursday of November
  kLaborDay,      // United States: first Monday of September
  kMemorialDay,   // United States: last Monday of May
};

// A date the holiday is near in any year, for choosing which year is meant.
void TypicalHolidayDate(int holiday, int* month, int* day);

// The holiday's month and day in `year`.
void HolidayDate(int holiday, int64_t year, int* month, int* day);

// The day of the `nth` (1-based; -1 the last) `weekday` (1 Monday .. 7
// Sunday) of `month` in `year`: "the first Monday of March". 0 when the month
// has no such day (a fifth Monday it lacks).
int NthWeekdayOfMonth(int64_t year, int month, int weekday, int nth);

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_HOLIDAYS_H_
