// Timeline evaluation on Timeline17 (news-tls packaging: <topic>/articles.jsonl.gz
// with {id, time, text}, <topic>/timelines.jsonl with gold [date, [sentences]]).
//
// For each topic: analyses the articles as ingest would, indexes them, asks
// the index for the DAY timeline of all their events, and prints
//   - events, entries, events per entry, entries with 2+ sources, entries with
//     conflicting dates;
//   - date F1 against each gold timeline (averaged) of the k entries with the
//     most sources (k = gold dates), next to the same figure for the k dates
//     with the most events (the histogram), which ignores what happened.
// and how long the index took to answer the first page (read every event,
// group them). With --show=N it also prints, per topic, the N entries with the most
// sources and their citations, for reading whether the merges are right;
// --conflicts=N prints N entries with conflicting dates, --merged=N the first N
// entries of several sentences (comparing the output of two builds shows
// what a threshold changes).
//
// Usage: timeline_eval DATA_DIR/timeline17 [--topic=NAME] [--show=N] [--conflicts=N] [--merged=N]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chronicle/v1/ingest_service.pb.h"
#include "core/analysis/article_analyzer.h"
#include "core/index/index_reader.h"
#include "core/index/index_writer.h"
#include "core/index/schema.h"
#include "tools/eval/timeline17.h"

namespace chronicle {
namespace {

namespace fs = std::filesystem;

std::string Cut(const std::string& text, size_t size) {
  return text.size() <= size ? text : text.substr(0, size) + "...";
}

struct Totals {
  int64_t events = 0, entries = 0, multi = 0, conflicts = 0;
  double f1_entries = 0, f1_counts = 0;
  int topics = 0;
};

void PrintEntry(const v1::TimelineEntry& entry) {
  std::printf("  %s [%d sources] %s\n", entry.date().c_str(), entry.source_count(),
              Cut(entry.headline(), 160).c_str());
  for (const v1::Citation& citation : entry.citations()) {
    std::printf("      %-16s %-12.12s %s\n", citation.date_value().c_str(), citation.article_id().c_str(),
                Cut(citation.sentence(), 140).c_str());
  }
}

struct Shown {
  int top = 0;
  int conflicts = 0;
  int merged = 0;
};

bool EvaluateTopic(const analysis::ArticleAnalyzer& analyzer, const eval::Timeline17Topic& topic, Shown shown,
                   Totals& totals) {
  if (topic.gold_timelines.empty()) return false;
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("timeline_eval.", getpid(), ".", topic.name);
  fs::remove_all(dir);
  auto writer = index::IndexWriter::Open({dir.string()});
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.status().ToString().c_str());
    return false;
  }
  int64_t sequence = 0;
  const eval::IndexedTopic indexed = eval::IndexTimeline17Topic(topic, analyzer, writer->get(), sequence);
  if (indexed.articles == 0) return false;
  if (!(*writer)->Commit().ok()) return false;
  auto reader = index::IndexReader::Open(dir.string());
  if (!reader.ok()) return false;

  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_page_size(200);
  std::vector<v1::TimelineEntry> entries;
  v1::TimelineResponse response;
  // The first page costs the whole request (every event read and grouped);
  // later pages repeat it.
  absl::Duration first_page;
  do {
    const absl::Time started = absl::Now();
    auto page = (*reader)->Timeline(request);
    if (request.page_token().empty()) first_page = absl::Now() - started;
    if (!page.ok()) {
      std::fprintf(stderr, "%s\n", page.status().ToString().c_str());
      return false;
    }
    response = *std::move(page);
    for (v1::TimelineEntry& entry : *response.mutable_entries()) entries.push_back(std::move(entry));
    request.set_page_token(response.next_page_token());
  } while (!response.next_page_token().empty());
  fs::remove_all(dir);

