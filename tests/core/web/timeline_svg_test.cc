#include "core/web/timeline_svg.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/web/html_checks.h"

namespace chronicle::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::Time Day(int64_t year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

void SetInterval(absl::Time start, absl::Time end, v1::Granularity granularity, v1::TimeInterval* interval) {
  interval->mutable_start()->set_seconds(absl::ToUnixSeconds(start));
  interval->mutable_end()->set_seconds(absl::ToUnixSeconds(end));
  interval->set_granularity(granularity);
}

v1::TimelineEntry* AddDayEntry(v1::TimelineResponse& response, int year, int month, int day, absl::string_view headline,
                               int sources) {
  v1::TimelineEntry* entry = response.add_entries();
  const absl::CivilDay civil(year, month, day);
  entry->set_date(absl::FormatCivilTime(civil));
  SetInterval(Day(year, month, day), Day(year, month, day) + absl::Hours(24), v1::DAY, entry->mutable_interval());
  entry->set_headline(std::string(headline));
  entry->set_source_count(sources);
  return entry;
}

size_t Count(absl::string_view text, absl::string_view piece) {
  size_t count = 0;
  for (size_t at = text.find(piece); at != absl::string_view::npos; at = text.find(piece, at + 1)) ++count;
  return count;
}

// The markup of entry `index`: from its group to the group's end.
std::string EntryMarkup(const std::string& svg, int index) {
  const size_t start = svg.find(absl::StrCat("data-entry=\"", index, "\""));
  if (start == std::string::npos) return "";
  const size_t open = svg.rfind("<g ", start);
  return svg.substr(open, svg.find("</g>", start) - open);
}

TEST(TimeAxisTest, ThreeDaysGetOneTickADay) {
  const TimeAxis axis = ChooseTimeAxis(Day(2019, 12, 23), Day(2019, 12, 26));
  EXPECT_EQ(axis.unit, TickUnit::kDay);
  EXPECT_EQ(axis.step, 1);
  ASSERT_EQ(axis.ticks.size(), 3u);
  EXPECT_EQ(axis.ticks[0].label, "23 Dec");
  EXPECT_EQ(axis.ticks[0].context, "2019");  // the year is named once
  EXPECT_EQ(axis.ticks[1].label, "24 Dec");
  EXPECT_EQ(axis.ticks[1].context, "");
  EXPECT_EQ(axis.ticks[2].at, Day(2019, 12, 25) + absl::Hours(12));  // the middle of the day
}

TEST(TimeAxisTest, ThreeCenturiesGetRoundYears) {
  const TimeAxis axis = ChooseTimeAxis(Day(1700, 1, 1), Day(2001, 1, 1));
  EXPECT_TRUE(axis.unit == TickUnit::kDecade || axis.unit == TickUnit::kCentury) << TickUnitName(axis.unit);
  EXPECT_GE(axis.ticks.size(), 3u);
  EXPECT_LE(axis.ticks.size(), static_cast<size_t>(kMaxAxisTicks));
  for (const AxisTick& tick : axis.ticks) {
    int year = 0;
    ASSERT_TRUE(absl::SimpleAtoi(tick.label, &year)) << tick.label;
    EXPECT_EQ(year % 50, 0) << tick.label;
  }
  EXPECT_EQ(axis.ticks.front().label, "1700");
  EXPECT_EQ(axis.ticks.back().label, "2000");
}

TEST(TimeAxisTest, SpacingGrowsWithTheSpan) {
  EXPECT_EQ(ChooseTimeAxis(Day(2019, 1, 1), Day(2019, 2, 15)).unit, TickUnit::kDay);
  EXPECT_EQ(ChooseTimeAxis(Day(2019, 1, 1), Day(2019, 9, 1)).unit, TickUnit::kMonth);
  EXPECT_EQ(ChooseTimeAxis(Day(2010, 1, 1), Day(2020, 1, 1)).unit, TickUnit::kYear);
  EXPECT_EQ(ChooseTimeAxis(Day(1900, 1, 1), Day(1980, 1, 1)).unit, TickUnit::kDecade);
  EXPECT_EQ(ChooseTimeAxis(Day(1000, 1, 1), Day(2000, 1, 1)).unit, TickUnit::kCentury);
  // Before the year 1 too.
  const TimeAxis ancient = ChooseTimeAxis(Day(-500, 1, 1), Day(200, 1, 1));
  EXPECT_EQ(ancient.unit, TickUnit::kCentury);
  EXPECT_EQ(ancient.ticks.front().label, "501 BC");
}

TEST(TimelineSvgTest, ThreeDaysDrawCirclesOnADayAxis) {
  v1::TimelineResponse response;
  AddDayEntry(response, 2019, 12, 23, "Storm reaches the coast", 1);
  AddDayEntry(response, 2019, 12, 24, "Ferries stop running", 4);
  AddDayEntry(response, 2019, 12, 25, "Harbour reopens", 9);
  const std::string svg = RenderTimelineSvg(response);
  EXPECT_THAT(svg, HasSubstr("viewBox=\"0 0 800 "));
  EXPECT_THAT(svg, HasSubstr("width=\"100%\""));
  EXPECT_EQ(Count(svg, "class=\"entry "), 3u);
  EXPECT_EQ(Count(svg, "<circle"), 3u);
  EXPECT_THAT(svg, HasSubstr("data-unit=\"day\""));
  EXPECT_EQ(Count(svg, "class=\"tick tick-day"), 3u);
  EXPECT_THAT(svg, HasSubstr(">24 Dec</text>"));
  EXPECT_THAT(EntryMarkup(svg, 1), HasSubstr("<title>24 Dec 2019 — Ferries stop running (4 sources)</title>"));
  EXPECT_THAT(svg, HasSubstr("<a href=\"#entry-1\">"));
  // More sources, a bigger mark.
  EXPECT_THAT(EntryMarkup(svg, 0), HasSubstr("r=\"6.0\""));
  EXPECT_THAT(EntryMarkup(svg, 2), HasSubstr("r=\"10.0\""));
}

TEST(TimelineSvgTest, ASpanIsABarAndADayACircle) {
  v1::TimelineResponse response;
  v1::TimelineEntry* war = response.add_entries();
  war->set_date("1910/1945");
  SetInterval(Day(1910, 1, 1), Day(1946, 1, 1), v1::YEAR, war->mutable_interval());
  war->set_headline("Colonial rule");
  war->set_source_count(3);
  AddDayEntry(response, 1919, 3, 1, "Independence movement begins", 2);
  v1::TimelineEntry* year = response.add_entries();
  year->set_date("1965");
  SetInterval(Day(1965, 1, 1), Day(1966, 1, 1), v1::YEAR, year->mutable_interval());
  year->set_headline("Treaty signed");

  const std::string svg = RenderTimelineSvg(response);
  EXPECT_EQ(Count(svg, "class=\"entry "), 3u);
  const std::string span = EntryMarkup(svg, 0);
  EXPECT_THAT(span, HasSubstr("class=\"entry span\""));
  EXPECT_THAT(span, HasSubstr("<rect"));
  EXPECT_THAT(span, Not(HasSubstr("<circle")));
  EXPECT_THAT(span, HasSubstr("data-date=\"1910/1945\""));
  EXPECT_THAT(span, HasSubstr("1910–1945 — Colonial rule"));
  const std::string day = EntryMarkup(svg, 1);
  EXPECT_THAT(day, HasSubstr("class=\"entry point\""));
  EXPECT_THAT(day, HasSubstr("<circle"));
  // A year is one unit of its granularity: a mark, not a bar.
  EXPECT_THAT(EntryMarkup(svg, 2), HasSubstr("<circle"));
}

TEST(TimelineSvgTest, EntriesWithoutIntervalsArePlacedByTheirDate) {
  v1::TimelineResponse response;
  response.add_entries()->set_date("1910/1945");
  response.add_entries()->set_date("1950");
  response.add_entries()->set_date("PAST_REF");  // cannot be placed: left out of the picture
  const std::string svg = RenderTimelineSvg(response);
  EXPECT_EQ(Count(svg, "class=\"entry "), 2u);
  EXPECT_THAT(EntryMarkup(svg, 0), HasSubstr("<rect"));
  EXPECT_EQ(EntryMarkup(svg, 2), "");
}

TEST(TimelineSvgTest, ConflictingDatesAreMarked) {
  v1::TimelineResponse response;
  AddDayEntry(response, 2019, 12, 20, "Talks open", 2);
  v1::TimelineEntry* entry = AddDayEntry(response, 2019, 12, 24, "Bridge closes", 3);
  entry->add_conflicting_dates("2019-12-23");
  entry->add_conflicting_dates("2019-12-24");
  const std::string svg = RenderTimelineSvg(response);
  const std::string conflict = EntryMarkup(svg, 1);
  EXPECT_THAT(conflict, HasSubstr("class=\"entry point conflict\""));
  EXPECT_THAT(conflict, HasSubstr("stroke-dasharray"));
  EXPECT_EQ(Count(conflict, "class=\"conflict-date\""), 2u);
  EXPECT_THAT(conflict, HasSubstr("Sources give different dates: 23 Dec 2019, 24 Dec 2019"));
  EXPECT_THAT(EntryMarkup(svg, 0), Not(HasSubstr("conflict")));
}

TEST(TimelineSvgTest, HistogramBarsStandAboveTheAxis) {
  v1::TimelineResponse response;
  AddDayEntry(response, 2021, 3, 2, "Ferry service resumes", 1);
  for (const auto& [date, count] : {std::pair{"2021-03-01", 2}, std::pair{"2021-03-02", 8}, std::pair{"2021-03-03", 0},
                                    std::pair{"2021-03-04", 5}}) {
    v1::HistogramBucket* bucket = response.add_histogram();
    bucket->set_date(date);
    bucket->set_count(count);
  }
  const std::string svg = RenderTimelineSvg(response);
  EXPECT_EQ(Count(svg, "class=\"bucket\""), 3u);  // an empty bucket draws nothing
  EXPECT_THAT(svg, HasSubstr("<title>2 Mar 2021: 8 events</title>"));
  EXPECT_LT(svg.find("class=\"histogram\""), svg.find("class=\"axis\""));
}

TEST(TimelineSvgTest, EscapesAllText) {
  v1::TimelineResponse response;
  v1::TimelineEntry* entry = AddDayEntry(response, 2020, 5, 1, kScript, 1);
  entry->set_date(std::string(kImage));  // not a date: placed by its interval
  entry->add_conflicting_dates(std::string(kAttribute));
  response.add_histogram()->set_date(std::string(kScript));
  const std::string svg = RenderTimelineSvg(response);
  EXPECT_EQ(Count(svg, "class=\"entry "), 1u);
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  ExpectOnlyOwnMarkup(svg);
}

TEST(TimelineSvgTest, NothingToPlaceGivesNothing) {
  EXPECT_EQ(RenderTimelineSvg(v1::TimelineResponse()), "");
  v1::TimelineResponse response;
  response.add_entries()->set_date("FUTURE_REF");
  EXPECT_EQ(RenderTimelineSvg(response), "");
}

TEST(TimelineSvgTest, ManyEntriesOnOneDayShareLanesWithoutLimit) {
  v1::TimelineResponse response;
  for (int i = 0; i < 40; ++i) AddDayEntry(response, 2022, 8, 1 + i % 2, absl::StrCat("Event ", i), 1 + i);
  const std::string svg = RenderTimelineSvg(response);
  EXPECT_EQ(Count(svg, "class=\"entry "), 40u);
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

}  // namespace
}  // namespace chronicle::web
