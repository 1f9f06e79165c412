// The whole analysis of a fuzzed article, for the article fuzzers: whatever
// the input, every Timestamp in the analysed article must be one a protojson
// client can decode (a single one out of range and the caller gets no reply).
#ifndef CHRONICLE_TESTS_FUZZ_ANALYSIS_CHECK_H_
#define CHRONICLE_TESTS_FUZZ_ANALYSIS_CHECK_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "core/analysis/article_analyzer.h"
#include "tests/support/timestamps_in_range.h"

namespace chronicle::fuzz {

inline void CheckAnalysedTimestamps(absl::string_view content, const std::string& content_type,
                                    const std::string& charset) {
  // Loading the gazetteer takes a while: once per fuzzing process.
  static const analysis::ArticleAnalyzer* const analyzer = [] {
    auto created = analysis::ArticleAnalyzer::Create();
    if (!created.ok()) __builtin_trap();
    return created->release();
  }();
  v1::RawArticle raw;
  raw.set_content(std::string(content));
  raw.set_content_type(content_type);
  if (!charset.empty()) raw.set_charset(charset);
  auto article = analyzer->Analyze(raw);
  if (article.ok() && !testing::TimestampsOutOfRange(*article).empty()) __builtin_trap();
}

}  // namespace chronicle::fuzz

#endif  // CHRONICLE_TESTS_FUZZ_ANALYSIS_CHECK_H_
