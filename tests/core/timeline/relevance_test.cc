#include "core/timeline/relevance.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "core/timeline/features.h"
#include "gtest/gtest.h"

namespace chronicle::timeline {
namespace {

// "forced labor": two words of equal weight, with where an article has them.
std::vector<QueryWordInArticle> ForcedLabor(std::vector<uint32_t> forced, std::vector<uint32_t> labor) {
  return {{"forc", 1.0, std::move(forced)}, {"labor", 1.0, std::move(labor)}};
}

SentencePlace Place(uint32_t sentence, uint32_t first, uint32_t last) { return {sentence, first, last}; }

// TimelineEvent::terms of these space-separated stems.
std::string Terms(absl::string_view stems) {
  return TermsOf(std::vector<std::string>(absl::StrSplit(stems, ' ', absl::SkipEmpty())));
}

TEST(TopicRelevanceTest, TheQueryWordsInTheSentenceMakeItFullyRelevant) {
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("court forc labor rule"), std::nullopt, ForcedLabor({}, {})), 1.0);
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("court forc rule"), std::nullopt, ForcedLabor({}, {})), 0.5);
  // A heavier word counts for more of the share.
  std::vector<QueryWordInArticle> weighted = {{"forc", 1.0, {}}, {"labor", 3.0, {}}};
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("labor"), std::nullopt, weighted), 0.75);
}

TEST(TopicRelevanceTest, MentionsNearbyCountLessTheFurtherTheyAre) {
  // The sentence holds words 100..120; the article says "forced labor" at 125-126.
  const double next = TopicRelevance(Terms("treati"), Place(6, 100, 120), ForcedLabor({125}, {126}));
  const double far = TopicRelevance(Terms("treati"), Place(6, 100, 120), ForcedLabor({300}, {301}));
  const double before = TopicRelevance(Terms("treati"), Place(6, 100, 120), ForcedLabor({90}, {91}));
  EXPECT_GT(next, kMinTopicRelevance);
  EXPECT_LT(far, kMinTopicRelevance);
  EXPECT_GT(next, far);
  EXPECT_NEAR(before, (std::exp(-10 / kNearWords) + std::exp(-9 / kNearWords)) / 2, 1e-12);
  // A mention inside the sentence's words is as good as the stem in it.
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("treati"), Place(6, 100, 120), ForcedLabor({110}, {111})), 1.0);
}

TEST(TopicRelevanceTest, TheLeadOfAnArticleAboutTheQueryIsAboutIt) {
  const std::vector<QueryWordInArticle> often = ForcedLabor({200, 260}, {201, 261});
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("summit"), Place(0, 10, 30), often), kLeadRelevance);
  EXPECT_LT(TopicRelevance(Terms("summit"), Place(kLeadSentences, 10, 30), often), kMinTopicRelevance);
  // An article that names the query once, in passing, is not about it.
  EXPECT_LT(TopicRelevance(Terms("summit"), Place(0, 10, 30), ForcedLabor({200}, {})), kMinTopicRelevance);
  // Without the sentence's place, neither the lead nor nearby mentions count.
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("summit"), std::nullopt, often), 0.0);
}

TEST(TopicRelevanceTest, NoQueryWordsGiveNoRelevance) {
  EXPECT_DOUBLE_EQ(TopicRelevance(Terms("summit"), Place(0, 1, 5), {}), 0.0);
}

}  // namespace
}  // namespace chronicle::timeline
