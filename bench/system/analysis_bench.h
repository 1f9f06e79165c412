// The ceiling for ingest: ArticleAnalyzer::Analyze alone, in-process, with no
// store, no index and no RPC.
#ifndef CHRONICLE_BENCH_SYSTEM_ANALYSIS_BENCH_H_
#define CHRONICLE_BENCH_SYSTEM_ANALYSIS_BENCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

struct AnalysisBenchOptions {
  std::string corpus;       // NDJSON corpus; its first `limit` articles are analysed
  int64_t limit = 20000;
  std::string html_folder;  // pages analysed as text/html when set
  std::vector<int> threads = {1, 2};
  int repeat = 3;
};

// {"text": {"articles": N, "bytes": B, "threads": {"1": {"runs": [{seconds,
// articles_per_s, mb_per_s, errors}]}, ...}}, "html": {...same...}}
// Errors: the corpus cannot be read, or the analyzer cannot be built.
absl::StatusOr<nlohmann::json> RunAnalysisBench(const AnalysisBenchOptions& options);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_ANALYSIS_BENCH_H_
