// Civil dates in UTC by plain arithmetic: the proleptic Gregorian date of a
// count of days since 1970-01-01. absl's civil-time types normalise an
// offset of days by stepping through years, which cost a timeline a few
// percent; in UTC the date follows from the day count directly, through
// 400-year eras of 146,097 days (the same calendar absl and the C library
// use, checked against absl::CivilDay in tests/core/common).
#ifndef CHRONICLE_CORE_COMMON_CIVIL_DAYS_H_
#define CHRONICLE_CORE_COMMON_CIVIL_DAYS_H_

#include <cstdint>

namespace chronicle {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// a / b rounded towards negative infinity (b > 0).
constexpr int64_t FloorDivide(int64_t a, int64_t b) { return a / b - (a % b != 0 && a < 0); }

// The day, counted from 1970-01-01, that holds a Unix time in seconds.
constexpr int64_t DayOfUnixSeconds(int64_t seconds) { return FloorDivide(seconds, 86400); }

// The date of `day` (days since 1970-01-01, negative before). Exact for any
// day within about ±2^50, which holds every DayOfUnixSeconds (at most about
// 1.1e14 days either way); a year past the range of int then wraps in a
// caller that narrows it.
constexpr CivilDate CivilDateOfDay(int64_t day) {
  // Counted from 0000-03-01, so that the leap day ends each year of an era.
  const int64_t shifted = day + 719468;
  const int64_t era = FloorDivide(shifted, 146097);
  const int64_t day_of_era = shifted - era * 146097;  // 0..146096
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // 0..399
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;  // 0..11
  const int day_of_month = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day_of_month};
}

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_CIVIL_DAYS_H_
