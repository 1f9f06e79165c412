// Chronicle end to end: starts chronicle-ingest and chronicle-query on
// loopback ports, streams the corpus through IngestArticles, times until the
// last article is searchable, runs the query suite through gRPC and the same
// queries through core/index in-process, measures memory and disk, and times
// a fresh query replica catching up from an empty index.
#ifndef CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_
#define CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/system/query_suite.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

struct ServiceBenchOptions {
  std::string ingest_binary;
  std::string query_binary;
  std::string corpus;
  std::string queries;
  // Scratch space: the services' data directories go below it.
  std::string work_dir;
  // Folder of HTML pages to stream through a separate ingest service (the
  // HTML path's rate); empty to skip.
  std::string html_folder;
  int streams = 2;
  // Ingest services sharing one store (its --ingest_flag must name a store
  // they can share: --store=postgresql://...); the streams are spread over
  // them, and the query replica follows the first.
  int ingest_replicas = 1;
  int ingest_repeat = 1;
  SuiteOptions suite;
  bool inprocess = true;
  bool catch_up = true;
  // Leave the services' data directories in work_dir (for profiling the
  // index afterwards); implies no catch-up run.
  bool keep_data = false;
  // Extra flags for the services (e.g. "--commit_interval=1s").
  std::vector<std::string> ingest_flags, query_flags;
};

// Errors: a service does not start, ingest fails, or the corpus cannot be read.
absl::StatusOr<nlohmann::json> RunServiceBench(const ServiceBenchOptions& options);

// The query suite in-process only, on an existing index (see keep_data).
// Errors: the index or the mix cannot be read.
absl::StatusOr<nlohmann::json> RunInProcessSuite(const std::string& index_path, const std::string& queries_path,
                                                 const SuiteOptions& suite);

// Runs every query of the mix at `queries_path` `passes` times, one at a
// time, in-process on the index at `index_path`: a fixed workload to profile
// (e.g. under callgrind). `classes` limits it to those query classes (all
// when empty). Returns seconds per class.
// Errors: the index or the mix cannot be read, or a query fails.
absl::StatusOr<nlohmann::json> RunQueryPasses(const std::string& index_path, const std::string& queries_path,
                                              const std::vector<std::string>& classes,
                                              int passes);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_
