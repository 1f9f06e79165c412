// BuildTimelineBeginning must be exactly the start of BuildTimeline: the same
// entries, built and ordered alike, for any events and any page length. The
// random sets here crowd many events onto few dates, with nested, near and
// spanning dates and a small vocabulary, so that every clustering rule
// fires across what the beginning leaves unbuilt.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "core/timeline/placement.h"
#include "core/timeline/timeline.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using testing::IntervalOf;
using testing::MakeEvent;

// Dates of every unit and a few spans, close enough together that nesting,
// conflicts and spans meet.
const std::vector<std::string>& DatePool() {
  static const auto* pool = new std::vector<std::string>{
      "2019-11-28", "2019-12-01", "2019-12-03", "2019-12-08", "2019-12-24", "2019-12-25", "2020-01-02",
      "2020-02-14", "2020-06-30", "2019-10",    "2019-11",    "2019-12",    "2020-01",    "2020-03",
      "2018",       "2019",       "2020",       "201X",       "199X",       "20XX",       "1910/1945",
      "2019-12-01/2019-12-05",    "2019/2020",  "1998-07-04", "1998-07-09", "1998"};
  return *pool;
}

v1::TimeInterval QuarterInterval(int year, int quarter) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  v1::TimeInterval interval;
  const absl::CivilMonth first(year, 3 * (quarter - 1) + 1);
  interval.mutable_start()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(first, utc)));
  interval.mutable_end()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(first + 3, utc)));
  interval.set_granularity(v1::QUARTER);
  return interval;
}

