// Phenomena the tagger must handle, one test each, on sentences written for
// these tests.
#include "core/temporal/tagger.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/core/temporal/test_util.h"

namespace chronicle::temporal {
namespace {

class TaggerTest : public ::testing::Test {
 protected:
  // Tags `text` published on Monday 2023-12-11 and returns the value of the
  // expression `expr` (or "<missing>" with the full summary).
  std::string ValueOf(absl::string_view text, absl::string_view expr,
                      absl::optional<ReferenceDate> reference = Monday11Dec2023()) {
    const auto found = tagger_.Tag(text, reference);
    const TemporalExpression* e = Find(found, expr);
    if (e == nullptr) return "<missing> in: " + Summary(found);
    return e->value;
  }

  TemporalTagger tagger_;
};

TEST_F(TaggerTest, DatelineWithWeekday) {
  const auto found = tagger_.Tag("TOKYO | 11 December 2023, Monday | Talks resumed.",
                                 Monday11Dec2023());
  ASSERT_EQ(found.size(), 1u) << Summary(found);
  EXPECT_EQ(found[0].text, "11 December 2023, Monday");
  EXPECT_EQ(found[0].value, "2023-12-11");
  EXPECT_EQ(found[0].type, TimexType::kDate);
  ASSERT_TRUE(found[0].resolved.has_value());
  EXPECT_EQ(found[0].resolved->start, absl::CivilSecond(2023, 12, 11));
  EXPECT_EQ(found[0].resolved->end, absl::CivilSecond(2023, 12, 12));
  EXPECT_EQ(found[0].resolved->granularity, Granularity::kDay);
}

TEST_F(TaggerTest, PastWeekdayIsThePreviousOne) {
  EXPECT_EQ(ValueOf("The foreign minister said on Sunday that talks would go on.", "Sunday"),
            "2023-12-10");
  EXPECT_EQ(ValueOf("Kyodo reported on Friday that the plan was dropped.", "Friday"),
            "2023-12-08");
}

TEST_F(TaggerTest, FutureWeekdayIsTheNextOne) {
  EXPECT_EQ(ValueOf("The two leaders will meet on Friday in Seoul.", "Friday"), "2023-12-15");
  EXPECT_EQ(ValueOf("A vote is scheduled for Thursday.", "Thursday"), "2023-12-14");
}

TEST_F(TaggerTest, ByteOffsetsPointIntoTheText) {
  const std::string text = "Officials said on Sunday that it ended.";
  const auto found = tagger_.Tag(text, Monday11Dec2023());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "Sunday");
}

TEST_F(TaggerTest, LaterThisMonthCoversTheRestOfTheMonth) {
  const auto found = tagger_.Tag("The next round is set for later this month.", Monday11Dec2023());
  const TemporalExpression* e = Find(found, "later this month");
  ASSERT_NE(e, nullptr) << Summary(found);
  EXPECT_EQ(e->value, "2023-12");
  EXPECT_EQ(e->mod, "END");
  ASSERT_TRUE(e->resolved.has_value());
  EXPECT_EQ(e->resolved->start, absl::CivilSecond(2023, 12, 11));
  EXPECT_EQ(e->resolved->end, absl::CivilSecond(2024, 1, 1));
}

TEST_F(TaggerTest, AsEarlyAsThisYear) {
  const auto found =
      tagger_.Tag("The plant could open as early as this year, the company said.", Monday11Dec2023());
  const TemporalExpression* e = Find(found, "this year");
  ASSERT_NE(e, nullptr) << Summary(found);
  EXPECT_EQ(e->value, "2023");
  EXPECT_EQ(e->mod, "");
}

TEST_F(TaggerTest, RangeIsOneExpression) {
  const auto found = tagger_.Tag("Korea was under colonial rule from 1910 to 1945.",
                                 Monday11Dec2023());
  ASSERT_EQ(found.size(), 1u) << Summary(found);
  EXPECT_EQ(found[0].text, "1910 to 1945");
  EXPECT_EQ(found[0].value, "1910/1945");
  ASSERT_TRUE(found[0].resolved.has_value());
  EXPECT_EQ(found[0].resolved->start, absl::CivilSecond(1910, 1, 1));
  EXPECT_EQ(found[0].resolved->end, absl::CivilSecond(1946, 1, 1));
  EXPECT_EQ(ValueOf("The war lasted 1939\xE2\x80\x93" "1945.", "1939\xE2\x80\x93" "1945"),
            "1939/1945");
  EXPECT_EQ(ValueOf("Prices rose between 2015 and 2017.", "2015 and 2017"), "2015/2017");
}

TEST_F(TaggerTest, AbsoluteDates) {
  EXPECT_EQ(ValueOf("It was a summit held on December 24, 2019 in Chengdu.", "December 24, 2019"),
            "2019-12-24");
  EXPECT_EQ(ValueOf("In 2018, the court ruled against the firm.", "2018"), "2018");
  EXPECT_EQ(ValueOf("The treaty was signed in 1965.", "1965"), "1965");
  EXPECT_EQ(ValueOf("The model has a knowledge cutoff in September 2021.", "September 2021"),
            "2021-09");
  EXPECT_EQ(ValueOf("Shares fell on Dec. 7, 1998.", "Dec. 7, 1998"), "1998-12-07");
  EXPECT_EQ(ValueOf("The filing is dated 2019-12-24.", "2019-12-24"), "2019-12-24");
  EXPECT_EQ(ValueOf("He was born on 4 July 1950.", "4 July 1950"), "1950-07-04");
}

// Comments, chat logs and headlines written in lower case still name days
// and months; the words that are also verbs or nouns do not become dates.
TEST_F(TaggerTest, LowerCaseDayAndMonthNames) {
  // As capitalized (the coming Tuesday, the day after this Monday).
  EXPECT_EQ(ValueOf("the committee meets again next tuesday.", "next tuesday"),
            ValueOf("The committee meets again next Tuesday.", "next Tuesday"));
  EXPECT_EQ(ValueOf("the committee meets again next tuesday.", "next tuesday"), "2023-12-12");
  EXPECT_EQ(ValueOf("the two leaders will meet on friday in seoul.", "friday"), "2023-12-15");
  EXPECT_EQ(ValueOf("prices have risen since january.", "january"), "2023-01");
  EXPECT_EQ(ValueOf("the port reopens on 3 february 2024.", "3 february 2024"), "2024-02-03");
  for (const char* words : {"prices may rise further.", "protesters march through the city.",
                            "an august body met.", "she sat down and wed him in the sun."}) {
    const auto found = tagger_.Tag(words, Monday11Dec2023());
    EXPECT_TRUE(found.empty()) << words << ": " << Summary(found);
  }
}

TEST_F(TaggerTest, MonthWithoutYearFollowsTense) {
  EXPECT_EQ(ValueOf("The company cut jobs in March.", "March"), "2023-03");
  EXPECT_EQ(ValueOf("The company will cut jobs in March.", "March"), "2024-03");
  EXPECT_EQ(ValueOf("Elections are due next March.", "next March"), "2024-03");
  EXPECT_EQ(ValueOf("Rates rose last March.", "last March"), "2023-03");
}

TEST_F(TaggerTest, CenturiesAndDecades) {
  EXPECT_EQ(ValueOf("Cities grew fast in the 20th century.", "the 20th century"), "19XX");
  const auto found = tagger_.Tag("Growth slowed in the 1990s.", Monday11Dec2023());
  const TemporalExpression* e = Find(found, "the 1990s");
  ASSERT_NE(e, nullptr) << Summary(found);
  EXPECT_EQ(e->value, "199X");
  ASSERT_TRUE(e->resolved.has_value());
  EXPECT_EQ(e->resolved->start, absl::CivilSecond(1990, 1, 1));
  EXPECT_EQ(e->resolved->end, absl::CivilSecond(2000, 1, 1));
}

TEST_F(TaggerTest, RelativeToPublication) {
  EXPECT_EQ(ValueOf("Profits doubled last year.", "last year"), "2022");
  EXPECT_EQ(ValueOf("The deal collapsed two weeks ago.", "two weeks ago"), "2023-W48");
  EXPECT_EQ(ValueOf("Police arrested him yesterday.", "yesterday"), "2023-12-10");
  EXPECT_EQ(ValueOf("The court rules tomorrow.", "tomorrow"), "2023-12-12");
  EXPECT_EQ(ValueOf("Talks continue this week.", "this week"), "2023-W50");
  EXPECT_EQ(ValueOf("Sales fell last quarter.", "last quarter"), "2023-Q3");
  EXPECT_EQ(ValueOf("Prices have risen in recent years.", "recent years"), "PAST_REF");
  EXPECT_EQ(ValueOf("He is in Paris now.", "now"), "PRESENT_REF");
  EXPECT_EQ(ValueOf("Rates will stay low in the near future.", "the near future"), "FUTURE_REF");
  EXPECT_EQ(ValueOf("Exports fell in the week ended February 22.", "the week ended February 22"),
            "2023-W08");
  EXPECT_EQ(ValueOf("Talks are planned for the week of March 6.", "the week of March 6"),
            "2024-W10");
}

TEST_F(TaggerTest, PreviousDayCountsFromTheStorysDate) {
  const auto found = tagger_.Tag(
      "The ministers met on Dec. 3. The previous day, protesters had gathered.",
      Monday11Dec2023());
  const TemporalExpression* e = Find(found, "The previous day");
  ASSERT_NE(e, nullptr) << Summary(found);
  EXPECT_EQ(e->value, "2023-12-02");
  const auto next = tagger_.Tag("Fighting broke out on Dec. 3. The next morning, troops withdrew.",
                                Monday11Dec2023());
  ASSERT_NE(Find(next, "The next morning"), nullptr) << Summary(next);
  EXPECT_EQ(Find(next, "The next morning")->value, "2023-12-04TMO");
}

TEST_F(TaggerTest, WithoutReferenceNothingIsInvented) {
  const absl::optional<ReferenceDate> none;
  const auto found = tagger_.Tag(
      "Kyodo reported on Friday that sales fell last year, to a low on December 24.", none);
  const TemporalExpression* friday = Find(found, "Friday");
  const TemporalExpression* last_year = Find(found, "last year");
  const TemporalExpression* day = Find(found, "December 24");
  ASSERT_NE(friday, nullptr) << Summary(found);
  ASSERT_NE(last_year, nullptr) << Summary(found);
  ASSERT_NE(day, nullptr) << Summary(found);
  EXPECT_EQ(friday->value, "XXXX-WXX-5");
  EXPECT_EQ(last_year->value, "PAST_REF");
  EXPECT_EQ(day->value, "XXXX-12-24");
  EXPECT_FALSE(friday->resolved.has_value());
  EXPECT_FALSE(last_year->resolved.has_value());
  EXPECT_FALSE(day->resolved.has_value());
  // Absolute dates still resolve.
  EXPECT_EQ(ValueOf("It opened on June 3, 2001.", "June 3, 2001", none), "2001-06-03");
}

TEST_F(TaggerTest, Durations) {
  const auto found = tagger_.Tag(
      "He served 12 years in prison, spent three hours in talks and waited more than two years.",
      Monday11Dec2023());
  ASSERT_NE(Find(found, "12 years"), nullptr) << Summary(found);
  EXPECT_EQ(Find(found, "12 years")->value, "P12Y");
  EXPECT_EQ(Find(found, "12 years")->type, TimexType::kDuration);
  EXPECT_FALSE(Find(found, "12 years")->resolved.has_value());
  ASSERT_NE(Find(found, "three hours"), nullptr);
  EXPECT_EQ(Find(found, "three hours")->value, "PT3H");
  const TemporalExpression* more = Find(found, "more than two years");
  ASSERT_NE(more, nullptr) << Summary(found);
  EXPECT_EQ(more->value, "P2Y");
  EXPECT_EQ(more->mod, "MORE_THAN");
  EXPECT_EQ(ValueOf("It took about a decade.", "about a decade"), "P10Y");
}

TEST_F(TaggerTest, Sets) {
  const auto found = tagger_.Tag("The board meets weekly, and the market closes every Monday.",
                                 Monday11Dec2023());
  ASSERT_NE(Find(found, "weekly"), nullptr) << Summary(found);
  EXPECT_EQ(Find(found, "weekly")->value, "P1W");
  EXPECT_EQ(Find(found, "weekly")->type, TimexType::kSet);
  ASSERT_NE(Find(found, "every Monday"), nullptr) << Summary(found);
  EXPECT_EQ(Find(found, "every Monday")->value, "XXXX-WXX-1");
}

TEST_F(TaggerTest, Modifiers) {
  const auto found = tagger_.Tag(
      "Work began in early 2019, peaked in the mid-1990s, and ends at the end of 2024.",
      Monday11Dec2023());
  const TemporalExpression* early = Find(found, "early 2019");
  ASSERT_NE(early, nullptr) << Summary(found);
  EXPECT_EQ(early->value, "2019");
  EXPECT_EQ(early->mod, "START");
  ASSERT_TRUE(early->resolved.has_value());
  EXPECT_EQ(early->resolved->start, absl::CivilSecond(2019, 1, 1));
  EXPECT_LT(early->resolved->end, absl::CivilSecond(2019, 6, 1));
  const TemporalExpression* mid = Find(found, "the mid-1990s");
  ASSERT_NE(mid, nullptr) << Summary(found);
  EXPECT_EQ(mid->mod, "MID");
  const TemporalExpression* end = Find(found, "the end of 2024");
  ASSERT_NE(end, nullptr) << Summary(found);
  EXPECT_EQ(end->value, "2024");
  EXPECT_EQ(end->mod, "END");
  EXPECT_EQ(ValueOf("It happened late last year.", "late last year"), "2022");
  EXPECT_EQ(ValueOf("The beginning of March was cold.", "The beginning of March"), "2023-03");
}

TEST_F(TaggerTest, QuartersSeasonsAndHalves) {
  EXPECT_EQ(ValueOf("Output grew in the third quarter of 2019.", "the third quarter of 2019"),
            "2019-Q3");
  EXPECT_EQ(ValueOf("Q3 2019 was weak.", "Q3 2019"), "2019-Q3");
  EXPECT_EQ(ValueOf("Sales fell in the first half of 2022.", "the first half of 2022"),
            "2022-H1");
  EXPECT_EQ(ValueOf("Floods hit the region last summer.", "last summer"), "2023-SU");
  EXPECT_EQ(ValueOf("It opened in the summer of 2019.", "the summer of 2019"), "2019-SU");
}

TEST_F(TaggerTest, TimesAndPartsOfDay) {
  const auto found = tagger_.Tag("Troops moved in this morning.", Monday11Dec2023());
  ASSERT_NE(Find(found, "this morning"), nullptr) << Summary(found);
  EXPECT_EQ(Find(found, "this morning")->value, "2023-12-11TMO");
  EXPECT_EQ(Find(found, "this morning")->type, TimexType::kTime);
  EXPECT_EQ(ValueOf("The vote opened on Sunday at 3 p.m. local time.", "3 p.m. local time"),
            "2023-12-10T15:00");
  EXPECT_EQ(ValueOf("Polls closed at 15:00 Sunday.", "15:00 Sunday"), "2023-12-10T15:00");
  EXPECT_EQ(ValueOf("Shelling resumed on Sunday night.", "Sunday night"), "2023-12-10TNI");
}

TEST_F(TaggerTest, NoFalsePositives) {
  const char* texts[] = {
      "Officials may meet again, and protesters may march through the city.",
      "The March was the largest protest in years.",
      "The plant employs 1,200 workers and earned $8.3 million.",
      "The couple celebrated their 60th anniversary.",
      "Leaders of the Group of Seven met in Hiroshima.",
      "The Sunday Times published the letter.",
      "A second round of talks is planned.",
      "The 2000 people who marched were counted twice.",
      "Q1: How close are the two countries?",
  };
  for (const char* text : texts) {
    const auto found = tagger_.Tag(text, Monday11Dec2023());
    EXPECT_TRUE(found.empty()) << text << " -> " << Summary(found);
  }
}

TEST_F(TaggerTest, Holidays) {
  EXPECT_EQ(ValueOf("Shops stayed open on Christmas Eve.", "Christmas Eve"), "2023-12-24");
  EXPECT_EQ(ValueOf("Traffic peaked over Thanksgiving 2019.", "Thanksgiving 2019"), "2019-11-28");
  EXPECT_EQ(ValueOf("Pilgrims will gather at Easter.", "Easter"), "2024-03-31");
  EXPECT_EQ(ValueOf("The talks broke down on Good Friday 1998.", "Good Friday 1998"),
            "1998-04-10");
}

// A present-tense statement about a day more than a month back names the
// coming one; a day of the last month is still being talked about.
TEST_F(TaggerTest, PresentTenseDaysLookAheadUnlessRecent) {
  const ReferenceDate february{absl::CivilSecond(2013, 2, 12), Granularity::kDay};
  EXPECT_EQ(ValueOf("The meeting is on Christmas.", "Christmas", february), "2013-12-25");
  EXPECT_EQ(ValueOf("The payment is on Dec. 7.", "Dec. 7", february), "2013-12-07");
  EXPECT_EQ(ValueOf("The attacks of Feb. 3 show how fragile the truce is.", "Feb. 3", february), "2013-02-03");
  EXPECT_EQ(ValueOf("The meeting was on Christmas.", "Christmas", february), "2012-12-25");
}

TEST_F(TaggerTest, NthWeekdayOfAMonth) {
  const ReferenceDate february{absl::CivilSecond(2013, 2, 12), Granularity::kDay};
  EXPECT_EQ(ValueOf("Elections are held on the first Monday of March.", "the first Monday of March", february),
            "2013-03-04");
  EXPECT_EQ(ValueOf("The parade took place on the last Monday of May 2019.", "the last Monday of May 2019"),
            "2019-05-27");
  EXPECT_EQ(ValueOf("The fair will open on the fourth Thursday of November.", "the fourth Thursday of November"),
            "2024-11-28");
  EXPECT_EQ(ValueOf("The board meets on the second tuesday of january.", "the second tuesday of january"),
            "2024-01-09");
  // One expression, not a weekday and a month apart.
  EXPECT_EQ(tagger_.Tag("Elections are held on the first Monday of March.", february).size(), 1u);
  // A fifth Monday February 2013 does not have is not a date.
  const auto none = tagger_.Tag("The vote was on the fifth Monday of February 2013.", february);
  for (const auto& found : none) EXPECT_NE(found.value, "2013-03-04") << Summary(none);
}

// "in three weeks" with a future verb is the date three weeks on; without
// one, or without "in", it stays a duration.
TEST_F(TaggerTest, InACountedSpanWithAFutureVerbIsADate) {
  const ReferenceDate february{absl::CivilSecond(2013, 2, 12), Granularity::kDay};
  EXPECT_EQ(ValueOf("The report is due in three weeks.", "three weeks", february), "2013-W10");
  EXPECT_EQ(ValueOf("The stock will be redeemed in five years.", "five years", february), "2018");
  EXPECT_EQ(ValueOf("Talks will resume in two months.", "two months", february), "2013-04");
  EXPECT_EQ(ValueOf("The plant was built in three years.", "three years", february), "P3Y");
  EXPECT_EQ(ValueOf("The strike will go on for three weeks.", "three weeks", february), "P3W");
}

// A clock time has an hour of one or two digits: a long digit run before a
// colon is not one (it overflowed the value once, found by the JSON fuzzer).
TEST_F(TaggerTest, LongDigitRunBeforeAColonIsNoClockTime) {
  const auto found = tagger_.Tag("Ferries resume next 9999999999999999999999999999:99 read more.", Monday11Dec2023());
  for (const auto& e : found) EXPECT_NE(e.type, TimexType::kTime) << Summary(found);
  EXPECT_EQ(ValueOf("The ferry left at 15:00 on Monday.", "15:00"), "2023-12-11T15:00");
}

TEST_F(TaggerTest, AsEarlyAsLooksAhead) {
  EXPECT_EQ(ValueOf("The group could leave as soon as Tuesday, officials said.", "Tuesday"),
            "2023-12-12");
}

TEST_F(TaggerTest, AgesAreNotDurations) {
  const auto found = tagger_.Tag("A 6-year-old boy and his 44-year-old father were rescued.",
                                 Monday11Dec2023());
  EXPECT_TRUE(found.empty()) << Summary(found);
}

TEST_F(TaggerTest, QualifyingYearIsStillADate) {
  EXPECT_EQ(ValueOf("the 2019 export restrictions on chemicals", "2019"), "2019");
}

TEST_F(TaggerTest, PureFunctionOfInput) {
  const std::string text = "On Friday, a year after the 2015 deal, talks resumed next week.";
  const auto a = tagger_.Tag(text, Monday11Dec2023());
  const auto b = tagger_.Tag(text, Monday11Dec2023());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].begin, b[i].begin);
    EXPECT_EQ(a[i].value, b[i].value);
  }
  EXPECT_TRUE(tagger_.Tag("", Monday11Dec2023()).empty());
}

}  // namespace
}  // namespace chronicle::temporal

