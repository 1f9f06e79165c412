// bench_chronicle: Chronicle's side of the system benchmark (bench/run calls it).
//
//   bench_chronicle analyze --corpus=F [--html=DIR] --out=analysis.json
//       ArticleAnalyzer::Analyze alone, in-process: the ceiling for ingest.
//   bench_chronicle service --ingest_binary=B --query_binary=B --corpus=F --queries=F
//                           --work_dir=DIR --out=chronicle.json
//       Both services end to end, the query suite through gRPC and in-process,
//       memory, disk, replica catch-up and (with --html) the HTML ingest rate.
//   bench_chronicle inprocess --index=DIR --queries=F --out=F
//       The query suite in-process only, on an index kept with service --keep_data.
//   bench_chronicle profile --index=DIR --queries=F [--passes=N] [--classes=A,B]
//       Every query of the mix N times in-process on an index: a fixed
//       workload for valgrind --tool=callgrind (keep one with service --keep_data).
//   bench_chronicle sizes --index=DIR
//       Where the index's bytes go, per document: postings, dictionary,
//       columns, keys, and the stored records' fields.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "bench/system/analysis_bench.h"
#include "bench/system/index_sizes.h"
#include "bench/system/load.h"
#include "bench/system/service_bench.h"

ABSL_FLAG(std::string, corpus, "", "NDJSON corpus (bench_corpus output)");
ABSL_FLAG(std::string, queries, "", "query mix (bench_corpus output)");
ABSL_FLAG(std::string, html, "", "folder of HTML pages (html/*.html.gz) for the HTML path");
ABSL_FLAG(std::string, out, "", "JSON file to write the results to");
ABSL_FLAG(std::string, ingest_binary, "", "chronicle-ingest");
ABSL_FLAG(std::string, query_binary, "", "chronicle-query");
ABSL_FLAG(std::string, work_dir, "", "scratch directory for the services' data");
ABSL_FLAG(int64_t, analyze_limit, 20000, "analyze: articles of the corpus to analyse");
ABSL_FLAG(std::string, threads, "1,2", "analyze: thread counts");
ABSL_FLAG(int, streams, 2, "service: concurrent IngestArticles streams");
ABSL_FLAG(int, ingest_replicas, 1,
          "service: ingest services sharing one store (with --ingest_flag=--store=postgresql://...)");
ABSL_FLAG(int, ingest_repeat, 1, "service: full ingests (each into fresh services)");
ABSL_FLAG(int, repeat, 3, "runs of each measurement");
ABSL_FLAG(double, warmup_seconds, 3, "seconds of untimed queries before measuring");
ABSL_FLAG(double, class_seconds, 2, "service: seconds per query class at concurrency 1");
ABSL_FLAG(double, mix_seconds, 5, "service: seconds per mixed run at each concurrency");
ABSL_FLAG(std::string, concurrency, "8,64", "service: concurrencies of the mixed runs");
ABSL_FLAG(bool, inprocess, true, "service: also run the queries in-process through core/index");
ABSL_FLAG(bool, catch_up, true, "service: time a fresh replica catching up");
ABSL_FLAG(bool, keep_data, false, "service: keep the data directories (no catch-up run)");
ABSL_FLAG(std::string, index, "", "profile: index directory");
ABSL_FLAG(int, passes, 3, "profile: times each query runs");
ABSL_FLAG(std::vector<std::string>, classes, {}, "profile: only these query classes (default all)");
ABSL_FLAG(std::vector<std::string>, query_flag, {}, "service: extra flags for chronicle-query");
ABSL_FLAG(std::vector<std::string>, ingest_flag, {}, "service: extra flags for chronicle-ingest");

