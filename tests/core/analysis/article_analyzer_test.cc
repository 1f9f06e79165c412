// The whole analysis on the sample articles: each shows one phenomenon of real
// input, and the analysed article must come out right.
#include "core/analysis/article_analyzer.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/timestamps_in_range.h"

namespace chronicle::analysis {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

std::string ReadSample(const std::string& name) {
  std::ifstream file(std::string(CHRONICLE_SAMPLES_DIR) + "/" + name, std::ios::binary);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

class ArticleAnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = ArticleAnalyzer::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    analyzer_ = created->release();
  }
  static void TearDownTestSuite() { delete analyzer_; }

  static v1::Article Analyze(const std::string& sample, const std::string& content_type = "text/plain") {
    v1::RawArticle raw;
    raw.set_content(ReadSample(sample));
    raw.set_content_type(content_type);
    auto article = analyzer_->Analyze(raw);
    EXPECT_TRUE(article.ok()) << article.status();
    return article.ok() ? *article : v1::Article();
  }

  static std::vector<std::string> EventDates(const v1::Article& article) {
    std::vector<std::string> dates;
    for (const v1::Event& event : article.events()) dates.push_back(event.date_value());
    return dates;
  }

  static const v1::Entity* FindEntity(const v1::Article& article, const std::string& id) {
    for (const v1::Entity& entity : article.entities()) {
      if (entity.id() == id) return &entity;
    }
    return nullptr;
  }

  static std::vector<std::string> RemovedKinds(const v1::Article& article) {
    std::vector<std::string> kinds;
    for (const v1::RemovedBlock& block : article.removed_blocks()) kinds.push_back(block.kind());
    return kinds;
  }

  static ArticleAnalyzer* analyzer_;
};

ArticleAnalyzer* ArticleAnalyzerTest::analyzer_ = nullptr;

TEST_F(ArticleAnalyzerTest, DatelineBylineAndDatesRelativeToPublication) {
  const v1::Article article = Analyze("01-seoul-summit.txt");
  const v1::ArticleMetadata& metadata = article.metadata();
  EXPECT_EQ(metadata.title(), "Kishida and Yoon vow to keep mending ties as Japanese leader visits Seoul");
  EXPECT_EQ(metadata.published().value(), "2023-05-08");
  EXPECT_EQ(metadata.published().origin(), "dateline");
  EXPECT_EQ(metadata.source(), "Northgate Wire");
  EXPECT_EQ(metadata.source_origin(), "byline");
  EXPECT_THAT(article.body(), Not(HasSubstr("Northgate Wire")));
  EXPECT_THAT(article.body(), Not(HasSubstr("8 May 2023")));
  // "on Sunday" in a past-tense sentence published on Monday 8 May is 7 May;
  // "later this month" is May.
  EXPECT_THAT(EventDates(article), IsSupersetOf({"2023-05-07", "2023-05"}));
  const v1::Entity* yoon = FindEntity(article, "person:yoon-suk-yeol");
  ASSERT_NE(yoon, nullptr);
  EXPECT_EQ(yoon->name(), "Yoon Suk Yeol");
  EXPECT_THAT(yoon->mentions(), Contains(::testing::Property(&v1::Mention::role, "President")));
}

TEST_F(ArticleAnalyzerTest, PromotionFollowLineAndFaqAreSetApart) {
  const v1::Article article = Analyze("02-relations-explainer.txt");
  EXPECT_EQ(article.metadata().title(), "Mending Old Wounds: Where Japan and South Korea Stand");
  EXPECT_THAT(RemovedKinds(article), IsSupersetOf({"repeated-title", "follow-line"}));
  EXPECT_THAT(article.body(), Not(HasSubstr("Masterclass")));
  EXPECT_THAT(article.body(), Not(HasSubstr("Claim Your Free Lesson")));
  bool has_faq = false;
  for (const v1::Section& section : article.sections()) has_faq |= section.kind() == v1::Section::FAQ;
  EXPECT_TRUE(has_faq);
  // History from the body, none from the FAQ answers.
  EXPECT_THAT(EventDates(article), IsSupersetOf({"1910/1945", "1965", "2015", "2018", "2019", "2023-03"}));
  for (const v1::Event& event : article.events()) {
    EXPECT_THAT(event.text(), Not(HasSubstr("A2:"))) << event.text();
  }
  // "Yoon Suk-yeol" here is the same person as "Yoon Suk Yeol" elsewhere.
  EXPECT_NE(FindEntity(article, "person:yoon-suk-yeol"), nullptr);
}

