#include "core/temporal/timeml.h"

#include "gtest/gtest.h"

namespace chronicle::temporal {
namespace {

TEST(TimeMlTest, StripsTagsAndKeepsSpans) {
  auto parsed = ParseInlineTimex(
      "Sales <EVENT eid=\"e1\">fell</EVENT> &amp; rose <TIMEX3 tid=\"t1\" type=\"DATE\" "
      "value=\"1998-01-08\" mod=\"START\">early Thursday</TIMEX3>.");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->text, "Sales fell & rose early Thursday.");
  ASSERT_EQ(parsed->timexes.size(), 1u);
  const GoldTimex& t = parsed->timexes[0];
  EXPECT_EQ(parsed->text.substr(t.begin, t.end - t.begin), "early Thursday");
  EXPECT_EQ(t.type, "DATE");
  EXPECT_EQ(t.value, "1998-01-08");
  EXPECT_EQ(t.mod, "START");
}

TEST(TimeMlTest, RejectsBrokenMarkup) {
  EXPECT_FALSE(ParseInlineTimex("<TIMEX3 type=\"DATE\">1998").ok());
  EXPECT_FALSE(ParseInlineTimex("1998</TIMEX3>").ok());
  EXPECT_FALSE(ParseInlineTimex("a <TIMEX3 type").ok());
  EXPECT_FALSE(ParseTimeMl("<TimeML>no text</TimeML>").ok());
}

TEST(TimeMlTest, ReadsCreationTime) {
  auto doc = ParseTimeMl(
      "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\" "
      "functionInDocument=\"CREATION_TIME\">19980108</TIMEX3></DCT>\n<TEXT>\nOn "
      "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-01-07\">Wednesday</TIMEX3> it fell."
      "</TEXT></TimeML>");
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_TRUE(doc->creation_time.has_value());
  EXPECT_EQ(doc->creation_time->time, absl::CivilSecond(1998, 1, 8));
  ASSERT_EQ(doc->body.timexes.size(), 1u);
  EXPECT_EQ(doc->body.text, "\nOn Wednesday it fell.");
}

TEST(TimeMlTest, ScoresStrictRelaxedTypeAndValue) {
  auto gold = ParseInlineTimex(
      "<TIMEX3 type=\"DATE\" value=\"1998\">last year</TIMEX3> and <TIMEX3 type=\"DURATION\" "
      "value=\"P2Y\">two years</TIMEX3> and <TIMEX3 type=\"DATE\" value=\"199\">the 1990s"
      "</TIMEX3>");
  ASSERT_TRUE(gold.ok());
  std::vector<TemporalExpression> predicted(4);
  predicted[0] = {0, 9, "last year", TimexType::kDate, "1998", "", absl::nullopt};
  predicted[1] = {14, 23, "two years", TimexType::kDate, "P3Y", "", absl::nullopt};  // wrong
  predicted[2] = {28, 37, "the 1990s", TimexType::kDate, "199X", "", absl::nullopt};
  predicted[3] = {10, 13, "and", TimexType::kDate, "X", "", absl::nullopt};  // spurious
  const TimexScores s = ScoreTimexes(*gold, predicted);
  EXPECT_EQ(s.gold, 3);
  EXPECT_EQ(s.predicted, 4);
  EXPECT_EQ(s.relaxed, 3);
  EXPECT_EQ(s.strict, 3);
  EXPECT_EQ(s.type, 2);
  EXPECT_EQ(s.value, 2);  // "199X" counts as TimeML's "199"
  EXPECT_DOUBLE_EQ(s.RelaxedPrecision(), 0.75);
  EXPECT_DOUBLE_EQ(s.RelaxedRecall(), 1.0);
  EXPECT_NEAR(s.ValueF1(), s.RelaxedF1() * 2.0 / 3.0, 1e-12);
}

TEST(TimeMlTest, NormalizesNotationalVariantsOnly) {
  EXPECT_EQ(NormalizeValueForScoring("199X"), "199");
  EXPECT_EQ(NormalizeValueForScoring("19XX"), "19");
  EXPECT_EQ(NormalizeValueForScoring("XXXX"), "XXXX");
  EXPECT_EQ(NormalizeValueForScoring("2019-12"), "2019-12");
  EXPECT_EQ(NormalizeValueForScoring("2000-W7"), "2000-W07");
  EXPECT_EQ(NormalizeValueForScoring("2000-W7-WE"), "2000-W07-WE");
  EXPECT_EQ(NormalizeValueForScoring("2000-W17"), "2000-W17");
}

}  // namespace
}  // namespace chronicle::temporal
