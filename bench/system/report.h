// Turns the harnesses' JSON results into the Markdown tables bench/run prints
// and a machine-readable summary (medians and spreads over repeated runs).
#ifndef CHRONICLE_BENCH_SYSTEM_REPORT_H_
#define CHRONICLE_BENCH_SYSTEM_REPORT_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace chronicle::bench {

// Everything one bench/run produced. Missing parts are null (a skipped peer).
struct RunResults {
  nlohmann::json run;        // bench/run's own record: scale, command, timings
  nlohmann::json machine;    // MachineInfo()
  nlohmann::json corpus;     // bench_corpus's <corpus>.json
  nlohmann::json analysis;   // bench_chronicle analyze
  nlohmann::json chronicle;  // bench_chronicle service
  nlohmann::json lucene, postgres, sqlite;
};

// Cores, memory and CPU model of this machine, from /proc.
nlohmann::json MachineInfo();

// {"median": m, "min": a, "max": b, "n": k} of `field` over `runs` (an array
// of objects); null when there is no such value.
nlohmann::json Summarize(const nlohmann::json& runs, const std::string& field);

// The combined record: the inputs plus a "summary" section of medians.
nlohmann::json CombinedResults(const RunResults& results);

// Markdown for one run (from CombinedResults).
std::string MarkdownReport(const nlohmann::json& combined);

// Markdown table of how costs grow from one run to the next (several
// CombinedResults at different scales, smallest first).
std::string GrowthTable(const std::vector<nlohmann::json>& combined);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_REPORT_H_
