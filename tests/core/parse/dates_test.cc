#include "core/parse/dates.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::parse {
namespace {

std::string Value(absl::string_view text) {
  auto date = ParseDateString(text);
  return date ? date->value : "none";
}

TEST(ParseDateStringTest, Iso8601AndRfc3339) {
  EXPECT_EQ(Value("2019-12-24"), "2019-12-24");
  EXPECT_EQ(Value("2023-12-11T09:30+09:00"), "2023-12-11T09:30+09:00");
  EXPECT_EQ(Value("2023-12-11T09:30:05.123Z"), "2023-12-11T09:30:05Z");
  EXPECT_EQ(Value("2023-12-11 09:30:05-0500"), "2023-12-11T09:30:05-05:00");
  EXPECT_EQ(Value("2023-12-11T09:30:05"), "2023-12-11T09:30:05");
}

TEST(ParseDateStringTest, Rfc2822) {
  EXPECT_EQ(Value("Mon, 11 Dec 2023 09:30:00 +0900"), "2023-12-11T09:30:00+09:00");
  EXPECT_EQ(Value("11 Dec 2023 09:30 GMT"), "2023-12-11T09:30Z");
}

TEST(ParseDateStringTest, WrittenDates) {
  EXPECT_EQ(Value("December 24, 2019"), "2019-12-24");
  EXPECT_EQ(Value("Dec. 24 2019"), "2019-12-24");
  EXPECT_EQ(Value("| 11 December 2023, Monday |"), "2023-12-11");
  EXPECT_EQ(Value("Updated: Tuesday, 3rd of March, 2020"), "2020-03-03");
  EXPECT_EQ(Value("March 3, 2020 at 4:15 p.m. EST"), "2020-03-03T16:15-05:00");
  EXPECT_EQ(Value("March 3, 2020, 12:05 am"), "2020-03-03T00:05");
}

TEST(ParseDateStringTest, WireFormat) {
  auto date = ParseDateString("26-FEB-1987 15:01:01.79");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->value, "1987-02-26T15:01:01");
  EXPECT_EQ(date->granularity, temporal::Granularity::kSecond);
  EXPECT_FALSE(date->utc_offset_minutes.has_value());
}

TEST(ParseDateStringTest, RejectsNonDatesAndImpossibleDays) {
  EXPECT_EQ(Value("2023-02-30"), "none");
  EXPECT_EQ(Value("February 30, 2023"), "none");
  EXPECT_EQ(Value("March 3"), "none");  // no year outside a dateline
  EXPECT_EQ(Value("The talks began on December 24, 2019."), "none");
  EXPECT_EQ(Value("2019"), "none");
  EXPECT_EQ(Value(""), "none");
  EXPECT_EQ(Value("2023-12-11T25:00"), "none");
}

TEST(PublicationDateTest, UtcInstantAppliesOffset) {
  auto date = ParseDateString("2023-12-11T09:30+09:00");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M", date->UtcInstant(), absl::UTCTimeZone()), "2023-12-11T00:30");
  auto day = ParseDateString("2023-12-11");
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M", day->UtcInstant(), absl::UTCTimeZone()), "2023-12-11T00:00");
}

TEST(FindDatelinePrefixTest, WireDatelineWithoutYear) {
  auto prefix = FindDatelinePrefix("OSLO, March 12 - New orders at the country's shipyards rose");
  ASSERT_TRUE(prefix.has_value());
  EXPECT_EQ(prefix->place, "OSLO");
  ASSERT_TRUE(prefix->date.has_value());
  EXPECT_FALSE(prefix->date->year_known);
  EXPECT_EQ(prefix->date->value, "XXXX-03-12");
  EXPECT_EQ(std::string("OSLO, March 12 - New").substr(prefix->end), "New");
}

TEST(FindDatelinePrefixTest, AgencyAndFullDate) {
  auto prefix = FindDatelinePrefix("NEW YORK, Dec. 11, 2023 (Reuters) - Stocks fell.");
  ASSERT_TRUE(prefix.has_value());
  EXPECT_EQ(prefix->place, "NEW YORK");
  EXPECT_EQ(prefix->agency, "Reuters");
  EXPECT_EQ(prefix->date->value, "2023-12-11");
  auto no_date = FindDatelinePrefix("LONDON (AP) — Rain fell.");
  ASSERT_TRUE(no_date.has_value());
  EXPECT_EQ(no_date->agency, "AP");
  EXPECT_FALSE(no_date->date.has_value());
}

TEST(FindDatelinePrefixTest, OrdinarySentencesAreNotDatelines) {
  EXPECT_FALSE(FindDatelinePrefix("The minister - who spoke on Monday - left.").has_value());
  EXPECT_FALSE(FindDatelinePrefix("The minister (pictured) - left early.").has_value());
  EXPECT_FALSE(FindDatelinePrefix("Prices rose 5 percent in March - the most in years.").has_value());
}

TEST(ResolveYearTest, PicksYearClosestBeforeReference) {
  auto prefix = FindDatelinePrefix("OSLO, Dec 30 - Text");
  PublicationDate date = *prefix->date;
  ResolveYear(absl::CivilDay(2024, 1, 2), date);
  EXPECT_EQ(date.value, "2023-12-30");
  PublicationDate soon = *FindDatelinePrefix("OSLO, Jan 5 - Text")->date;
  ResolveYear(absl::CivilDay(2024, 1, 2), soon);
  EXPECT_EQ(soon.value, "2024-01-05");  // up to a week ahead stays in the reference year
}

TEST(DateFromUnixTimeTest, SecondsAndMilliseconds) {
  EXPECT_EQ(DateFromUnixTime(1702287000).value, "2023-12-11T09:30:00Z");
  EXPECT_EQ(DateFromUnixTime(1702287000123LL).value, "2023-12-11T09:30:00Z");
}

}  // namespace
}  // namespace chronicle::parse
