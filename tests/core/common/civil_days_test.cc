#include "core/common/civil_days.h"

#include <cstdint>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace chronicle {
namespace {

// Every day from year -2000 to 4000 against absl's civil arithmetic: leap
// years, centuries that are not leap years, year 0 and negative years.
TEST(CivilDaysTest, EveryDayOfSixThousandYearsIsAbslsDate) {
  const absl::CivilDay epoch(1970, 1, 1);
  const int64_t first = absl::CivilDay(-2000, 1, 1) - epoch;
  const int64_t last = absl::CivilDay(4000, 12, 31) - epoch;
  absl::CivilDay expected(-2000, 1, 1);
  int mismatches = 0;
  for (int64_t day = first; day <= last; ++day, ++expected) {
    const CivilDate date = CivilDateOfDay(day);
    if (date.year != expected.year() || date.month != expected.month() || date.day != expected.day()) {
      if (++mismatches <= 5) {
        ADD_FAILURE() << "day " << day << ": " << date.year << "-" << date.month << "-" << date.day
                      << ", not " << expected;
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(CivilDaysTest, SecondsBeforeTheEpochFallOnTheDayBefore) {
  EXPECT_EQ(DayOfUnixSeconds(0), 0);
  EXPECT_EQ(DayOfUnixSeconds(86399), 0);
  EXPECT_EQ(DayOfUnixSeconds(86400), 1);
  EXPECT_EQ(DayOfUnixSeconds(-1), -1);
  EXPECT_EQ(DayOfUnixSeconds(-86400), -1);
  EXPECT_EQ(DayOfUnixSeconds(-86401), -2);
  const CivilDate before = CivilDateOfDay(DayOfUnixSeconds(-1));
  EXPECT_EQ(before.year, 1969);
  EXPECT_EQ(before.month, 12);
  EXPECT_EQ(before.day, 31);
}

}  // namespace
}  // namespace chronicle
