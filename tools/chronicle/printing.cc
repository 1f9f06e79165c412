#include "tools/chronicle/printing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"

namespace chronicle::cli {
namespace {

std::string DateOf(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "undated";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(timestamp.seconds()), absl::UTCTimeZone());
}

// Marks highlight ranges with «» so matches stand out in a terminal or a log.
std::string Highlighted(const std::string& text,
                        const google::protobuf::RepeatedPtrField<v1::Highlight>& highlights) {
  std::string out;
  size_t cursor = 0;
  for (const v1::Highlight& highlight : highlights) {
    if (highlight.begin() < cursor || highlight.end() > text.size()) continue;
    absl::StrAppend(&out, text.substr(cursor, highlight.begin() - cursor), "«",
                    text.substr(highlight.begin(), highlight.end() - highlight.begin()), "»");
    cursor = highlight.end();
  }
  out += text.substr(cursor);
  return out;
}

std::string Shortened(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return absl::StrCat(text.substr(0, cut), "…");
}

}  // namespace

std::string ToJsonLine(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  // Only fails for messages with unresolvable Any fields, which Chronicle has none of.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string FormatIngestResult(const std::string& file, const v1::IngestArticleResponse& response) {
  const std::string outcome = v1::IngestArticleResponse::Outcome_Name(response.outcome());
  if (response.outcome() == v1::IngestArticleResponse::REJECTED) {
    return absl::StrFormat("%-9s %s: %s", outcome, file, response.error().message());
  }
  std::string line = absl::StrFormat("%-9s %s  seq %d  %s", outcome, response.article_id(),
                                     response.sequence(), response.summary().title());
  if (!response.duplicate_of().empty()) absl::StrAppend(&line, "  (duplicate of ", response.duplicate_of(), ")");
  return line;
}

std::string FormatSearch(const v1::SearchResponse& response) {
  std::string out = absl::StrCat(response.total_size_is_estimate() ? "about " : "",
                                 response.total_size(), " result(s)\n");
  int rank = 1;
  for (const v1::SearchResult& result : response.results()) {
    absl::StrAppend(&out, "\n", rank++, ". ", Highlighted(result.title(), result.title_highlights()), "\n");
    absl::StrAppend(&out, "   ", result.source().empty() ? "unknown source" : result.source(), " · ",
                    DateOf(result.published_at()), " · ", result.article_id(),
                    absl::StrFormat(" · score %.2f", result.score()));
    if (result.similar_count() > 0) absl::StrAppend(&out, " · ", result.similar_count(), " similar");
    absl::StrAppend(&out, "\n   ", Highlighted(result.snippet(), result.snippet_highlights()), "\n");
  }
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&out, "\nmore: --page_token=", response.next_page_token(), "\n");
  }
  return out;
}

std::string FormatTimeline(const v1::TimelineResponse& response) {
  std::string out;
  size_t width = 10;
  for (const v1::TimelineEntry& entry : response.entries()) width = std::max(width, entry.date().size());
  for (const v1::TimelineEntry& entry : response.entries()) {
    absl::StrAppend(&out, absl::StrFormat("%-*s  ", static_cast<int>(width), entry.date()),
                    Shortened(entry.headline(), 160),
                    absl::StrFormat("  [%d source%s]", entry.source_count(),
                                    entry.source_count() == 1 ? "" : "s"),
                    "\n");
    if (!entry.conflicting_dates().empty()) {
      absl::StrAppend(&out, std::string(width + 2, ' '), "! sources disagree on the date:");
      for (const std::string& date : entry.conflicting_dates()) absl::StrAppend(&out, " ", date);
      out += "\n";
    }
    for (const v1::Citation& citation : entry.citations()) {
      absl::StrAppend(&out, std::string(width + 2, ' '), "- ", citation.article_id(), " (",
                      citation.source().empty() ? "unknown source" : citation.source(), ", ",
                      DateOf(citation.published_at()), ")\n");
    }
  }
  if (response.entries().empty()) out = "no dated events match\n";
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&out, "\nmore: --page_token=", response.next_page_token(), "\n");
  }
  return out;
}

}  // namespace chronicle::cli
