#include "core/entities/tokenizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::entities {
namespace {

std::vector<std::string> Texts(absl::string_view text, const TokenizedText& tt) {
  std::vector<std::string> out;
  for (const Token& t : tt.tokens) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

TEST(TokenizerTest, KeepsAbbreviationsInitialsAndLowercaseHyphenParts) {
  std::string text = "Gen. Nakatani met U.S. envoy John F. Smith and Ahn Gyu-back.";
  TokenizedText tt = Tokenize(text);
  EXPECT_THAT(Texts(text, tt),
              testing::ElementsAre("Gen.", "Nakatani", "met", "U.S.", "envoy", "John", "F.",
                                   "Smith", "and", "Ahn", "Gyu-back", "."));
  EXPECT_EQ(tt.Key(3), "us");
  EXPECT_EQ(tt.Key(10), "gyu back");
  EXPECT_TRUE(tt.tokens[3].all_caps);
}

TEST(TokenizerTest, SplitsHyphenBeforeCapitalAndStripsPossessives) {
  std::string text = "Japan-Korea ties; Kishida\xE2\x80\x99s plan and Moon's view.";
  TokenizedText tt = Tokenize(text);
  EXPECT_THAT(Texts(text, tt),
              testing::ElementsAre("Japan", "-", "Korea", "ties", ";", "Kishida", "plan", "and",
                                   "Moon", "view", "."));
  EXPECT_TRUE(tt.tokens[5].possessive);
  EXPECT_TRUE(tt.tokens[8].possessive);
  EXPECT_FALSE(tt.tokens[1].space_before);
}

TEST(TokenizerTest, MarksSentenceStartsAndHeadlines) {
  std::string text = "TOKYO TALKS END\n\nThe talks ended. However, Seoul said so.";
  TokenizedText tt = Tokenize(text);
  ASSERT_GE(tt.tokens.size(), 9u);
  EXPECT_TRUE(tt.tokens[0].headline);
  EXPECT_TRUE(tt.tokens[0].all_caps_line);
  EXPECT_TRUE(tt.tokens[3].sentence_start);   // The
  EXPECT_FALSE(tt.tokens[3].headline);
  EXPECT_TRUE(tt.tokens[7].sentence_start);   // However
  EXPECT_FALSE(tt.tokens[9].sentence_start);  // Seoul
}

}  // namespace
}  // namespace chronicle::entities

namespace chronicle::entities {
namespace {

TEST(TokenizerTest, SeparatesNamesFromAdjectiveSuffixes) {
  std::string text = "a Seoul-based group and a US-led plan by Kim Gyu-back";
  TokenizedText tt = Tokenize(text);
  EXPECT_THAT(Texts(text, tt),
              testing::ElementsAre("a", "Seoul", "-", "based", "group", "and", "a", "US", "-",
                                   "led", "plan", "by", "Kim", "Gyu-back"));
}

}  // namespace
}  // namespace chronicle::entities
