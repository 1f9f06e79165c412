#include "core/web/page_parts.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "chronicle/v1/search.pb.h"
#include "core/web/dates.h"
#include "core/web/marked_text.h"
#include "core/web/pages.h"

namespace chronicle::web {
namespace {

// Small on purpose: the pages must read well on a phone and print plainly.
// Class names are those the page code writes; the timeline picture carries
// its own colours, so it looks the same outside these pages.
constexpr absl::string_view kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;background:#fff}
header{border-bottom:1px solid #e2e8f0;padding:.5rem 1rem}
header a{margin-right:1rem;font-weight:600;text-decoration:none}
main{max-width:62rem;margin:0 auto;padding:1rem}
a{color:#1d4ed8}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
form.query{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}
form.query label{display:flex;flex-direction:column;font-size:.8rem;color:#475569}
form.query label.grow{flex:1 1 14rem}
form.query label.check{flex-direction:row;align-items:center;gap:.3rem}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #94a3b8;border-radius:.3rem;max-width:100%}
button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;cursor:pointer}
.error{background:#fef2f2;border:1px solid #fca5a5;color:#991b1b;padding:.5rem .75rem;border-radius:.3rem;
  overflow-wrap:anywhere}
.summary,.meta,.count,.hint{color:#64748b}
.meta{font-size:.875rem;overflow-wrap:anywhere}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 15rem;gap:1.5rem}
@media (max-width:720px){.layout{grid-template-columns:minmax(0,1fr)}}
ol.results,ol.entries,.facets ul{list-style:none;padding:0;margin:0}
.result{margin:0 0 1.25rem;overflow-wrap:anywhere}
.result h2{font-size:1.1rem;margin:0}
.snippet{margin:.2rem 0}
mark{background:#fef08a;color:inherit;padding:0 .1em}
.facets h2{font-size:.95rem;margin:1rem 0 .25rem}
.facets li{overflow-wrap:anywhere}
.facets .active a{font-weight:700}
.chips a{display:inline-block;border:1px solid #cbd5e1;border-radius:1rem;padding:0 .6rem;margin:0 .3rem .3rem 0;
  text-decoration:none;font-size:.875rem}
.paging{display:flex;gap:1rem;justify-content:space-between;margin:1.5rem 0}
.timeline-scroll{overflow-x:auto;margin:0 0 1rem}
.timeline-chart{display:block;min-width:520px}
.timeline-chart a:focus g{outline:2px solid #1d4ed8}
@media (max-width:600px){.tick-alternate text{display:none}.timeline-chart text{font-size:17px}
  .timeline-chart .tick-context{transform:translateY(5px)}}
li.entry{border-left:3px solid #2563eb;padding:.1rem 0 .1rem .75rem;margin:0 0 1.25rem;overflow-wrap:anywhere}
li.entry.conflict{border-left:3px dashed #c2410c}
li.entry h3{font-size:1.05rem;margin:.1rem 0}
.when{margin:0;font-size:.9rem;color:#475569}
.conflict-note{background:#fff7ed;border:1px dashed #c2410c;padding:.4rem .6rem;border-radius:.3rem;margin:.4rem 0}
.citations{padding-left:1.1rem;margin:.3rem 0}
.citation{margin:.3rem 0}
.differs{color:#c2410c;font-weight:600}
.body p,.body li,.body blockquote{overflow-wrap:anywhere}
.body blockquote{border-left:3px solid #cbd5e1;margin:0 0 1rem;padding-left:.75rem}
.sentence.dated{text-decoration:underline dotted #2563eb;text-underline-offset:.2em}
.timex{background:#dcfce7;border-bottom:2px solid #16a34a}
mark.entity{background:#fef9c3;border-bottom:2px solid #ca8a04}
mark.entity-person{background:#fce7f3;border-bottom-color:#db2777}
mark.entity-location{background:#e0f2fe;border-bottom-color:#0284c7}
.faq{color:#475569}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem 1rem;font-size:.9rem}
dl.facts dt{color:#64748b}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.removed blockquote{margin:.2rem 0 .6rem;color:#475569;white-space:pre-line}
)css";

absl::string_view ReasonPhrase(int http_status) {
  switch (http_status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 499:
      return "Client Closed Request";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return http_status >= 500 ? "Server Error" : "Error";
  }
}

}  // namespace

std::string HtmlDocument(absl::string_view title, absl::string_view body) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>",
      EscapeHtml(title), "</title><style>", kStyle,
      "</style></head><body><header><nav><a href=\"/\">Search</a><a href=\"/timeline\">Timeline</a></nav></header>"
      "<main>",
      body, "</main></body></html>\n");
}

std::string ArticlePath(absl::string_view article_id) {
  return absl::StrCat("/articles/", EncodeUrlComponent(article_id));
}

std::string Link(absl::string_view url, absl::string_view content) {
  return absl::StrCat("<a href=\"", EscapeHtml(url), "\">", content, "</a>");
}

std::string TimeElement(const google::protobuf::Timestamp& timestamp) {
  const std::string label = FormatTimestamp(timestamp);
  if (label.empty()) return "";
  return absl::StrCat("<time datetime=\"", Rfc3339(timestamp), "\">", EscapeHtml(label), "</time>");
}

std::string CountOf(int64_t count, absl::string_view singular, absl::string_view plural) {
  return absl::StrCat(count, " ", count == 1 ? singular : plural);
}

std::string EntityName(absl::string_view entity_id) {
  const size_t colon = entity_id.find(':');
  if (colon == absl::string_view::npos || colon + 1 == entity_id.size()) return std::string(entity_id);
  std::string name(entity_id.substr(colon + 1));
  bool word_start = true;
  for (char& c : name) {
    if (c == '-' || c == '_') c = ' ';
    if (word_start) c = absl::ascii_toupper(static_cast<unsigned char>(c));
    word_start = c == ' ';
  }
  return name;
}

std::string HighlightedText(absl::string_view text,
                            const google::protobuf::RepeatedPtrField<v1::Highlight>& highlights) {
  std::vector<TextSpan> spans;
  spans.reserve(highlights.size());
  for (const v1::Highlight& highlight : highlights)
    spans.push_back({highlight.begin(), highlight.end(), "<mark>", "</mark>"});
  return RenderMarkedText(text, std::move(spans));
}

std::string HiddenInputs(const QueryParameters& parameters) {
  std::string out;
  for (const auto& [name, value] : parameters) {
    absl::StrAppend(&out, "<input type=\"hidden\" name=\"", EscapeHtml(name), "\" value=\"", EscapeHtml(value), "\">");
  }
  return out;
}

std::string ErrorParagraph(absl::string_view error) {
  if (error.empty()) return "";
  return absl::StrCat("<p class=\"error\" role=\"alert\">", EscapeHtml(error), "</p>");
}

std::string RenderErrorPage(int http_status, absl::string_view message) {
  const std::string heading = absl::StrCat(http_status, " ", ReasonPhrase(http_status));
  return HtmlDocument(heading, absl::StrCat("<h1>", EscapeHtml(heading), "</h1>", ErrorParagraph(message),
                                            "<p><a href=\"/\">Back to search</a></p>"));
}

}  // namespace chronicle::web
