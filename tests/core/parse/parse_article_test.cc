#include "core/parse/parse_article.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::parse {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFixture(const std::string& name) {
  const char* root = std::getenv("CHRONICLE_SOURCE_DIR");
  const std::string path = std::string(root != nullptr ? root : CHRONICLE_SOURCE_DIR_DEFAULT) +
                           "/tests/fixtures/articles/" + name;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_FALSE(buffer.str().empty()) << "missing fixture " << path;
  return buffer.str();
}

// Offsets and indices must agree with the body everywhere.
void ExpectConsistent(const ParsedArticle& a) {
  for (const Sentence& s : a.sentences) {
    ASSERT_LE(s.end, a.body.size());
    EXPECT_EQ(a.body.substr(s.begin, s.end - s.begin), s.text);
    ASSERT_LT(s.paragraph, a.paragraphs.size());
    EXPECT_GE(s.begin, a.paragraphs[s.paragraph].begin);
    EXPECT_LE(s.end, a.paragraphs[s.paragraph].end);
    EXPECT_EQ(s.section, a.paragraphs[s.paragraph].section);
  }
  for (const Paragraph& p : a.paragraphs) {
    ASSERT_LT(p.section, a.sections.size());
    EXPECT_GE(p.begin, a.sections[p.section].begin);
    EXPECT_LE(p.end, a.sections[p.section].end);
  }
  EXPECT_EQ(a.body.find("\n\n\n"), std::string::npos);
}

std::vector<std::string> RemovedKinds(const ParsedArticle& a) {
  std::vector<std::string> kinds;
  for (const RemovedBlock& r : a.removed_blocks) kinds.push_back(r.kind);
  return kinds;
}

absl::StatusOr<ParsedArticle> ParseText(const std::string& content, RawInput input = {}) {
  input.content = content;
  if (input.content_type.empty()) input.content_type = "text/plain";
  return ParseArticle(input);
}

