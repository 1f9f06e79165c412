#include "core/text/sentences.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::text {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Sentences(absl::string_view text) {
  std::vector<std::string> out;
  for (const SentenceSpan& span : SplitSentences(text)) {
    out.emplace_back(text.substr(span.begin, span.end - span.begin));
  }
  return out;
}

TEST(SplitSentencesTest, SplitsPlainSentences) {
  EXPECT_THAT(Sentences("The port reopened. Ships queued outside! Would it last?"),
              ElementsAre("The port reopened.", "Ships queued outside!", "Would it last?"));
}

TEST(SplitSentencesTest, ReturnsByteOffsetsWithoutSurroundingSpace) {
  const std::string text = "  Über alles. Zweiter Satz.  ";
  const auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (SentenceSpan{2, 14}));  // "Ü" is two bytes
  EXPECT_EQ(text.substr(spans[1].begin, spans[1].end - spans[1].begin), "Zweiter Satz.");
}

TEST(SplitSentencesTest, EmptyAndBlankTextHaveNoSentence) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences("   \t ").empty());
}

TEST(SplitSentencesTest, KeepsTitlesWithTheName) {
  EXPECT_THAT(Sentences("Dr. Ana Ruiz met Gen. Okafor and Prof. Lind. Mr. Tan was absent."),
              ElementsAre("Dr. Ana Ruiz met Gen. Okafor and Prof. Lind.", "Mr. Tan was absent."));
}

TEST(SplitSentencesTest, KeepsInitialsWithTheName) {
  EXPECT_THAT(Sentences("The report by J. Smith and T. R. Okoye came out. It was long."),
              ElementsAre("The report by J. Smith and T. R. Okoye came out.", "It was long."));
}

TEST(SplitSentencesTest, UsInsideAndAtEndOfSentence) {
  EXPECT_THAT(Sentences("U.S. President Lane spoke. Talks with the U.S. Army ended. "
                        "Both sides blamed the U.S. The talks failed."),
              ElementsAre("U.S. President Lane spoke.", "Talks with the U.S. Army ended.",
                          "Both sides blamed the U.S.", "The talks failed."));
}

TEST(SplitSentencesTest, MonthAndNumberAbbreviations) {
  EXPECT_THAT(Sentences("The vote is on Jan. 5 in room No. 12. Results follow."),
              ElementsAre("The vote is on Jan. 5 in room No. 12.", "Results follow."));
}

TEST(SplitSentencesTest, DecimalsDoNotSplit) {
  EXPECT_THAT(Sentences("Growth slowed to 2.5 percent. Prices rose 0.3 points."),
              ElementsAre("Growth slowed to 2.5 percent.", "Prices rose 0.3 points."));
}

TEST(SplitSentencesTest, SentenceEndingInsideClosingQuotes) {
  EXPECT_THAT(Sentences("“We will not yield.” The minister left. He said: \"It is over.\" Then silence."),
              ElementsAre("“We will not yield.”", "The minister left.",
                          "He said: \"It is over.\"", "Then silence."));
}

TEST(SplitSentencesTest, QuestionInQuotesFollowedByLowercase) {
  EXPECT_THAT(Sentences("\"Why now?\" she asked. Nobody answered."),
              ElementsAre("\"Why now?\" she asked.", "Nobody answered."));
}

TEST(SplitSentencesTest, Ellipses) {
  EXPECT_THAT(Sentences("He waited... and waited. Then... Nothing happened."),
              ElementsAre("He waited... and waited.", "Then...", "Nothing happened."));
  EXPECT_THAT(Sentences("The count went on… The hall emptied."),
              ElementsAre("The count went on… The hall emptied."));
}

TEST(SentenceSplitterTest, ReusableAcrossTexts) {
  SentenceSplitter splitter;
  EXPECT_EQ(splitter.Split("One. Two.").size(), 2u);
  EXPECT_EQ(splitter.Split("Three.").size(), 1u);
  EXPECT_EQ(splitter.Split("").size(), 0u);
}

}  // namespace
}  // namespace chronicle::text
