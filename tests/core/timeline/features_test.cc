#include "core/timeline/features.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/timeline/test_events.h"

namespace chronicle::timeline {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
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

// An event's terms are their hashes, 4 bytes each, ascending, each once,
// without the terms that tell nothing apart.
TEST(FeaturesTest, TermsAreHashedSortedAndFreeOfStopWords) {
  // FNV-1a's published values for these inputs.
  EXPECT_EQ(TermHash(""), 0x811c9dc5u);
  EXPECT_EQ(TermHash("a"), 0xe40c292cu);
  EXPECT_EQ(TermHash("foobar"), 0xbf9cf968u);
  const std::string packed = TermsOf(std::vector<std::string>{"summit", "court", "the", "rule", "court", "x"});
  ASSERT_EQ(TermCount(packed), 3u);
  EXPECT_EQ(packed.size(), 12u);
  std::vector<uint32_t> hashes;
  for (size_t i = 0; i < TermCount(packed); ++i) hashes.push_back(TermAt(packed, i));
  EXPECT_THAT(hashes, UnorderedElementsAre(TermHash("court"), TermHash("rule"), TermHash("summit")));
  EXPECT_TRUE(std::is_sorted(hashes.begin(), hashes.end()));
  for (const char* term : {"court", "rule", "summit"}) EXPECT_TRUE(HoldsTerm(packed, TermHash(term))) << term;
  for (const char* term : {"the", "x", "courts", ""}) EXPECT_FALSE(HoldsTerm(packed, TermHash(term))) << term;
  // Little-endian on every machine: the index stores these bytes.
  EXPECT_EQ(PackTermHashes({0x04030201u}), std::string("\x01\x02\x03\x04", 4));
  EXPECT_TRUE(TermsOf(std::vector<std::string>()).empty());
  EXPECT_FALSE(HoldsTerm("", TermHash("court")));
  // A trailing part shorter than a term is not read.
  EXPECT_EQ(TermCount(PackTermHashes({7}) + "ab"), 1u);
}

TEST(FeaturesTest, ContentTermsComeFromIndexTermsOrTheSentence) {
  TimelineEvent event = MakeEvent("a", "On Tuesday, the leaders met in Chengdu in 2019.", "2019-12-24");
  auto hashes = [](std::vector<std::string> terms) {
    std::vector<uint32_t> out;
    for (const std::string& term : terms) out.push_back(TermHash(term));
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ContentTerms(event), hashes({"chengdu", "leaders", "met"}));
  event.terms = TermsOf(std::vector<std::string>{"leader", "meet", "the", "chengdu", "leader"});
  EXPECT_EQ(ContentTerms(event), hashes({"chengdu", "leader", "meet"}));
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
  events[2].terms = TermsOf(std::vector<std::string>{"japan", "cold", "weather"});
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