TEST_F(ArticleAnalyzerTest, ChatbotDisclaimerIsRemovedAndMakesNoEvent) {
  const v1::Article article = Analyze("04-overview-assistant.txt");
  EXPECT_THAT(RemovedKinds(article), Contains("chatbot-disclaimer"));
  EXPECT_THAT(article.body(), Not(HasSubstr("knowledge cutoff")));
  EXPECT_THAT(article.body(), Not(HasSubstr("I recommend")));
  EXPECT_THAT(EventDates(article), Not(Contains("2022-01")));
  EXPECT_THAT(EventDates(article), Contains("1910/1945"));
}

TEST_F(ArticleAnalyzerTest, RepeatedTitleCountsOnce) {
  const v1::Article article = Analyze("03-chengdu-summit-2019.txt");
  EXPECT_EQ(article.metadata().title(), "Abe and Moon agree to keep talking as trade feud drags on");
  EXPECT_THAT(RemovedKinds(article), Contains("repeated-title"));
  EXPECT_THAT(EventDates(article), IsSupersetOf({"2019-12-24", "2018", "1965"}));
  EXPECT_NE(FindEntity(article, "person:moon-jae-in"), nullptr);
  EXPECT_NE(FindEntity(article, "person:shinzo-abe"), nullptr);
}

TEST_F(ArticleAnalyzerTest, ParagraphFirstTextGetsAHeadingAsTitleAndPlacesMerge) {
  const v1::Article article = Analyze("05-defense-ministers.txt");
  EXPECT_EQ(article.metadata().title(), "Defense chiefs meet in Seoul for the first time in a decade");
  EXPECT_EQ(article.metadata().title_origin(), "first-heading");
  const v1::Entity* islands = nullptr;
  for (const v1::Entity& entity : article.entities()) {
    if (entity.name() == "Dokdo" || entity.name() == "Takeshima" ||
        absl::StrContains(entity.id(), "dokdo")) {
      EXPECT_EQ(islands, nullptr) << "Dokdo and Takeshima are one place";
      islands = &entity;
    }
  }
  ASSERT_NE(islands, nullptr);
  EXPECT_GE(islands->mentions_size(), 2);
}

TEST_F(ArticleAnalyzerTest, JsonArticleFieldsAndZonedPublicationTime) {
  const v1::Article article = Analyze("08-export-curbs.json", "application/json");
  EXPECT_EQ(article.metadata().title(), "Japan's curbs on chip materials for South Korea take effect");
  EXPECT_EQ(article.metadata().source(), "Harbor Business Journal");
  // 09:00 in Tokyo is midnight UTC.
  EXPECT_EQ(article.metadata().published().time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2019, 7, 4, 0, 0, 0), absl::UTCTimeZone())));
  // "took effect on Thursday", published on Thursday 4 July 2019.
  EXPECT_THAT(EventDates(article), Contains("2019-07-04"));
}

TEST_F(ArticleAnalyzerTest, WithoutPublicationDateRelativeDatesStayUnresolved) {
  v1::RawArticle raw;
  raw.set_content("Ferry strike ends\n\nThe ferry strike ended on Sunday after talks that began in 2021.");
  auto article = analyzer_->Analyze(raw);
  ASSERT_TRUE(article.ok()) << article.status();
  // 2021 is absolute and makes an event; "on Sunday" has no anchor.
  EXPECT_THAT(EventDates(*article), ::testing::ElementsAre("2021"));
  bool sunday_unresolved = false;
  for (const v1::TemporalExpression& expression : article->temporal_expressions()) {
    if (expression.text() == "Sunday") sunday_unresolved = !expression.has_resolved();
  }
  EXPECT_TRUE(sunday_unresolved);
}

TEST_F(ArticleAnalyzerTest, SameStoryFromTwoOutletsHasCloseFingerprints) {
  const v1::Article first = Analyze("03-chengdu-summit-2019.txt");
  const v1::Article second = Analyze("06-chengdu-summit-2019-republished.txt");
  EXPECT_NE(first.content_hash(), second.content_hash());
  EXPECT_NE(first.simhash(), 0u);
  EXPECT_LE(__builtin_popcountll(first.simhash() ^ second.simhash()), 7);
}

