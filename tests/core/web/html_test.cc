#include "core/web/html.h"

#include <string>

#include "chronicle/v1/search.pb.h"
#include "chronicle/v1/timeline.pb.h"
#include "core/web/dates.h"
#include "core/web/marked_text.h"
#include "core/web/request_parameters.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::web {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(EscapeHtmlTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeHtml("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(EscapeHtml("Tom & Jerry's"), "Tom &amp; Jerry&#39;s");
  EXPECT_EQ(EscapeHtml("Ålesund — 東京"), "Ålesund — 東京");
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(EncodeUrlComponentTest, PercentEncodesEveryByteButUnreserved) {
  EXPECT_EQ(EncodeUrlComponent("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(EncodeUrlComponent("a b+c/d?e&f=g#h%"), "a%20b%2Bc%2Fd%3Fe%26f%3Dg%23h%25");
  EXPECT_EQ(EncodeUrlComponent("é東"), "%C3%A9%E6%9D%B1");
  EXPECT_EQ(EncodeUrlComponent("<\">"), "%3C%22%3E");
  EXPECT_EQ(EncodeUrlComponent(std::string("a\0b", 3)), "a%00b");
}

TEST(QueryStringTest, JoinsEncodedPairsInOrder) {
  EXPECT_EQ(BuildQueryString({{"query", "storm surge"}, {"filter.sources", "A&B"}, {"filter.sources", "C"}}),
            "query=storm%20surge&filter.sources=A%26B&filter.sources=C");
  EXPECT_EQ(UrlWithQuery("/timeline", {}), "/timeline");
  EXPECT_EQ(UrlWithQuery("/", {{"query", "x"}}), "/?query=x");
}

TEST(IsWebUrlTest, OnlyHttpAndHttps) {
  EXPECT_TRUE(IsWebUrl("https://example.org/a"));
  EXPECT_TRUE(IsWebUrl("HTTP://example.org"));
  EXPECT_FALSE(IsWebUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsWebUrl(" https://example.org"));
  EXPECT_FALSE(IsWebUrl("data:text/html,<script>"));
  EXPECT_FALSE(IsWebUrl("//example.org"));
}

TEST(MarkedTextTest, WrapsSpansAndEscapesEverythingElse) {
  const std::string text = "a <b> & c";
  EXPECT_EQ(RenderMarkedText(text, {{2, 5, "<mark>", "</mark>"}}), "a <mark>&lt;b&gt;</mark> &amp; c");
}

TEST(MarkedTextTest, NestsInnerSpansAndDropsCrossingOnes) {
  const std::string text = "0123456789";
  EXPECT_EQ(RenderMarkedText(text, {{3, 6, "[", "]"}, {0, 8, "(", ")"}, {5, 9, "{", "}"}}), "(012[345]67)89");
  // Equal ranges nest in the order given.
  EXPECT_EQ(RenderMarkedText(text, {{1, 3, "(", ")"}, {1, 3, "[", "]"}}), "0([12])3456789");
}

TEST(MarkedTextTest, SurvivesOffsetsOutOfRangeReversedOrEmpty) {
  const std::string text = "<x>";
  EXPECT_EQ(RenderMarkedText(text, {{2, 400, "[", "]"}, {3, 1, "(", ")"}, {1, 1, "{", "}"}, {900, 901, "!", "!"}}),
            "&lt;x[&gt;]");
  EXPECT_EQ(RenderMarkedText(text, 5, 2, {}), "");
  EXPECT_EQ(RenderMarkedText("", {{0, 3, "[", "]"}}), "");
}

TEST(MarkedTextTest, WidensOffsetsToWholeCharacters) {
  const std::string text = "aéb";  // é is bytes 1 and 2
  EXPECT_EQ(RenderMarkedText(text, {{2, 3, "[", "]"}}), "a[é]b");
  EXPECT_EQ(RenderMarkedText(text, 2, 4, {}), "éb");
}

TEST(RequestParametersTest, NamesFieldsAsTheProtoDoes) {
  v1::SearchRequest request;
  request.set_query("storm & surge");
  request.set_page_size(20);
  request.mutable_filter()->add_sources("Harbor Gazette");
  request.mutable_filter()->add_sources("Tide Weekly");
  request.mutable_filter()->set_published_from("2019");
  request.set_order_by(v1::SearchRequest::NEWEST);
  request.add_facets("source");
  request.set_highlight_markup(true);
  EXPECT_THAT(
      RequestParameters(request),
      ElementsAre(Pair("query", "storm & surge"), Pair("page_size", "20"), Pair("filter.sources", "Harbor Gazette"),
                  Pair("filter.sources", "Tide Weekly"), Pair("filter.published_from", "2019"),
                  Pair("order_by", "NEWEST"), Pair("facets", "source"), Pair("highlight_markup", "true")));
  EXPECT_TRUE(RequestParameters(v1::SearchRequest()).empty());
}

TEST(RequestParametersTest, RemovesParameters) {
  const QueryParameters parameters = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
  EXPECT_THAT(WithoutParameter(parameters, "a"), ElementsAre(Pair("b", "2")));
  EXPECT_THAT(WithoutParameterValue(parameters, "a", "3"), ElementsAre(Pair("a", "1"), Pair("b", "2")));
  EXPECT_TRUE(HasParameterValue(parameters, "a", "3"));
  EXPECT_FALSE(HasParameterValue(parameters, "b", "3"));
}

absl::Time Day(int year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

TEST(DatesTest, ParsesTimexValues) {
  std::optional<Period> day = ParsePeriod("2019-12-24");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->start, Day(2019, 12, 24));
  EXPECT_EQ(day->end, Day(2019, 12, 25));
  EXPECT_EQ(day->granularity, v1::DAY);

  std::optional<Period> span = ParsePeriod("1910/1945");
  ASSERT_TRUE(span.has_value());
  EXPECT_EQ(span->start, Day(1910, 1, 1));
  EXPECT_EQ(span->end, Day(1946, 1, 1));

  EXPECT_EQ(ParsePeriod("199X")->start, Day(1990, 1, 1));
  EXPECT_EQ(ParsePeriod("199X")->end, Day(2000, 1, 1));
  EXPECT_EQ(ParsePeriod("19XX")->end, Day(2000, 1, 1));
  EXPECT_EQ(ParsePeriod("2020-W01")->start, Day(2019, 12, 30));
  EXPECT_EQ(ParsePeriod("2019-Q4")->start, Day(2019, 10, 1));
  EXPECT_EQ(ParsePeriod("2019-12")->end, Day(2020, 1, 1));
  EXPECT_FALSE(ParsePeriod("PAST_REF").has_value());
  EXPECT_FALSE(ParsePeriod("XXXX-03-12").has_value());
  EXPECT_FALSE(ParsePeriod("2019-02-30").has_value());
  EXPECT_FALSE(ParsePeriod("1945/1910").has_value());
  EXPECT_FALSE(ParsePeriod("").has_value());
}

TEST(DatesTest, LabelsForReaders) {
  EXPECT_EQ(DateLabel("2019-12-24"), "24 Dec 2019");
  EXPECT_EQ(DateLabel("2019-12"), "Dec 2019");
  EXPECT_EQ(DateLabel("1965"), "1965");
  EXPECT_EQ(DateLabel("199X"), "1990s");
  EXPECT_EQ(DateLabel("19XX"), "1900s");
  EXPECT_EQ(DateLabel("1910/1945"), "1910–1945");
  EXPECT_EQ(DateLabel("2019-W52"), "week 52 of 2019");
  EXPECT_EQ(DateLabel("P12Y"), "P12Y");
  EXPECT_EQ(HtmlDatetime("2019-12"), "2019-12");
  EXPECT_EQ(HtmlDatetime("19XX"), "");
  EXPECT_EQ(YearLabel(-43), "44 BC");
}

}  // namespace
}  // namespace chronicle::web
