#include "core/html/html_parser.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::html {
namespace {

using ::testing::HasSubstr;

std::string AllText(const Dom& dom) {
  std::string text;
  for (int i = 0; i < dom.size(); ++i) {
    if (!dom.IsElement(i)) text += std::string(dom.Text(i));
  }
  return text;
}

int Depth(const Dom& dom, int node) {
  int depth = 0;
  for (int a = dom.parent(node); a >= 0; a = dom.parent(a)) ++depth;
  return depth;
}

class ParserTest : public ::testing::TestWithParam<HtmlParser> {
 protected:
  Dom Parse(const std::string& html, int max_depth = 400) {
    ParseOptions options;
    options.parser = GetParam();
    options.max_depth = max_depth;
    return ParseHtml(html, options);
  }
};

TEST_P(ParserTest, BuildsTreeInDocumentOrder) {
  Dom dom = Parse("<html lang=en><body><div id=main class='a b'><p>One <b>two</b></p><p>three</p></div>");
  ASSERT_GT(dom.size(), 0);
  EXPECT_EQ(dom.tag(0), Tag::kHtml);
  EXPECT_EQ(dom.Attribute(0, "lang"), "en");
  const int div = dom.FindFirst(Tag::kDiv);
  ASSERT_GE(div, 0);
  EXPECT_EQ(dom.Attribute(div, "class"), "a b");
  EXPECT_EQ(dom.Attribute(div, "id"), "main");
  EXPECT_EQ(dom.Attribute(div, "missing"), "");
  const int p = dom.first_child(div);
  EXPECT_EQ(dom.tag(p), Tag::kP);
  EXPECT_EQ(dom.tag(dom.next_sibling(p)), Tag::kP);
  // Descendants follow their ancestor in the array.
  EXPECT_EQ(dom.SubtreeEnd(div), dom.size());
  EXPECT_EQ(AllText(dom), "One twothree");
}

TEST_P(ParserTest, KeepsCustomElementNamesAndScriptText) {
  Dom dom = Parse("<body><amp-ad width=3></amp-ad><script type=application/ld+json>{\"a\":1}</script>");
  const int script = dom.FindFirst(Tag::kScript);
  ASSERT_GE(script, 0);
  EXPECT_EQ(dom.Text(dom.first_child(script)), "{\"a\":1}");
  bool found = false;
  for (int i = 0; i < dom.size(); ++i) found = found || dom.TagName(i) == "amp-ad";
  EXPECT_TRUE(found);
}

TEST_P(ParserTest, DecodesEntities) {
  EXPECT_THAT(AllText(Parse("<p>Fish &amp; chips &eacute;t&#233; &#x2014;")), HasSubstr("Fish & chips été —"));
}

TEST_P(ParserTest, CapsDepthButKeepsText) {
  std::string html = "<body>";
  for (int i = 0; i < 50000; ++i) html += "<div>";
  html += "bottom";
  Dom dom = Parse(html, 100);
  EXPECT_TRUE(dom.depth_capped());
  int deepest = 0;
  for (int i = 0; i < dom.size(); ++i) deepest = std::max(deepest, Depth(dom, i));
  EXPECT_LE(deepest, 102);
  EXPECT_THAT(AllText(dom), HasSubstr("bottom"));
}

TEST_P(ParserTest, SurvivesGarbage) {
  std::string junk;
  for (int i = 0; i < 20000; ++i) junk.push_back(static_cast<char>("<>/&;\"'=a!-\n"[(i * 7919) % 12]));
  Dom dom = Parse(junk);
  EXPECT_GE(dom.size(), 0);
}

INSTANTIATE_TEST_SUITE_P(BothParsers, ParserTest, ::testing::Values(HtmlParser::kLibxml2, HtmlParser::kGumbo),
                         [](const ::testing::TestParamInfo<HtmlParser>& info) {
                           return info.param == HtmlParser::kGumbo ? "Gumbo" : "Libxml2";
                         });

TEST(EstimateNestingDepthTest, CountsOpenElements) {
  EXPECT_EQ(EstimateNestingDepth("<div><p>a</p><p>b</p></div>"), 2);
  EXPECT_EQ(EstimateNestingDepth("<div><br><img src=x><hr/></div>"), 1);
  EXPECT_EQ(EstimateNestingDepth("<script>if (a<b) { x = '<div><div>'; }</script><p>"), 1);
  EXPECT_EQ(EstimateNestingDepth("<!-- <div><div><div> --><span>"), 1);
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "<div>";
  EXPECT_EQ(EstimateNestingDepth(deep), 3000);
}

}  // namespace
}  // namespace chronicle::html
