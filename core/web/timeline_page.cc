#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/web/dates.h"
#include "core/web/html.h"
#include "core/web/page_parts.h"
#include "core/web/pages.h"
#include "core/web/request_parameters.h"
#include "core/web/timeline_svg.h"

namespace chronicle::web {
namespace {

// TimelineRequest's field names, as links and forms use them.
constexpr char kQuery[] = "query";
constexpr char kEntity[] = "entity";
constexpr char kStart[] = "start";
constexpr char kEnd[] = "end";
constexpr char kGranularity[] = "granularity";
constexpr char kMaxEntries[] = "max_entries";
constexpr char kMatchArticle[] = "match_article";
constexpr char kPageToken[] = "page_token";

// Citations shown at once under an entry; the rest fold away.
constexpr int kCitationsShown = 3;

std::string TextField(absl::string_view label, absl::string_view name, absl::string_view value,
                      absl::string_view placeholder, bool grow) {
  return absl::StrCat("<label", grow ? " class=\"grow\"" : "", ">", label, "<input type=\"", grow ? "search" : "text",
                      "\" name=\"", name, "\" value=\"", EscapeHtml(value), "\" placeholder=\"", placeholder,
                      "\"></label>");
}

std::string TimelineForm(const v1::TimelineRequest& request, const QueryParameters& base) {
  std::string form = absl::StrCat("<form class=\"query\" method=\"get\" action=\"/timeline\">",
                                  TextField("Topic", kQuery, request.query(), "words, &quot;a phrase&quot;", true),
                                  TextField("Entity", kEntity, request.entity(), "name or id", false),
                                  TextField("From", kStart, request.start(), "1910 or 2019-12-24", false),
                                  TextField("Until", kEnd, request.end(), "1945 or 2020-01", false),
                                  "<label>Granularity<select name=\"", kGranularity, "\">");
  const v1::TimelineRequest::Bucket granularity = request.granularity() == v1::TimelineRequest::BUCKET_UNSPECIFIED
                                                      ? v1::TimelineRequest::AUTO
                                                      : request.granularity();
  for (const auto& [value, label] :
       {std::pair{v1::TimelineRequest::AUTO, "Automatic"}, std::pair{v1::TimelineRequest::DAY, "Day"},
        std::pair{v1::TimelineRequest::MONTH, "Month"}, std::pair{v1::TimelineRequest::YEAR, "Year"}}) {
    absl::StrAppend(&form, "<option value=\"", v1::TimelineRequest::Bucket_Name(value), "\"",
                    value == granularity ? " selected" : "", ">", label, "</option>");
  }
  absl::StrAppend(&form, "</select></label><label>Top dates<input type=\"number\" name=\"", kMaxEntries,
                  "\" min=\"0\" max=\"200\" placeholder=\"all\" value=\"",
                  request.max_entries() > 0 ? absl::StrCat(request.max_entries()) : "",
                  "\"></label><label class=\"check\"><input type=\"checkbox\" name=\"", kMatchArticle,
                  "\" value=\"true\"", request.match_article() ? " checked" : "",
                  ">every event of matching articles</label>");
  QueryParameters hidden = base;
  for (const char* shown : {kQuery, kEntity, kStart, kEnd, kGranularity, kMaxEntries, kMatchArticle}) {
    hidden = WithoutParameter(std::move(hidden), shown);
  }
  absl::StrAppend(&form, HiddenInputs(hidden), "<button type=\"submit\">Show</button></form>");
  return form;
}

std::string DateElement(absl::string_view value, absl::string_view css_class = "") {
  const std::string datetime = HtmlDatetime(value);
  std::string out = "<time";
  if (!css_class.empty()) absl::StrAppend(&out, " class=\"", css_class, "\"");
  if (!datetime.empty()) absl::StrAppend(&out, " datetime=\"", EscapeHtml(datetime), "\"");
  absl::StrAppend(&out, " title=\"", EscapeHtml(value), "\">", EscapeHtml(DateLabel(value)), "</time>");
  return out;
}

std::string CitationItem(const v1::Citation& citation, const v1::TimelineEntry& entry) {
  const std::string title = citation.title().empty() ? "article" : EscapeHtml(citation.title());
  std::string out = absl::StrCat("<li class=\"citation\"><q>", EscapeHtml(citation.sentence()),
                                 "</q><br><span class=\"meta\">", Link(ArticlePath(citation.article_id()), title));
  if (!citation.source().empty()) absl::StrAppend(&out, " · ", EscapeHtml(citation.source()));
  if (citation.has_published_at()) absl::StrAppend(&out, " · ", TimeElement(citation.published_at()));
  if (!citation.date_value().empty()) {
    const bool differs = citation.date_value() != entry.date();
    absl::StrAppend(&out, " · dates it ", DateElement(citation.date_value(), differs ? "differs" : ""));
  }
  absl::StrAppend(&out, "</span></li>");
  return out;
}

// The dates the sources give, each with the sources that give it.
std::string ConflictNote(const v1::TimelineEntry& entry) {
  std::string out = "<div class=\"conflict-note\" role=\"note\"><strong>Sources disagree on the date.</strong><ul>";
  for (const std::string& date : entry.conflicting_dates()) {
    std::vector<std::string> sources;
    for (const v1::Citation& citation : entry.citations()) {
      if (citation.date_value() != date) continue;
      const std::string& name = citation.source().empty() ? citation.title() : citation.source();
      if (!name.empty() && std::find(sources.begin(), sources.end(), name) == sources.end()) sources.push_back(name);
    }
    absl::StrAppend(&out, "<li>", DateElement(date, date == entry.date() ? "" : "differs"));
    if (date == entry.date()) absl::StrAppend(&out, " (the entry&#39;s date)");
    if (!sources.empty()) {
      std::vector<std::string> escaped;
      for (const std::string& source : sources) escaped.push_back(EscapeHtml(source));
      absl::StrAppend(&out, ": ", absl::StrJoin(escaped, ", "));
    }
    absl::StrAppend(&out, "</li>");
  }
  absl::StrAppend(&out, "</ul></div>");
  return out;
}

std::string EntryItem(const v1::TimelineEntry& entry, int index) {
  const bool conflict = entry.conflicting_dates_size() > 0;
  std::string out =
      absl::StrCat("<li class=\"entry", conflict ? " conflict" : "", "\" id=\"entry-", index, "\"><p class=\"when\">",
                   DateElement(entry.date()), " · ", CountOf(entry.source_count(), "source", "sources"));
  if (entry.importance() > 0) absl::StrAppend(&out, " · importance ", absl::StrFormat("%.2f", entry.importance()));
  absl::StrAppend(&out, "</p><h3>", EscapeHtml(entry.headline()), "</h3>");
  if (conflict) absl::StrAppend(&out, ConflictNote(entry));
  if (!entry.citations().empty()) {
    absl::StrAppend(&out, "<ul class=\"citations\">");
    for (int i = 0; i < entry.citations_size() && i < kCitationsShown; ++i) {
      absl::StrAppend(&out, CitationItem(entry.citations(i), entry));
    }
    absl::StrAppend(&out, "</ul>");
    if (entry.citations_size() > kCitationsShown) {
      absl::StrAppend(&out, "<details><summary>",
                      CountOf(entry.citations_size() - kCitationsShown, "more citation", "more citations"),
                      "</summary><ul class=\"citations\">");
      for (int i = kCitationsShown; i < entry.citations_size(); ++i) {
        absl::StrAppend(&out, CitationItem(entry.citations(i), entry));
      }
      absl::StrAppend(&out, "</ul></details>");
    }
  }
  absl::StrAppend(&out, "</li>");
  return out;
}

// Entry indexes by date: the service sends them in date order already, but
// the page does not rely on it; undatable entries go last, as sent.
std::vector<int> DateOrder(const v1::TimelineResponse& response) {
  std::vector<std::optional<Period>> periods;
  for (const v1::TimelineEntry& entry : response.entries()) {
    std::optional<Period> period = PeriodOfInterval(entry.interval());
    periods.push_back(period ? period : ParsePeriod(entry.date()));
  }
  std::vector<int> order(response.entries_size());
  for (int i = 0; i < response.entries_size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&periods](int a, int b) {
    if (!periods[a] || !periods[b]) return periods[a].has_value() && !periods[b].has_value();
    if (periods[a]->start != periods[b]->start) return periods[a]->start < periods[b]->start;
    return periods[a]->end > periods[b]->end;  // the longer span first, as the service orders them
  });
  return order;
}

std::string Paging(const v1::TimelineRequest& request, const v1::TimelineResponse& response,
                   const QueryParameters& base) {
  // A summary is one page whatever the token says.
  if (request.max_entries() > 0) return "";
  std::string links;
  if (!request.page_token().empty()) absl::StrAppend(&links, Link(UrlWithQuery("/timeline", base), "← First page"));
  if (!response.next_page_token().empty()) {
    QueryParameters next = base;
    next.emplace_back(kPageToken, response.next_page_token());
    absl::StrAppend(&links, "<a rel=\"next\" href=\"", EscapeHtml(UrlWithQuery("/timeline", next)),
                    "\">Later entries →</a>");
  }
  if (links.empty()) return "";
  return absl::StrCat("<nav class=\"paging\">", links, "</nav>");
}

std::string SearchLink(const v1::TimelineRequest& request) {
  QueryParameters parameters;
  if (!request.query().empty()) parameters.emplace_back("query", request.query());
  if (!request.entity().empty()) parameters.emplace_back("filter.entities", request.entity());
  return Link(UrlWithQuery("/", parameters), "Search these articles");
}

absl::string_view BucketWord(v1::TimelineRequest::Bucket bucket) {
  switch (bucket) {
    case v1::TimelineRequest::DAY:
      return "by day";
    case v1::TimelineRequest::MONTH:
      return "by month";
    case v1::TimelineRequest::YEAR:
      return "by year";
    default:
      return "";
  }
}

std::string Entries(const v1::TimelineRequest& request, const v1::TimelineResponse& response,
                    const QueryParameters& base) {
  std::string out = absl::StrCat("<p class=\"summary\">", CountOf(response.entries_size(), "entry", "entries"));
  if (!BucketWord(response.granularity()).empty()) absl::StrAppend(&out, ", ", BucketWord(response.granularity()));
  absl::StrAppend(&out, " · ", SearchLink(request), "</p>");
  const std::string svg = RenderTimelineSvg(response);
  if (!svg.empty()) absl::StrAppend(&out, "<div class=\"timeline-scroll\">", svg, "</div>");
  if (response.entries().empty()) {
    absl::StrAppend(&out, "<p>No dated events match.</p>");
  } else {
    absl::StrAppend(&out, "<ol class=\"entries\">");
    for (int index : DateOrder(response)) absl::StrAppend(&out, EntryItem(response.entries(index), index));
    absl::StrAppend(&out, "</ol>");
  }
  absl::StrAppend(&out, Paging(request, response, base));
  return out;
}

}  // namespace

std::string RenderTimelinePage(const v1::TimelineRequest& request, const v1::TimelineResponse* response,
                               absl::string_view error) {
  const QueryParameters base = WithoutParameter(RequestParameters(request), kPageToken);
  std::string body = absl::StrCat("<h1>Timeline</h1>", TimelineForm(request, base), ErrorParagraph(error));
  if (response != nullptr) {
    absl::StrAppend(&body, Entries(request, *response, base));
  } else if (error.empty()) {
    absl::StrAppend(&body,
                    "<p class=\"hint\">What happened when: give a topic or an entity, and optionally a date "
                    "range. Each entry cites the sentences it comes from.</p>");
  }
  std::string subject = request.query().empty() ? request.entity() : request.query();
  const std::string title = subject.empty() ? "Chronicle timeline" : subject + " — Chronicle timeline";
  return HtmlDocument(title, body);
}

}  // namespace chronicle::web
