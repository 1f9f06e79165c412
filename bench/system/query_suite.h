// The query measurements every system goes through, so that the numbers in
// the table mean the same thing for each:
//
//   warm-up     every query once (its errors are reported), then the whole
//               mix at concurrency 1 for `warmup_duration` (not recorded:
//               caches and, for the JVM, the JIT settle)
//   per class   each class alone at concurrency 1 for `class_duration`
//   mixes       all search classes interleaved (and, for systems with
//               timelines, both timeline classes) at each of
//               `mix_concurrency` for `mix_duration`: latency under load
//               and the saturated throughput
// all repeated `repeat` times. Every run records its own percentiles; the
// report takes the median and spread over runs.
#ifndef CHRONICLE_BENCH_SYSTEM_QUERY_SUITE_H_
#define CHRONICLE_BENCH_SYSTEM_QUERY_SUITE_H_

#include <functional>
#include <vector>

#include "absl/time/time.h"
#include "bench/system/query_mix.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

// Answers one query on behalf of `worker` (each worker may keep its own
// connection or reader). Returns false when the system reported an error.
using QueryFn = std::function<bool(int worker, const QueryClass& klass, const BenchQuery& query)>;

struct SuiteOptions {
  absl::Duration warmup_duration = absl::Seconds(3);
  absl::Duration class_duration = absl::Seconds(2);
  absl::Duration mix_duration = absl::Seconds(5);
  std::vector<int> mix_concurrency = {8, 64};
  int repeat = 3;
  // False for systems without timelines: timeline classes are skipped.
  bool timelines = true;
};

// Runs the measurements above and returns
//   {"warmup_errors": N, "classes": {NAME: {"runs": [...]}},
//    "mixes": {"search": {"8": {"runs": [...]}, ...}, "timeline": {...}}}
// with each run as ToJson(LatencyRun). Progress goes to stderr.
nlohmann::json RunQuerySuite(const QueryMix& mix, const QueryFn& query, const SuiteOptions& options);

// The largest concurrency the suite will use (workers are numbered below it).
int MaxConcurrency(const SuiteOptions& options);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_QUERY_SUITE_H_