TEST_F(ArticleAnalyzerTest, BadInputNamesTheField) {
  v1::RawArticle raw;
  raw.set_content("text");
  raw.set_id("a/b");
  EXPECT_THAT(std::string(analyzer_->Analyze(raw).status().message()), ::testing::StartsWith("id:"));
  raw.clear_id();
  raw.set_content_type("application/pdf");
  EXPECT_THAT(std::string(analyzer_->Analyze(raw).status().message()), ::testing::StartsWith("content_type:"));
  raw.set_content_type("text/plain");
  raw.set_content("broken \xc3");
  EXPECT_THAT(std::string(analyzer_->Analyze(raw).status().message()), AllOf(HasSubstr("content:"), HasSubstr("byte 7")));
}

}  // namespace
}  // namespace chronicle::analysis

namespace chronicle::analysis {
namespace {

// Every Timestamp the analysis writes must be one a protojson client can
// decode (years 1-9999): a single one out of range and the caller of
// AnalyzeArticle or IngestArticle gets no reply at all.
class TimestampRangeTest : public ArticleAnalyzerTest {
 protected:
  // Analyses `content` as given and checks every Timestamp of the result.
  static v1::Article AnalyzeContent(const std::string& content, const std::string& content_type,
                                    const std::string& published_at = "") {
    v1::RawArticle raw;
    raw.set_content(content);
    raw.set_content_type(content_type);
    if (!published_at.empty()) raw.set_published_at(published_at);
    auto article = analyzer_->Analyze(raw);
    EXPECT_TRUE(article.ok()) << article.status();
    if (!article.ok()) return v1::Article();
    EXPECT_THAT(::chronicle::testing::TimestampsOutOfRange(*article), ::testing::IsEmpty());
    return *article;
  }
};

TEST_F(TimestampRangeTest, ZeroTimeInJsonLdIsNoDate) {
  const v1::Article article = AnalyzeContent(
      "<html><head><title>Harbour reopens</title><script type=\"application/ld+json\">"
      "{\"@type\": \"NewsArticle\", \"headline\": \"Harbour reopens\", \"datePublished\": \"0001-01-01T00:00:00Z\"}"
      "</script></head><body><article><h1>Harbour reopens</h1><p>The harbour reopened to ships on Monday after "
      "a week of repairs to the north quay, the port authority said.</p><p>Ferries to the islands resume their "
      "summer timetable in June, and the fish market moves back to the quay.</p></article></body></html>",
      "text/html");
  EXPECT_FALSE(article.metadata().published().has_time());
}

TEST_F(TimestampRangeTest, JsonUnixTimesOfZeroOrOutOfRangeAreNoDate) {
  for (const std::string& published : {"0", "-99999999999999", "999999999999999999", "\"0001-01-01T00:00:00Z\"",
                                       "\"10000-01-01\""}) {
    SCOPED_TRACE(published);
    const v1::Article article =
        AnalyzeContent(absl::StrCat("{\"title\": \"Quay repairs\", \"published\": ", published,
                             ", \"body\": \"Repairs to the north quay ended on Monday, the port authority said.\"}"),
                "application/json");
    EXPECT_FALSE(article.metadata().published().has_time());
  }
}

TEST_F(TimestampRangeTest, DatesPastYear9999AreClampedInEventsAndExpressions) {
  const v1::Article article = AnalyzeContent(
      "Calendar at the end of time\n\nThe archive will be opened next year, the curators said on Friday. "
      "They expect visitors in the year 12000 and again in 10,000 BC, and tomorrow a ceremony is held.",
      "text/plain", "9999-12-31");
  EXPECT_TRUE(article.metadata().published().has_time());
}

TEST_F(TimestampRangeTest, CallerPublicationDatesOutsideTheRangeAreRefusedNamingTheField) {
  for (const std::string& published : {"0001-01-01", "0000-12-31T00:00:00Z"}) {
    v1::RawArticle raw;
    raw.set_content("Quay repairs\n\nRepairs to the north quay ended on Monday.");
    raw.set_content_type("text/plain");
    raw.set_published_at(published);
    auto article = analyzer_->Analyze(raw);
    EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument) << published;
    EXPECT_THAT(std::string(article.status().message()), HasSubstr("published_at")) << published;
  }
}

}  // namespace
}  // namespace chronicle::analysis