namespace chronicle::temporal {
namespace {

// Random sequences of temporal words, numbers and punctuation must never
// crash the tagger or produce spans outside the text.
TEST(TaggerRobustnessTest, RandomWordSoup) {
  const char* pieces[] = {
      "the", "last", "next", "early", "mid", "-", "late", "of", "end", "from", "to",
      "between", "and", "1910", "45", "'", "90s", "1990s", "March", "May", "Sept", ".",
      "24", "24th", ",", "2019", "Friday", "night", "a", "year", "years", "ago", "earlier",
      "quarter", "third", "half", "Q3", "3", "p", "m", "15:00", "noon", "every", "weekly",
      "\xE2\x80\x93", "this", "week", "ended", "Christmas", "Easter", "New", "Year", "s",
      "Day", "about", "more", "than", "at", "least", "fiscal", "twenty", "nineteen",
      "ninety", "six", "century", "20th", "today", "yesterday", "the", "same", "day",
      "previous", "following", "as", "soon", "\n\n", "$", "%", "1,200", "8.3", "Q1", ":"};
  const size_t n = sizeof(pieces) / sizeof(pieces[0]);
  const TemporalTagger tagger;
  uint32_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int words = 1 + round % 14;
    for (int w = 0; w < words; ++w) {
      state = state * 1103515245u + 12345u;
      text += pieces[(state >> 8) % n];
      if ((state >> 20) % 3 != 0) text += ' ';
    }
    for (const auto& reference :
         {absl::optional<ReferenceDate>(Monday11Dec2023()), absl::optional<ReferenceDate>()}) {
      for (const TemporalExpression& e : tagger.Tag(text, reference)) {
        ASSERT_LE(e.begin, e.end) << text;
        ASSERT_LE(e.end, text.size()) << text;
        ASSERT_FALSE(e.value.empty()) << text;
        if (e.resolved.has_value()) {
          ASSERT_LT(e.resolved->start, e.resolved->end) << text;
        }
      }
    }
  }
}

}  // namespace
}  // namespace chronicle::temporal
