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
#include <zlib.h>

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
#include "nlohmann/json.hpp"

namespace chronicle::eval {
namespace {

struct Topic {
  std::string name;     // "H1N1_bbc"
  std::string subject;  // "H1N1"
  std::string query;
  std::string first_date, last_date;
  std::vector<std::set<std::string>> gold_timelines;  // dates per gold timeline
};

std::string ReadGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  std::string data;
  if (file == nullptr) return data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, static_cast<size_t>(n));
  gzclose(file);
  return data;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// "EgyptianProtest" -> "egyptian protest"; "H1N1" and "bpoil" stay one word.
std::string QueryFromLabels(const nlohmann::json& labels) {
  std::vector<std::string> words;
  for (const auto& label : labels) {
    std::string word;
    const std::string text = label.get<std::string>();
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

// Adds the topic's articles to the index; returns the topic.
Topic LoadTopic(const std::filesystem::path& dir, const analysis::ArticleAnalyzer* analyzer,
                index::IndexWriter* writer, int64_t& sequence) {
  Topic topic;
  topic.name = dir.filename().string();
  topic.subject = topic.name.substr(0, topic.name.find('_'));
  topic.query = QueryFromLabels(nlohmann::json::parse(ReadFile((dir / "keywords.json").string())));
  for (absl::string_view line : absl::StrSplit(ReadFile((dir / "timelines.jsonl").string()), '\n', absl::SkipEmpty())) {
    std::set<std::string> dates;
    for (const auto& entry : nlohmann::json::parse(line)) dates.insert(entry[0].get<std::string>().substr(0, 10));
    topic.gold_timelines.push_back(std::move(dates));
  }
  const std::string articles = ReadGzip((dir / "articles.jsonl.gz").string());
  for (absl::string_view line : absl::StrSplit(articles, '\n', absl::SkipEmpty())) {
    const nlohmann::json record = nlohmann::json::parse(line);
    const std::string date = record["time"].get<std::string>().substr(0, 10);
    if (topic.first_date.empty() || date < topic.first_date) topic.first_date = date;
    topic.last_date = std::max(topic.last_date, date);
    if (writer == nullptr) continue;
    v1::RawArticle raw;
    raw.set_id(absl::StrCat(topic.name, ":", record["id"].get<std::string>()));
    raw.set_content(record["text"].get<std::string>());
    raw.set_published_at(date);
    absl::StatusOr<v1::Article> article = analyzer->Analyze(raw);
    if (!article.ok()) continue;  // e.g. an empty text
    v1::Change change;
    change.set_sequence(++sequence);
    change.set_kind(v1::Change::UPSERT);
    *change.mutable_article()->mutable_article() = *std::move(article);
    if (absl::Status applied = writer->Apply(change); !applied.ok()) std::cerr << applied << "\n";
  }
  return topic;
}

struct Prf {
  double precision = 0, recall = 0, f1 = 0;
};

Prf Compare(const std::set<std::string>& predicted, const std::set<std::string>& gold) {
  size_t hits = 0;
  for (const std::string& date : predicted) hits += gold.count(date);
  Prf prf;
  prf.precision = predicted.empty() ? 0 : static_cast<double>(hits) / predicted.size();
  prf.recall = gold.empty() ? 0 : static_cast<double>(hits) / gold.size();
  prf.f1 = prf.precision + prf.recall == 0 ? 0 : 2 * prf.precision * prf.recall / (prf.precision + prf.recall);
  return prf;
}

// All day-level entries of the topic's timeline with how many articles cite each.
std::vector<std::pair<int, std::string>> TimelineDays(index::IndexReader& reader, const Topic& topic) {
  v1::TimelineRequest request;
  request.set_query(topic.query);
  request.set_match_article(true);
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_start(topic.first_date);
  request.set_end(topic.last_date);
  request.set_page_size(200);
  std::vector<std::pair<int, std::string>> days;
  do {
    absl::StatusOr<v1::TimelineResponse> response = reader.Timeline(request);
    if (!response.ok()) {
      std::cerr << topic.name << ": " << response.status() << "\n";
      break;
    }
    for (const v1::TimelineEntry& entry : response->entries()) {
      if (entry.date().size() == 10) days.emplace_back(entry.source_count(), entry.date());
    }
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty());
  // Most cited first; ties by date so the choice is stable.
  std::sort(days.begin(), days.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return days;
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
  std::vector<Topic> topics;
  int64_t sequence = 0;
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "keywords.json")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) topics.push_back(LoadTopic(dir, analyzer->get(), writer.get(), sequence));
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

  std::cout << absl::StrFormat("\n| topic | query | P@10 strict | P@10 subject | gold dates | date P | date R | date F1 |\n"
                               "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  double sum_strict = 0, sum_subject = 0;
  Prf sum_dates;
  for (const Topic& topic : topics) {
    v1::SearchRequest search;
    search.set_query(topic.query);
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
    const auto days = TimelineDays(**reader, topic);
    Prf dates;
    size_t gold_dates = 0;
    for (const std::set<std::string>& gold : topic.gold_timelines) {
      std::set<std::string> predicted;
      for (size_t i = 0; i < days.size() && predicted.size() < gold.size(); ++i) predicted.insert(days[i].second);
      const Prf one = Compare(predicted, gold);
      dates.precision += one.precision / topic.gold_timelines.size();
      dates.recall += one.recall / topic.gold_timelines.size();
      dates.f1 += one.f1 / topic.gold_timelines.size();
      gold_dates += gold.size();
    }
    sum_strict += strict / 10.0;
    sum_subject += subject / 10.0;
    sum_dates.precision += dates.precision;
    sum_dates.recall += dates.recall;
    sum_dates.f1 += dates.f1;
    std::cout << absl::StrFormat("| %s | %s | %.2f | %.2f | %d | %.3f | %.3f | %.3f |\n", topic.name, topic.query,
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
