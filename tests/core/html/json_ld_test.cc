#include "core/html/json_ld.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::html {
namespace {

using ::testing::ElementsAre;

TEST(ParseJsonLdArticleTest, ReadsNewsArticle) {
  auto a = ParseJsonLdArticle(R"({
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Harbour expansion approved",
    "datePublished": "2021-03-04T09:30:00+01:00",
    "author": [{"@type": "Person", "name": "Ines Duarte"}, {"@type": "Person", "name": "Tom Blake"}],
    "publisher": {"@type": "Organization", "name": "Coastal Courier"},
    "articleBody": "The council voted on Tuesday."})");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->type, "NewsArticle");
  EXPECT_TRUE(a->is_article);
  EXPECT_EQ(a->headline, "Harbour expansion approved");
  EXPECT_EQ(a->date_published, "2021-03-04T09:30:00+01:00");
  EXPECT_EQ(a->publisher, "Coastal Courier");
  EXPECT_THAT(a->authors, ElementsAre("Ines Duarte", "Tom Blake"));
  EXPECT_EQ(a->article_body, "The council voted on Tuesday.");
}

TEST(ParseJsonLdArticleTest, FindsArticleInsideGraph) {
  auto a = ParseJsonLdArticle(R"({"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "Coastal Courier"},
    {"@type": ["BlogPosting"], "headline": "Low tide", "author": "Ines Duarte",
     "datePublished": "2020-01-02"}]})");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->type, "BlogPosting");
  EXPECT_EQ(a->headline, "Low tide");
  EXPECT_THAT(a->authors, ElementsAre("Ines Duarte"));
}

TEST(ParseJsonLdArticleTest, FallsBackToDatedObjectOfOtherType) {
  auto a = ParseJsonLdArticle(R"([{"@type": "WebPage", "name": "Low tide", "datePublished": "2020-01-02"}])");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->is_article);
  EXPECT_EQ(a->date_published, "2020-01-02");
}

TEST(ParseJsonLdArticleTest, NoArticleNoDate) {
  EXPECT_FALSE(ParseJsonLdArticle(R"({"@type": "Organization", "name": "Coastal Courier"})").has_value());
}

TEST(ParseJsonLdArticleTest, ToleratesCommonBreakage) {
  // CDATA wrapper, a raw newline inside a string, an invalid escape, a
  // trailing comma and a JavaScript comment.
  auto a = ParseJsonLdArticle("//<![CDATA[\n{\"@type\": \"Article\", // generated\n"
                              "\"headline\": \"Two\nlines \\'quoted\\'\", \"datePublished\": \"2019-05-06\",}\n//]]>");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->headline, "Two lines 'quoted'");
  EXPECT_EQ(a->date_published, "2019-05-06");
}

TEST(ParseJsonLdArticleTest, ReadsObjectsWrittenOneAfterTheOther) {
  auto a = ParseJsonLdArticle(R"({"@type": "BreadcrumbList"} {"@type": "ReportageNewsArticle", "headline": "Flood"})");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->headline, "Flood");
}

TEST(ParseJsonLdArticleTest, GarbageGivesNothing) {
  EXPECT_FALSE(ParseJsonLdArticle("{\"@type\": \"Article\", \"headline\": ").has_value());
  EXPECT_FALSE(ParseJsonLdArticle("var x = 1;").has_value());
  EXPECT_FALSE(ParseJsonLdArticle("").has_value());
}

TEST(ParseJsonLdArticleTest, DeepNestingIsRefusedNotFatal) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(ParseJsonLdArticle(deep).has_value());
}

TEST(RepairJsonTest, RemovesTrailingCommas) {
  EXPECT_EQ(RepairJson(R"({"a": [1, 2,], "b": 3,})"), R"({"a": [1, 2], "b": 3})");
}

}  // namespace
}  // namespace chronicle::html
