// ClusterSweep must hand out exactly ClusterEvents' groups, each no earlier
// than every later date is beyond it, and a happening as soon as that holds.
#include "core/timeline/cluster.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "core/timeline/features.h"
#include "core/timeline/placement.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using testing::MakeEvent;

// Events, their own dates and vectors, in an order that visits dates by
// PlacementLess (as BuildTimeline's canonical order does).
struct Clusterable {
  std::vector<TimelineEvent> events;
  std::vector<Placement> placements;
  std::vector<SparseVector> vectors;
  std::vector<absl::string_view> articles;
};

Clusterable Prepare(std::vector<TimelineEvent> events) {
  Clusterable c;
  std::vector<Placement> placed;
  for (const TimelineEvent& event : events) {
    placed.push_back(Place(event.citation->interval(), v1::TimelineRequest::DAY));
  }
  std::vector<int> order(events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return PlacementLess(placed[a], placed[b]); });
  for (int i : order) {
    c.events.push_back(std::move(events[i]));
    c.placements.push_back(placed[i]);
  }
  c.vectors = Vectorize(c.events);
  for (const TimelineEvent& event : c.events) c.articles.push_back(event.citation->article_id());
  return c;
}

// Events over two months of days, with months, a year and a span among
// them, a small vocabulary of topics, and reports of earlier events
// re-dated a few days off, so that pairs cross dates and chain.
std::vector<TimelineEvent> RandomEvents(std::mt19937& random, int count) {
  static const std::vector<std::string> words = {
      "summit", "leaders", "trade",  "talks", "ferry", "strike", "union", "court", "ruling", "labor",
      "treaty", "export",  "chips",  "vote",  "storm", "flood",  "rescue", "bank", "rates",  "border"};
  std::uniform_int_distribution<int> word(0, static_cast<int>(words.size()) - 1);
  std::uniform_int_distribution<int> day(0, 60), article(0, 9), length(3, 8), percent(0, 99);
  std::vector<TimelineEvent> events;
  std::vector<std::pair<std::string, std::string>> told;  // sentence, date of each event
  for (int i = 0; i < count; ++i) {
    std::string sentence;
    std::string date;
    if (!told.empty() && percent(random) < 40) {
      std::uniform_int_distribution<size_t> pick_earlier(0, told.size() - 1);
      const auto& [earlier_sentence, earlier_date] = told[pick_earlier(random)];
      sentence = earlier_sentence;
      date = earlier_date;
      absl::CivilDay parsed;
      if (date.size() == 10 && absl::ParseCivilTime(date, &parsed)) {
        date = absl::FormatCivilTime(parsed + percent(random) % 9 - 4);
      }
    } else {
      std::vector<std::string> sentence_words;
      const int topic = word(random) % 4;
      for (int w = length(random); w > 0; --w) {
        sentence_words.push_back(percent(random) < 70 ? words[topic * 5 + w % 5] : words[word(random)]);
      }
      sentence = absl::StrJoin(sentence_words, " ");
      const int pick = percent(random);
      date = pick < 85   ? absl::FormatCivilTime(absl::CivilDay(2020, 3, 1) + day(random))
             : pick < 93 ? (pick % 2 ? "2020-03" : "2020-04")
             : pick < 97 ? "2020"
                         : "2020-03-02/2020-03-06";
    }
    told.emplace_back(sentence, date);
    events.push_back(MakeEvent("article-" + std::to_string(article(random)), sentence, date));
  }
  return events;
}

std::vector<std::vector<int>> Sorted(std::vector<std::vector<int>> groups) {
  std::sort(groups.begin(), groups.end());
  return groups;
}

