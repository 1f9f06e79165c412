#include "core/timeline/placement.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using testing::IntervalOf;
using Bucket = v1::TimelineRequest;

absl::Time Day(int y, int m, int d) { return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone()); }

// A one-second interval at `seconds`, of unspecified granularity.
v1::TimeInterval IntervalOfSeconds(int64_t seconds) {
  v1::TimeInterval interval;
  interval.mutable_start()->set_seconds(seconds);
  interval.mutable_end()->set_seconds(seconds + 1);
  return interval;
}

Placement PlaceValue(const std::string& value, v1::TimelineRequest::Bucket bucket) {
  return Place(IntervalOf(value), bucket);
}

TEST(PlaceTest, DatesAreWrittenAsTimeFormattingWritesThemInEveryYear) {
  // FormatAt and UnitIndex work in UTC without time zone lookups; they must
  // agree with absl's formatting and civil time across years 1-9999.
  std::mt19937_64 random(1910);
  std::uniform_int_distribution<int64_t> seconds(-62135596800, 253402300799);
  const absl::TimeZone utc = absl::UTCTimeZone();
  for (int i = 0; i < 20000; ++i) {
    const absl::Time time = absl::FromUnixSeconds(seconds(random));
    const absl::CivilSecond civil = absl::ToCivilSecond(time, utc);
    ASSERT_EQ(FormatAt(time, v1::DAY), absl::FormatTime("%Y-%m-%d", time, utc));
    ASSERT_EQ(FormatAt(time, v1::MONTH), absl::FormatTime("%Y-%m", time, utc));
    ASSERT_EQ(FormatAt(time, v1::YEAR), absl::FormatTime("%Y", time, utc));
    ASSERT_EQ(FormatAt(time, v1::DECADE), absl::StrCat(civil.year() / 10, "X"));
    ASSERT_EQ(UnitIndex(time, v1::DAY), absl::CivilDay(civil) - absl::CivilDay(1970, 1, 1));
    ASSERT_EQ(UnitIndex(time, v1::MONTH), civil.year() * 12 + civil.month() - 1);
    const Placement day = Place(IntervalOfSeconds(absl::ToUnixSeconds(time)), Bucket::DAY);
    ASSERT_EQ(day.start, absl::FromCivil(absl::CivilDay(civil), utc));
    ASSERT_EQ(day.end, absl::FromCivil(absl::CivilDay(civil) + 1, utc));
    const Placement year = Place(IntervalOfSeconds(absl::ToUnixSeconds(time)), Bucket::YEAR);
    ASSERT_EQ(year.start, absl::FromCivil(absl::CivilYear(civil), utc));
  }
  // Times no timestamp holds stay safe.
  EXPECT_FALSE(FormatAt(absl::InfiniteFuture(), v1::DAY).empty());
  EXPECT_FALSE(FormatAt(absl::InfinitePast(), v1::YEAR).empty());
}

TEST(PlaceTest, DayEventSitsAtTheTimelinesGranularity) {
  EXPECT_EQ(PlaceValue("2019-12-24", Bucket::DAY).date, "2019-12-24");
  EXPECT_EQ(PlaceValue("2019-12-24", Bucket::MONTH).date, "2019-12");
  const Placement year = PlaceValue("2019-12-24", Bucket::YEAR);
  EXPECT_EQ(year.date, "2019");
  EXPECT_EQ(year.granularity, v1::YEAR);
  // The entry covers the whole unit its date names, not just the event's day.
  EXPECT_EQ(year.start, Day(2019, 1, 1));
  EXPECT_EQ(year.end, Day(2020, 1, 1));
  EXPECT_FALSE(year.span);
}

TEST(PlaceTest, CoarseEventKeepsItsOwnGranularity) {
  const Placement year = PlaceValue("2019", Bucket::DAY);
  EXPECT_EQ(year.date, "2019");
  EXPECT_EQ(year.granularity, v1::YEAR);
  EXPECT_EQ(PlaceValue("2023-03", Bucket::DAY).date, "2023-03");
  EXPECT_EQ(PlaceValue("199X", Bucket::YEAR).date, "199X");
  EXPECT_EQ(PlaceValue("19XX", Bucket::DAY).date, "19XX");
  const Placement decade = PlaceValue("199X", Bucket::DAY);
  EXPECT_EQ(decade.start, Day(1990, 1, 1));
  EXPECT_EQ(decade.end, Day(2000, 1, 1));
}

TEST(PlaceTest, EventCoveringSeveralUnitsBecomesASpan) {
  for (auto bucket : {Bucket::DAY, Bucket::MONTH, Bucket::YEAR}) {
    const Placement colonial = PlaceValue("1910/1945", bucket);
    EXPECT_EQ(colonial.date, "1910/1945");
    EXPECT_TRUE(colonial.span);
    EXPECT_EQ(colonial.start, Day(1910, 1, 1));
    EXPECT_EQ(colonial.end, Day(1946, 1, 1));
  }
  // A month range on a YEAR timeline falls in one year: no span.
  EXPECT_EQ(PlaceValue("2019-03/2019-05", Bucket::YEAR).date, "2019");
  EXPECT_EQ(PlaceValue("2019-03/2019-05", Bucket::DAY).date, "2019-03/2019-05");
}

