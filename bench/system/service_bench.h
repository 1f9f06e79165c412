// Chronicle end to end: starts chronicle-ingest and chronicle-query on
// loopback ports, streams the corpus through IngestArticles, times until the
// last article is searchable, runs the query suite through gRPC and the same
// queries through core/index in-process, measures memory and disk, and times
// a fresh query replica catching up from an empty index.
#ifndef CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_
#define CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_

#include <string>

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
  int ingest_repeat = 1;
  SuiteOptions suite;
  bool inprocess = true;
  bool catch_up = true;
  // Extra flags for the services (e.g. "--commit_interval=1s").
  std::vector<std::string> ingest_flags, query_flags;
};

// Errors: a service does not start, ingest fails, or the corpus cannot be read.
absl::StatusOr<nlohmann::json> RunServiceBench(const ServiceBenchOptions& options);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_SERVICE_BENCH_H_
