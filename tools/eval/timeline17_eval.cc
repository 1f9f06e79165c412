// Relevance on Timeline17: for each topic, search its keywords and build a
// timeline for them over an index of all 4,650 articles, then compare with the
// topic's articles and gold timelines.
//
//   timeline17_eval /path/to/timeline17 [--index=DIR]
//
// precision@10: share of the top 10 search results that are the topic's own
// articles ("strict") or articles of any topic on the same subject, e.g. the
// three H1N1 collections ("subject").
// date P/R/F1: the timeline's L most-cited day-level entries (L = number of
// dates in the gold timeline) against the gold timeline's dates, averaged over
// a topic's gold timelines; the timeline is asked for the period the topic's
// articles were published in.
// keywords.json holds topic labels ("EgyptianProtest", "bpoil"); they are
// used as typed, with CamelCase split into words ("egyptian protest").
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/analysis/article_analyzer.h"
#include "core/index/index_reader.h"
#include "core/index/index_writer.h"
#include "tools/eval/timeline17.h"

namespace chronicle::eval {
namespace {

// "EgyptianProtest" -> "egyptian protest"; "H1N1" and "bpoil" stay one word.
std::string QueryFromLabels(const std::vector<std::string>& labels) {
  std::vector<std::string> words;
  for (const std::string& text : labels) {
    std::string word;
    for (size_t i = 0; i < text.size(); ++i) {
      const bool boundary = i > 0 && std::isupper(static_cast<unsigned char>(text[i])) &&
                            std::islower(static_cast<unsigned char>(text[i - 1]));
      if (boundary) {
        words.push_back(word);
        word.clear();
      }
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    }
    words.push_back(word);
  }
  return absl::StrJoin(words, " ");
}

// Every entry of the timeline a user asking for `query` over `indexed`'s
// publication period would page through.
std::vector<v1::TimelineEntry> FullTimeline(index::IndexReader& reader, const std::string& query,
                                            const IndexedTopic& indexed) {
  v1::TimelineRequest request;
  request.set_query(query);
  request.set_match_article(true);
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_start(indexed.first_date);
  request.set_end(indexed.last_date);
  request.set_page_size(200);
  std::vector<v1::TimelineEntry> entries;
  do {
    absl::StatusOr<v1::TimelineResponse> response = reader.Timeline(request);
    if (!response.ok()) {
      std::cerr << query << ": " << response.status() << "\n";
      break;
    }
    for (v1::TimelineEntry& entry : *response->mutable_entries()) entries.push_back(std::move(entry));
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty());
  return entries;
}

int Run(const std::string& folder, std::string index_dir) {
  const bool build = index_dir.empty() || !std::filesystem::exists(index_dir);
  if (index_dir.empty()) index_dir = (std::filesystem::temp_directory_path() / "timeline17-eval-index").string();
  if (build) std::filesystem::remove_all(index_dir);
  absl::StatusOr<std::unique_ptr<analysis::ArticleAnalyzer>> analyzer = analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) {
    std::cerr << analyzer.status() << "\n";
    return 1;
  }
  std::unique_ptr<index::IndexWriter> writer;
  if (build) {
    absl::StatusOr<std::unique_ptr<index::IndexWriter>> opened = index::IndexWriter::Open({.path = index_dir});
    if (!opened.ok()) {
      std::cerr << opened.status() << "\n";
      return 1;
    }
    writer = *std::move(opened);
  }
  const std::vector<Timeline17Topic> topics = ListTimeline17Topics(folder);
  std::vector<IndexedTopic> indexed;
  int64_t sequence = 0;
  for (const Timeline17Topic& topic : topics) {
    indexed.push_back(IndexTimeline17Topic(topic, **analyzer, writer.get(), sequence));
  }
  if (writer != nullptr) {
    if (absl::Status committed = writer->Commit(); !committed.ok()) {
      std::cerr << committed << "\n";
      return 1;
    }
    std::cout << "indexed " << sequence << " articles into " << index_dir << "\n";
    writer.reset();
  }
  absl::StatusOr<std::unique_ptr<index::IndexReader>> reader = index::IndexReader::Open(index_dir);
  if (!reader.ok()) {
    std::cerr << reader.status() << "\n";
    return 1;
  }

  std::cout << "\n| topic | query | P@10 strict | P@10 subject | gold dates | date P | date R | date F1 |\n"
               "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  double sum_strict = 0, sum_subject = 0;
  DateScores sum_dates;
  for (size_t t = 0; t < topics.size(); ++t) {
    const Timeline17Topic& topic = topics[t];
    const std::string query = QueryFromLabels(topic.labels);
    v1::SearchRequest search;
    search.set_query(query);
    search.set_page_size(10);
    absl::StatusOr<v1::SearchResponse> found = (*reader)->Search(search);
    int strict = 0, subject = 0;
    if (found.ok()) {
      for (const v1::SearchResult& result : found->results()) {
        const std::string owner = result.article_id().substr(0, result.article_id().find(':'));
        strict += owner == topic.name;
        subject += owner.substr(0, owner.find('_')) == topic.subject;
      }
    }
    const std::vector<v1::TimelineEntry> entries = FullTimeline(**reader, query, indexed[t]);
    const DateScores dates = ScoreAgainstGold(DayEntriesBySources(entries), topic);
    size_t gold_dates = 0;
    for (const auto& gold : topic.gold_timelines) gold_dates += gold.size();
    sum_strict += strict / 10.0;
    sum_subject += subject / 10.0;
    sum_dates.precision += dates.precision;
    sum_dates.recall += dates.recall;
    sum_dates.f1 += dates.f1;
    std::cout << absl::StrFormat("| %s | %s | %.2f | %.2f | %d | %.3f | %.3f | %.3f |\n", topic.name, query,
                                 strict / 10.0, subject / 10.0, gold_dates / topic.gold_timelines.size(),
                                 dates.precision, dates.recall, dates.f1);
  }
  const double n = static_cast<double>(topics.size());
  std::cout << absl::StrFormat("| **mean of %d topics** | | **%.2f** | **%.2f** | | **%.3f** | **%.3f** | **%.3f** |\n",
                               topics.size(), sum_strict / n, sum_subject / n, sum_dates.precision / n,
                               sum_dates.recall / n, sum_dates.f1 / n);
  return 0;
}

}  // namespace
}  // namespace chronicle::eval

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: timeline17_eval TIMELINE17_FOLDER [--index=DIR]\n";
    return 2;
  }
  std::string index_dir;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--index=", 0) == 0) index_dir = arg.substr(8);
  }
  return chronicle::eval::Run(argv[1], index_dir);
}
