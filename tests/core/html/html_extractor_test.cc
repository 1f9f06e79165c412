#include "core/html/html_extractor.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::html {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A news page with everything around the article that real pages have.
constexpr char kNewsPage[] = R"(<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour expansion approved after long night | Coastal Courier</title>
  <meta property="og:title" content="Harbour expansion approved after long night">
  <meta property="og:site_name" content="Coastal Courier">
  <meta property="article:published_time" content="2021-03-04T09:30:00+01:00">
  <meta name="author" content="Ines Duarte">
  <link rel="canonical" href="https://courier.example/news/harbour-expansion">
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "Coastal Courier"},
    {"@type": "NewsArticle", "headline": "Harbour expansion approved after long night",
     "datePublished": "2021-03-04T09:30:00+01:00",
     "author": {"@type": "Person", "name": "Ines Duarte"},
     "publisher": {"@type": "Organization", "name": "Coastal Courier Ltd"}}]}
  </script>
</head>
<body>
  <div class="cookie-consent">We use cookies to make this site work. By continuing you accept our use of cookies. <button>Accept</button></div>
  <header class="site-header">
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Harbour expansion approved after long night</h1>
      <p class="byline">By <a rel="author" href="/ines">Ines Duarte</a>, <time datetime="2021-03-04T09:30">4 March 2021</time></p>
      <ul class="share-tools"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share by email</a></li></ul>
      <p>The town council approved the expansion of the northern harbour early on Thursday, after a debate that lasted more than nine hours.</p>
      <p>The plan adds two deep-water berths, a ferry terminal and a new breakwater, and is expected to cost about 48 million euros over six years.</p>
      <figure><img src="harbour.jpg" alt=""><figcaption>The northern harbour at low tide. Photo: Courier archive</figcaption></figure>
      <h2>Fishermen divided</h2>
      <p>Local fishermen were divided. Some welcomed the deeper berths, while others fear that construction will disturb the spawning grounds.</p>
      <blockquote><p>We have waited twenty years for this decision, and we will not wait another twenty.</p></blockquote>
      <aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Ferry prices rise again</a></li><li><a href="/b">Council budget explained</a></li></ul></aside>
      <p>The works are due to start in the autumn. The council listed three conditions:</p>
      <ul><li>an independent study of the spawning grounds,</li><li>a cap on night-time noise,</li><li>quarterly public reports on the budget.</li></ul>
    </article>
    <section id="comments"><h3>3 comments</h3>
      <div class="comment"><p>Finally some good news for this town, I have been waiting for this for years and years.</p></div>
      <div class="comment"><p>What about the beaches? Nobody seems to care about the beaches anymore, it is really sad.</p></div>
    </section>
  </main>
  <footer><p>© 2021 Coastal Courier. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>
</body>
</html>)";

std::vector<std::string> Texts(const HtmlDocument& doc) {
  std::vector<std::string> texts;
  for (const ContentBlock& b : doc.blocks) texts.push_back(b.text);
  return texts;
}

bool Dropped(const HtmlDocument& doc, const std::string& kind, const std::string& text_part) {
  for (const DroppedBlock& d : doc.dropped) {
    if (d.kind == kind && d.text.find(text_part) != std::string::npos) return true;
  }
  return false;
}

TEST(ExtractHtmlTest, NewsPageKeepsOnlyTheArticle) {
  auto doc = ExtractHtml(kNewsPage);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc),
              ElementsAre(HasSubstr("The town council approved"), HasSubstr("two deep-water berths"),
                          "Fishermen divided", HasSubstr("Local fishermen were divided"),
                          "We have waited twenty years for this decision, and we will not wait another twenty.",
                          "The works are due to start in the autumn. The council listed three conditions:",
                          "an independent study of the spawning grounds,", "a cap on night-time noise,",
                          "quarterly public reports on the budget."));
  EXPECT_EQ(doc->blocks[2].kind, ContentBlock::Kind::kHeading);
  EXPECT_EQ(doc->blocks[2].heading_level, 2);
  EXPECT_EQ(doc->blocks[4].kind, ContentBlock::Kind::kQuote);
  EXPECT_EQ(doc->blocks[6].kind, ContentBlock::Kind::kListItem);
}