TEST(ClusterSweepTest, HandsOutTheGroupsOfClusterEventsInDateOrder) {
  std::mt19937 random(20200301);
  int handed_out_early = 0;
  for (int round = 0; round < 60; ++round) {
    const Clusterable c = Prepare(RandomEvents(random, 10 + round * 4));
    const std::vector<std::vector<int>> whole = ClusterEvents(c.placements, c.vectors, c.articles);

    ClusterSweep sweep(c.placements, c.vectors, c.articles);
    std::vector<std::vector<int>> swept;
    absl::Time unsettled = absl::InfinitePast();
    std::vector<std::vector<int>> settled;
    int steps = 0;
    while (true) {
      const absl::Time before = sweep.UnsettledStart();
      ASSERT_GE(before, unsettled) << "round " << round;
      unsettled = before;
      settled.clear();
      if (!sweep.Step(settled)) break;
      ++steps;
      for (const std::vector<int>& group : settled) {
        for (int event : group) ASSERT_GE(c.placements[event].start, before) << "round " << round;
        // Handed out while dates were still left to visit.
        if (sweep.UnsettledStart() != absl::InfiniteFuture()) ++handed_out_early;
      }
      swept.insert(swept.end(), settled.begin(), settled.end());
    }
    EXPECT_EQ(sweep.UnsettledStart(), absl::InfiniteFuture());
    EXPECT_EQ(Sorted(swept), Sorted(whole)) << "round " << round;
    EXPECT_GT(steps, 0);
  }
  EXPECT_GT(handed_out_early, 100);
}

// A sweep whose vectors are made only for the events each step clusters
// (EventVectors, as a timeline's page does) hands out what a sweep over
// every vector made up front hands out, and leaves the vectors of the dates
// it did not visit unmade.
TEST(ClusterSweepTest, VectorsMadeAsTheSweepGoesGiveTheSameGroups) {
  std::mt19937 random(20200302);
  int stopped_early = 0;
  for (int round = 0; round < 40; ++round) {
    const Clusterable c = Prepare(RandomEvents(random, 10 + round * 4));
    const size_t steps = 1 + random() % 12;
    auto sweep_for = [&](ClusterSweep& sweep, EventVectors* made, std::vector<SparseVector>* vectors) {
      std::vector<std::vector<int>> groups;
      for (size_t step = 0; step < steps; ++step) {
        if (made != nullptr) made->Make(sweep.NextEvents(), *vectors);
        if (!sweep.Step(groups)) break;
      }
      return groups;
    };
    ClusterSweep up_front(c.placements, c.vectors, c.articles);
    const std::vector<std::vector<int>> expected = sweep_for(up_front, nullptr, nullptr);

    EventVectors made(c.events);
    std::vector<SparseVector> vectors(c.events.size());
    ClusterSweep as_it_goes(c.placements, vectors, c.articles, made.feature_count());
    EXPECT_EQ(sweep_for(as_it_goes, &made, &vectors), expected) << "round " << round;
    size_t unmade = 0;
    for (size_t i = 0; i < vectors.size(); ++i) {
      if (!vectors[i].empty()) {
        EXPECT_EQ(vectors[i], c.vectors[i]) << "round " << round << " event " << i;
      } else {
        unmade += !c.vectors[i].empty();
      }
    }
    stopped_early += unmade > 0;
  }
  EXPECT_GT(stopped_early, 10) << "every sweep visited every date: laziness untested";
}

TEST(ClusterSweepTest, AHappeningIsSettledOnceLaterDatesAreOutOfReach) {
  // A ferry strike told twice on March 1, then every day for two months
  // something unrelated: the strike's entry needs only the days within its
  // conflict window.
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Ferry workers in Busan went on strike over pay.", "2020-03-01"),
      MakeEvent("b", "The ferry workers' strike in Busan over pay began.", "2020-03-01")};
  const std::vector<std::string> topics = {"Parliament debated the budget for schools.",
                                           "A storm flooded farms along the river.",
                                           "The central bank held its rates steady."};
  for (int d = 1; d <= 60; ++d) {
    events.push_back(MakeEvent("daily-" + std::to_string(d), topics[d % topics.size()],
                               absl::FormatCivilTime(absl::CivilDay(2020, 3, 1) + d)));
  }
  const Clusterable c = Prepare(std::move(events));
  ClusterSweep sweep(c.placements, c.vectors, c.articles);
  std::vector<std::vector<int>> settled;
  int steps = 0;
  bool found = false;
  while (!found && sweep.Step(settled)) {
    ++steps;
    for (const std::vector<int>& group : settled) found = found || group == std::vector<int>{0, 1};
  }
  ASSERT_TRUE(found);
  // Settled once the sweep is past the strike's reach (its week and a day
  // on each side, against the next dates' week and a day), not at the end.
  EXPECT_LE(steps, 20);
  EXPECT_GE(sweep.UnsettledStart(), absl::FromCivil(absl::CivilDay(2020, 3, 2), absl::UTCTimeZone()));
}

}  // namespace
}  // namespace chronicle::timeline
