#include "core/timeline/summary.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "core/timeline/timeline.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using testing::MakeEvent;

constexpr auto kDay = v1::TimelineRequest::DAY;

std::vector<std::string> Dates(const std::vector<v1::TimelineEntry>& entries) {
  std::vector<std::string> dates;
  for (const v1::TimelineEntry& entry : entries) dates.push_back(entry.date());
  return dates;
}

// A sentence of its own for each date, so that no two dates read as one
// happening the sources date differently.
std::string HappeningOn(const std::string& date) {
  static const char* const kHappenings[] = {
      "The harbour crane collapsed onto the quay.",       "Dockers voted to strike over night shifts.",
      "A tanker ran aground off the northern breakwater.", "The port authority opened a second terminal.",
      "Customs officers seized forged shipping papers.",   "Fishermen blockaded the marina with trawlers.",
      "A cruise liner brought the first tourists of spring.", "Storm surge flooded the fish market.",
      "The ferry company cancelled its winter timetable.", "Divers recovered a sunken lifeboat."};
  return kHappenings[(date[date.size() - 1] - '0') % 10];
}

// `count` articles, "<prefix>0".., each with one sentence dated `date`,
// published on `published`.
void AddMentions(std::vector<TimelineEvent>& events, const std::string& prefix, int count, const std::string& date,
                 const std::string& published) {
  for (int i = 0; i < count; ++i) {
    events.push_back(MakeEvent(prefix + std::to_string(i), HappeningOn(date), date, published));
  }
}

TEST(SummaryTest, KeepsTheDatesMostArticlesGiveInDateOrder) {
  std::vector<TimelineEvent> events;
  AddMentions(events, "a", 1, "2020-03-01", "2020-03-20");
  AddMentions(events, "b", 4, "2020-03-05", "2020-03-20");
  AddMentions(events, "c", 2, "2020-03-09", "2020-03-20");
  AddMentions(events, "d", 3, "2020-03-02", "2020-03-20");
  const std::vector<v1::TimelineEntry> summary = Summarize(events, kDay, 2);
  EXPECT_THAT(Dates(summary), ElementsAre("2020-03-02", "2020-03-05"));
  ASSERT_EQ(summary.size(), 2u);
  // Every article was published later and refers back: mentions and
  // references are each at their largest for 2020-03-05.
  EXPECT_DOUBLE_EQ(summary[1].importance(), 2.0);
  EXPECT_DOUBLE_EQ(summary[0].importance(), 1.5);
}

TEST(SummaryTest, LaterArticlesReferringBackOutweighSameDayReports) {
  std::vector<TimelineEvent> events;
  // Three articles of the day itself against two published weeks later.
  AddMentions(events, "a", 3, "2020-03-01", "2020-03-01");
  AddMentions(events, "b", 2, "2020-03-05", "2020-04-20");
  EXPECT_THAT(Dates(Summarize(events, kDay, 1)), ElementsAre("2020-03-05"));
}

TEST(SummaryTest, OneEntryPerDateAndDaysBeforeCoarserDates) {
  std::vector<TimelineEvent> events;
  // A year mentioned by many articles, and two happenings on one day.
  AddMentions(events, "y", 6, "2019", "2020-03-20");
  for (int i = 0; i < 3; ++i) {
    events.push_back(MakeEvent("s" + std::to_string(i), "Dockers walked out over pay at the container terminal.",
                               "2020-03-02", "2020-03-20"));
  }
  events.push_back(
      MakeEvent("t0", "A ferry ran aground in thick fog near the lighthouse.", "2020-03-02", "2020-03-20"));
  AddMentions(events, "u", 1, "2020-03-07", "2020-03-20");
  ASSERT_EQ(BuildTimeline(events, kDay).size(), 4u);  // 2019, two on 2020-03-02, 2020-03-07

  const std::vector<v1::TimelineEntry> two = Summarize(events, kDay, 2);
  EXPECT_THAT(Dates(two), ElementsAre("2020-03-02", "2020-03-07"));
  EXPECT_EQ(two[0].source_count(), 3) << "the day is told by its best-sourced entry";
  // The year only fills a place the days leave free.
  EXPECT_THAT(Dates(Summarize(events, kDay, 5)), ElementsAre("2019", "2020-03-02", "2020-03-07"));
}

TEST(SummaryTest, AHappeningSourcesDateDifferentlyTakesOnePlace) {
  std::vector<TimelineEvent> events;
  for (int i = 0; i < 3; ++i) {
    events.push_back(MakeEvent("a" + std::to_string(i), "Dockers voted to strike over night shifts.", "2020-03-05",
                               "2020-03-20"));
  }
  for (int i = 0; i < 2; ++i) {
    events.push_back(MakeEvent("b" + std::to_string(i), "Dockers voted to strike over night shifts.", "2020-03-06",
                               "2020-03-20"));
  }
  AddMentions(events, "c", 1, "2020-03-12", "2020-03-20");
  const std::vector<v1::TimelineEntry> summary = Summarize(events, kDay, 2);
  EXPECT_THAT(Dates(summary), ElementsAre("2020-03-05", "2020-03-12"));
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0].source_count(), 5);
  EXPECT_THAT(summary[0].conflicting_dates(), ElementsAre("2020-03-05", "2020-03-06"));
}

TEST(SummaryTest, TiesGoToTheEarlierDateAndInputOrderDoesNotMatter) {
  std::vector<TimelineEvent> events;
  AddMentions(events, "a", 2, "2020-03-09", "2020-03-20");
  AddMentions(events, "b", 2, "2020-03-01", "2020-03-20");
  AddMentions(events, "c", 2, "2020-03-05", "2020-03-20");
  const std::vector<std::string> forward = Dates(Summarize(events, kDay, 2));
  std::reverse(events.begin(), events.end());
  EXPECT_THAT(Dates(Summarize(events, kDay, 2)), ElementsAreArray(forward));
  EXPECT_THAT(forward, ElementsAre("2020-03-01", "2020-03-05"));
}

TEST(SummaryTest, NothingAskedOrNothingThereGivesNothing) {
  std::vector<TimelineEvent> events;
  AddMentions(events, "a", 1, "2020-03-01", "2020-03-20");
  EXPECT_TRUE(Summarize(events, kDay, 0).empty());
  EXPECT_TRUE(Summarize({}, kDay, 5).empty());
  EXPECT_EQ(Summarize(events, kDay, 5).size(), 1u);
}

}  // namespace
}  // namespace chronicle::timeline