TEST(ExtractHtmlTest, NewsPageReportsWhatItDropped) {
  auto doc = ExtractHtml(kNewsPage);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE(Dropped(*doc, "cookie-banner", "We use cookies")) << "cookie banner";
  EXPECT_TRUE(Dropped(*doc, "header", "Home News Sport"));
  EXPECT_TRUE(Dropped(*doc, "share-bar", "Share on Facebook"));
  EXPECT_TRUE(Dropped(*doc, "byline", "By Ines Duarte"));
  EXPECT_TRUE(Dropped(*doc, "caption", "low tide"));
  EXPECT_TRUE(Dropped(*doc, "related-links", "Ferry prices"));
  EXPECT_TRUE(Dropped(*doc, "comments", "Finally some good news"));
  EXPECT_TRUE(Dropped(*doc, "footer", "All rights reserved"));
  EXPECT_TRUE(Dropped(*doc, "title", "Harbour expansion approved"));
  for (const DroppedBlock& d : doc->dropped) {
    EXPECT_LE(d.text.size(), 204u) << d.text;
    EXPECT_FALSE(d.reason.empty()) << d.kind;
  }
}

TEST(ExtractHtmlTest, NewsPageMetadata) {
  auto doc = ExtractHtml(kNewsPage);
  ASSERT_TRUE(doc.ok()) << doc.status();
  const HtmlMetadata& m = doc->metadata;
  EXPECT_EQ(m.title_tag, "Harbour expansion approved after long night | Coastal Courier");
  EXPECT_EQ(m.og_title, "Harbour expansion approved after long night");
  EXPECT_EQ(m.h1, "Harbour expansion approved after long night");
  EXPECT_EQ(m.site_name, "Coastal Courier");
  EXPECT_EQ(m.published_time, "2021-03-04T09:30:00+01:00");
  EXPECT_EQ(m.time_element, "2021-03-04T09:30");
  EXPECT_THAT(m.authors, ElementsAre("Ines Duarte"));
  EXPECT_EQ(m.canonical_url, "https://courier.example/news/harbour-expansion");
  EXPECT_EQ(m.language, "en-GB");
  EXPECT_EQ(m.json_ld_headline, "Harbour expansion approved after long night");
  EXPECT_EQ(m.json_ld_date_published, "2021-03-04T09:30:00+01:00");
  EXPECT_EQ(m.json_ld_publisher, "Coastal Courier Ltd");
  EXPECT_THAT(m.json_ld_authors, ElementsAre("Ines Duarte"));
}

TEST(ExtractHtmlTest, KeepsCaptionsWhenAsked) {
  ExtractOptions options;
  options.keep_captions = true;
  auto doc = ExtractHtml(kNewsPage, options);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), Contains("The northern harbour at low tide. Photo: Courier archive"));
}

TEST(ExtractHtmlTest, GumboGivesTheSameArticle) {
  ExtractOptions options;
  options.parser = HtmlParser::kGumbo;
  auto gumbo = ExtractHtml(kNewsPage, options);
  auto libxml2 = ExtractHtml(kNewsPage);
  ASSERT_TRUE(gumbo.ok() && libxml2.ok());
  EXPECT_EQ(Texts(*gumbo), Texts(*libxml2));
}

TEST(ExtractHtmlTest, OpenGraphAndOtherMetas) {
  auto doc = ExtractHtml(R"(<html><head>
    <meta property="og:title" content="Night trains return">
    <meta property="og:url" content="https://rail.example/night-trains">
    <meta property="og:site_name" content="Rail Weekly">
    <meta name="description" content="Three routes reopen in May.">
    <meta itemprop="datePublished" content="2022-02-01">
    <meta name="parsely-author" content="Mara Lind">
    <meta http-equiv="content-language" content="sv">
    </head><body><div class="content"><p>Three night train routes will reopen in May, the operator said on Monday,
    after two years in which the sleeper carriages stood idle in a depot.</p></div></body></html>)");
  ASSERT_TRUE(doc.ok()) << doc.status();
  const HtmlMetadata& m = doc->metadata;
  EXPECT_EQ(m.og_title, "Night trains return");
  EXPECT_EQ(m.canonical_url, "https://rail.example/night-trains");  // og:url when no canonical link
  EXPECT_EQ(m.site_name, "Rail Weekly");
  EXPECT_EQ(m.description, "Three routes reopen in May.");
  EXPECT_EQ(m.published_time, "2022-02-01");
  EXPECT_THAT(m.authors, ElementsAre("Mara Lind"));
  EXPECT_EQ(m.language, "sv");
  EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("Three night train routes will reopen in May")));
}

