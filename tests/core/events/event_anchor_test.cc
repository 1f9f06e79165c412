#include "core/events/event_anchor.h"

#include <string>
#include <vector>

#include "core/temporal/tagger.h"
#include "gtest/gtest.h"

namespace chronicle::events {
namespace {

using temporal::Granularity;
using temporal::ReferenceDate;
using temporal::TemporalExpression;

// Splits at ". " for these hand-written texts.
std::vector<SentenceSpan> Sentences(const std::string& text) {
  std::vector<SentenceSpan> out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(". ", begin);
    end = end == std::string::npos ? text.size() : end + 1;
    out.push_back({begin, end, true});
    begin = end + 1;
  }
  return out;
}

class EventAnchorTest : public ::testing::Test {
 protected:
  // Anchors `text` published Monday 2023-12-11 and returns the anchoring
  // expression's text per event, "" entries omitted.
  std::vector<Event> Anchor(const std::string& text, std::vector<SentenceSpan>* spans = nullptr) {
    expressions_ = tagger_.Tag(text, ReferenceDate{absl::CivilSecond(2023, 12, 11),
                                                   Granularity::kDay});
    const std::vector<SentenceSpan> s = spans != nullptr ? *spans : Sentences(text);
    return AnchorEvents(text, s, expressions_);
  }
  std::string AnchorText(const Event& e) const { return expressions_[e.expression_index].text; }

  temporal::TemporalTagger tagger_;
  std::vector<TemporalExpression> expressions_;
};

TEST_F(EventAnchorTest, HistoricalDatesMakeEvents) {
  const auto events = Anchor(
      "Korea was under colonial rule from 1910 to 1945. The two countries normalized ties in "
      "1965. Trade fell in 2015.");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].value, "1910/1945");
  EXPECT_EQ(events[0].interval.start, absl::CivilSecond(1910, 1, 1));
  EXPECT_EQ(events[0].interval.end, absl::CivilSecond(1946, 1, 1));
  EXPECT_EQ(events[1].value, "1965");
  EXPECT_EQ(events[1].sentence_index, 1u);
  EXPECT_EQ(events[2].value, "2015");
}

TEST_F(EventAnchorTest, ReportedEventBeatsReportingDay) {
  const auto events = Anchor("Kyodo reported on Friday that the leaders met on Sunday.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(AnchorText(events[0]), "Sunday");
  EXPECT_EQ(events[0].value, "2023-12-10");
}

TEST_F(EventAnchorTest, ReportingDayAnchorsWhenAlone) {
  const auto events = Anchor("The ministry said on Friday that exports are recovering.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].value, "2023-12-08");
}

TEST_F(EventAnchorTest, MainClauseDateBeatsNounQualifier) {
  const auto events =
      Anchor("Negotiators met in Vienna in 2023 to revive the 2015 deal on the nuclear program.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].value, "2023");
  const auto possessive = Anchor("Last year's talks collapsed on Tuesday.");
  ASSERT_EQ(possessive.size(), 1u);
  EXPECT_EQ(AnchorText(possessive[0]), "Tuesday");
}

TEST_F(EventAnchorTest, NounQualifierAnchorsWhenAlone) {
  const auto events =
      Anchor("Seoul wants Tokyo to lift the 2019 export restrictions on chip materials.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].value, "2019");
}

TEST_F(EventAnchorTest, DurationsSetsAndPresentNeverAnchor) {
  const auto events = Anchor(
      "He spent 12 years in prison. The council meets weekly. Prices are high now. Recent "
      "years were hard.");
  EXPECT_TRUE(events.empty()) << events.size();
}

TEST_F(EventAnchorTest, DurationDoesNotHideADate) {
  const auto events = Anchor("After three days of talks, the deal was signed on Sunday.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].value, "2023-12-10");
}

TEST_F(EventAnchorTest, FlaggedSentencesMakeNoEvents) {
  const std::string text = "Talks end on Friday. Prices rose in March.";
  std::vector<SentenceSpan> spans = Sentences(text);
  ASSERT_EQ(spans.size(), 2u);
  spans[0].may_make_event = false;
  const auto events = Anchor(text, &spans);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sentence_index, 1u);
  EXPECT_EQ(events[0].value, "2023-03");
}

TEST_F(EventAnchorTest, UnresolvedExpressionsNeverAnchor) {
  const std::string text = "Kyodo reported on Friday that the leaders met on Sunday.";
  const auto expressions = tagger_.Tag(text, absl::nullopt);
  EXPECT_TRUE(AnchorEvents(text, Sentences(text), expressions).empty());
}

TEST_F(EventAnchorTest, MorePreciseDateWins) {
  const auto events = Anchor("Talks that began in 2019 resumed on Tuesday.");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(AnchorText(events[0]), "Tuesday");
}

TEST_F(EventAnchorTest, OutOfRangeSpansAreSkipped) {
  const std::string text = "Trade fell in 2015.";
  const auto expressions = tagger_.Tag(text, absl::nullopt);
  const std::vector<SentenceSpan> spans = {{0, 500, true}, {10, 5, true}};
  EXPECT_TRUE(AnchorEvents(text, spans, expressions).empty());
}

}  // namespace
}  // namespace chronicle::events
