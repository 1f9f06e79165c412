#include "bench/system/load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace chronicle::bench {

double MonotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<int> ParseIntList(absl::string_view text) {
  std::vector<int> values;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(part, &value) && value > 0) values.push_back(value);
  }
  return values;
}

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

LatencyRun RunClosedLoop(const LoadOptions& options, const RequestFn& request) {
  LatencyRun run;
  run.concurrency = std::max(1, options.concurrency);
  if (options.duration <= absl::ZeroDuration() && options.max_requests <= 0) return run;  // no limit: no run
  const int concurrency = run.concurrency;
  const double limit_seconds =
      options.duration > absl::ZeroDuration() ? absl::ToDoubleSeconds(options.duration) : 1e18;
  const int64_t max_requests = options.max_requests > 0 ? options.max_requests : INT64_MAX;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> errors{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(concurrency));

  const double start = MonotonicSeconds();
  const double stop_at = start + limit_seconds;
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.emplace_back([&, w] {
      std::vector<double>& mine = latencies[static_cast<size_t>(w)];
      while (true) {
        const int64_t sequence = next.fetch_add(1);
        if (sequence >= max_requests) return;
        const double before = MonotonicSeconds();
        if (before >= stop_at) return;
        const bool ok = request(w, sequence);
        const double after = MonotonicSeconds();
        if (ok) {
          mine.push_back((after - before) * 1000.0);
        } else {
          errors.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double elapsed = MonotonicSeconds() - start;

  std::vector<double> all;
  for (const std::vector<double>& mine : latencies) all.insert(all.end(), mine.begin(), mine.end());
  std::sort(all.begin(), all.end());
  run.count = static_cast<int64_t>(all.size());
  run.errors = errors.load();
  run.seconds = elapsed;
  run.qps = elapsed > 0 ? static_cast<double>(run.count) / elapsed : 0;
  if (!all.empty()) {
    run.mean_ms = std::accumulate(all.begin(), all.end(), 0.0) / static_cast<double>(all.size());
    run.p50_ms = Percentile(all, 0.50);
    run.p95_ms = Percentile(all, 0.95);
    run.p99_ms = Percentile(all, 0.99);
    run.max_ms = all.back();
  }
  return run;
}

nlohmann::json ToJson(const LatencyRun& run) {
  return {{"concurrency", run.concurrency}, {"count", run.count}, {"errors", run.errors},
          {"seconds", run.seconds},         {"qps", run.qps},     {"mean_ms", run.mean_ms},
          {"p50_ms", run.p50_ms},           {"p95_ms", run.p95_ms}, {"p99_ms", run.p99_ms},
          {"max_ms", run.max_ms}};
}

}  // namespace chronicle::bench
