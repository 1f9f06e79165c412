#include "core/timeline/timeline.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::MakeEvent;
using ::testing::SizeIs;
using Bucket = v1::TimelineRequest;

const std::vector<std::string> kSummitEntities = {"location:china", "location:japan", "location:south-korea",
                                                  "location:chengdu"};

std::vector<std::string> Dates(const std::vector<v1::TimelineEntry>& entries) {
  std::vector<std::string> dates;
  for (const v1::TimelineEntry& entry : entries) dates.push_back(entry.date());
  return dates;
}

std::vector<std::string> Articles(const v1::TimelineEntry& entry) {
  std::vector<std::string> articles;
  for (const v1::Citation& citation : entry.citations()) articles.push_back(citation.article_id());
  return articles;
}

TEST(TimelineTest, SameHappeningFromSeveralArticlesIsOneEntry) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-24", kSummitEntities),
       MakeEvent("b", "The trilateral summit in Chengdu brought Japan, China and South Korea together.",
                 "2019-12-24", "2019-12-25", kSummitEntities),
       MakeEvent("c", "China, Japan and South Korea held their trilateral summit in Chengdu on Tuesday.",
                 "2019-12-24", "2019-12-26", kSummitEntities),
       MakeEvent("d", "A ferry strike in Busan ended after unions accepted a pay offer.", "2019-12-24",
                 "2019-12-24", {"location:busan"})},
      Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(2));
  const v1::TimelineEntry& summit = entries[0].source_count() == 3 ? entries[0] : entries[1];
  const v1::TimelineEntry& ferry = entries[0].source_count() == 3 ? entries[1] : entries[0];
  EXPECT_EQ(summit.date(), "2019-12-24");
  EXPECT_EQ(summit.source_count(), 3);
  EXPECT_THAT(summit.citations(), SizeIs(3));
  EXPECT_THAT(summit.conflicting_dates(), IsEmpty());
  EXPECT_EQ(summit.interval().granularity(), v1::DAY);
  EXPECT_EQ(summit.interval().end().seconds() - summit.interval().start().seconds(), 86400);
  EXPECT_EQ(ferry.source_count(), 1);
  EXPECT_THAT(ferry.headline(), ::testing::HasSubstr("ferry strike"));
  // More sources first among entries of one date.
  EXPECT_EQ(entries[0].source_count(), 3);
}

TEST(TimelineTest, DifferentHappeningsOnOneDayStaySeparateEvenWithASharedPlace) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-24", kSummitEntities),
       MakeEvent("b", "South Korean ferry workers ended their strike after accepting a pay offer.",
                 "2019-12-24", "2019-12-24", {"location:south-korea"})},
      Bucket::DAY);
  EXPECT_THAT(entries, SizeIs(2));
}

TEST(TimelineTest, SentencesOfOneArticleOnOneDateMayJoin) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "The leaders met in Chengdu for the trilateral summit.", "2019-12-24"),
       MakeEvent("a", "At the Chengdu summit the leaders agreed to resume trilateral talks.", "2019-12-24")},
      Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_EQ(entries[0].source_count(), 1);
  EXPECT_THAT(entries[0].citations(), SizeIs(2));
}

TEST(TimelineTest, SourcesDisagreeingByADayGiveOneEntryWithConflictingDates) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-24", kSummitEntities),
       MakeEvent("b", "The leaders of Japan, China and South Korea met for a trilateral summit in Chengdu.",
                 "2019-12-24", "2019-12-25", kSummitEntities),
       MakeEvent("c", "Leaders of China, Japan and South Korea gathered in Chengdu for a trilateral summit.",
                 "2019-12-23", "2019-12-27", kSummitEntities)},
      Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(1));
  const v1::TimelineEntry& entry = entries[0];
  EXPECT_EQ(entry.date(), "2019-12-24");  // two articles against one
  EXPECT_THAT(entry.conflicting_dates(), ElementsAre("2019-12-23", "2019-12-24"));
  EXPECT_EQ(entry.source_count(), 3);
  // The headline comes from a sentence dated like the entry; each citation
  // keeps its own date.
  EXPECT_EQ(entry.citations(0).date_value(), "2019-12-24");
  for (const v1::Citation& citation : entry.citations()) {
    EXPECT_EQ(citation.date_value(), citation.article_id() == "c" ? "2019-12-23" : "2019-12-24");
  }
}

TEST(TimelineTest, ConflictWithoutMajorityIsDatedByTheEarliest) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-24", kSummitEntities),
       MakeEvent("c", "Leaders of China, Japan and South Korea gathered in Chengdu for a trilateral summit.",
                 "2019-12-23", "2019-12-27", kSummitEntities)},
      Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_EQ(entries[0].date(), "2019-12-23");
  EXPECT_THAT(entries[0].conflicting_dates(), ElementsAre("2019-12-23", "2019-12-24"));
}

