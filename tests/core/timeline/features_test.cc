#include "core/timeline/features.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using ::testing::ElementsAre;
using testing::MakeEvent;

TEST(FeaturesTest, IgnoresStopWordsDateWordsAndTheirStems) {
  for (const char* term :
       {"the", "was", "veri", "said", "decemb", "december", "tuesday", "yesterday", "year", "x"}) {
    EXPECT_TRUE(IsIgnoredTerm(term)) << term;
  }
  for (const char* term : {"summit", "chengdu", "strike", "state", "report"}) {
    EXPECT_FALSE(IsIgnoredTerm(term)) << term;
  }
}

// An event's terms are one string, each term followed by a space; no empty
// term comes back from stray or missing spaces.
TEST(FeaturesTest, TermsAreJoinedAndSplitBack) {
  const std::vector<std::string> terms = {"court", "rule", "summit", "\xc3\xa9lection"};
  EXPECT_EQ(JoinTerms(terms), "court rule summit \xc3\xa9lection ");
  EXPECT_THAT(SplitTerms(JoinTerms(terms)), ElementsAre("court", "rule", "summit", "\xc3\xa9lection"));
  EXPECT_TRUE(SplitTerms("").empty());
  EXPECT_TRUE(JoinTerms(std::vector<std::string>()).empty());
  EXPECT_THAT(SplitTerms("  court  rule"), ElementsAre("court", "rule"));
}

TEST(FeaturesTest, ContentTermsComeFromIndexTermsOrTheSentence) {
  TimelineEvent event = MakeEvent("a", "On Tuesday, the leaders met in Chengdu in 2019.", "2019-12-24");
  EXPECT_THAT(ContentTerms(event), ElementsAre("chengdu", "leaders", "met"));
  event.terms = "leader meet the chengdu leader ";
  EXPECT_THAT(ContentTerms(event), ElementsAre("chengdu", "leader", "meet"));
}

TEST(FeaturesTest, SimilarSentencesScoreHigherThanUnrelatedOnes) {
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Leaders met in Chengdu for a trilateral summit.", "2019-12-24"),
      MakeEvent("b", "The trilateral summit in Chengdu brought the leaders together.", "2019-12-24"),
      MakeEvent("c", "A ferry strike ended after unions accepted a pay offer.", "2019-12-24"),
      MakeEvent("d", "Leaders met in Chengdu for a trilateral summit.", "2019-12-24")};
  const std::vector<SparseVector> v = Vectorize(events);
  EXPECT_NEAR(Dot(v[0], v[0]), 1.0, 1e-12);
  EXPECT_NEAR(Dot(v[0], v[3]), 1.0, 1e-12);
  EXPECT_GT(Dot(v[0], v[1]), 0.5);
  EXPECT_EQ(Dot(v[0], v[2]), 0.0);
}

TEST(FeaturesTest, SharedEntitiesAddSimilarity) {
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Talks opened on trade.", "2019-12-24", "2020-01-05", {"location:chengdu"}),
      MakeEvent("b", "Talks opened on fishing.", "2019-12-24", "2020-01-05", {"location:chengdu"}),
      MakeEvent("c", "Talks opened on fishing.", "2019-12-24")};
  const std::vector<SparseVector> v = Vectorize(events);
  EXPECT_GT(Dot(v[0], v[1]), Dot(v[0], v[2]));
}

TEST(FeaturesTest, AnEntityIsNotTheWordOfItsName) {
  // "japan" the word and "japan" the entity are two features: an event that
  // has only the word shares nothing with one that has only the entity.
  std::vector<TimelineEvent> events = {
      MakeEvent("a", "Tariffs on steel rose.", "2019-12-24", "2020-01-05", {"japan"}),
      MakeEvent("b", "Tariffs on steel rose.", "2019-12-24", "2020-01-05", {"japan"}),
      MakeEvent("c", "Cold weather in Japan.", "2019-12-24")};
  events[2].terms = "japan cold weather ";
  const std::vector<SparseVector> v = Vectorize(events);
  EXPECT_EQ(v[0].size(), 4u);  // tariffs, steel, rose and the entity
  EXPECT_NEAR(Dot(v[0], v[1]), 1.0, 1e-12);
  EXPECT_EQ(Dot(v[0], v[2]), 0.0);
}

TEST(FeaturesTest, NumberingDoesNotDependOnEventOrder) {
  std::vector<TimelineEvent> events = {MakeEvent("a", "Rain fell on the harbour town.", "2019-12-24"),
                                       MakeEvent("b", "The harbour froze.", "2019-12-24"),
                                       MakeEvent("c", "Snow fell on the hills.", "2019-12-24")};
  const std::vector<SparseVector> forward = Vectorize(events);
  std::reverse(events.begin(), events.end());
  const std::vector<SparseVector> backward = Vectorize(events);
  EXPECT_EQ(forward[0], backward[2]);
  EXPECT_EQ(forward[1], backward[1]);
  EXPECT_EQ(forward[2], backward[0]);
  // Rarest first: "froze" (in one event, so weighing more) precedes "harbour" (in two).
  EXPECT_GT(forward[1].front().second, forward[1].back().second);
}

TEST(FeaturesTest, PrefixKeepsEnoughWeightToFindEveryPairAboveThreshold) {
  const SparseVector v = {{0, 0.8}, {1, 0.5}, {2, 0.3}, {3, 0.1}};  // norm^2 = 0.99
  // Tail after two entries has norm sqrt(0.1) ~ 0.316.
  EXPECT_EQ(PrefixLength(v, 0.35), 2u);
  EXPECT_EQ(PrefixLength(v, 0.3), 3u);
  EXPECT_EQ(PrefixLength(v, 1.5), 0u);
  EXPECT_EQ(PrefixLength({}, 0.3), 0u);
}

}  // namespace
}  // namespace chronicle::timeline
