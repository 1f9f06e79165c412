#include "core/analysis/article_analyzer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/analysis/article_proto.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"
#include "core/events/event_anchor.h"
#include "core/parse/parse_article.h"

namespace chronicle::analysis {
namespace {

parse::RawInput InputOf(const v1::RawArticle& raw) {
  parse::RawInput input;
  input.content = raw.content();
  input.content_type = raw.content_type();
  input.title = raw.title();
  input.source = raw.source();
  input.url = raw.url();
  input.published_at = raw.published_at();
  input.language = raw.language();
  input.charset = raw.charset();
  return input;
}

// Relative dates ("on Sunday", "last year") count from the publication date,
// in the writer's own calendar: the civil date as written, not UTC.
absl::optional<temporal::ReferenceDate> ReferenceOf(const parse::ArticleMetadata& metadata) {
  if (!metadata.published.has_value() || !metadata.published->year_known) return absl::nullopt;
  const parse::PublicationDate& published = *metadata.published;
  temporal::ReferenceDate reference;
  reference.time = published.civil;
  reference.granularity = published.granularity == temporal::Granularity::kDay
                              ? temporal::Granularity::kDay
                              : temporal::Granularity::kSecond;
  return reference;
}

// Sentences of a trailing FAQ block are kept in the body but are not news of
// the article, so they make no events.
std::vector<events::SentenceSpan> EventCandidates(const v1::Article& article) {
  std::vector<events::SentenceSpan> spans;
  spans.reserve(article.sentences_size());
  for (const v1::Sentence& sentence : article.sentences()) {
    const bool in_faq = static_cast<int>(sentence.section()) < article.sections_size() &&
                        article.sections(static_cast<int>(sentence.section())).kind() ==
                            v1::Section::FAQ;
    spans.push_back({sentence.begin(), sentence.end(), !in_faq});
  }
  return spans;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ArticleAnalyzer>> ArticleAnalyzer::Create(AnalyzerOptions options) {
  ASSIGN_OR_RETURN(entities::EntityExtractor entities, entities::EntityExtractor::Create());
  return std::unique_ptr<ArticleAnalyzer>(new ArticleAnalyzer(std::move(options), std::move(entities)));
}

ArticleAnalyzer::ArticleAnalyzer(AnalyzerOptions options, entities::EntityExtractor entities)
    : options_(std::move(options)), entities_(std::move(entities)) {}

absl::StatusOr<v1::Article> ArticleAnalyzer::Analyze(const v1::RawArticle& raw) const {
  RETURN_IF_ERROR(CheckRawArticle(raw, options_.limits));
  parse::ParseOptions parse_options;
  parse_options.max_content_bytes = options_.limits.max_content_bytes;
  ASSIGN_OR_RETURN(parse::ParsedArticle parsed, parse::ParseArticle(InputOf(raw), parse_options));
  const absl::optional<temporal::ReferenceDate> reference = ReferenceOf(parsed.metadata);

  v1::Article article;
  article.set_id(ArticleIdFor(raw));
  article.set_url(raw.url().empty() ? parsed.metadata.canonical_url : raw.url());
  ToProto(std::move(parsed), &article);

  std::vector<temporal::TemporalExpression> expressions = tagger_.Tag(article.body(), reference);
  const std::vector<events::Event> events =
      events::AnchorEvents(article.body(), EventCandidates(article), expressions);
  AddTemporalExpressions(std::move(expressions), &article);
  AddEntities(entities_.Extract(article.body()), &article);
  AddEvents(events, &article);

  article.set_content_hash(dedup::ContentHash(article.metadata().title(), article.body()));
  article.set_simhash(dedup::NearDuplicateFingerprint(article.body()));
  return article;
}

}  // namespace chronicle::analysis