TEST(PlaceTest, WeeksAreDaySpansAndFinerUnitsAreDays) {
  v1::TimeInterval week = IntervalOf("2019-12-23/2019-12-29");
  week.set_granularity(v1::WEEK);
  EXPECT_EQ(Place(week, Bucket::DAY).date, "2019-12-23/2019-12-29");
  EXPECT_EQ(Place(week, Bucket::MONTH).date, "2019-12");

  v1::TimeInterval hour = IntervalOf("2019-12-24");
  hour.mutable_start()->set_seconds(hour.start().seconds() + 9 * 3600);
  hour.mutable_end()->set_seconds(hour.start().seconds() + 3600);
  hour.set_granularity(v1::HOUR);
  const Placement placed = Place(hour, Bucket::DAY);
  EXPECT_EQ(placed.date, "2019-12-24");
  EXPECT_EQ(placed.granularity, v1::DAY);
  EXPECT_EQ(placed.start, Day(2019, 12, 24));

  v1::TimeInterval quarter = IntervalOf("2019-10/2019-12");
  quarter.set_granularity(v1::QUARTER);
  EXPECT_EQ(Place(quarter, Bucket::DAY).date, "2019-Q4");
}

TEST(PlaceTest, UnspecifiedGranularityAndEmptyIntervalsAreSafe) {
  v1::TimeInterval unspecified = IntervalOf("2019-12-24");
  unspecified.set_granularity(v1::GRANULARITY_UNSPECIFIED);
  EXPECT_EQ(Place(unspecified, Bucket::MONTH).date, "2019-12");
  v1::TimeInterval instant = unspecified;
  instant.mutable_end()->set_seconds(instant.start().seconds());
  EXPECT_EQ(Place(instant, Bucket::DAY).date, "2019-12-24");
}

TEST(RelateTest, TellsSameNestedNearAndFar) {
  auto relate = [](const std::string& a, const std::string& b) {
    return Relate(PlaceValue(a, Bucket::DAY), PlaceValue(b, Bucket::DAY));
  };
  EXPECT_EQ(relate("2019-12-24", "2019-12-24"), Relation::kSame);
  EXPECT_EQ(relate("2019", "2019-12-24"), Relation::kNested);
  EXPECT_EQ(relate("2019-12", "2019-12-24"), Relation::kNested);
  EXPECT_EQ(relate("2019-12-23", "2019-12-24"), Relation::kNear);
  EXPECT_EQ(relate("2019-12-17", "2019-12-24"), Relation::kNear);
  EXPECT_EQ(relate("2019-12-16", "2019-12-24"), Relation::kFar);
  EXPECT_EQ(relate("2019-10", "2019-12"), Relation::kNear);
  EXPECT_EQ(relate("2019-09", "2019-12"), Relation::kFar);
  EXPECT_EQ(relate("2019-11", "2019-12-24"), Relation::kNear);
  EXPECT_EQ(relate("2018", "2019"), Relation::kFar);
  EXPECT_EQ(relate("2019-12-31", "2020"), Relation::kFar);
  // Spans only match themselves.
  EXPECT_EQ(relate("1910/1945", "1910/1945"), Relation::kSame);
  EXPECT_EQ(relate("1910/1945", "1945"), Relation::kFar);
  EXPECT_EQ(relate("1910/1945", "1905/1945"), Relation::kFar);
}

TEST(FormatTest, WritesTimexValues) {
  const absl::Time t = Day(1994, 7, 9);
  EXPECT_EQ(FormatAt(t, v1::CENTURY), "19XX");
  EXPECT_EQ(FormatAt(t, v1::DECADE), "199X");
  EXPECT_EQ(FormatAt(t, v1::YEAR), "1994");
  EXPECT_EQ(FormatAt(t, v1::QUARTER), "1994-Q3");
  EXPECT_EQ(FormatAt(t, v1::MONTH), "1994-07");
  EXPECT_EQ(FormatAt(t, v1::WEEK), "1994-07-09");
  EXPECT_EQ(FormatAt(t, v1::DAY), "1994-07-09");
  EXPECT_EQ(UnitIndex(Day(2020, 1, 1), v1::MONTH) - UnitIndex(Day(2019, 12, 31), v1::MONTH), 1);
  EXPECT_EQ(UnitIndex(Day(2020, 1, 1), v1::DAY) - UnitIndex(Day(2019, 12, 31), v1::DAY), 1);
}

}  // namespace
}  // namespace chronicle::timeline