TEST(TimelineTest, ConflictsAreNotReadIntoDatesFarApartOrGivenByOneArticle) {
  // The same words three weeks apart are two happenings.
  auto far = BuildTimeline({MakeEvent("a", "Negotiators met in Geneva for nuclear talks.", "2019-12-01"),
                            MakeEvent("b", "Negotiators met in Geneva for nuclear talks.", "2019-12-24")},
                           Bucket::DAY);
  EXPECT_THAT(Dates(far), ElementsAre("2019-12-01", "2019-12-24"));
  // One article dating two similar sentences three days apart tells two
  // rounds of talks apart; a second article agreeing with one of them does
  // not make it a conflict.
  auto rounds =
      BuildTimeline({MakeEvent("a", "Negotiators met in Geneva for nuclear talks.", "2019-12-02"),
                     MakeEvent("a", "Negotiators met in Geneva again for nuclear talks.", "2019-12-05"),
                     MakeEvent("b", "Negotiators met in Geneva for nuclear talks.", "2019-12-02")},
                    Bucket::DAY);
  ASSERT_THAT(Dates(rounds), ElementsAre("2019-12-02", "2019-12-05"));
  EXPECT_THAT(rounds[0].conflicting_dates(), IsEmpty());
  EXPECT_EQ(rounds[0].source_count(), 2);
}

TEST(TimelineTest, ConflictsDoNotChainBeyondTheWindow) {
  auto entries = BuildTimeline({MakeEvent("a", "Negotiators met in Geneva for nuclear talks.", "2019-12-17"),
                                MakeEvent("b", "Negotiators met in Geneva for nuclear talks.", "2019-12-22"),
                                MakeEvent("c", "Negotiators met in Geneva for nuclear talks.", "2019-12-27")},
                               Bucket::DAY);
  // 17 and 27 are ten days apart: 22 can join only one of them.
  EXPECT_THAT(entries, SizeIs(2));
}

TEST(TimelineTest, GrownGroupsMustStillBeAlikeAsWholes) {
  // a~b and b~c (each pair shares six words), a and c share nothing: b may
  // join one of them, and the pair must then be compared with c as a whole.
  auto entries = BuildTimeline(
      {MakeEvent("a", "alpha bravo charlie delta echo foxtrot xray", "2019-12-20"),
       MakeEvent("b", "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima",
                 "2019-12-22"),
       MakeEvent("c", "golf hotel india juliet kilo lima yankee", "2019-12-24")},
      Bucket::DAY);
  EXPECT_THAT(entries, SizeIs(2));
}

TEST(TimelineTest, NestedDatesAreNotAConflictAndTheFinerDatesTheEntry) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-24", kSummitEntities),
       MakeEvent("b", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019-12-24", "2019-12-25", kSummitEntities),
       MakeEvent("c",
                 "In 2019 leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                 "2019", "2020-03-01", kSummitEntities)},
      Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_EQ(entries[0].date(), "2019-12-24");
  EXPECT_THAT(entries[0].conflicting_dates(), IsEmpty());
  EXPECT_EQ(entries[0].source_count(), 3);
  EXPECT_NE(entries[0].citations(0).article_id(), "c");
}

TEST(TimelineTest, CoarseTimelinesGroupByTheDatesSourcesGive) {
  // On a YEAR timeline both strikes sit at "2011", but their sources date
  // them two months apart: two happenings, in the order of their days.
  const std::vector<TimelineEvent> events = {
      MakeEvent("a", "NATO aircraft struck targets in Tripoli.", "2011-06-20"),
      MakeEvent("b", "NATO aircraft struck targets in Tripoli.", "2011-04-10"),
      MakeEvent("c", "NATO aircraft struck targets in Tripoli overnight.", "2011-04-10")};
  auto entries = BuildTimeline(events, Bucket::YEAR);
  ASSERT_THAT(Dates(entries), ElementsAre("2011", "2011"));
  EXPECT_THAT(Articles(entries[0]), ::testing::UnorderedElementsAre("b", "c"));
  EXPECT_THAT(Articles(entries[1]), ElementsAre("a"));
  EXPECT_EQ(entries[0].interval().granularity(), v1::YEAR);
  auto months = BuildTimeline(events, Bucket::MONTH);
  EXPECT_THAT(Dates(months), ElementsAre("2011-04", "2011-06"));
}

TEST(TimelineTest, DifferentYearsAreDifferentHappenings) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "The annual trilateral summit of China, Japan and South Korea took place.", "2018"),
       MakeEvent("b", "The annual trilateral summit of China, Japan and South Korea took place.", "2019")},
      Bucket::YEAR);
  EXPECT_THAT(Dates(entries), ElementsAre("2018", "2019"));
}

