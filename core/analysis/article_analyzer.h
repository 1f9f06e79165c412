// Turns what a caller sent into the analysed article every other part of
// Chronicle works with: decoding, parsing, cleaning, sentences, dates, events,
// entities and duplicate fingerprints.
#ifndef CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_
#define CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/raw_article.pb.h"
#include "core/analysis/raw_article_checks.h"
#include "core/entities/extractor.h"
#include "core/temporal/tagger.h"

namespace chronicle::analysis {

struct AnalyzerOptions {
  ArticleLimits limits;
};

// Immutable after construction; Analyze may be called from many threads.
class ArticleAnalyzer {
 public:
  // Builds the tagger's and the entity extractor's tables (a few ms).
  static absl::StatusOr<std::unique_ptr<ArticleAnalyzer>> Create(AnalyzerOptions options = {});

  // Checks `raw` (CheckRawArticle), parses it, tags temporal expressions
  // against its publication date (relative dates stay unresolved without
  // one), anchors events, finds entities, and computes duplicate keys. The
  // result's id is ArticleIdFor(raw). Errors are INVALID_ARGUMENT naming the
  // RawArticle field at fault ("content: invalid UTF-8 at byte 17 ...").
  absl::StatusOr<v1::Article> Analyze(const v1::RawArticle& raw) const;

  const entities::EntityExtractor& entity_extractor() const { return entities_; }

 private:
  ArticleAnalyzer(AnalyzerOptions options, entities::EntityExtractor entities);

  const AnalyzerOptions options_;
  const temporal::TemporalTagger tagger_;
  const entities::EntityExtractor entities_;
};

}  // namespace chronicle::analysis

#endif  // CHRONICLE_CORE_ANALYSIS_ARTICLE_ANALYZER_H_