TEST(ExtractHtmlTest, Latin1PageWithMetaCharset) {
  auto doc = ExtractHtml(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
      "<title>Gr\xFC\xDF" "e</title></head><body><article><p>Die Stadtverwaltung von K\xF6ln hat am Montag "
      "beschlossen, die Br\xFC" "cke \xFC" "ber den Rhein bis zum Fr\xFChjahr zu sanieren; die Kosten "
      "liegen bei 12 Millionen \x80.</p></article></body></html>");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->metadata.title_tag, "Grüße");
  EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("Brücke über den Rhein bis zum Frühjahr")));
  EXPECT_THAT(doc->blocks[0].text, HasSubstr("12 Millionen €."));
}

TEST(ExtractHtmlTest, DeclaredCharsetWins) {
  ExtractOptions options;
  options.declared_charset = "windows-1251";
  auto doc = ExtractHtml("<meta charset=utf-8><p>\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0! "
                         "\xDD\xF2\xEE \xE4\xEB\xE8\xED\xED\xFB\xE9 \xF2\xE5\xEA\xF1\xF2.</p>", options);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), ElementsAre("Привет, мир! Это длинный текст."));
}

TEST(ExtractHtmlTest, InvalidUtf8WithoutDeclaredCharsetFallsBackToWindows1252) {
  auto doc = ExtractHtml("<body><p>Caf\xE9 owners in the old town said on Friday that the new \x93quiet hours\x94 "
                         "would cost them their evening trade.</p></body>");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("Café owners in the old town said on Friday that the new "
                                                 "“quiet hours”")));
}

TEST(ExtractHtmlTest, OutputIsNfcWithCollapsedWhitespace) {
  auto doc = ExtractHtml("<p>  The  cafe\xCC\x81 \n\t on the\xC2\xA0square reopened on Monday, "
                         "after a long winter. &nbsp; </p>");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), ElementsAre("The café on the square reopened on Monday, after a long winter."));
}

TEST(ExtractHtmlTest, MergesSiblingsThatContinueTheArticle) {
  auto doc = ExtractHtml(R"(<body><div id="wrap">
    <div class="para-group"><p>The storm reached the coast on Sunday night, flooding streets in three villages and cutting power to
    twelve thousand homes, the regional authority said.</p></div>
    <div class="ad-slot">Advertisement</div>
    <div class="para-group"><p>Rescue teams worked through the night. By Monday morning, most roads had reopened, although the
    coastal railway remained closed.</p></div>
    <div class="newsletter"><p>Sign up for our morning newsletter and never miss a story, delivered free to your inbox.</p></div>
    </div></body>)");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("The storm reached the coast"), HasSubstr("Rescue teams worked")));
}

TEST(ExtractHtmlTest, DropsTeaserListsKeepsDataTablesAndEmbeddedQuotes) {
  auto doc = ExtractHtml(R"(<body><div class="story">
    <p>The league published its final standings on Sunday, after a season in which three teams were level on points
    going into the last weekend.</p>
    <table><tr><th>Team</th><th>Points</th></tr><tr><td>Harbour FC</td><td>71</td></tr><tr><td>Old Town</td><td>70</td></tr></table>
    <div class="social-embed"><blockquote class="embedded-post"><p>What a season. Thank you to every fan who travelled with us.</p></blockquote></div>
    <p>The champions will play their first European match in August.</p>
    </div>
    <div class="more"><ul>
      <li><a href="/1">Coach signs new deal</a> The coach agreed a three-year contract with the club, which...</li>
      <li><a href="/2">Stadium roof repaired</a> Work on the east stand roof finished two weeks early after...</li>
      <li><a href="/3">Youth team wins cup</a> The under-19 side won the regional cup on penalties, and...</li>
    </ul></div></body>)");
  ASSERT_TRUE(doc.ok()) << doc.status();
  const std::vector<std::string> texts = Texts(*doc);
  EXPECT_THAT(texts, Contains("Harbour FC"));
  EXPECT_THAT(texts, Contains("71"));
  EXPECT_THAT(texts, Contains("What a season. Thank you to every fan who travelled with us."));
  EXPECT_THAT(texts, Contains("The champions will play their first European match in August."));
  for (const std::string& t : texts) EXPECT_THAT(t, Not(HasSubstr("three-year contract")));
}