TEST(TimelineTest, SpansJoinOnlyIdenticalSpans) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Japan ruled Korea as a colony from 1910 to 1945.", "1910/1945"),
       MakeEvent("b", "Korea was a Japanese colony ruled from Tokyo between 1910 and 1945.", "1910/1945"),
       MakeEvent("c", "Japan ruled Korea as a colony until 1945.", "1945")},
      Bucket::YEAR);
  ASSERT_THAT(Dates(entries), ElementsAre("1910/1945", "1945"));
  EXPECT_EQ(entries[0].source_count(), 2);
}

TEST(TimelineTest, OneSpanToldInOtherWordsByAnotherArticleIsOneEntry) {
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Relations have been marked by tension, largely stemming from Japan's colonial rule over "
                     "Korea from 1910 to 1945, ever since the war ended.",
                "1910/1945"),
      MakeEvent("b", "Ties were strained for decades by historical issues, including the colonization of Korea "
                     "by Japan from 1910 to 1945 and wartime labor.",
                "1910/1945"),
      // The same span, one shared word: another story.
      MakeEvent("c", "Harbour records from 1910 to 1945 were digitised by Korea's maritime museum.", "1910/1945")};
  const std::vector<v1::TimelineEntry> entries = BuildTimeline(events, v1::TimelineRequest::YEAR);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].source_count() + entries[1].source_count(), 3);
  EXPECT_EQ(std::max(entries[0].source_count(), entries[1].source_count()), 2);
}

TEST(TimelineTest, EntriesAreOrderedByStartThenLongerSpansFirst) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "Trams reached the city.", "1965"), MakeEvent("b", "The port was rebuilt.", "1910"),
       MakeEvent("c", "Foreign rule lasted decades.", "1910/1945"),
       MakeEvent("d", "Shipyards grew along the coast.", "19XX"),
       MakeEvent("e", "A bridge opened.", "1910-05-02")},
      Bucket::YEAR);
  EXPECT_THAT(Dates(entries), ElementsAre("19XX", "1910/1945", "1910", "1910", "1965"));
}

TEST(TimelineTest, HeadlineIsTheMostRepresentativeSentence) {
  auto entries =
      BuildTimeline({MakeEvent("a", "Floods closed the Rhine port at Basel.", "2021-07-15", "2021-07-15"),
                     MakeEvent("b", "Floods closed the Rhine port at Basel and stranded barges.",
                               "2021-07-15", "2021-07-17"),
                     MakeEvent("c", "Barges were stranded at Basel as floods rose on the Rhine.",
                               "2021-07-15", "2021-07-16"),
                     MakeEvent("d", "Floods closed the Rhine port at Basel.", "2021-07-15", "")},
                    Bucket::DAY);
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_EQ(entries[0].headline(), "Floods closed the Rhine port at Basel and stranded barges.");
  // The headline's citation first, then by publication, unknown last.
  EXPECT_THAT(Articles(entries[0]), ElementsAre("b", "a", "c", "d"));
}

TEST(TimelineTest, HeadlineTiesGoToRelevanceThenEarlierPublicationThenShorter) {
  auto by_relevance = BuildTimeline(
      {MakeEvent("a", "Floods closed the Rhine port at Basel.", "2021-07-15", "2021-07-15", {}, 1.0),
       MakeEvent("b", "Floods closed the Rhine port at Basel.", "2021-07-15", "2021-07-16", {}, 2.0)},
      Bucket::DAY);
  ASSERT_THAT(by_relevance, SizeIs(1));
  EXPECT_EQ(by_relevance[0].citations(0).article_id(), "b");
  auto by_publication =
      BuildTimeline({MakeEvent("a", "Floods closed the Rhine port at Basel.", "2021-07-15", "2021-07-16"),
                     MakeEvent("b", "Floods closed the Rhine port at Basel.", "2021-07-15", "2021-07-15")},
                    Bucket::DAY);
  ASSERT_THAT(by_publication, SizeIs(1));
  EXPECT_EQ(by_publication[0].citations(0).article_id(), "b");
}

