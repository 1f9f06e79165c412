#include "core/web/pages.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/web/html_checks.h"

namespace chronicle::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The href of the first link whose markup holds `marker` (an attribute or
// its text), as written in the page (still escaped).
std::string HrefNear(const std::string& html, absl::string_view marker) {
  const size_t at = html.find(std::string(marker));
  if (at == std::string::npos) return "";
  const size_t link = html.rfind("<a ", at);
  const size_t href = html.find("href=\"", link) + 6;
  return html.substr(href, html.find('"', href) - href);
}

void ExpectWholeDocument(const std::string& html) {
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<meta name=\"viewport\""));
  EXPECT_EQ(html.find("<style>"), html.rfind("<style>"));
  // Nothing fetched: no stylesheet, script, image or font from anywhere.
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, HasSubstr("</html>"));
}

v1::SearchResponse FerryResults() {
  v1::SearchResponse response;
  response.set_total_size(42);
  v1::SearchResult* result = response.add_results();
  result->set_article_id("harbor-gazette/2021/ferry 1");
  result->set_title("Ferry service resumes");
  result->set_source("Harbor Gazette");
  result->mutable_published_at()->set_seconds(1614729600);  // 2021-03-03
  result->set_snippet("The ferry crossed the bay at dawn.");
  v1::Highlight* snippet_highlight = result->add_snippet_highlights();
  snippet_highlight->set_begin(4);
  snippet_highlight->set_end(9);
  v1::Highlight* title_highlight = result->add_title_highlights();
  title_highlight->set_begin(0);
  title_highlight->set_end(5);
  result->set_similar_count(2);
  result->add_similar_ids("tide-weekly/ferry");
  response.set_next_page_token("page/2+");
  v1::Facet* sources = response.add_facets();
  sources->set_name("source");
  v1::FacetValue* source = sources->add_values();
  source->set_value("Harbor Gazette");
  source->set_count(30);
  v1::Facet* entities = response.add_facets();
  entities->set_name("entity");
  v1::FacetValue* entity = entities->add_values();
  entity->set_value("person:ilse-varga");
  entity->set_count(7);
  v1::Facet* years = response.add_facets();
  years->set_name("year");
  v1::FacetValue* year = years->add_values();
  year->set_value("2021");
  year->set_count(40);
  return response;
}

TEST(SearchPageTest, EmptyFormIsAWholeDocument) {
  const std::string html = RenderSearchPage(v1::SearchRequest(), nullptr, "");
  ExpectWholeDocument(html);
  EXPECT_THAT(html, HasSubstr("<form class=\"query\" method=\"get\" action=\"/\""));
  EXPECT_THAT(html, HasSubstr("name=\"query\" value=\"\""));
  // A search from the form asks for facets.
  EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"facets\" value=\"source\">"));
  ExpectOnlyOwnMarkup(html);
}

TEST(SearchPageTest, ResultsLinkArticlesAndMarkHighlights) {
  v1::SearchRequest request;
  request.set_query("ferry");
  const v1::SearchResponse response = FerryResults();
  const std::string html = RenderSearchPage(request, &response, "");
  ExpectWholeDocument(html);
  EXPECT_THAT(html, HasSubstr("<a href=\"/articles/harbor-gazette%2F2021%2Fferry%201\"><mark>Ferry</mark> service "
                              "resumes</a>"));
  EXPECT_THAT(html, HasSubstr("The <mark>ferry</mark> crossed the bay at dawn."));
  EXPECT_THAT(html, HasSubstr("Harbor Gazette"));
  EXPECT_THAT(html, HasSubstr("<time datetime=\"2021-03-03T00:00:00Z\">3 Mar 2021</time>"));
  EXPECT_THAT(html, HasSubstr("2 similar articles"));
  EXPECT_THAT(html, HasSubstr("/articles/tide-weekly%2Fferry"));
  EXPECT_THAT(html, HasSubstr("42 articles"));
  EXPECT_EQ(HrefNear(html, "Timeline of these articles"), "/timeline?query=ferry");
  EXPECT_THAT(html, HasSubstr("value=\"ferry\""));
  ExpectOnlyOwnMarkup(html);
}

