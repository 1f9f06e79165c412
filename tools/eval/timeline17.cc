#include "tools/eval/timeline17.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace chronicle::eval {
namespace {

// Reads a gzip or plain file whole.
std::string ReadMaybeGzip(const std::filesystem::path& path) {
  std::string data;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, static_cast<size_t>(n));
  gzclose(file);
  return data;
}

}  // namespace

std::vector<Timeline17Topic> ListTimeline17Topics(const std::string& folder) {
  std::vector<Timeline17Topic> topics;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (!entry.is_directory() || !std::filesystem::exists(entry.path() / "keywords.json")) continue;
    Timeline17Topic& topic = topics.emplace_back();
    topic.dir = entry.path();
    topic.name = entry.path().filename().string();
    topic.subject = topic.name.substr(0, topic.name.find('_'));
    for (const auto& label : nlohmann::json::parse(ReadMaybeGzip(topic.dir / "keywords.json"))) {
      topic.labels.push_back(label.get<std::string>());
    }
    const std::string timelines = ReadMaybeGzip(topic.dir / "timelines.jsonl");
    for (absl::string_view line : absl::StrSplit(timelines, '\n', absl::SkipWhitespace())) {
      std::set<std::string>& dates = topic.gold_timelines.emplace_back();
      for (const auto& item : nlohmann::json::parse(line)) dates.insert(item[0].get<std::string>().substr(0, 10));
    }
  }
  std::sort(topics.begin(), topics.end(),
            [](const Timeline17Topic& a, const Timeline17Topic& b) { return a.name < b.name; });
  return topics;
}

IndexedTopic IndexTimeline17Topic(const Timeline17Topic& topic, const analysis::ArticleAnalyzer& analyzer,
                                  index::IndexWriter* writer, int64_t& sequence) {
  IndexedTopic indexed;
  const std::string articles = ReadMaybeGzip(topic.dir / "articles.jsonl.gz");
  for (absl::string_view line : absl::StrSplit(articles, '\n', absl::SkipWhitespace())) {
    const nlohmann::json record = nlohmann::json::parse(line);
    const std::string date = record["time"].get<std::string>().substr(0, 10);
    if (indexed.first_date.empty() || date < indexed.first_date) indexed.first_date = date;
    indexed.last_date = std::max(indexed.last_date, date);
    ++indexed.articles;
    if (writer == nullptr) continue;
    v1::RawArticle raw;
    raw.set_id(absl::StrCat(topic.name, ":", record["id"].get<std::string>()));
    raw.set_content_type("text/plain");
    raw.set_content(record["text"].get<std::string>());
    raw.set_published_at(date);
    raw.set_source(topic.name);
    absl::StatusOr<v1::Article> article = analyzer.Analyze(raw);
    if (!article.ok()) continue;  // an empty or unreadable text
    v1::Change change;
    change.set_sequence(++sequence);
    change.set_kind(v1::Change::UPSERT);
    change.set_article_id(article->id());
    change.mutable_article()->set_sequence(sequence);
    *change.mutable_article()->mutable_article() = *std::move(article);
    if (absl::Status applied = writer->Apply(change); !applied.ok()) std::cerr << applied << "\n";
  }
  return indexed;
}

DateScores CompareDates(const std::set<std::string>& predicted, const std::set<std::string>& gold) {
  size_t hits = 0;
  for (const std::string& date : predicted) hits += gold.count(date);
  DateScores scores;
  if (hits == 0) return scores;
  scores.precision = static_cast<double>(hits) / predicted.size();
  scores.recall = static_cast<double>(hits) / gold.size();
  scores.f1 = 2 * scores.precision * scores.recall / (scores.precision + scores.recall);
  return scores;
}

std::vector<const v1::TimelineEntry*> DayEntriesBySources(const std::vector<v1::TimelineEntry>& entries) {
  std::vector<const v1::TimelineEntry*> ranked;
  for (const v1::TimelineEntry& entry : entries) {
    if (entry.date().size() == 10) ranked.push_back(&entry);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
    return a->source_count() != b->source_count() ? a->source_count() > b->source_count()
                                                  : a->citations_size() > b->citations_size();
  });
  return ranked;
}

std::set<std::string> TopDates(const std::vector<const v1::TimelineEntry*>& ranked, size_t count) {
  std::set<std::string> dates;
  for (const v1::TimelineEntry* entry : ranked) {
    if (dates.size() == count) break;
    dates.insert(entry->date());
  }
  return dates;
}

DateScores ScoreAgainstGold(const std::vector<const v1::TimelineEntry*>& ranked, const Timeline17Topic& topic) {
  DateScores mean;
  for (const std::set<std::string>& gold : topic.gold_timelines) {
    const DateScores one = CompareDates(TopDates(ranked, gold.size()), gold);
    const double share = 1.0 / topic.gold_timelines.size();
    mean.precision += one.precision * share;
    mean.recall += one.recall * share;
    mean.f1 += one.f1 * share;
  }
  return mean;
}

}  // namespace chronicle::eval