  int64_t events = 0, multi = 0, conflicts = 0;
  for (const v1::TimelineEntry& entry : entries) {
    events += entry.citations_size();
    multi += entry.source_count() >= 2;
    conflicts += entry.conflicting_dates_size() > 0;
  }
  const std::vector<const v1::TimelineEntry*> by_sources = eval::DayEntriesBySources(entries);
  std::vector<std::pair<int64_t, std::string>> by_count;
  for (const v1::HistogramBucket& bucket : response.histogram()) {
    if (bucket.date().size() == 10) by_count.emplace_back(-bucket.count(), bucket.date());
  }
  std::stable_sort(by_count.begin(), by_count.end());
  const double f1_entries = eval::ScoreAgainstGold(by_sources, topic).f1;
  double f1_counts = 0;
  for (const std::set<std::string>& dates : topic.gold_timelines) {
    std::set<std::string> top_counts;
    for (const auto& [count, date] : by_count) {
      if (top_counts.size() == dates.size()) break;
      top_counts.insert(date);
    }
    f1_counts += eval::CompareDates(top_counts, dates).f1 / topic.gold_timelines.size();
  }
  std::printf(
      "%-22s %5zu articles %6lld events %6zu entries %5.2f ev/entry %5lld multi-source %4lld conflicts"
      "  date F1 entries %.3f counts %.3f  %4.0f ms\n",
      topic.name.c_str(), static_cast<size_t>(indexed.articles), static_cast<long long>(events), entries.size(),
      entries.empty() ? 0.0 : static_cast<double>(events) / entries.size(), static_cast<long long>(multi),
      static_cast<long long>(conflicts), f1_entries, f1_counts, absl::ToDoubleMilliseconds(first_page));
  for (int i = 0; i < shown.top && i < static_cast<int>(by_sources.size()); ++i) PrintEntry(*by_sources[i]);
  for (const v1::TimelineEntry& entry : entries) {
    if (shown.conflicts > 0 && entry.conflicting_dates_size() > 0) {
      PrintEntry(entry);
      --shown.conflicts;
    } else if (shown.merged > 0 && entry.citations_size() > 1) {
      PrintEntry(entry);
      --shown.merged;
    }
  }
  totals.events += events;
  totals.entries += static_cast<int64_t>(entries.size());
  totals.multi += multi;
  totals.conflicts += conflicts;
  totals.f1_entries += f1_entries;
  totals.f1_counts += f1_counts;
  ++totals.topics;
  return true;
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s DATA_DIR/timeline17 [--topic=NAME] [--show=N] [--conflicts=N] [--merged=N]\n",
                 argv[0]);
    return 2;
  }
  std::string only;
  chronicle::Shown shown;
  for (int i = 2; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (absl::StartsWith(arg, "--topic=")) only = std::string(arg.substr(8));
    if (absl::StartsWith(arg, "--show=") && !absl::SimpleAtoi(arg.substr(7), &shown.top)) return 2;
    if (absl::StartsWith(arg, "--conflicts=") && !absl::SimpleAtoi(arg.substr(12), &shown.conflicts))
      return 2;
    if (absl::StartsWith(arg, "--merged=") && !absl::SimpleAtoi(arg.substr(9), &shown.merged)) return 2;
  }
  auto analyzer = chronicle::analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  chronicle::Totals totals;
  for (const auto& topic : chronicle::eval::ListTimeline17Topics(argv[1])) {
    if (only.empty() || topic.name == only) chronicle::EvaluateTopic(**analyzer, topic, shown, totals);
  }
  if (totals.topics == 0) return 1;
  std::printf(
      "all %d topics: %lld events, %lld entries (%.2f events per entry), %lld multi-source, %lld with "
      "conflicting dates; mean date F1 entries %.3f, counts %.3f\n",
      totals.topics, static_cast<long long>(totals.events), static_cast<long long>(totals.entries),
      static_cast<double>(totals.events) / totals.entries, static_cast<long long>(totals.multi),
      static_cast<long long>(totals.conflicts), totals.f1_entries / totals.topics,
      totals.f1_counts / totals.topics);
  return 0;
}
