// Turns what a caller sent into the analysed article every other part of
// Chronicle works with: decoding, parsing, cleaning, sentences, dates, events,
// entities and duplicate fingerprints.
#ifndef CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_
#define CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_

#include "absl/status/statusor.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/raw_article.pb.h"
#include "core/analysis/raw_article_checks.h"

namespace chronicle::analysis {

struct AnalyzerOptions {
  ArticleLimits limits;
};

// Immutable after construction; Analyze may be called from many threads.
class ArticleAnalyzer {
 public:
  explicit ArticleAnalyzer(AnalyzerOptions options = {});

  // Checks `raw` (CheckRawArticle), then parses and analyses it. The result's
  // id is ArticleIdFor(raw). Errors are INVALID_ARGUMENT naming the field of
  // RawArticle at fault ("content: invalid UTF-8 at byte 17 ...").
  absl::StatusOr<v1::Article> Analyze(const v1::RawArticle& raw) const;

 private:
  AnalyzerOptions options_;
};

}  // namespace chronicle::analysis

#endif  // CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_
