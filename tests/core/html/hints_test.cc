#include "core/html/hints.h"

#include <string>

#include "core/html/html_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::html {
namespace {

using ::testing::ElementsAre;

TEST(NameTokensTest, SplitsSeparatorsAndCamelCase) {
  EXPECT_THAT(NameTokens("storyBody share-bar"), ElementsAre("story", "body", "share", "bar"));
  EXPECT_THAT(NameTokens("js_cookieConsent__inner"), ElementsAre("js", "cookie", "consent", "inner"));
  EXPECT_THAT(NameTokens("HTMLWidget2Box"), ElementsAre("html", "widget2", "box"));
  EXPECT_THAT(NameTokens(""), ElementsAre());
}

// Classifies the first <div> of `html`.
ElementHint ClassifyFirstDiv(const std::string& html) {
  const Dom dom = ParseHtml("<body>" + html);
  return ClassifyElement(dom, dom.FindFirst(Tag::kDiv));
}

TEST(ClassifyElementTest, NamesBoilerplateByClassAndId) {
  EXPECT_EQ(ClassifyFirstDiv("<div class='social-share-buttons'>").drop_kind, "share-bar");
  EXPECT_EQ(ClassifyFirstDiv("<div id='cookieConsent'>").drop_kind, "cookie-banner");
  EXPECT_EQ(ClassifyFirstDiv("<div class='comments-area'>").drop_kind, "comments");
  EXPECT_EQ(ClassifyFirstDiv("<div class='ad-slot'>").drop_kind, "advertisement");
  EXPECT_EQ(ClassifyFirstDiv("<div class='sr-only'>").drop_kind, "hidden");
  EXPECT_EQ(ClassifyFirstDiv("<div style='display: none'>").drop_kind, "hidden");
  EXPECT_EQ(ClassifyFirstDiv("<div role='navigation'>").drop_kind, "navigation");
}

TEST(ClassifyElementTest, DoesNotReadWordsInsideWords) {
  EXPECT_EQ(ClassifyFirstDiv("<div class='commentary'>").drop_kind, "");  // a genre, not comments
  EXPECT_EQ(ClassifyFirstDiv("<div class='shadow loaded'>").drop_kind, "");  // no "ad" word
  EXPECT_EQ(ClassifyFirstDiv("<div class='post author-jane tag-politics'>").drop_kind, "");
  EXPECT_EQ(ClassifyFirstDiv("<div class='author-bio'>").drop_kind, "author-bio");
}

TEST(ClassifyElementTest, SpecificClassBeatsSemanticTag) {
  const Dom dom = ParseHtml("<body><aside class='related-stories'></aside><aside></aside>");
  const int first = dom.FindFirst(Tag::kAside);
  EXPECT_EQ(ClassifyElement(dom, first).drop_kind, "related-links");
  EXPECT_EQ(ClassifyElement(dom, dom.next_sibling(first)).drop_kind, "aside");
}

TEST(ClassifyElementTest, ContentHints) {
  EXPECT_EQ(ClassifyFirstDiv("<div itemprop='articleBody'>").content_hint, 3);
  EXPECT_EQ(ClassifyFirstDiv("<div class='story-body'>").content_hint, 2);
  EXPECT_EQ(ClassifyFirstDiv("<div class='entry-content'>").content_hint, 2);
  EXPECT_EQ(ClassifyFirstDiv("<div class='content'>").content_hint, 1);
  EXPECT_EQ(ClassifyFirstDiv("<div class='wrapper'>").content_hint, 0);
  EXPECT_TRUE(ClassifyFirstDiv("<div class='photo-credit'>").caption);
}

TEST(ClassifyElementTest, NeverTextTagsGoUnconditionally) {
  const Dom dom = ParseHtml("<body><script>x</script><button>Go</button><nav>n</nav>");
  EXPECT_TRUE(ClassifyElement(dom, dom.FindFirst(Tag::kScript)).unconditional);
  EXPECT_TRUE(ClassifyElement(dom, dom.FindFirst(Tag::kButton)).unconditional);
  EXPECT_FALSE(ClassifyElement(dom, dom.FindFirst(Tag::kNav)).unconditional);
}

}  // namespace
}  // namespace chronicle::html