TEST(SearchPageTest, HighlightOffsetsOutOfRangeDoNotBreakThePage) {
  v1::SearchResponse response = FerryResults();
  v1::SearchResult* result = response.mutable_results(0);
  result->mutable_snippet_highlights(0)->set_begin(26);
  result->mutable_snippet_highlights(0)->set_end(4000);
  v1::Highlight* reversed = result->add_snippet_highlights();
  reversed->set_begin(9);
  reversed->set_end(4);
  result->mutable_title_highlights(0)->set_begin(1u << 31);
  result->mutable_title_highlights(0)->set_end(~0u);
  const std::string html = RenderSearchPage(v1::SearchRequest(), &response, "");
  EXPECT_THAT(html, HasSubstr("The ferry crossed the bay <mark>at dawn.</mark>"));
  EXPECT_THAT(html, HasSubstr(">Ferry service resumes</a>"));
}

TEST(SearchPageTest, MarkupFromTheServiceIsNotTrusted) {
  v1::SearchResponse response = FerryResults();
  v1::SearchResult* result = response.mutable_results(0);
  result->set_title_markup(absl::StrCat("<b>Ferry</b>", kScript));
  result->set_snippet_markup(std::string(kImage));
  const std::string html = RenderSearchPage(v1::SearchRequest(), &response, "");
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  ExpectOnlyOwnMarkup(html);
}

TEST(SearchPageTest, HostileTextIsEscapedEverywhere) {
  v1::SearchRequest request;
  request.set_query(absl::StrCat(kScript, kImage));
  request.mutable_filter()->add_sources(std::string(kAttribute));
  request.mutable_filter()->add_entities(std::string(kImage));
  request.mutable_filter()->set_published_from(std::string(kScript));
  request.add_facets(std::string(kImage));
  request.set_page_token(std::string(kScript));
  v1::SearchResponse response;
  v1::SearchResult* result = response.add_results();
  result->set_article_id(absl::StrCat(kImage, "/", kAttribute));
  result->set_title(std::string(kScript));
  result->set_source(std::string(kImage));
  result->set_snippet(absl::StrCat(kAttribute, kScript));
  result->set_url("javascript:alert(1)");
  result->set_similar_count(1);
  result->add_similar_ids(std::string(kScript));
  response.set_next_page_token(std::string(kImage));
  for (const std::string& name : {std::string("source"), std::string("entity"), std::string(kScript)}) {
    v1::Facet* facet = response.add_facets();
    facet->set_name(name);
    facet->add_values()->set_value(std::string(kAttribute));
    facet->add_values()->set_value(std::string(kImage));
  }
  for (const std::string& html :
       {RenderSearchPage(request, &response, kScript), RenderSearchPage(request, nullptr, kImage)}) {
    ExpectWholeDocument(html);
    ExpectOnlyOwnMarkup(html);
    EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  }
  EXPECT_THAT(RenderSearchPage(request, nullptr, kImage),
              HasSubstr("<p class=\"error\" role=\"alert\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"));
}

TEST(SearchPageTest, FacetLinksAddTheirFilterAndKeepTheQuery) {
  v1::SearchRequest request;
  request.set_query("ferry");
  request.add_facets("source");
  request.add_facets("entity");
  request.add_facets("year");
  request.set_page_token("old-token");
  const v1::SearchResponse response = FerryResults();
  const std::string html = RenderSearchPage(request, &response, "");
  const std::string source = HrefNear(html, "title=\"Harbor Gazette\"");
  EXPECT_EQ(source,
            "/?query=ferry&amp;facets=source&amp;facets=entity&amp;facets=year&amp;"
            "filter.sources=Harbor%20Gazette");
  const std::string entity = HrefNear(html, "title=\"person:ilse-varga\"");
  EXPECT_THAT(entity, HasSubstr("query=ferry"));
  EXPECT_THAT(entity, HasSubstr("&amp;filter.entities=person%3Ailse-varga"));
  EXPECT_THAT(entity, Not(HasSubstr("page_token")));
  EXPECT_THAT(html, HasSubstr(">Ilse Varga</a>"));
  const std::string year = HrefNear(html, "title=\"2021\"");
  EXPECT_THAT(year, HasSubstr("filter.published_from=2021&amp;filter.published_until=2021"));
}

