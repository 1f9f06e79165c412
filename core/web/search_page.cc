#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/web/html.h"
#include "core/web/page_parts.h"
#include "core/web/pages.h"
#include "core/web/request_parameters.h"

namespace chronicle::web {
namespace {

// SearchRequest's field names, as links and forms use them.
constexpr char kQuery[] = "query";
constexpr char kPageToken[] = "page_token";
constexpr char kOrderBy[] = "order_by";
constexpr char kFacets[] = "facets";
constexpr char kSources[] = "filter.sources";
constexpr char kEntities[] = "filter.entities";
constexpr char kLanguages[] = "filter.languages";
constexpr char kPublishedFrom[] = "filter.published_from";
constexpr char kPublishedUntil[] = "filter.published_until";

// Asked for when the request names none, so that a search from the form
// can be narrowed at once.
constexpr absl::string_view kDefaultFacets[] = {"source", "entity", "year"};

// The filter a facet's values narrow: the parameter, or none for a facet the
// page does not know.
enum class FacetFilter { kNone, kSources, kEntities, kLanguages, kPublished };

FacetFilter FilterOf(absl::string_view facet) {
  const std::string name = absl::AsciiStrToLower(facet);
  if (name == "source" || name == "sources") return FacetFilter::kSources;
  if (name == "entity" || name == "entities") return FacetFilter::kEntities;
  if (name == "language" || name == "languages") return FacetFilter::kLanguages;
  if (name == "year" || name == "month") return FacetFilter::kPublished;
  return FacetFilter::kNone;
}

std::string FacetHeading(absl::string_view facet) {
  const std::string name = absl::AsciiStrToLower(facet);
  if (name == "source" || name == "sources") return "Sources";
  if (name == "entity" || name == "entities") return "Entities";
  if (name == "language" || name == "languages") return "Languages";
  if (name == "year") return "Years";
  if (name == "month") return "Months";
  return EscapeHtml(facet);
}

bool IsActive(const QueryParameters& base, FacetFilter filter, absl::string_view value) {
  switch (filter) {
    case FacetFilter::kSources:
      return HasParameterValue(base, kSources, value);
    case FacetFilter::kEntities:
      return HasParameterValue(base, kEntities, value);
    case FacetFilter::kLanguages:
      return HasParameterValue(base, kLanguages, value);
    case FacetFilter::kPublished:
      return HasParameterValue(base, kPublishedFrom, value) && HasParameterValue(base, kPublishedUntil, value);
    case FacetFilter::kNone:
      break;
  }
  return false;
}

// The search with the facet value's filter added, or taken away when the
// search has it already.
QueryParameters ToggleFacet(QueryParameters base, FacetFilter filter, const std::string& value) {
  const bool active = IsActive(base, filter, value);
  if (filter == FacetFilter::kPublished) {
    base = WithoutParameter(WithoutParameter(std::move(base), kPublishedFrom), kPublishedUntil);
    if (!active) {
      base.emplace_back(kPublishedFrom, value);
      base.emplace_back(kPublishedUntil, value);
    }
    return base;
  }
  const char* name = filter == FacetFilter::kSources    ? kSources
                     : filter == FacetFilter::kEntities ? kEntities
                                                        : kLanguages;
  if (active) return WithoutParameterValue(std::move(base), name, value);
  base.emplace_back(name, value);
  return base;
}

std::string SearchForm(const v1::SearchRequest& request, const QueryParameters& base) {
  std::string form = absl::StrCat(
      "<form class=\"query\" method=\"get\" action=\"/\" role=\"search\">"
      "<label class=\"grow\">Search articles<input type=\"search\" name=\"",
      kQuery, "\" value=\"", EscapeHtml(request.query()),
      "\" placeholder=\"words, &quot;a phrase&quot;, source:, entity:, published:2019..2023\"></label>"
      "<label>Order<select name=\"",
      kOrderBy, "\">");
  const v1::SearchRequest::Order order =
      request.order_by() == v1::SearchRequest::ORDER_UNSPECIFIED ? v1::SearchRequest::RELEVANCE : request.order_by();
  for (const auto& [value, label] :
       {std::pair{v1::SearchRequest::RELEVANCE, "Relevance"}, std::pair{v1::SearchRequest::NEWEST, "Newest first"},
        std::pair{v1::SearchRequest::OLDEST, "Oldest first"}}) {
    absl::StrAppend(&form, "<option value=\"", v1::SearchRequest::Order_Name(value), "\"",
                    value == order ? " selected" : "", ">", label, "</option>");
  }
  absl::StrAppend(&form, "</select></label>");
  // The rest of the request rides along, so a new query keeps its filters
  // (each shown with a link that drops it).
  QueryParameters hidden = WithoutParameter(WithoutParameter(base, kQuery), kOrderBy);
  if (request.facets().empty()) {
    for (absl::string_view facet : kDefaultFacets) hidden.emplace_back(kFacets, std::string(facet));
  }
  absl::StrAppend(&form, HiddenInputs(hidden), "<button type=\"submit\">Search</button></form>");
  return form;
}

// Each filter of the request as a link that drops it.
std::string ActiveFilters(const v1::SearchRequest& request, const QueryParameters& base) {
  std::string chips;
  auto chip = [&](const char* name, const std::string& value, absl::string_view label) {
    absl::StrAppend(&chips, Link(UrlWithQuery("/", WithoutParameterValue(base, name, value)),
                                 absl::StrCat(label, ": ", EscapeHtml(value), " ✕")));
  };
  for (const std::string& source : request.filter().sources()) chip(kSources, source, "Source");
  for (const std::string& entity : request.filter().entities()) chip(kEntities, entity, "Entity");
  for (const std::string& language : request.filter().languages()) chip(kLanguages, language, "Language");
  if (!request.filter().published_from().empty()) chip(kPublishedFrom, request.filter().published_from(), "From");
  if (!request.filter().published_until().empty()) chip(kPublishedUntil, request.filter().published_until(), "Until");
  if (chips.empty()) return "";
  return absl::StrCat("<p class=\"chips\" aria-label=\"Filters\">", chips, "</p>");
}

std::string TimelineLink(const v1::SearchRequest& request) {
  QueryParameters parameters;
  if (!request.query().empty()) parameters.emplace_back("query", request.query());
  if (request.filter().entities_size() == 1) parameters.emplace_back("entity", request.filter().entities(0));
  return Link(UrlWithQuery("/timeline", parameters), "Timeline of these articles");
}

std::string Result(const v1::SearchResult& result) {
  const std::string title = !result.title().empty()       ? HighlightedText(result.title(), result.title_highlights())
                            : result.article_id().empty() ? std::string("(untitled)")
                                                          : EscapeHtml(result.article_id());
  std::string out = absl::StrCat("<li class=\"result\"><h2>", Link(ArticlePath(result.article_id()), title),
                                 "</h2><div class=\"meta\">");
  std::string meta;
  auto add = [&meta](const std::string& part) {
    if (part.empty()) return;
    if (!meta.empty()) meta += " · ";
    meta += part;
  };
  if (!result.source().empty()) add(absl::StrCat("<span class=\"source\">", EscapeHtml(result.source()), "</span>"));
  if (result.has_published_at()) add(TimeElement(result.published_at()));
  if (IsWebUrl(result.url())) {
    add(absl::StrCat("<a href=\"", EscapeHtml(result.url()), "\" rel=\"noopener noreferrer nofollow\">original</a>"));
  }
  absl::StrAppend(&out, meta, "</div>");
  if (!result.snippet().empty()) {
    absl::StrAppend(&out, "<p class=\"snippet\">", HighlightedText(result.snippet(), result.snippet_highlights()),
                    "</p>");
  }
  if (result.similar_count() > 0) {
    const std::string similar = CountOf(result.similar_count(), "similar article", "similar articles");
    if (result.similar_ids().empty()) {
      absl::StrAppend(&out, "<p class=\"similar meta\">", similar, "</p>");
    } else {
      absl::StrAppend(&out, "<details class=\"similar meta\"><summary>", similar, "</summary><ul>");
      for (const std::string& id : result.similar_ids()) {
        absl::StrAppend(&out, "<li>", Link(ArticlePath(id), EscapeHtml(id)), "</li>");
      }
      absl::StrAppend(&out, "</ul></details>");
    }
  }
  absl::StrAppend(&out, "</li>");
  return out;
}

std::string Facets(const v1::SearchResponse& response, const QueryParameters& base) {
  std::string out;
  for (const v1::Facet& facet : response.facets()) {
    if (facet.values().empty()) continue;
    const FacetFilter filter = FilterOf(facet.name());
    absl::StrAppend(&out, "<section class=\"facet\" data-facet=\"", EscapeHtml(facet.name()), "\"><h2>",
                    FacetHeading(facet.name()), "</h2><ul>");
    for (const v1::FacetValue& value : facet.values()) {
      const std::string label = filter == FacetFilter::kEntities ? EntityName(value.value()) : value.value();
      const std::string count = absl::StrCat(" <span class=\"count\">", value.count(), "</span>");
      if (filter == FacetFilter::kNone) {
        absl::StrAppend(&out, "<li>", EscapeHtml(label), count, "</li>");
        continue;
      }
      const bool active = IsActive(base, filter, value.value());
      absl::StrAppend(&out, "<li", active ? " class=\"active\"" : "", "><a href=\"",
                      EscapeHtml(UrlWithQuery("/", ToggleFacet(base, filter, value.value()))), "\" title=\"",
                      EscapeHtml(value.value()), active ? " (click to remove)" : "", "\">", EscapeHtml(label), "</a>",
                      count, "</li>");
    }
    absl::StrAppend(&out, "</ul></section>");
  }
  if (out.empty()) return "";
  return absl::StrCat("<aside class=\"facets\">", out, "</aside>");
}

std::string Paging(const v1::SearchRequest& request, const v1::SearchResponse& response, const QueryParameters& base) {
  std::string links;
  if (!request.page_token().empty()) absl::StrAppend(&links, Link(UrlWithQuery("/", base), "← First page"));
  if (!response.next_page_token().empty()) {
    QueryParameters next = base;
    next.emplace_back(kPageToken, response.next_page_token());
    absl::StrAppend(&links, "<a rel=\"next\" href=\"", EscapeHtml(UrlWithQuery("/", next)), "\">Next page →</a>");
  }
  if (links.empty()) return "";
  return absl::StrCat("<nav class=\"paging\">", links, "</nav>");
}

std::string Results(const v1::SearchRequest& request, const v1::SearchResponse& response, const QueryParameters& base) {
  std::string count = CountOf(response.total_size(), "article", "articles");
  if (response.total_size_is_estimate()) count = absl::StrCat("at least ", count);
  std::string out =
      absl::StrCat("<p class=\"summary\">", count, " · ", TimelineLink(request), "</p>", "<div class=\"layout\"><div>");
  if (response.results().empty()) {
    absl::StrAppend(&out, "<p>No articles match.</p>");
  } else {
    absl::StrAppend(&out, "<ol class=\"results\">");
    for (const v1::SearchResult& result : response.results()) absl::StrAppend(&out, Result(result));
    absl::StrAppend(&out, "</ol>");
  }
  absl::StrAppend(&out, Paging(request, response, base), "</div>", Facets(response, base), "</div>");
  return out;
}

}  // namespace

std::string RenderSearchPage(const v1::SearchRequest& request, const v1::SearchResponse* response,
                             absl::string_view error) {
  // Links to other results start over from the first page; only paging
  // links carry a token.
  const QueryParameters base = WithoutParameter(RequestParameters(request), kPageToken);
  std::string body =
      absl::StrCat("<h1>Search</h1>", SearchForm(request, base), ErrorParagraph(error), ActiveFilters(request, base));
  if (response != nullptr) {
    absl::StrAppend(&body, Results(request, *response, base));
  } else if (error.empty()) {
    absl::StrAppend(&body,
                    "<p class=\"hint\">All words must match. Use &quot;quotes&quot; for a phrase, OR, -word to "
                    "exclude, prefix*, and title:, source:, entity:, lang:, published:2019..2023-06 to narrow.</p>");
  }
  const std::string title = request.query().empty() ? "Chronicle search" : request.query() + " — Chronicle search";
  return HtmlDocument(title, body);
}

}  // namespace chronicle::web
