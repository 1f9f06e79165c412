#include "core/parse/blocks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::parse {
namespace {

std::vector<std::string> Texts(const std::vector<Block>& blocks) {
  std::vector<std::string> out;
  for (const Block& b : blocks) out.push_back(b.text);
  return out;
}

TEST(PrepareTextTest, NormalisesLineBreaksControlsAndNfc) {
  EXPECT_EQ(PrepareText("a\r\nb\rc\xe2\x80\xa8" "d"), "a\nb\nc\nd");
  EXPECT_EQ(PrepareText("x\x02y\x7fz"), "x y z");
  EXPECT_EQ(PrepareText("Cafe\xcc\x81"), "Caf\xc3\xa9");
}

TEST(SplitPlainTextTest, BlankLinesSeparateParagraphs) {
  EXPECT_THAT(Texts(SplitPlainText("One  two.\n\n\n  Three four.\n")),
              testing::ElementsAre("One two.", "Three four."));
}

TEST(SplitPlainTextTest, HardWrappedParagraphsAreJoinedAndIndentBreaks) {
  const std::string text =
      "New orders at the yards rose sharply in the first quarter, the\n"
      "group said, helped by demand for ferries and supply vessels.\n"
      "    The group said yards booked orders for 14 vessels worth a\n"
      "combined 2.1 billion crowns, against six vessels a year earlier.\n";
  const auto blocks = SplitPlainText(text);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_THAT(blocks[0].text, testing::StartsWith("New orders at the yards rose sharply in the first quarter, the group"));
  EXPECT_FALSE(blocks[0].single_line);
}

TEST(SplitPlainTextTest, LongLinesAreParagraphsEach) {
  const std::string para(30, 'x');
  std::string text;
  for (int i = 0; i < 3; ++i) text += "Sentence number " + std::to_string(i) + " " + para + " " + para + " " + para + ".\n";
  text += "A short heading line\n";
  EXPECT_EQ(SplitPlainText(text).size(), 4u);
}

TEST(SplitPlainTextTest, BulletsBecomeListItems) {
  const auto blocks = SplitPlainText("Items:\n  • first thing\n  • second thing\n- third\n1. fourth");
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].kind, Block::Kind::kParagraph);
  for (size_t i = 1; i < blocks.size(); ++i) {
    EXPECT_EQ(blocks[i].kind, Block::Kind::kListItem) << i;
    EXPECT_TRUE(blocks[i].bulleted);
  }
  EXPECT_EQ(blocks[1].text, "first thing");
  EXPECT_EQ(blocks[4].text, "fourth");
}

TEST(SplitPlainTextTest, EmojiAndQuestionLabelsStartBlocks) {
  EXPECT_EQ(SplitPlainText("Start now!\n\xf0\x9f\x91\x89 Explore here").size(), 2u);
  EXPECT_EQ(SplitPlainText("Q1: Why?\nA1: Because.").size(), 2u);
}

TEST(SplitPlainTextTest, WhitespaceOnlyInputHasNoBlocks) {
  EXPECT_TRUE(SplitPlainText(" \n\t\n\xc2\xa0\n").empty());
}

}  // namespace
}  // namespace chronicle::parse
