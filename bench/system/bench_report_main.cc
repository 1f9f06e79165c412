// bench_report: the Markdown table and combined JSON of one bench/run.
//
//   bench_report --results_dir=DIR     reads DIR/{run,corpus,analysis,chronicle,lucene,postgres,sqlite}.json
//                                      (missing ones are skipped), writes DIR/results.md and
//                                      DIR/results.json, prints the Markdown
//   bench_report --growth=A.json,B.json   prints how costs grow across runs (results.json files)
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/system/report.h"

ABSL_FLAG(std::string, results_dir, "", "directory holding one run's JSON files");
ABSL_FLAG(std::string, growth, "", "comma-separated results.json files, smallest scale first");

namespace chronicle::bench {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  std::stringstream content;
  content << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(content.str(), nullptr, false);
  if (json.is_discarded()) {
    std::cerr << "bench_report: " << path << " is not JSON; skipped\n";
    return nullptr;
  }
  return json;
}

int Run() {
  if (!absl::GetFlag(FLAGS_growth).empty()) {
    std::vector<nlohmann::json> runs;
    for (absl::string_view path : absl::StrSplit(absl::GetFlag(FLAGS_growth), ',', absl::SkipEmpty())) {
      nlohmann::json json = ReadJson(std::string(path));
      if (json.is_null()) {
        std::cerr << "bench_report: cannot read " << path << "\n";
        return 1;
      }
      runs.push_back(std::move(json));
    }
    std::cout << GrowthTable(runs);
    return 0;
  }
  const std::string dir = absl::GetFlag(FLAGS_results_dir);
  if (dir.empty()) {
    std::cerr << "bench_report: give --results_dir or --growth\n";
    return 2;
  }
  RunResults results;
  results.run = ReadJson(dir + "/run.json");
  results.machine = MachineInfo();
  results.corpus = ReadJson(dir + "/corpus.json");
  results.analysis = ReadJson(dir + "/analysis.json");
  results.chronicle = ReadJson(dir + "/chronicle.json");
  results.lucene = ReadJson(dir + "/lucene.json");
  results.postgres = ReadJson(dir + "/postgres.json");
  results.sqlite = ReadJson(dir + "/sqlite.json");
  const nlohmann::json combined = CombinedResults(results);
  const std::string markdown = MarkdownReport(combined);
  std::ofstream(dir + "/results.json") << combined.dump(1) << "\n";
  std::ofstream(dir + "/results.md") << markdown;
  std::cout << markdown;
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return chronicle::bench::Run();
}