TEST(SearchPageTest, AnActiveFacetLinksToTheSearchWithoutIt) {
  v1::SearchRequest request;
  request.set_query("ferry");
  request.mutable_filter()->add_sources("Harbor Gazette");
  const v1::SearchResponse response = FerryResults();
  const std::string html = RenderSearchPage(request, &response, "");
  EXPECT_THAT(html, HasSubstr("<li class=\"active\">"));
  EXPECT_EQ(HrefNear(html, "title=\"Harbor Gazette (click to remove)\""), "/?query=ferry");
  // The filter is also shown above the results, and kept by the form.
  EXPECT_EQ(HrefNear(html, "Source: Harbor Gazette"), "/?query=ferry");
  EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"filter.sources\" value=\"Harbor Gazette\">"));
}

TEST(SearchPageTest, PagingLinksCarryTheTokenAndTheRequest) {
  v1::SearchRequest request;
  request.set_query("ferry crossing");
  request.set_order_by(v1::SearchRequest::NEWEST);
  request.mutable_filter()->add_sources("Harbor Gazette");
  request.set_page_token("page/1");
  const v1::SearchResponse response = FerryResults();
  const std::string html = RenderSearchPage(request, &response, "");
  EXPECT_EQ(HrefNear(html, "rel=\"next\""),
            "/?query=ferry%20crossing&amp;filter.sources=Harbor%20Gazette&amp;order_by=NEWEST&amp;"
            "page_token=page%2F2%2B");
  EXPECT_EQ(HrefNear(html, "First page"),
            "/?query=ferry%20crossing&amp;filter.sources=Harbor%20Gazette&amp;order_by=NEWEST");
  EXPECT_THAT(html, HasSubstr("<option value=\"NEWEST\" selected>"));
}

v1::TimelineResponse HarborTimeline() {
  v1::TimelineResponse response;
  response.set_granularity(v1::TimelineRequest::DAY);
  v1::TimelineEntry* later = response.add_entries();
  later->set_date("2021-03-03");
  later->set_headline("Ferry service resumes after the storm");
  later->set_source_count(1);
  v1::Citation* only = later->add_citations();
  only->set_article_id("gazette/1");
  only->set_title("Ferry service resumes");
  only->set_source("Harbor Gazette");
  only->set_sentence("Ferry service resumed on 3 March 2021.");
  only->set_date_value("2021-03-03");

  v1::TimelineEntry* earlier = response.add_entries();
  earlier->set_date("2021-03-01");
  earlier->set_headline("Storm closes the harbour");
  earlier->set_source_count(2);
  earlier->add_conflicting_dates("2021-02-28");
  earlier->add_conflicting_dates("2021-03-01");
  v1::Citation* first = earlier->add_citations();
  first->set_article_id("tide/7");
  first->set_title("Harbour shut");
  first->set_source("Tide Weekly");
  first->set_sentence("The harbour closed on 28 February.");
  first->set_date_value("2021-02-28");
  v1::Citation* second = earlier->add_citations();
  second->set_article_id("gazette/0");
  second->set_title("Storm hits");
  second->set_source("Harbor Gazette");
  second->set_sentence("On 1 March the harbour closed.");
  second->set_date_value("2021-03-01");
  response.set_next_page_token("next+1");
  return response;
}

TEST(TimelinePageTest, EmptyFormHasEveryField) {
  const std::string html = RenderTimelinePage(v1::TimelineRequest(), nullptr, "");
  ExpectWholeDocument(html);
  EXPECT_THAT(html, HasSubstr("action=\"/timeline\""));
  for (const char* field : {"query", "entity", "start", "end", "granularity", "max_entries", "match_article"}) {
    EXPECT_THAT(html, HasSubstr(absl::StrCat("name=\"", field, "\""))) << field;
  }
  for (const char* bucket : {"AUTO", "DAY", "MONTH", "YEAR"}) {
    EXPECT_THAT(html, HasSubstr(absl::StrCat("<option value=\"", bucket, "\""))) << bucket;
  }
  ExpectOnlyOwnMarkup(html);
}

