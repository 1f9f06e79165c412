// Closed-loop load generation and latency statistics shared by every harness.
#ifndef CHRONICLE_BENCH_SYSTEM_LOAD_H_
#define CHRONICLE_BENCH_SYSTEM_LOAD_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

struct LatencyRun {
  int concurrency = 0;
  int64_t count = 0;   // requests answered without error
  int64_t errors = 0;  // requests that failed (not in the percentiles)
  double seconds = 0;  // wall time of the run
  double qps = 0;      // answered requests per second
  double mean_ms = 0, p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;
};

// One request: `worker` in [0, concurrency), `sequence` the run-wide request
// number (pick the query with it). Returns false when the request failed.
using RequestFn = std::function<bool(int worker, int64_t sequence)>;

struct LoadOptions {
  int concurrency = 1;
  // The run ends when either limit is reached. A zero limit is no limit;
  // with neither set nothing runs.
  absl::Duration duration = absl::Seconds(2);
  int64_t max_requests = 0;
};

// Runs `request` from `concurrency` threads, each sending its next request as
// soon as the previous one is answered (closed loop: the offered load is what
// the system can take), and summarises the latencies.
LatencyRun RunClosedLoop(const LoadOptions& options, const RequestFn& request);

// The q-quantile (0..1) of `sorted` values by the nearest-rank method; 0 when empty.
double Percentile(const std::vector<double>& sorted, double q);

nlohmann::json ToJson(const LatencyRun& run);

// Seconds on a monotonic clock, for phases timed by hand.
double MonotonicSeconds();

// "8,64" -> {8, 64}; parts that are not positive integers are dropped.
std::vector<int> ParseIntList(absl::string_view text);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_LOAD_H_
