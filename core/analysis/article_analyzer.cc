#include "core/analysis/article_analyzer.h"

#include <string>
#include <utility>

#include "core/analysis/article_proto.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"
#include "core/parse/parse_article.h"

namespace chronicle::analysis {

ArticleAnalyzer::ArticleAnalyzer(AnalyzerOptions options) : options_(std::move(options)) {}

absl::StatusOr<v1::Article> ArticleAnalyzer::Analyze(const v1::RawArticle& raw) const {
  RETURN_IF_ERROR(CheckRawArticle(raw, options_.limits));
  parse::RawInput input;
  input.content = raw.content();
  input.content_type = raw.content_type();
  input.title = raw.title();
  input.source = raw.source();
  input.url = raw.url();
  input.published_at = raw.published_at();
  input.language = raw.language();
  input.charset = raw.charset();
  parse::ParseOptions parse_options;
  parse_options.max_content_bytes = options_.limits.max_content_bytes;
  ASSIGN_OR_RETURN(parse::ParsedArticle parsed, parse::ParseArticle(input, parse_options));

  v1::Article article;
  article.set_id(ArticleIdFor(raw));
  article.set_url(raw.url().empty() ? parsed.metadata.canonical_url : raw.url());
  ToProto(std::move(parsed), &article);
  article.set_content_hash(dedup::ContentHash(article.metadata().title(), article.body()));
  article.set_simhash(dedup::NearDuplicateFingerprint(article.body()));
  return article;
}

}  // namespace chronicle::analysis
