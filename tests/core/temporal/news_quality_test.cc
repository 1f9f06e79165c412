// Unseen-style check: news sentences written for this test, annotated by hand
// in inline TIMEX3, scored the way tools/eval/timeml_eval scores TimeBank.
// The figures are printed; the thresholds only catch regressions.
#include <cstdio>
#include <vector>

#include "core/temporal/tagger.h"
#include "core/temporal/timeml.h"
#include "gtest/gtest.h"

namespace chronicle::temporal {
namespace {

struct Story {
  absl::CivilSecond published;
  const char* annotated;
};

// Published Monday 2023-12-11 unless stated.
const Story kStories[] = {
    {absl::CivilSecond(2023, 12, 11),
     "SEOUL | <TIMEX3 type=\"DATE\" value=\"2023-12-11\">11 December 2023, Monday</TIMEX3> | "
     "South Korea's foreign minister said on <TIMEX3 type=\"DATE\" value=\"2023-12-10\">Sunday"
     "</TIMEX3> that a trilateral summit with Japan and China is set for "
     "<TIMEX3 type=\"DATE\" value=\"2023-12\" mod=\"END\">later this month</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "Kyodo News reported on <TIMEX3 type=\"DATE\" value=\"2023-12-08\">Friday</TIMEX3> that "
     "the three leaders could meet as early as <TIMEX3 type=\"DATE\" value=\"2023\">this year"
     "</TIMEX3>, citing officials."},
    {absl::CivilSecond(2023, 12, 11),
     "Relations soured over the legacy of Japan's colonial rule of Korea from "
     "<TIMEX3 type=\"DATE\" value=\"1910/1945\">1910 to 1945</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The last such summit was held on <TIMEX3 type=\"DATE\" value=\"2019-12-24\">December 24, "
     "2019</TIMEX3>, in Chengdu."},
    {absl::CivilSecond(2023, 12, 11),
     "In <TIMEX3 type=\"DATE\" value=\"2018\">2018</TIMEX3>, the Supreme Court ordered two "
     "Japanese firms to compensate wartime laborers, a ruling Tokyo says breaches a treaty "
     "signed in <TIMEX3 type=\"DATE\" value=\"1965\">1965</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The ministers agreed in <TIMEX3 type=\"DATE\" value=\"2023-03\">March</TIMEX3> to restore "
     "trade ties that had frayed after the <TIMEX3 type=\"DATE\" value=\"2019\">2019</TIMEX3> "
     "export restrictions."},
    {absl::CivilSecond(2023, 12, 11),
     "Urban populations grew fastest in <TIMEX3 type=\"DATE\" value=\"19XX\">the 20th century"
     "</TIMEX3>, according to the report."},
    {absl::CivilSecond(2023, 12, 11),
     "The chatbot has a knowledge cutoff in <TIMEX3 type=\"DATE\" value=\"2021-09\">September "
     "2021</TIMEX3>, its maker said."},
    {absl::CivilSecond(2023, 12, 11),
     "Negotiators will return to Geneva on <TIMEX3 type=\"DATE\" value=\"2023-12-14\">Thursday"
     "</TIMEX3> for <TIMEX3 type=\"DURATION\" value=\"P3D\">three days</TIMEX3> of talks."},
    {absl::CivilSecond(2023, 12, 11),
     "Exports fell 4 percent in <TIMEX3 type=\"DATE\" value=\"2023-W47\">the week ended "
     "November 24</TIMEX3>, after rising <TIMEX3 type=\"DATE\" value=\"2023-W46\">the previous "
     "week</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The central bank raised rates <TIMEX3 type=\"DATE\" value=\"2023-W48\">two weeks ago"
     "</TIMEX3> and is expected to hold them <TIMEX3 type=\"DATE\" value=\"2024-03\">next March"
     "</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "Rescuers found survivors <TIMEX3 type=\"DATE\" value=\"2023-12-10\">yesterday</TIMEX3>, "
     "<TIMEX3 type=\"DURATION\" value=\"P5D\">five days</TIMEX3> after the quake."},
    {absl::CivilSecond(2023, 12, 11),
     "Inflation has eased in <TIMEX3 type=\"DATE\" value=\"PAST_REF\">recent months</TIMEX3>, "
     "but prices remain higher than <TIMEX3 type=\"DATE\" value=\"2022\">last year</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The company's profit rose 12 percent in <TIMEX3 type=\"DATE\" value=\"2023-Q3\">the "
     "third quarter</TIMEX3>, and it plans to cut 1,200 jobs by <TIMEX3 type=\"DATE\" value=\"2024-06\" "
     "mod=\"END\">the end of June</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "Voting begins at <TIMEX3 type=\"TIME\" value=\"2023-12-12T07:00\">7 a.m. Tuesday</TIMEX3> "
     "and the count is due <TIMEX3 type=\"DATE\" value=\"2023-12-13\">Wednesday</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The lake freezes over <TIMEX3 type=\"SET\" value=\"XXXX-WI\">every winter</TIMEX3>, and "
     "ferries run <TIMEX3 type=\"SET\" value=\"P1D\">daily</TIMEX3> in good weather."},
    {absl::CivilSecond(2023, 12, 11),
     "Rallies drew 60,000 people, the largest turnout since "
     "<TIMEX3 type=\"DATE\" value=\"199X\" mod=\"END\">the late 1990s</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "He spent <TIMEX3 type=\"DURATION\" value=\"P12Y\">12 years</TIMEX3> in exile before "
     "returning in <TIMEX3 type=\"DATE\" value=\"2010-07\">July 2010</TIMEX3>."},
    {absl::CivilSecond(2023, 12, 11),
     "The Sunday Times said the minister may resign; a second inquiry opens in "
     "<TIMEX3 type=\"DATE\" value=\"2024-01\">January</TIMEX3>."},
    {absl::CivilSecond(2024, 2, 23),
     "The index closed at a record <TIMEX3 type=\"DATE\" value=\"2024-02-22\">Thursday"
     "</TIMEX3>, capping its best month since <TIMEX3 type=\"DATE\" value=\"2020-11\">November "
     "2020</TIMEX3>."},
    {absl::CivilSecond(2024, 2, 23),
     "Farmers blocked roads <TIMEX3 type=\"DATE\" value=\"2024-W07\">last week</TIMEX3> and "
     "vowed to return <TIMEX3 type=\"DATE\" value=\"2024-03\" mod=\"START\">early next month"
     "</TIMEX3>."},
    {absl::CivilSecond(2024, 2, 23),
     "The treaty, in force <TIMEX3 type=\"DATE\" value=\"PRESENT_REF\">now</TIMEX3> for "
     "<TIMEX3 type=\"DURATION\" value=\"P30Y\" mod=\"MORE_THAN\">more than three decades"
     "</TIMEX3>, was last revised in <TIMEX3 type=\"DATE\" value=\"2008-SU\">the summer of 2008"
     "</TIMEX3>."},
    {absl::CivilSecond(2024, 2, 23),
     "Parliament will debate the bill on <TIMEX3 type=\"DATE\" value=\"2024-02-26\">Monday"
     "</TIMEX3>, <TIMEX3 type=\"DURATION\" value=\"P1D\">a day</TIMEX3> after the deadline "
     "for amendments."},
};

TEST(NewsQualityTest, ScoresOnHandWrittenNews) {
  const TemporalTagger tagger;
  TimexScores total;
  for (const Story& story : kStories) {
    absl::StatusOr<AnnotatedText> gold = ParseInlineTimex(story.annotated);
    ASSERT_TRUE(gold.ok()) << gold.status() << " in " << story.annotated;
    const ReferenceDate reference{story.published, Granularity::kDay};
    std::vector<std::string> errors;
    total.Add(ScoreTimexes(*gold, tagger.Tag(gold->text, reference), &errors));
    for (const std::string& e : errors) std::printf("  %s\n", e.c_str());
  }
  std::printf(
      "hand-written news: gold %d predicted %d | strict P %.3f R %.3f F1 %.3f | relaxed P %.3f "
      "R %.3f F1 %.3f | type %.3f | value F1 %.3f\n",
      total.gold, total.predicted, total.StrictPrecision(), total.StrictRecall(),
      total.StrictF1(), total.RelaxedPrecision(), total.RelaxedRecall(), total.RelaxedF1(),
      total.TypeAccuracy(), total.ValueF1());
  EXPECT_GE(total.RelaxedF1(), 0.85);
  EXPECT_GE(total.ValueF1(), 0.75);
}

}  // namespace
}  // namespace chronicle::temporal