TEST(ParseArticleTest, DatelineAndBylineBecomeMetadata) {
  auto a = ParseText(ReadFixture("dateline_byline.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_EQ(a->metadata.title, "Harbour city opens ferry link to three island towns");
  EXPECT_EQ(a->metadata.title_origin, "first-line");
  ASSERT_TRUE(a->metadata.published.has_value());
  EXPECT_EQ(a->metadata.published->value, "2024-03-03");
  EXPECT_EQ(a->metadata.published->origin, "dateline");
  EXPECT_EQ(a->metadata.published->granularity, temporal::Granularity::kDay);
  EXPECT_EQ(a->metadata.source, "Coastal Wire");
  EXPECT_EQ(a->metadata.source_origin, "byline");
  EXPECT_EQ(a->metadata.language, "en");
  EXPECT_THAT(RemovedKinds(*a), ElementsAre("dateline", "byline"));
  EXPECT_EQ(a->paragraphs.size(), 4u);
  EXPECT_THAT(a->body, testing::StartsWith("The port authority of Vellmar"));
  EXPECT_THAT(a->body, Not(HasSubstr("Coastal Wire")));
  EXPECT_THAT(a->body, Not(HasSubstr("March 2024")));
}

TEST(ParseArticleTest, PromotionFollowLineAndFaq) {
  auto a = ParseText(ReadFixture("promo_follow_faq.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_EQ(a->metadata.title, "How Small Towns Are Reviving Their Rail Lines");
  EXPECT_EQ(a->metadata.source, "Rail Ledger Weekly");
  EXPECT_EQ(a->metadata.source_origin, "follow-line");
  for (absl::string_view gone : {"Masterclass", "Lesson 2", "Sign up", "Follow", "Level Up"}) {
    EXPECT_THAT(a->body, Not(HasSubstr(std::string(gone))));
  }
  const auto kinds = RemovedKinds(*a);
  EXPECT_THAT(kinds, testing::Contains("repeated-title"));
  EXPECT_THAT(kinds, testing::Contains("follow-line"));
  EXPECT_THAT(kinds, testing::Contains("newsletter"));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "promotion"), 5);  // pitch, 3 list items, link
  ASSERT_EQ(a->sections.size(), 4u);
  EXPECT_EQ(a->sections[0].heading, "");
  EXPECT_EQ(a->sections[1].heading, "Funding: Who Pays for the Tracks");
  EXPECT_EQ(a->sections[2].heading, "Results: Riders Return");
  EXPECT_EQ(a->sections[3].heading, "FAQs:");
  EXPECT_EQ(a->sections[3].kind, Section::Kind::kFaq);
  EXPECT_EQ(a->sections[2].kind, Section::Kind::kBody);
  EXPECT_EQ(a->sections[3].end, a->body.size());
  EXPECT_THAT(a->body.substr(a->sections[3].begin), testing::StartsWith("Q1: Why did the rail lines close"));
}

TEST(ParseArticleTest, ChatbotDisclaimerSentencesRemoved) {
  auto a = ParseText(ReadFixture("chatbot_disclaimer.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_THAT(RemovedKinds(*a), ElementsAre("chatbot-disclaimer", "chatbot-disclaimer"));
  // The first paragraph keeps its news sentence; the last paragraph is gone.
  EXPECT_THAT(a->body, testing::StartsWith("Talks on a joint fisheries agreement between the coastal nations of "
                                           "the northern sea have continued for several years.\n\n"));
  EXPECT_THAT(a->body, Not(HasSubstr("knowledge cutoff")));
  EXPECT_THAT(a->body, Not(HasSubstr("I suggest")));
  EXPECT_EQ(a->paragraphs.size(), 3u);
}

TEST(ParseArticleTest, RepeatedTitleCountsOnce) {
  auto a = ParseText(ReadFixture("repeated_title.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "Mayors agree on regional water plan after long dispute");
  EXPECT_THAT(RemovedKinds(*a), ElementsAre("repeated-title"));
  EXPECT_THAT(a->body, testing::StartsWith("The mayors of four valley towns"));
  // A date inside a news sentence is an event, not the publication date.
  EXPECT_FALSE(a->metadata.published.has_value());
}

TEST(ParseArticleTest, SingleNewlineLayoutWithHeadings) {
  auto a = ParseText(ReadFixture("single_newline.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  // The first line is a paragraph, not a title: the first heading stands in.
  EXPECT_EQ(a->metadata.title, "Ports set aside rivalry to share dredging costs");
  EXPECT_EQ(a->metadata.title_origin, "first-heading");
  ASSERT_EQ(a->sections.size(), 3u);
  EXPECT_EQ(a->sections[1].heading, "Ports set aside rivalry to share dredging costs");
  EXPECT_EQ(a->sections[2].heading, "Customs systems to be merged by next year");
  EXPECT_EQ(a->paragraphs.size(), 4u);
  EXPECT_THAT(a->body, testing::StartsWith("The two largest ports"));
  EXPECT_TRUE(a->removed_blocks.empty());
}

TEST(ParseArticleTest, RealBulletedListAndFollowQuoteStay) {
  auto a = ParseText(ReadFixture("bulleted_news.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_TRUE(a->removed_blocks.empty()) << a->removed_blocks.front().kind << ": " << a->removed_blocks.front().text;
  int list_items = 0;
  for (const Paragraph& p : a->paragraphs) list_items += p.kind == Paragraph::Kind::kListItem;
  EXPECT_EQ(list_items, 3);
  EXPECT_THAT(a->body, HasSubstr("would follow the recommendations"));
  EXPECT_THAT(a->body, HasSubstr("We will follow the numbers closely"));
  EXPECT_EQ(a->sections.size(), 1u);
}

TEST(ParseArticleTest, WireStoryWithDateLineAndDateline) {
  auto a = ParseText(ReadFixture("wire_story.txt"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "SHIPYARD ORDERS RISE IN FIRST QUARTER");
  ASSERT_TRUE(a->metadata.published.has_value());
  EXPECT_EQ(a->metadata.published->value, "1988-03-12T09:15:22");
  EXPECT_EQ(a->metadata.published->granularity, temporal::Granularity::kSecond);
  EXPECT_EQ(a->metadata.source, "Reuter");
  EXPECT_EQ(a->paragraphs.size(), 3u);
  EXPECT_THAT(a->body, testing::StartsWith("OSLO, March 12 - New orders at the country's shipyards rose sharply"));
}

TEST(ParseArticleTest, YearlessDatelineUsesReferenceDate) {
  const std::string text = "SHIPYARD ORDERS RISE\n\nOSLO, March 12 - New orders rose sharply, a group said.\n";
  RawInput input;
  input.content = text;
  auto unresolved = ParseArticle(input);
  ASSERT_TRUE(unresolved.ok()) << unresolved.status();
  ASSERT_TRUE(unresolved->metadata.published.has_value());
  EXPECT_FALSE(unresolved->metadata.published->year_known);
  EXPECT_EQ(unresolved->metadata.published->value, "XXXX-03-12");
  ParseOptions options;
  options.reference_date = absl::CivilDay(1988, 3, 13);
  auto resolved = ParseArticle(input, options);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->metadata.published->value, "1988-03-12");
}

TEST(ParseArticleTest, CallerValuesWin) {
  RawInput input;
  input.title = "Caller title";
  input.source = "Caller Source";
  input.published_at = "2024-03-04T08:00:00+01:00";
  input.language = "en-GB";
  input.url = "https://example.org/a";
  auto a = ParseText(ReadFixture("dateline_byline.txt"), input);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "Caller title");
  EXPECT_EQ(a->metadata.title_origin, "caller");
  EXPECT_EQ(a->metadata.source, "Caller Source");
  EXPECT_EQ(a->metadata.published->value, "2024-03-04T08:00:00+01:00");
  EXPECT_EQ(a->metadata.published->origin, "caller");
  EXPECT_EQ(a->metadata.language_origin, "caller");
  EXPECT_EQ(a->metadata.canonical_url, "https://example.org/a");
  // The content's own headline still leaves the body.
  EXPECT_THAT(a->body, testing::StartsWith("The port authority"));
}

TEST(ParseArticleTest, JsonArticleWithNestedFields) {
  RawInput input;
  const std::string json = ReadFixture("article.json");
  input.content = json;
  input.content_type = "application/json; charset=utf-8";
  auto a = ParseArticle(input);
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_EQ(a->metadata.title, "Storm closes mountain pass for second day");
  EXPECT_EQ(a->metadata.title_origin, "json");
  EXPECT_EQ(a->metadata.source, "Valley Post");
  EXPECT_EQ(a->metadata.source_origin, "json");
  EXPECT_EQ(a->metadata.published->value, "2024-01-09T07:45:00+01:00");
  EXPECT_EQ(a->metadata.published->origin, "json");
  EXPECT_THAT(a->metadata.authors, ElementsAre("Rina Castell", "Tomas Weir"));
  EXPECT_EQ(a->metadata.canonical_url, "https://valleypost.example/news/storm-pass");
  EXPECT_EQ(a->metadata.language_origin, "json");
  EXPECT_EQ(a->paragraphs.size(), 2u);
  EXPECT_THAT(RemovedKinds(*a), ElementsAre("newsletter"));
}

TEST(ParseArticleTest, JsonVariants) {
  RawInput input;
  input.content_type = "application/json";
  const std::string array_body =
      R"({"data": {"name": "Pass reopens", "content": ["First paragraph here.", "Second one."], "publishedAt": 1704786300}})";
  input.content = array_body;
  auto a = ParseArticle(input);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "Pass reopens");
  EXPECT_EQ(a->paragraphs.size(), 2u);
  EXPECT_EQ(a->metadata.published->value, "2024-01-09T07:45:00Z");
}

TEST(ParseArticleTest, HtmlDocumentPath) {
  html::HtmlDocument doc;
  doc.metadata.title_tag = "Storm closes pass | Valley Post";
  doc.metadata.og_title = "Storm closes pass";
  doc.metadata.site_name = "Valley Post";
  doc.metadata.published_time = "2024-01-09T07:45:00+01:00";
  doc.metadata.authors = {"Rina Castell"};
  doc.metadata.canonical_url = "https://valleypost.example/storm";
  doc.metadata.language = "en";
  doc.blocks = {{html::ContentBlock::Kind::kHeading, 1, "Storm closes pass"},
                {html::ContentBlock::Kind::kParagraph, 0, "Snow kept the pass closed on Tuesday, officials said."},
                {html::ContentBlock::Kind::kHeading, 2, "What comes next"},
                {html::ContentBlock::Kind::kParagraph, 0, "Crews expect to reopen one lane on Wednesday."},
                {html::ContentBlock::Kind::kParagraph, 0, "\xf0\x9f\x91\x89 Subscribe to our newsletter here!"}};
  doc.dropped = {{"navigation", "Home News Sport", "inside <nav>"}};
  auto a = ParseHtmlDocument(doc, RawInput{});
  ASSERT_TRUE(a.ok()) << a.status();
  ExpectConsistent(*a);
  EXPECT_EQ(a->metadata.title, "Storm closes pass");
  EXPECT_EQ(a->metadata.title_origin, "og-title");
  EXPECT_EQ(a->metadata.source_origin, "og-site-name");
  EXPECT_EQ(a->metadata.published->origin, "html-meta");
  EXPECT_EQ(a->metadata.language_origin, "html-lang");
  EXPECT_THAT(RemovedKinds(*a), ElementsAre("navigation", "repeated-title", "newsletter"));
  ASSERT_EQ(a->sections.size(), 2u);
  EXPECT_EQ(a->sections[1].heading, "What comes next");
  EXPECT_EQ(a->body, "Snow kept the pass closed on Tuesday, officials said.\n\nCrews expect to reopen one lane on Wednesday.");
}

TEST(ParseArticleTest, HtmlTitleTagSuffixStripped) {
  html::HtmlDocument doc;
  doc.metadata.title_tag = "Storm closes mountain pass again - Valley Post";
  doc.blocks = {{html::ContentBlock::Kind::kParagraph, 0, "Snow kept the pass closed on Tuesday."}};
  auto a = ParseHtmlDocument(doc, RawInput{});
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "Storm closes mountain pass again");
  EXPECT_EQ(a->metadata.source, "Valley Post");
  EXPECT_EQ(a->metadata.source_origin, "title-suffix");
}

TEST(ParseArticleTest, CharsetConversion) {
  RawInput input;
  const std::string latin1 = "Caf\xe9 reopens\n\nThe caf\xe9 on the square reopened on Monday.";
  input.content = latin1;
  input.content_type = "text/plain; charset=ISO-8859-1";
  auto a = ParseArticle(input);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->metadata.title, "Café reopens");
}

TEST(ParseArticleTest, Errors) {
  auto code_and_message = [](RawInput input) {
    auto a = ParseArticle(input);
    EXPECT_FALSE(a.ok());
    EXPECT_EQ(a.status().code(), absl::StatusCode::kInvalidArgument) << a.status();
    return std::string(a.status().message());
  };
  RawInput input;
  EXPECT_THAT(code_and_message(input), testing::StartsWith("content: is empty"));
  const std::string bad_utf8 = "Title\n\nGood text \xff here.";
  input.content = bad_utf8;
  EXPECT_THAT(code_and_message(input), AllOf(testing::StartsWith("content:"), HasSubstr("byte 17")));
  input.charset = "no-such-charset";
  EXPECT_THAT(code_and_message(input), testing::StartsWith("charset:"));
  input.charset.clear();
  input.content = "Hello.";
  input.content_type = "image/png";
  EXPECT_THAT(code_and_message(input), testing::StartsWith("content_type:"));
  input.content_type = "application/json";
  input.content = "{\"title\": \"x\", ";
  EXPECT_THAT(code_and_message(input), AllOf(testing::StartsWith("content: malformed JSON"), HasSubstr("byte")));
  input.content = R"({"title": "Only a title"})";
  EXPECT_THAT(code_and_message(input), HasSubstr("no body"));
  input.content = "[1, 2]";
  EXPECT_THAT(code_and_message(input), HasSubstr("one object"));
  const std::string deep = std::string(50000, '[') + std::string(50000, ']');
  input.content = deep;
  EXPECT_THAT(code_and_message(input), HasSubstr("nested deeper"));
  input.content_type = "text/plain";
  input.content = "\n\xf0\x9f\x91\x89 Subscribe to our newsletter now!\n\n";
  EXPECT_THAT(code_and_message(input), HasSubstr("no article text left"));
  input.published_at = "next Tuesday";
  input.content = "Some text.";
  EXPECT_THAT(code_and_message(input), testing::StartsWith("published_at:"));
  ParseOptions small;
  small.max_content_bytes = 4;
  input.published_at.clear();
  auto big = ParseArticle(input, small);
  EXPECT_THAT(std::string(big.status().message()), HasSubstr("exceeds the limit"));
}

TEST(ParseArticleTest, BoilerplateRemovalCanBeTurnedOff) {
  ParseOptions options;
  options.remove_boilerplate = false;
  RawInput input;
  const std::string text = ReadFixture("chatbot_disclaimer.txt");
  input.content = text;
  auto a = ParseArticle(input, options);
  ASSERT_TRUE(a.ok());
  EXPECT_THAT(a->body, HasSubstr("knowledge cutoff"));
}

TEST(SplitNdjsonTest, SplitsLinesSkippingBlanks) {
  const std::string batch = "{\"a\":1}\r\n\n  \n{\"b\":2}\n{broken\n";
  const auto records = SplitNdjson(batch);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[0].json, "{\"a\":1}");
  EXPECT_EQ(records[1].line, 4u);
  EXPECT_EQ(records[2].json, "{broken");
}

}  // namespace
}  // namespace chronicle::parse