namespace chronicle::bench {
namespace {

int Write(const absl::StatusOr<nlohmann::json>& result) {
  if (!result.ok()) {
    std::cerr << "bench_chronicle: " << result.status() << "\n";
    return 1;
  }
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::cout << result->dump(1) << "\n";
  } else {
    std::ofstream(out) << result->dump(1) << "\n";
  }
  return 0;
}

int Analyze() {
  AnalysisBenchOptions options;
  options.corpus = absl::GetFlag(FLAGS_corpus);
  options.limit = absl::GetFlag(FLAGS_analyze_limit);
  options.html_folder = absl::GetFlag(FLAGS_html);
  options.threads = ParseIntList(absl::GetFlag(FLAGS_threads));
  options.repeat = absl::GetFlag(FLAGS_repeat);
  return Write(RunAnalysisBench(options));
}

int Service() {
  ServiceBenchOptions options;
  options.ingest_binary = absl::GetFlag(FLAGS_ingest_binary);
  options.query_binary = absl::GetFlag(FLAGS_query_binary);
  options.corpus = absl::GetFlag(FLAGS_corpus);
  options.queries = absl::GetFlag(FLAGS_queries);
  options.work_dir = absl::GetFlag(FLAGS_work_dir);
  options.html_folder = absl::GetFlag(FLAGS_html);
  options.streams = absl::GetFlag(FLAGS_streams);
  options.ingest_replicas = std::max(1, absl::GetFlag(FLAGS_ingest_replicas));
  options.ingest_repeat = absl::GetFlag(FLAGS_ingest_repeat);
  options.suite.repeat = absl::GetFlag(FLAGS_repeat);
  options.suite.warmup_duration = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  options.suite.class_duration = absl::Seconds(absl::GetFlag(FLAGS_class_seconds));
  options.suite.mix_duration = absl::Seconds(absl::GetFlag(FLAGS_mix_seconds));
  options.suite.mix_concurrency = ParseIntList(absl::GetFlag(FLAGS_concurrency));
  options.inprocess = absl::GetFlag(FLAGS_inprocess);
  options.catch_up = absl::GetFlag(FLAGS_catch_up);
  options.keep_data = absl::GetFlag(FLAGS_keep_data);
  options.query_flags = absl::GetFlag(FLAGS_query_flag);
  options.ingest_flags = absl::GetFlag(FLAGS_ingest_flag);
  if (options.ingest_binary.empty() || options.query_binary.empty() || options.corpus.empty() ||
      options.queries.empty() || options.work_dir.empty()) {
    std::cerr << "bench_chronicle service: --ingest_binary, --query_binary, --corpus, --queries and "
                 "--work_dir are required\n";
    return 2;
  }
  return Write(RunServiceBench(options));
}

int InProcess() {
  SuiteOptions suite;
  suite.repeat = absl::GetFlag(FLAGS_repeat);
  suite.warmup_duration = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  suite.class_duration = absl::Seconds(absl::GetFlag(FLAGS_class_seconds));
  suite.mix_duration = absl::Seconds(absl::GetFlag(FLAGS_mix_seconds));
  suite.mix_concurrency = ParseIntList(absl::GetFlag(FLAGS_concurrency));
  return Write(RunInProcessSuite(absl::GetFlag(FLAGS_index), absl::GetFlag(FLAGS_queries), suite));
}

int Profile() {
  if (absl::GetFlag(FLAGS_index).empty() || absl::GetFlag(FLAGS_queries).empty()) {
    std::cerr << "bench_chronicle profile: --index and --queries are required\n";
    return 2;
  }
  return Write(RunQueryPasses(absl::GetFlag(FLAGS_index), absl::GetFlag(FLAGS_queries),
                              absl::GetFlag(FLAGS_classes), absl::GetFlag(FLAGS_passes)));
}

int Sizes() {
  if (absl::GetFlag(FLAGS_index).empty()) {
    std::cerr << "bench_chronicle sizes: --index is required\n";
    return 2;
  }
  absl::StatusOr<nlohmann::json> sizes = MeasureIndexSizes(absl::GetFlag(FLAGS_index));
  if (!sizes.ok()) {
    std::cerr << "bench_chronicle sizes: " << sizes.status() << "\n";
    return 1;
  }
  std::cout << sizes->dump(2) << "\n";
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("bench_chronicle analyze|service|inprocess|profile|sizes [flags]; see bench/README.md");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "";
  if (command == "analyze") return chronicle::bench::Analyze();
  if (command == "service") return chronicle::bench::Service();
  if (command == "profile") return chronicle::bench::Profile();
  if (command == "inprocess") return chronicle::bench::InProcess();
  if (command == "sizes") return chronicle::bench::Sizes();
  std::cerr << absl::ProgramUsageMessage() << "\n";
  return 2;
}
