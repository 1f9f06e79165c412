// Scores the temporal tagger against a TimeML corpus, TempEval-3 style.
//
//   timeml_eval DATA_DIR [--errors=FILE]
//
// DATA_DIR holds one folder per sub-corpus (e.g. TimeBank/, AQUAINT/) of
// .tml files. Each document's <DCT> is the reference date. Prints extent
// precision/recall/F1 (strict and relaxed), type accuracy and value F1 per
// sub-corpus and overall. With --errors, writes every missed, spurious and
// wrong pair to FILE, one per line, prefixed by the document name.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "core/temporal/tagger.h"
#include "core/temporal/timeml.h"

namespace {

namespace fs = std::filesystem;
using chronicle::temporal::TimexScores;

void PrintRow(const std::string& name, const TimexScores& s) {
  std::printf("%-10s %5d %5d | %.3f %.3f %.3f | %.3f %.3f %.3f | %.3f | %.3f\n", name.c_str(),
              s.gold, s.predicted, s.StrictPrecision(), s.StrictRecall(), s.StrictF1(),
              s.RelaxedPrecision(), s.RelaxedRecall(), s.RelaxedF1(), s.TypeAccuracy(),
              s.ValueF1());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR [--errors=FILE]\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  std::string errors_path;
  for (int a = 2; a < argc; ++a) {
    const std::string arg = argv[a];
    if (absl::StartsWith(arg, "--errors=")) errors_path = arg.substr(9);
  }
  std::error_code ec;
  std::vector<fs::path> corpora;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (entry.is_directory()) corpora.push_back(entry.path());
  }
  if (ec) {
    std::fprintf(stderr, "cannot read %s: %s\n", root.c_str(), ec.message().c_str());
    return 1;
  }
  std::sort(corpora.begin(), corpora.end());
  std::ofstream errors_out;
  if (!errors_path.empty()) errors_out.open(errors_path);

  const chronicle::temporal::TemporalTagger tagger;
  std::printf("%-10s %5s %5s | %-17s | %-17s | %-5s | %s\n", "corpus", "gold", "pred",
              "strict P R F1", "relaxed P R F1", "type", "value F1");
  TimexScores all;
  for (const fs::path& corpus : corpora) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(corpus)) {
      if (entry.path().extension() == ".tml") files.push_back(entry.path());
    }
    if (files.empty()) continue;
    std::sort(files.begin(), files.end());
    TimexScores sum;
    for (const fs::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      auto doc = chronicle::temporal::ParseTimeMl(buffer.str());
      if (!doc.ok()) {
        std::fprintf(stderr, "%s: %s\n", file.c_str(), doc.status().ToString().c_str());
        continue;
      }
      const auto predicted = tagger.Tag(doc->body.text, doc->creation_time);
      std::vector<std::string> errors;
      sum.Add(chronicle::temporal::ScoreTimexes(doc->body, predicted,
                                                 errors_out.is_open() ? &errors : nullptr));
      for (const std::string& line : errors) {
        errors_out << file.filename().string() << "\t" << line << "\n";
      }
    }
    PrintRow(corpus.filename().string(), sum);
    all.Add(sum);
  }
  PrintRow("all", all);
  return 0;
}
