// The query service's web pages, rendered on the server as whole HTML5
// documents (UTF-8) from the service's messages. Each page works without
// JavaScript and fetches nothing: one inline stylesheet, links and GET forms.
// Every piece of text from a message, a request or an error is escaped;
// markup the service wrote (SearchResult's *_markup) is never copied in.
//
// Links and forms name their query parameters after the request message's
// fields, as the .proto spells them (dotted for a nested message's field,
// "filter.sources"; repeated once per value; enums by name), which is how
// the server reads them back into the request:
//   /                  SearchRequest   (query, order_by, filter.sources, ...)
//   /timeline          TimelineRequest (query, entity, start, end, ...)
//   /articles/{id}     GetArticleRequest.article_id, the id percent-encoded
//                      as one path segment ('/' as %2F)
// A link to another page of the same results repeats every parameter of the
// request and sets page_token; any other link leaves page_token out.
#ifndef CHRONICLE_CORE_WEB_PAGES_H_
#define CHRONICLE_CORE_WEB_PAGES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/search.pb.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::web {

// The search page, "/": the search form filled in from `request`, then
// `error` when not empty, then the results of `response` when not null: each
// with its title and snippet (matches marked from the *_highlights ranges),
// source, date and near-duplicates; the facets as links that add (or take
// away) a filter; the link to the next page; a link to the timeline of the
// same query.
//
// Facet names: "source" filters by filter.sources, "entity" by
// filter.entities, "year" and "month" by filter.published_from and
// filter.published_until (both set to the value). When `request` asks for no
// facets, the form asks for source, entity and year.
std::string RenderSearchPage(const v1::SearchRequest& request, const v1::SearchResponse* response,
                             absl::string_view error);

// The timeline page, "/timeline": the form (query, entity, start, end,
// granularity, max_entries, match_article), then `error` when not empty,
// then when `response` is not null its picture (timeline_svg.h) and its
// entries in date order, each with its citations, the dates its sources
// disagree on, and a link to the next page.
std::string RenderTimelinePage(const v1::TimelineRequest& request, const v1::TimelineResponse* response,
                               absl::string_view error);

// The article page, "/articles/{id}": title, source, publication date and
// where each came from, the body with its dated sentences, temporal
// expressions and entity mentions marked, the entities it names (with links
// to search and timeline), the blocks removed from it, and the article it
// repeats.
std::string RenderArticlePage(const v1::StoredArticle& article);

// A page for a failed request: the status, its reason and `message`.
std::string RenderErrorPage(int http_status, absl::string_view message);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_PAGES_H_
