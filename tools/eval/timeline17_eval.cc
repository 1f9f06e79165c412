// Timelines on Timeline17, two ways.
//
//   timeline17_eval /path/to/timeline17 [--index=DIR]
//
// 1. The published protocol of the timeline-summarisation literature: the 17
//    folders pooled into their 9 subjects, one index per subject; 19 tasks,
//    one per (folder,
//    gold timeline); for each, a summary (`max_entries` = L, the gold
//    timeline's length, granularity DAY) of the events dated inside the gold
//    timeline's span, from the subject's articles published inside it. Date
//    precision and recall per task, macro-averaged, and the F1 of those
//    averages, for the development subjects (the summary's weights were chosen
//    on them), the test subjects, and all.
// 2. A service as users meet it: all 4,650 articles in one index; for each
//    folder its keywords searched (precision@10: share of the top 10 that are
//    the folder's own articles, "strict", or of its subject, such as the three
//    H1N1 collections) and a summary asked with `match_article` for the
//    keywords over the folder's publication period, L dates per gold
//    timeline, averaged over the folder's gold timelines.
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
#include "core/common/status_macros.h"
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

// Subjects the summary's weights were chosen on; the others are the test
// part. Chosen by name before any tuning: five subjects, eleven tasks.
const std::set<std::string>& DevelopmentSubjects() {
  static const auto* const subjects =
      new std::set<std::string>{"bpoil", "EgyptianProtest", "H1N1", "IraqWar", "MJ"};
  return *subjects;
}

// The dates of a summary of `size` entries.
std::set<std::string> SummaryDates(index::IndexReader& reader, v1::TimelineRequest request, size_t size) {
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_max_entries(static_cast<int>(std::min<size_t>(size, 200)));
  std::set<std::string> dates;
  absl::StatusOr<v1::TimelineResponse> response = reader.Timeline(request);
  if (!response.ok()) {
    std::cerr << request.ShortDebugString() << ": " << response.status() << "\n";
    return dates;
  }
  for (const v1::TimelineEntry& entry : response->entries()) dates.insert(entry.date());
  return dates;
}

// Macro-averaged precision and recall over tasks, and the F1 of the averages.
struct MacroScores {
  double precision = 0, recall = 0;
  int tasks = 0;
  void Add(const DateScores& one) {
    precision += one.precision;
    recall += one.recall;
    ++tasks;
  }
  std::string Row(absl::string_view name) const {
    const double p = tasks ? precision / tasks : 0, r = tasks ? recall / tasks : 0;
    return absl::StrFormat("| **%s (%d tasks)** | | | **%.3f** | **%.3f** | **%.3f** |\n", name, tasks, p, r,
                           p + r > 0 ? 2 * p * r / (p + r) : 0);
  }
};

absl::StatusOr<std::unique_ptr<index::IndexReader>> OpenOrBuild(
    const std::filesystem::path& dir, const std::vector<const Timeline17Topic*>& topics,
    const analysis::ArticleAnalyzer& analyzer, std::vector<IndexedTopic>* indexed) {
  const bool build = !std::filesystem::exists(dir);
  std::unique_ptr<index::IndexWriter> writer;
  if (build) {
    std::filesystem::create_directories(dir.parent_path());
    ASSIGN_OR_RETURN(writer, index::IndexWriter::Open({.path = dir.string()}));
  }
  int64_t sequence = 0;
  for (const Timeline17Topic* topic : topics) {
    indexed->push_back(IndexTimeline17Topic(*topic, analyzer, writer.get(), sequence));
  }
  if (writer != nullptr) {
    RETURN_IF_ERROR(writer->Commit());
    std::cout << "indexed " << sequence << " articles into " << dir.string() << "\n";
  }
  return index::IndexReader::Open(dir.string());
}

int RunPublishedProtocol(const std::vector<Timeline17Topic>& topics, const analysis::ArticleAnalyzer& analyzer,
                         const std::filesystem::path& index_parent) {
  std::map<std::string, std::vector<const Timeline17Topic*>> by_subject;
  for (const Timeline17Topic& topic : topics) by_subject[topic.subject].push_back(&topic);
  std::cout << "\n| task | subject part | gold dates | date P | date R | date F1 |\n"
               "| --- | --- | --- | --- | --- | --- |\n";
  MacroScores development, test, all;
  for (const auto& [subject, members] : by_subject) {
    std::vector<IndexedTopic> indexed;
    absl::StatusOr<std::unique_ptr<index::IndexReader>> reader =
        OpenOrBuild(index_parent / subject, members, analyzer, &indexed);
    if (!reader.ok()) {
      std::cerr << subject << ": " << reader.status() << "\n";
      return 1;
    }
    const bool is_development = DevelopmentSubjects().count(subject) > 0;
    for (const Timeline17Topic* topic : members) {
      for (size_t g = 0; g < topic->gold_timelines.size(); ++g) {
        const std::set<std::string>& gold = topic->gold_timelines[g];
        const std::string& first = *gold.begin();
        const std::string& last = *gold.rbegin();
        v1::TimelineRequest request;
        request.set_query(absl::StrCat("published:", first, "..", last));
        request.set_start(first);
        request.set_end(last);
        const DateScores scores = CompareDates(SummaryDates(**reader, request, gold.size()), gold);
        (is_development ? development : test).Add(scores);
        all.Add(scores);
        std::cout << absl::StrFormat("| %s/%d | %s | %d | %.3f | %.3f | %.3f |\n", topic->name, g,
                                     is_development ? "development" : "test", gold.size(), scores.precision,
                                     scores.recall, scores.f1);
      }
    }
  }
  std::cout << development.Row("development") << test.Row("test") << all.Row("all");
  return 0;
}

int Run(const std::string& folder, std::filesystem::path index_parent, bool published_only) {
  if (index_parent.empty()) index_parent = std::filesystem::temp_directory_path() / "timeline17-eval";
  absl::StatusOr<std::unique_ptr<analysis::ArticleAnalyzer>> analyzer = analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) {
    std::cerr << analyzer.status() << "\n";
    return 1;
  }
  const std::vector<Timeline17Topic> topics = ListTimeline17Topics(folder);
  if (int failed = RunPublishedProtocol(topics, **analyzer, index_parent / "subjects"); failed != 0) return failed;
  if (published_only) return 0;

  std::vector<const Timeline17Topic*> every_topic;
  for (const Timeline17Topic& topic : topics) every_topic.push_back(&topic);
  std::vector<IndexedTopic> indexed;
  absl::StatusOr<std::unique_ptr<index::IndexReader>> reader =
      OpenOrBuild(index_parent / "all", every_topic, **analyzer, &indexed);
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
    v1::TimelineRequest request;
    request.set_query(query);
    request.set_match_article(true);
    request.set_start(indexed[t].first_date);
    request.set_end(indexed[t].last_date);
    DateScores dates;
    size_t gold_dates = 0;
    for (const std::set<std::string>& gold : topic.gold_timelines) {
      const DateScores one = CompareDates(SummaryDates(**reader, request, gold.size()), gold);
      const double share = 1.0 / topic.gold_timelines.size();
      dates.precision += one.precision * share;
      dates.recall += one.recall * share;
      dates.f1 += one.f1 * share;
      gold_dates += gold.size();
    }
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
    std::cerr << "usage: timeline17_eval TIMELINE17_FOLDER [--index=DIR] [--published_only]\n";
    return 2;
  }
  std::string index_parent;
  bool published_only = false;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--index=", 0) == 0) index_parent = arg.substr(8);
    if (arg == "--published_only") published_only = true;
  }
  return chronicle::eval::Run(argv[1], index_parent, published_only);
}