std::vector<TimelineEvent> RandomEvents(std::mt19937& random, int count) {
  static const std::vector<std::string> words = {
      "summit", "leaders", "trade", "talks",   "ferry",  "strike", "union", "court",  "ruling",  "labor",
      "treaty", "export",  "chips", "protest", "police", "vote",   "storm", "flood",  "rescue",  "minister",
      "bank",   "rates",   "oil",   "spill",   "well",   "ban",    "visit", "border", "capital", "market"};
  static const std::vector<std::string> entities = {"person:a", "person:b", "location:c", "organization:d",
                                                    "location:e"};
  std::uniform_int_distribution<int> word(0, static_cast<int>(words.size()) - 1);
  std::uniform_int_distribution<int> date(0, static_cast<int>(DatePool().size()) + 1);
  std::uniform_int_distribution<int> article(0, 11), entity(0, static_cast<int>(entities.size()) - 1);
  std::uniform_int_distribution<int> length(3, 9), percent(0, 99), tenths(0, 4);
  std::vector<TimelineEvent> events;
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> sentence;
    const int n = length(random);
    // Few topics, so that many sentences are alike.
    const int topic = word(random) % 6;
    for (int w = 0; w < n; ++w) {
      sentence.push_back(percent(random) < 60 ? words[topic * 5 + w % 5] : words[word(random)]);
    }
    std::vector<std::string> named;
    if (percent(random) < 50) named.push_back(entities[entity(random)]);
    const int d = date(random);
    std::string value = d < static_cast<int>(DatePool().size()) ? DatePool()[d] : "2019-12-24";
    if (!events.empty() && percent(random) < 40) {
      // Another source's report of an earlier event: the same words but
      // one, dated a few days off, or by its month or year, so that
      // conflicts and nested dates join entries.
      const TimelineEvent& earlier = events[std::uniform_int_distribution<int>(0, i - 1)(random)];
      sentence = absl::StrSplit(earlier.citation->sentence(), ' ');
      if (sentence.size() > 3) sentence.erase(sentence.begin() + word(random) % sentence.size());
      named.assign(earlier.citation->entity_ids().begin(), earlier.citation->entity_ids().end());
      value = earlier.citation->date_value();
      if (value.size() == 10) {
        absl::CivilDay day;
        if (absl::ParseCivilTime(value, &day)) {
          const int shift = percent(random) % 12 - 4;
          value = shift <= 4 ? absl::FormatCivilTime(day + shift)
                  : shift < 7 ? absl::FormatCivilTime(absl::CivilMonth(day))
                              : absl::StrCat(day.year());
        }
      }
    }
    TimelineEvent event = MakeEvent(absl::StrCat("article-", article(random)), absl::StrJoin(sentence, " "), value,
                                    "2020-01-05", named, tenths(random) / 4.0);
    if (d == static_cast<int>(DatePool().size()) + 1) *event.citation->mutable_interval() = QuarterInterval(2019, 4);
    event.citation->set_begin(static_cast<uint32_t>(i));
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<std::string> Serialized(const std::vector<v1::TimelineEntry>& entries) {
  std::vector<std::string> out;
  for (const v1::TimelineEntry& entry : entries) out.push_back(entry.DebugString());
  return out;
}

TEST(TimelineBeginningTest, IsTheStartOfTheWholeTimelineForEveryLength) {
  std::mt19937 random(20191224);
  const std::vector<v1::TimelineRequest::Bucket> buckets = {v1::TimelineRequest::AUTO, v1::TimelineRequest::DAY,
                                                            v1::TimelineRequest::MONTH, v1::TimelineRequest::YEAR};
  int compared = 0;
  for (int round = 0; round < 40; ++round) {
    const std::vector<TimelineEvent> events = RandomEvents(random, 20 + round * 5);
    for (v1::TimelineRequest::Bucket bucket : buckets) {
      const std::vector<std::string> whole = Serialized(BuildTimeline(events, bucket));
      ASSERT_FALSE(whole.empty());
      for (size_t wanted : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{7}, whole.size() / 2,
                            whole.size() - 1, whole.size(), whole.size() + 5}) {
        const TimelineBeginning beginning = BuildTimelineBeginning(events, bucket, wanted);
        const std::vector<std::string> expected(whole.begin(), whole.begin() + std::min(wanted, whole.size()));
        ASSERT_EQ(Serialized(beginning.entries), expected)
            << "round " << round << ", bucket " << bucket << ", wanted " << wanted;
        EXPECT_EQ(beginning.more, whole.size() > wanted)
            << "round " << round << ", bucket " << bucket << ", wanted " << wanted;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 40 * 4 * 9);
}

TEST(TimelineBeginningTest, AShortBeginningLeavesLaterDatesUnbuilt) {
  // Two happenings years apart: the first entry needs only the first.
  const std::vector<TimelineEvent> events = {
      MakeEvent("a", "Leaders met in Chengdu for a trilateral summit.", "2019-12-24"),
      MakeEvent("b", "The trilateral summit in Chengdu brought leaders together.", "2019-12-24"),
      MakeEvent("c", "Ferry workers in Busan ended their strike.", "2023-05-02")};
  const TimelineBeginning first = BuildTimelineBeginning(events, v1::TimelineRequest::DAY, 1);
  ASSERT_EQ(first.entries.size(), 1u);
  EXPECT_EQ(first.entries[0].date(), "2019-12-24");
  EXPECT_EQ(first.entries[0].source_count(), 2);
  EXPECT_TRUE(first.more);
  const TimelineBeginning all = BuildTimelineBeginning(events, v1::TimelineRequest::DAY, 2);
  ASSERT_EQ(all.entries.size(), 2u);
  EXPECT_FALSE(all.more);
}

TEST(TimelineBeginningTest, MayRelateHoldsWheneverRelateAllowsAMerge) {
  std::vector<Placement> places;
  for (const std::string& value : DatePool()) places.push_back(Place(IntervalOf(value), v1::TimelineRequest::DAY));
  for (int year : {2019, 2020}) {
    for (int quarter = 1; quarter <= 4; ++quarter) {
      places.push_back(Place(QuarterInterval(year, quarter), v1::TimelineRequest::DAY));
    }
  }
  // Every day and month from 2019-06 to 2020-06: the windows' edges.
  for (absl::CivilDay day(2019, 6, 1); day < absl::CivilDay(2020, 7, 1); ++day) {
    places.push_back(Place(IntervalOf(absl::FormatCivilTime(day)), v1::TimelineRequest::DAY));
  }
  for (absl::CivilMonth month(2019, 1); month < absl::CivilMonth(2021, 1); ++month) {
    places.push_back(Place(IntervalOf(absl::FormatCivilTime(month)), v1::TimelineRequest::DAY));
  }
  int related = 0;
  for (const Placement& a : places) {
    for (const Placement& b : places) {
      if (Relate(a, b) == Relation::kFar) continue;
      ++related;
      ASSERT_TRUE(MayRelate(a, b)) << a.date << " and " << b.date;
    }
  }
  EXPECT_GT(related, 1000);
}

}  // namespace
}  // namespace chronicle::timeline
