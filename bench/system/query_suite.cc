#include "bench/system/query_suite.h"

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/system/load.h"

namespace chronicle::bench {
namespace {

using Item = std::pair<const QueryClass*, const BenchQuery*>;

LatencyRun RunItems(const std::vector<Item>& items, int concurrency, absl::Duration duration,
                    const QueryFn& query) {
  LoadOptions load;
  load.concurrency = concurrency;
  load.duration = duration;
  return RunClosedLoop(load, [&](int worker, int64_t sequence) {
    const Item& item = items[static_cast<size_t>(sequence) % items.size()];
    return query(worker, *item.first, *item.second);
  });
}

}  // namespace

int MaxConcurrency(const SuiteOptions& options) {
  int most = 1;
  for (int c : options.mix_concurrency) most = std::max(most, c);
  return most;
}

nlohmann::json RunQuerySuite(const QueryMix& mix, const QueryFn& query, const SuiteOptions& options) {
  std::vector<const QueryClass*> classes;
  std::vector<Item> search_items, timeline_items;
  for (const QueryClass& c : mix.classes) {
    if (c.timeline && !options.timelines) continue;
    classes.push_back(&c);
    for (const BenchQuery& q : c.queries) (c.timeline ? timeline_items : search_items).push_back({&c, &q});
  }
  // Interleave classes in the mixes so that no stretch of a run is one class.
  auto interleave = [](std::vector<Item> items) {
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return (a.second - a.first->queries.data()) < (b.second - b.first->queries.data());
    });
    return items;
  };
  search_items = interleave(std::move(search_items));
  timeline_items = interleave(std::move(timeline_items));

  nlohmann::json result;
  int64_t warmup_errors = 0;
  nlohmann::json failed = nlohmann::json::array();
  for (const QueryClass* c : classes) {
    for (const BenchQuery& q : c->queries) {
      if (!query(0, *c, q)) {
        ++warmup_errors;
        if (failed.size() < 10) failed.push_back(absl::StrCat(c->name, ": ", q.text, q.entity));
      }
    }
  }
  std::vector<Item> everything = search_items;
  everything.insert(everything.end(), timeline_items.begin(), timeline_items.end());
  if (!everything.empty() && options.warmup_duration > absl::ZeroDuration()) {
    RunItems(everything, 1, options.warmup_duration, query);
  }
  result["warmup_errors"] = warmup_errors;
  result["warmup_failed"] = failed;

  nlohmann::json class_runs = nlohmann::json::object();
  nlohmann::json mix_runs = nlohmann::json::object();
  for (int round = 0; round < options.repeat; ++round) {
    for (const QueryClass* c : classes) {
      std::vector<Item> items;
      for (const BenchQuery& q : c->queries) items.push_back({c, &q});
      const LatencyRun run = RunItems(items, 1, options.class_duration, query);
      class_runs[c->name]["runs"].push_back(ToJson(run));
      std::cerr << "  " << c->name << " c=1: p50 " << run.p50_ms << " ms, " << run.qps << "/s\n";
    }
    for (const auto& [name, items] : {std::make_pair("search", &search_items), std::make_pair("timeline", &timeline_items)}) {
      if (items->empty()) continue;
      for (int concurrency : options.mix_concurrency) {
        const LatencyRun run = RunItems(*items, concurrency, options.mix_duration, query);
        mix_runs[name][std::to_string(concurrency)]["runs"].push_back(ToJson(run));
        std::cerr << "  " << name << " mix c=" << concurrency << ": p50 " << run.p50_ms << " ms, p99 "
                  << run.p99_ms << " ms, " << run.qps << "/s\n";
      }
    }
  }
  result["classes"] = std::move(class_runs);
  result["mixes"] = std::move(mix_runs);
  return result;
}

}  // namespace chronicle::bench
