// The timeline a reader should get for a handful of articles on relations
// between Japan and South Korea: one article explains the history, a wire
// story and a daily report cover the December 24, 2019 summit, and a weekly
// dates the summit December 23.
#include <string>
#include <vector>

#include "core/timeline/features.h"
#include "core/timeline/timeline.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::MakeEvent;
using ::testing::UnorderedElementsAre;
using Bucket = v1::TimelineRequest;

// An event with the index's stemmed terms for its sentence.
TimelineEvent Stemmed(const std::string& article, const std::string& published, const std::string& date,
                      const std::string& sentence, std::vector<std::string> terms,
                      std::vector<std::string> entities) {
  TimelineEvent event = MakeEvent(article, sentence, date, published, std::move(entities));
  event.terms = TermsOf(terms);
  return event;
}

std::vector<TimelineEvent> RelationsEvents() {
  const std::string japan = "location:japan", korea = "location:korea", south_korea = "location:south-korea",
                    china = "location:china", chengdu = "location:chengdu",
                    court = "organization:supreme-court";
  return {
      // The explainer.
      Stemmed("explainer", "2019-12-20", "1910/1945",
              "Japan ruled the Korean Peninsula as a colony from 1910 to 1945.",
              {"a", "as", "coloni", "from", "japan", "korean", "peninsula", "rule", "the", "to"},
              {japan, korea}),
      Stemmed("explainer", "2019-12-20", "1965",
              "South Korea and Japan normalised diplomatic relations with a treaty signed in 1965.",
              {"a", "and", "diplomat", "in", "japan", "korea", "normalis", "relat", "sign", "south", "treati",
               "with"},
              {south_korea, japan}),
      Stemmed("explainer", "2019-12-20", "2018",
              "In 2018 South Korea's Supreme Court ordered Japanese companies to compensate wartime forced "
              "laborers.",
              {"compani", "compens", "court", "forc", "in", "japanes", "korea", "labor", "order", "south",
               "suprem", "to", "wartim"},
              {south_korea, court}),
      Stemmed("explainer", "2019-12-20", "2019-07",
              "In July 2019 Japan restricted exports of three chemicals used to make semiconductors to South "
              "Korea.",
              {"chemic", "export", "in", "japan", "juli", "korea", "make", "of", "restrict", "semiconductor",
               "south", "three", "to", "use"},
              {japan, south_korea}),
      // The wire story.
      Stemmed("wire", "2019-12-24", "1910/1945", "Korea was under Japanese colonial rule from 1910 to 1945.",
              {"coloni", "from", "japanes", "korea", "rule", "to", "under", "was"}, {korea}),
      Stemmed(
          "wire", "2019-12-24", "2019",
          "Japan restricted exports of chemicals used by South Korean chipmakers in 2019.",
          {"by", "chemic", "chipmak", "export", "in", "japan", "korean", "of", "restrict", "south", "use"},
          {japan, south_korea}),
      Stemmed(
          "wire", "2019-12-24", "2019-12-24",
          "Leaders of China, Japan and South Korea met in Chengdu on December 24 for a trilateral summit.",
          {"a", "and", "chengdu", "china", "decemb", "for", "in", "japan", "korea", "leader", "met", "of",
           "on", "south", "summit", "trilater"},
          {china, japan, south_korea, chengdu}),
      // The daily.
      Stemmed("daily", "2019-12-25", "1965",
              "The 1965 treaty normalised relations between South Korea and Japan.",
              {"and", "between", "japan", "korea", "normalis", "relat", "south", "the", "treati"},
              {south_korea, japan}),
      Stemmed("daily", "2019-12-25", "2019-12-24",
              "The trilateral summit of China, Japan and South Korea opened in Chengdu on December 24.",
              {"and", "chengdu", "china", "decemb", "in", "japan", "korea", "of", "on", "open", "south",
               "summit", "the", "trilater"},
              {china, japan, south_korea, chengdu}),
      Stemmed("daily", "2019-12-25", "2019-12-24",
              "A ferry strike in Busan ended on December 24 after unions accepted a pay offer.",
              {"a", "accept", "after", "busan", "decemb", "end", "ferri", "in", "offer", "on", "pay",
               "strike", "union"},
              {"location:busan"}),
      // The weekly, one day off for the summit.
      Stemmed("weekly", "2019-12-28", "2019-12-23",
              "On December 23, leaders of Japan, China and South Korea met in Chengdu for their annual "
              "trilateral "
              "summit.",
              {"and", "annual", "chengdu", "china", "decemb", "for", "in", "japan", "korea", "leader", "met",
               "of", "on", "south", "summit", "their", "trilater"},
              {japan, china, south_korea, chengdu}),
      Stemmed("weekly", "2019-12-28", "2018",
              "The 2018 ruling by South Korea's Supreme Court ordered Japanese firms to compensate forced "
              "laborers.",
              {"by", "compens", "court", "firm", "forc", "japanes", "korea", "labor", "order", "rule",
               "south", "suprem", "the", "to"},
              {south_korea, court}),
      Stemmed("weekly", "2019-12-28", "1910/1945", "Colonial rule by Japan lasted from 1910 until 1945.",
              {"by", "coloni", "from", "japan", "last", "rule", "until"}, {japan}),
  };
}