TEST(ExtractHtmlTest, JsonLdArticleBodyPicksTheArticle) {
  // Without the hint the reader letters would be merged with the article.
  const std::string body =
      "The old bridge will close for repairs from 1 June to 30 September, the city said on Monday. "
      "Engineers found cracks in two of the five arches during an inspection in March, and the repairs "
      "cannot wait another winter. Buses will replace the tram line that crosses the bridge, and a ferry "
      "will run every twenty minutes between the two markets while the work lasts.";
  auto doc = ExtractHtml(R"(<html><head><script type="application/ld+json">{"@type": "NewsArticle", "articleBody": ")" +
                         body + R"("}</script></head><body>
    <div class="a"><p>)" + body + R"(</p></div>
    <div class="b"><p>Letter: I have crossed that bridge every day for forty years, and I have never once seen it repaired properly.</p>
    <p>Letter: Closing it in summer, when the tourists come, is the worst decision the city could have made this year.</p></div>
    </body></html>)");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("The old bridge will close for repairs")));
}

TEST(ExtractHtmlTest, ConcurrentCallsAgree) {
  const auto expected = ExtractHtml(kNewsPage);
  ASSERT_TRUE(expected.ok());
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&results, t] {
      ExtractOptions options;
      options.parser = t % 2 == 0 ? HtmlParser::kLibxml2 : HtmlParser::kGumbo;
      for (int i = 0; i < 20; ++i) {
        auto doc = ExtractHtml(kNewsPage, options);
        if (doc.ok()) results[t] = Texts(*doc);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& texts : results) EXPECT_EQ(texts, Texts(*expected));
}

TEST(ExtractHtmlTest, EmptyPageIsAnError) {
  EXPECT_EQ(ExtractHtml("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExtractHtml("   \n ").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExtractHtml("<html><head><title>x</title></head><body></body></html>").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ExtractHtmlTest, PageWithoutArticleTextIsAnError) {
  auto doc = ExtractHtml(R"(<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <div class="sidebar"><a href="/x">Most read</a></div><footer>© Courier</footer></body>)");
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(doc.status().message(), HasSubstr("no article text"));
}

TEST(ExtractHtmlTest, BinaryJunkIsAnError) {
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk.push_back(static_cast<char>((i * 2654435761u) >> 24));
  EXPECT_EQ(ExtractHtml(junk).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ExtractHtmlTest, HighBytesWithoutControlsDoNotCrash) {
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk.push_back(static_cast<char>(0x80 | ((i * 40503u) >> 9)));
  auto doc = ExtractHtml(junk);  // decodes as windows-1252: any outcome but a crash is fine
  if (doc.ok()) {
    EXPECT_THAT(doc->blocks, Not(IsEmpty()));
  }
}

TEST(ExtractHtmlTest, FiftyThousandNestedTags) {
  std::string page = "<html><body>";
  for (int i = 0; i < 50000; ++i) page += (i % 2 == 0) ? "<div>" : "<span>";
  page += "The deepest paragraph of the page still counts as text, and it is long enough to be an article.";
  for (HtmlParser parser : {HtmlParser::kLibxml2, HtmlParser::kGumbo}) {
    ExtractOptions options;
    options.parser = parser;
    auto doc = ExtractHtml(page, options);
    ASSERT_TRUE(doc.ok()) << doc.status();
    EXPECT_THAT(Texts(*doc), ElementsAre(HasSubstr("The deepest paragraph")));
  }
}

TEST(ExtractHtmlTest, HundredMegabytePage) {
  // Shaped like real pages, whose bytes are mostly inline scripts and styles.
  std::string page = "<html><head><title>Big</title></head><body><article>";
  const std::string script = "<script>var data = {" + std::string(100000, 'x') + "};</script>\n";
  const std::string paragraph =
      "<p>The council met again on Tuesday, and after a long debate it voted to extend the harbour.</p>\n";
  while (page.size() < (size_t{100} << 20)) {
    page += script;
    for (int i = 0; i < 20; ++i) page += paragraph;
  }
  page += "</article></body></html>";
  auto doc = ExtractHtml(page);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_GT(doc->blocks.size(), 1000u);
}

}  // namespace
}  // namespace chronicle::html