TEST(TimelineTest, OutputDoesNotDependOnInputOrder) {
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Leaders of China, Japan and South Korea met in Chengdu for a trilateral summit.",
                "2019-12-24", "2019-12-24", kSummitEntities),
      MakeEvent("b", "The leaders of Japan, China and South Korea met for a trilateral summit in Chengdu.",
                "2019-12-24", "2019-12-25", kSummitEntities),
      MakeEvent("c", "Leaders of China, Japan and South Korea gathered in Chengdu for a trilateral summit.",
                "2019-12-23", "2019-12-27", kSummitEntities),
      MakeEvent("d", "A ferry strike in Busan ended after unions accepted a pay offer.", "2019-12-24"),
      MakeEvent("e", "Ferry workers in Busan ended their strike.", "2019-12-24"),
      MakeEvent("f", "Floods closed the Rhine port at Basel.", "2019-12-24"),
      MakeEvent("g", "Floods closed the Rhine port at Basel.", "2019"),
      MakeEvent("h", "Japan ruled Korea as a colony from 1910 to 1945.", "1910/1945"),
      MakeEvent("i", "Negotiators met in Geneva for nuclear talks.", "2019-12-20"),
      MakeEvent("i", "Negotiators met in Geneva for nuclear talks.", "2019-12-21"),
      MakeEvent("j", "Negotiators met in Geneva for nuclear talks.", "2019-12-21"),
      MakeEvent("k", "Negotiators met in Geneva for nuclear talks.", "2019-12-20")};
  for (auto bucket : {Bucket::DAY, Bucket::MONTH, Bucket::YEAR}) {
    std::string expected;
    for (const v1::TimelineEntry& entry : BuildTimeline(events, bucket))
      expected += entry.SerializeAsString();
    std::mt19937 random(7);
    for (int round = 0; round < 20; ++round) {
      std::vector<TimelineEvent> shuffled = events;
      std::shuffle(shuffled.begin(), shuffled.end(), random);
      std::string actual;
      for (const v1::TimelineEntry& entry : BuildTimeline(shuffled, bucket))
        actual += entry.SerializeAsString();
      EXPECT_EQ(actual, expected) << "bucket " << bucket << " round " << round;
    }
  }
}

TEST(TimelineTest, EmptyInputGivesNothing) {
  EXPECT_THAT(BuildTimeline({}, Bucket::AUTO), IsEmpty());
  EXPECT_THAT(Histogram({}, Bucket::AUTO), IsEmpty());
}

TEST(TimelineTest, EventsWithoutContentWordsStayApart) {
  auto entries = BuildTimeline(
      {MakeEvent("a", "It was then.", "2019-12-24"), MakeEvent("b", "It was then.", "2019-12-24")},
      Bucket::DAY);
  EXPECT_THAT(entries, SizeIs(2));
}

TEST(HistogramTest, CountsEventsAtTheirPlacement) {
  const std::vector<TimelineEvent> events = {MakeEvent("a", "Leaders met in Chengdu.", "2019-12-24"),
                                             MakeEvent("b", "Leaders met in Chengdu.", "2019-12-24"),
                                             MakeEvent("c", "A ferry strike ended.", "2019-12-24"),
                                             MakeEvent("d", "Leaders met in Chengdu.", "2019-12-23"),
                                             MakeEvent("e", "Exports were restricted.", "2019"),
                                             MakeEvent("f", "Japan ruled Korea.", "1910/1945")};
  using Count = std::pair<std::string, int64_t>;
  std::vector<Count> counts;
  for (const v1::HistogramBucket& bucket : Histogram(events, Bucket::DAY)) {
    counts.emplace_back(bucket.date(), bucket.count());
  }
  EXPECT_THAT(counts, ElementsAre(Count{"1910/1945", 1}, Count{"2019", 1}, Count{"2019-12-23", 1},
                                  Count{"2019-12-24", 3}));
  counts.clear();
  for (const v1::HistogramBucket& bucket : Histogram(events, Bucket::YEAR)) {
    counts.emplace_back(bucket.date(), bucket.count());
  }
  EXPECT_THAT(counts, ElementsAre(Count{"1910/1945", 1}, Count{"2019", 5}));
}

TEST(ChooseBucketTest, FollowsTheSpreadOfStartDates) {
  auto bucket = [](std::vector<std::string> dates, v1::TimelineRequest::Bucket requested) {
    std::vector<TimelineEvent> events;
    for (const std::string& date : dates) events.push_back(MakeEvent("a", "Something happened.", date));
    return ChooseBucket(events, requested);
  };
  EXPECT_EQ(bucket({}, Bucket::AUTO), Bucket::DAY);
  EXPECT_EQ(bucket({"2019-12-01", "2019-12-30"}, Bucket::AUTO), Bucket::DAY);
  EXPECT_EQ(bucket({"2019-12-01", "2019-03-30"}, Bucket::BUCKET_UNSPECIFIED), Bucket::MONTH);
  EXPECT_EQ(bucket({"2019", "2015-03"}, Bucket::AUTO), Bucket::MONTH);
  EXPECT_EQ(bucket({"1910/1945", "2019-12-24"}, Bucket::AUTO), Bucket::YEAR);
  EXPECT_EQ(bucket({"1910/1945", "2019-12-24"}, Bucket::DAY), Bucket::DAY);
  EXPECT_EQ(bucket({"2019-12-01"}, Bucket::MONTH), Bucket::MONTH);
}

}  // namespace
}  // namespace chronicle::timeline