TEST(TimelinePageTest, EntriesInDateOrderWithCitationsAndConflicts) {
  v1::TimelineRequest request;
  request.set_query("harbour");
  request.set_granularity(v1::TimelineRequest::DAY);
  const v1::TimelineResponse response = HarborTimeline();
  const std::string html = RenderTimelinePage(request, &response, "");
  ExpectWholeDocument(html);
  ExpectOnlyOwnMarkup(html);
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("<option value=\"DAY\" selected>"));
  // Entry 1 is earlier: listed first, keeping its index as its id.
  const size_t earlier = html.find("<li class=\"entry conflict\" id=\"entry-1\">");
  const size_t later = html.find("<li class=\"entry\" id=\"entry-0\">");
  ASSERT_NE(earlier, std::string::npos);
  ASSERT_NE(later, std::string::npos);
  EXPECT_LT(earlier, later);
  EXPECT_THAT(html, HasSubstr("2 sources"));
  EXPECT_THAT(html, HasSubstr("Sources disagree on the date"));
  EXPECT_THAT(html,
              HasSubstr("<time class=\"differs\" datetime=\"2021-02-28\" title=\"2021-02-28\">28 Feb 2021</time>: "
                        "Tide Weekly"));
  EXPECT_THAT(html, HasSubstr("<q>The harbour closed on 28 February.</q>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/articles/tide%2F7\">Harbour shut</a> · Tide Weekly"));
  EXPECT_EQ(HrefNear(html, "rel=\"next\""), "/timeline?query=harbour&amp;granularity=DAY&amp;page_token=next%2B1");
  EXPECT_EQ(HrefNear(html, "Search these articles"), "/?query=harbour");
}

TEST(TimelinePageTest, ASummaryHasNoPaging) {
  v1::TimelineRequest request;
  request.set_entity("person:ilse-varga");
  request.set_max_entries(10);
  const v1::TimelineResponse response = HarborTimeline();
  const std::string html = RenderTimelinePage(request, &response, "");
  EXPECT_THAT(html, Not(HasSubstr("rel=\"next\"")));
  EXPECT_THAT(html, HasSubstr("name=\"max_entries\" min=\"0\" max=\"200\" placeholder=\"all\" value=\"10\""));
  EXPECT_EQ(HrefNear(html, "Search these articles"), "/?filter.entities=person%3Ailse-varga");
}

TEST(TimelinePageTest, HostileTextIsEscapedEverywhere) {
  v1::TimelineRequest request;
  request.set_query(std::string(kScript));
  request.set_entity(std::string(kImage));
  request.set_start(std::string(kAttribute));
  request.set_end(std::string(kScript));
  v1::TimelineResponse response = HarborTimeline();
  for (v1::TimelineEntry& entry : *response.mutable_entries()) {
    entry.set_headline(std::string(kScript));
    entry.add_conflicting_dates(std::string(kImage));
    for (v1::Citation& citation : *entry.mutable_citations()) {
      citation.set_article_id(std::string(kImage));
      citation.set_title(std::string(kAttribute));
      citation.set_source(std::string(kScript));
      citation.set_sentence(absl::StrCat(kImage, kAttribute));
      citation.set_date_value(std::string(kImage));
    }
  }
  response.add_histogram()->set_date(std::string(kScript));
  response.set_next_page_token(std::string(kImage));
  for (const std::string& html :
       {RenderTimelinePage(request, &response, kImage), RenderTimelinePage(request, nullptr, kScript)}) {
    ExpectWholeDocument(html);
    ExpectOnlyOwnMarkup(html);
  }
}

