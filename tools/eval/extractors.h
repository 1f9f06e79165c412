// The extraction step the evaluation tools measure, behind one signature so
// that other pipelines (e.g. the full article parser) can be evaluated with
// the same data, tokenisation and scoring.
#ifndef CHRONICLE_TOOLS_EVAL_EXTRACTORS_H_
#define CHRONICLE_TOOLS_EVAL_EXTRACTORS_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::eval {

// What an extractor returns for one HTML page.
struct ExtractedArticle {
  std::string body;  // the article text, blocks joined with "\n"
  // Publication date candidates found in the page's metadata, strongest
  // first, each with where it came from ("meta", "json-ld", "time", ...).
  // Empty values are allowed and ignored.
  std::vector<std::pair<std::string, std::string>> dates;
  // Free-form diagnostics for --show: the blocks with their kinds, what was
  // dropped and why, the metadata.
  std::string explanation;
};

using Extractor = std::function<absl::StatusOr<ExtractedArticle>(absl::string_view html)>;

struct ExtractorChoice {
  std::string name;
  std::string description;
  Extractor extractor;
};

// The extractors the tools can run, selected with --extractor=NAME. To add a
// pipeline, append an entry in extractors.cc.
std::vector<ExtractorChoice> AvailableExtractors();

}  // namespace chronicle::eval

#endif  // CHRONICLE_TOOLS_EVAL_EXTRACTORS_H_
