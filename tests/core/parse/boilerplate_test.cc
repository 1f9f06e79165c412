#include "core/parse/boilerplate.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::parse {
namespace {

std::string Kind(absl::string_view text, bool in_tail = true) {
  auto verdict = ClassifyPromotion(text, in_tail);
  return verdict ? verdict->kind : "keep";
}

TEST(ClassifyPromotionTest, FlagsPromotionsAndCallsToAction) {
  EXPECT_NE(Kind("\xf0\x9f\x8e\xaf Boost Your Cooking Skills to the Next Level!"), "keep");
  EXPECT_EQ(Kind("If you liked this story, check out our Weekend Gardener Series, a step-by-step course."),
            "promotion");
  EXPECT_EQ(Kind("Begin your journey today!"), "call-to-action");
  EXPECT_EQ(Kind("\xf0\x9f\x91\x89 Browse the Collection Here"), "call-to-action");
  EXPECT_EQ(Kind("Subscribe to our newsletter for weekly market notes."), "newsletter");
  EXPECT_EQ(Kind("Sign up now to get alerts in your inbox!"), "newsletter");
}

TEST(ClassifyPromotionTest, KeepsNewsText) {
  EXPECT_EQ(Kind("Start-up companies in the region raised 40 million last year, the agency said."), "keep");
  EXPECT_EQ(Kind("\"Join us in rebuilding the bridge,\" the mayor told residents on Friday."), "keep");
  EXPECT_EQ(Kind("Take the case of the northern port, where traffic doubled after the new rail link "
                 "opened and shipping firms moved their regional offices closer to the docks."),
            "keep");
  EXPECT_EQ(Kind("Officials will review the plan next month."), "keep");
  EXPECT_EQ(Kind("12 million for road repairs in the old town"), "keep");
  EXPECT_EQ(Kind("Conclusion: A Path Forward"), "keep");
}

TEST(ClassifyPromotionTest, PhrasesMatchWholeWordsInOrder) {
  // Without an imperative the phrases decide. A phrase's words must follow
  // one another: "sign" and "up" apart, or "discount" inside a longer word,
  // are not the phrases.
  EXPECT_EQ(Kind("Your weekend: sign up early!"), "newsletter");
  EXPECT_EQ(Kind("Your weekend: sign the list and turn up early!"), "keep");
  EXPECT_EQ(Kind("Your weekend plans: the discount tickets!"), "promotion");
  EXPECT_EQ(Kind("Your weekend plans: the discounted tickets!"), "keep");
  EXPECT_EQ(Kind("Your weekend read: the e book!"), "promotion");
  EXPECT_EQ(Kind("Your weekend read: the book!"), "keep");
  // "Here" counts only as the last word, a link's label.
  EXPECT_EQ(Kind("Your weekend read is here"), "promotion");
  EXPECT_EQ(Kind("Here is your weekend read!"), "keep");
}

TEST(IsFollowLineTest, FlagsFollowLinesAndTakesPublisher) {
  std::string source;
  EXPECT_TRUE(IsFollowLine("For Daily Transport News and Updates Follow – Rail Ledger Weekly", &source));
  EXPECT_EQ(source, "Rail Ledger Weekly");
  EXPECT_TRUE(IsFollowLine("Follow us on Instagram: Harbour Daily", &source));
  EXPECT_EQ(source, "");  // a social network line names no publisher
  EXPECT_TRUE(IsFollowLine("Follow us on X for live updates", &source));
}

TEST(IsFollowLineTest, KeepsNewsSentencesWithFollow) {
  std::string source;
  EXPECT_FALSE(IsFollowLine("Council member Ivo Brandt said the city would follow the recommendations of "
                            "its transport board.", &source));
  EXPECT_FALSE(IsFollowLine("\"We will follow the numbers closely,\" said Lena Vos.", &source));
  EXPECT_FALSE(IsFollowLine("Other provinces are expected to follow suit next year.", &source));
}

TEST(ParseAuthorBylineTest, Variants) {
  auto one = ParseAuthorByline("By Jane Roe");
  ASSERT_TRUE(one.has_value());
  EXPECT_THAT(one->authors, testing::ElementsAre("Jane Roe"));
  auto two = ParseAuthorByline("By Jane Roe and Ali Khan, Harbour Daily");
  ASSERT_TRUE(two.has_value());
  EXPECT_THAT(two->authors, testing::ElementsAre("Jane Roe", "Ali Khan"));
  EXPECT_EQ(two->source, "Harbour Daily");
  auto credits = ParseAuthorByline("Reporting by Jane Roe; Editing by Ali Khan");
  ASSERT_TRUE(credits.has_value());
  EXPECT_THAT(credits->authors, testing::ElementsAre("Jane Roe", "Ali Khan"));
  EXPECT_FALSE(ParseAuthorByline("By the end of the year prices had doubled.").has_value());
  EXPECT_FALSE(ParseAuthorByline("By then, nobody was listening").has_value());
}

TEST(ParseSignatureLineTest, AgencyNames) {
  EXPECT_EQ(ParseSignatureLine("Coastal Wire", true).value_or(""), "Coastal Wire");
  EXPECT_EQ(ParseSignatureLine("Reuter", false).value_or(""), "Reuter");
  EXPECT_EQ(ParseSignatureLine("(AP)", false).value_or(""), "AP");
  EXPECT_FALSE(ParseSignatureLine("The budget takes effect on January 1.", false).has_value());
  EXPECT_FALSE(ParseSignatureLine("Results Were Mixed For Most", false).has_value());
}

TEST(IsChatbotDisclaimerTest, FlagsAssistantSelfTalk) {
  std::string reason;
  EXPECT_TRUE(IsChatbotDisclaimer("While I can offer some general background, the latest talks may fall outside "
                                  "my knowledge cutoff in January 2022.", &reason));
  EXPECT_THAT(reason, testing::HasSubstr("knowledge cutoff"));
  EXPECT_TRUE(IsChatbotDisclaimer("As an AI language model, I cannot predict the outcome.", &reason));
  EXPECT_TRUE(IsChatbotDisclaimer("For the most current details, I suggest consulting recent news reports or "
                                  "official statements.", &reason));
  EXPECT_TRUE(IsChatbotDisclaimer("I recommend referring to reliable sources for up-to-date figures.", &reason));
}

TEST(IsChatbotDisclaimerTest, KeepsQuotesAndOpinion) {
  std::string reason;
  EXPECT_FALSE(IsChatbotDisclaimer("\"I recommend checking official statements,\" the spokesman said.", &reason));
  EXPECT_FALSE(IsChatbotDisclaimer("I suggest the council reconsider the plan before winter.", &reason));
  EXPECT_FALSE(IsChatbotDisclaimer("Analysts said the training data for the new radar system was classified.",
                                   &reason));
  EXPECT_FALSE(IsChatbotDisclaimer("The ministry recommends checking official sources.", &reason));
}

TEST(FaqTest, HeadingsAndLabels) {
  EXPECT_TRUE(IsFaqHeading("FAQs:"));
  EXPECT_TRUE(IsFaqHeading("Frequently Asked Questions"));
  EXPECT_TRUE(IsFaqHeading("FAQ about the new ferry"));
  EXPECT_FALSE(IsFaqHeading("Fast facts"));
  EXPECT_TRUE(StartsWithQuestionLabel("Q1: Who pays?"));
  EXPECT_TRUE(StartsWithQuestionLabel("Question 2: Who runs it?"));
  EXPECT_FALSE(StartsWithQuestionLabel("Qatar said on Monday it would attend."));
}

}  // namespace
}  // namespace chronicle::parse