// A short article written for these tests, with offsets found in its body.
v1::StoredArticle FerryArticle() {
  v1::StoredArticle stored;
  v1::Article& article = *stored.mutable_article();
  article.set_id("gazette/ferry");
  article.set_body(
      "Ferry service resumed on 3 March 2021 after the storm. Captain Ilse Varga said the harbour would stay open.\n"
      "The old pier, built in the 1910s, survived.");
  const std::string& body = article.body();
  v1::ArticleMetadata& metadata = *article.mutable_metadata();
  metadata.set_title("Ferry service resumes");
  metadata.set_source("Harbor Gazette");
  metadata.set_source_origin("og-site-name");
  v1::PublicationDate& published = *metadata.mutable_published();
  published.mutable_time()->set_seconds(1614760200);  // 2021-03-03T08:30:00Z
  published.set_value("2021-03-03T09:30+01:00");
  published.set_origin("json-ld");
  published.set_year_known(true);
  metadata.set_canonical_url("https://harbor.example/ferry");

  const size_t second_sentence = body.find("Captain");
  const size_t newline = body.find('\n');
  auto add_sentence = [&article](size_t begin, size_t end) {
    v1::Sentence* sentence = article.add_sentences();
    sentence->set_begin(begin);
    sentence->set_end(end);
  };
  add_sentence(0, second_sentence - 1);
  add_sentence(second_sentence, newline);
  add_sentence(newline + 1, body.size());
  auto add_paragraph = [&article](size_t begin, size_t end) {
    v1::Paragraph* paragraph = article.add_paragraphs();
    paragraph->set_begin(begin);
    paragraph->set_end(end);
    paragraph->set_kind(v1::Paragraph::TEXT);
  };
  add_paragraph(0, newline);
  add_paragraph(newline + 1, body.size());

  v1::TemporalExpression* date = article.add_temporal_expressions();
  date->set_text("3 March 2021");
  date->set_begin(body.find("3 March 2021"));
  date->set_end(date->begin() + date->text().size());
  date->set_type(v1::TemporalExpression::DATE);
  date->set_value("2021-03-03");
  v1::TemporalExpression* decade = article.add_temporal_expressions();
  decade->set_text("the 1910s");
  decade->set_begin(body.find("the 1910s"));
  decade->set_end(decade->begin() + decade->text().size());
  decade->set_type(v1::TemporalExpression::DATE);
  decade->set_value("191X");

  v1::Event* event = article.add_events();
  event->set_date_value("2021-03-03");
  event->set_sentence(0);

  v1::Entity* captain = article.add_entities();
  captain->set_id("person:ilse-varga");
  captain->set_name("Ilse Varga");
  captain->set_type(v1::Entity::PERSON);
  v1::Mention* mention = captain->add_mentions();
  mention->set_begin(body.find("Ilse Varga"));
  mention->set_end(mention->begin() + 10);
  mention->set_role("Captain");

  v1::RemovedBlock* removed = article.add_removed_blocks();
  removed->set_kind("newsletter");
  removed->set_text("Sign up for the Harbor Gazette morning briefing");
  removed->set_reason("matches a newsletter phrase");
  stored.set_duplicate_of("tide/ferry-copy");
  stored.set_sequence(12);
  return stored;
}

TEST(ArticlePageTest, MarksExpressionsEntitiesAndDatedSentencesAtTheirOffsets) {
  const std::string html = RenderArticlePage(FerryArticle());
  ExpectOnlyOwnMarkup(html);
  EXPECT_THAT(html, HasSubstr("<h1>Ferry service resumes</h1>"));
  EXPECT_THAT(html, HasSubstr("resumed on <time class=\"timex timex-date\" data-value=\"2021-03-03\" "
                              "datetime=\"2021-03-03\" title=\"DATE 2021-03-03\">3 March 2021</time> after"));
  EXPECT_THAT(html, HasSubstr("in <span class=\"timex timex-date\" data-value=\"191X\" title=\"DATE 191X\">the "
                              "1910s</span>,"));
  EXPECT_THAT(html, HasSubstr("Captain <mark class=\"entity entity-person\" data-entity=\"person:ilse-varga\" "
                              "title=\"Ilse Varga (person)\">Ilse Varga</mark> said"));
  EXPECT_THAT(html, HasSubstr("<p><span class=\"sentence dated\" data-dates=\"2021-03-03\" title=\"Dated 3 Mar "
                              "2021\">Ferry service"));
  EXPECT_THAT(html, HasSubstr("the storm.</span> Captain"));
  EXPECT_THAT(html, HasSubstr("<p>The old pier"));
}