std::vector<std::string> Dates(const std::vector<v1::TimelineEntry>& entries) {
  std::vector<std::string> dates;
  for (const v1::TimelineEntry& entry : entries) {
    if (dates.empty() || dates.back() != entry.date()) dates.push_back(entry.date());
  }
  return dates;
}

std::vector<std::string> Articles(const v1::TimelineEntry& entry) {
  std::vector<std::string> articles;
  for (const v1::Citation& citation : entry.citations()) articles.push_back(citation.article_id());
  return articles;
}

const v1::TimelineEntry* Find(const std::vector<v1::TimelineEntry>& entries, const std::string& word) {
  for (const v1::TimelineEntry& entry : entries) {
    if (entry.headline().find(word) != std::string::npos) return &entry;
  }
  return nullptr;
}

TEST(RelationsExampleTest, AutoPicksYearsForACenturyOfEvents) {
  EXPECT_EQ(ChooseBucket(RelationsEvents(), Bucket::AUTO), Bucket::YEAR);
}

TEST(RelationsExampleTest, YearTimelineShowsEachPeriodOnceWithAllItsSources) {
  const std::vector<v1::TimelineEntry> entries = BuildTimeline(RelationsEvents(), Bucket::YEAR);
  EXPECT_THAT(Dates(entries), ElementsAre("1910/1945", "1965", "2018", "2019"));
  ASSERT_GE(entries.size(), 4u);
  EXPECT_THAT(Articles(entries[0]), UnorderedElementsAre("explainer", "wire", "weekly"));
  EXPECT_EQ(entries[0].source_count(), 3);
  EXPECT_EQ(entries[1].date(), "1965");
  EXPECT_THAT(Articles(entries[1]), UnorderedElementsAre("explainer", "daily"));
  EXPECT_EQ(entries[2].date(), "2018");
  EXPECT_THAT(Articles(entries[2]), UnorderedElementsAre("explainer", "weekly"));

  // 2019 holds three happenings, in the order of their own dates: export
  // controls (July), the summit (December 24, one source saying the 23rd)
  // and the ferry strike. Grouping goes by the dates the sources give, so the
  // summit's entry and its conflict are the same as on a DAY timeline.
  ASSERT_EQ(entries.size(), 6u);
  const v1::TimelineEntry* summit = Find(entries, "summit");
  ASSERT_NE(summit, nullptr);
  EXPECT_EQ(summit->date(), "2019");
  EXPECT_EQ(summit->source_count(), 3);
  EXPECT_THAT(summit->citations(), ::testing::SizeIs(3));
  EXPECT_THAT(summit->conflicting_dates(), ElementsAre("2019-12-23", "2019-12-24"));
  EXPECT_THAT(Articles(entries[3]), UnorderedElementsAre("explainer", "wire"));
  EXPECT_THAT(entries[3].headline(), ::testing::HasSubstr("export"));
  EXPECT_EQ(summit, &entries[4]);
  EXPECT_THAT(entries[5].headline(), ::testing::HasSubstr("ferry"));
}

TEST(RelationsExampleTest, DayTimelineShowsTheSummitOnceWithItsConflictingDate) {
  const std::vector<v1::TimelineEntry> entries = BuildTimeline(RelationsEvents(), Bucket::DAY);
  const v1::TimelineEntry* summit = Find(entries, "summit");
  ASSERT_NE(summit, nullptr);
  EXPECT_EQ(summit->date(), "2019-12-24");
  EXPECT_THAT(summit->conflicting_dates(), ElementsAre("2019-12-23", "2019-12-24"));
  EXPECT_THAT(Articles(*summit), UnorderedElementsAre("wire", "daily", "weekly"));
  EXPECT_EQ(summit->source_count(), 3);
  for (const v1::Citation& citation : summit->citations()) {
    EXPECT_EQ(citation.date_value(), citation.article_id() == "weekly" ? "2019-12-23" : "2019-12-24");
  }
  // The ferry strike the same day is its own entry.
  const v1::TimelineEntry* ferry = Find(entries, "ferry");
  ASSERT_NE(ferry, nullptr);
  EXPECT_NE(ferry, summit);
  EXPECT_EQ(ferry->date(), "2019-12-24");
  // Coarse dates stay coarse; the year-level report of the export controls
  // joins the month-level one it contains, which dates the entry.
  EXPECT_THAT(Dates(entries), ElementsAre("1910/1945", "1965", "2018", "2019-07", "2019-12-24"));
  const v1::TimelineEntry* exports = Find(entries, "export");
  ASSERT_NE(exports, nullptr);
  EXPECT_EQ(exports->date(), "2019-07");
  EXPECT_THAT(exports->conflicting_dates(), IsEmpty());
  EXPECT_EQ(exports->source_count(), 2);
}

TEST(RelationsExampleTest, HistogramCountsEveryEventAtItsPlace) {
  std::vector<std::string> buckets;
  for (const v1::HistogramBucket& bucket : Histogram(RelationsEvents(), Bucket::YEAR)) {
    buckets.push_back(bucket.date() + "=" + std::to_string(bucket.count()));
  }
  EXPECT_THAT(buckets, ElementsAre("1910/1945=3", "1965=2", "2018=2", "2019=6"));
}

}  // namespace
}  // namespace chronicle::timeline
