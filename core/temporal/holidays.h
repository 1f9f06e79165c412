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

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_HOLIDAYS_H_