TEST(ArticlePageTest, ShowsMetadataRemovedBlocksAndTheDuplicate) {
  const std::string html = RenderArticlePage(FerryArticle());
  EXPECT_THAT(html, HasSubstr("Harbor Gazette <span class=\"meta\">(from og-site-name)</span>"));
  EXPECT_THAT(html, HasSubstr("<time datetime=\"2021-03-03T08:30:00Z\">3 Mar 2021, 08:30 UTC</time> · written "
                              "2021-03-03T09:30+01:00 <span class=\"meta\">(from json-ld)</span>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://harbor.example/ferry\" rel=\"noopener noreferrer nofollow\">"));
  EXPECT_THAT(html, HasSubstr("<strong>newsletter</strong>: matches a newsletter phrase"));
  EXPECT_THAT(html, HasSubstr("Sign up for the Harbor Gazette morning briefing"));
  EXPECT_THAT(html, HasSubstr("This article repeats <a href=\"/articles/tide%2Fferry-copy\">tide/ferry-copy</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/?filter.entities=person%3Ailse-varga\">articles</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/timeline?entity=person%3Ailse-varga\">timeline</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/\">← Search</a>"));
}

TEST(ArticlePageTest, SurvivesBrokenOffsetsAndHostileText) {
  v1::StoredArticle stored = FerryArticle();
  v1::Article& article = *stored.mutable_article();
  article.set_body(absl::StrCat(kScript, " Ålesund ", kImage, "\n", kAttribute));
  article.mutable_metadata()->set_title(std::string(kScript));
  article.mutable_metadata()->set_source(std::string(kImage));
  article.mutable_metadata()->set_canonical_url("javascript:alert(1)");
  article.mutable_metadata()->add_authors(std::string(kAttribute));
  article.mutable_metadata()->mutable_published()->set_origin(std::string(kScript));
  article.set_id(std::string(kImage));
  // Offsets past the end, reversed, in the middle of "Å", overlapping.
  article.mutable_paragraphs(0)->set_end(100000);
  article.mutable_paragraphs(1)->set_begin(7);
  article.mutable_sentences(0)->set_begin(500);
  article.mutable_temporal_expressions(0)->set_begin(27);
  article.mutable_temporal_expressions(0)->set_end(3);
  article.mutable_temporal_expressions(1)->set_begin(27);  // inside "Å"
  article.mutable_temporal_expressions(1)->set_end(40);
  article.mutable_temporal_expressions(1)->set_value(std::string(kAttribute));
  article.mutable_entities(0)->mutable_mentions(0)->set_begin(20);
  article.mutable_entities(0)->mutable_mentions(0)->set_end(1u << 30);
  article.mutable_entities(0)->set_id(std::string(kImage));
  article.mutable_events(0)->set_sentence(99);
  v1::Section* section = article.add_sections();
  section->set_heading(std::string(kScript));
  article.mutable_removed_blocks(0)->set_text(std::string(kScript));
  article.mutable_removed_blocks(0)->set_kind(std::string(kImage));
  stored.set_duplicate_of(std::string(kAttribute));
  const std::string html = RenderArticlePage(stored);
  ExpectWholeDocument(html.substr(0, html.find("<main>")) + "</html>");
  ExpectOnlyOwnMarkup(html);
  EXPECT_THAT(html, HasSubstr("Ålesund"));

  // No paragraphs: the body's lines are its paragraphs.
  article.clear_paragraphs();
  const std::string lines = RenderArticlePage(stored);
  ExpectOnlyOwnMarkup(lines);
  EXPECT_THAT(lines, HasSubstr("onmouseover="));  // as text
}

TEST(ErrorPageTest, ShowsStatusAndEscapedMessage) {
  const std::string html = RenderErrorPage(404, absl::StrCat("no article ", kImage));
  ExpectWholeDocument(html);
  ExpectOnlyOwnMarkup(html);
  EXPECT_THAT(html, HasSubstr("<title>404 Not Found</title>"));
  EXPECT_THAT(html, HasSubstr("no article &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(RenderErrorPage(503, kScript), HasSubstr("503 Service Unavailable"));
}

}  // namespace
}  // namespace chronicle::web
