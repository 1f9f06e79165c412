#include "core/analysis/article_proto.h"

#include <algorithm>
#include <utility>

#include "absl/time/time.h"
#include "core/common/timestamp_range.h"

namespace chronicle::analysis {
namespace {

// temporal::Granularity lists the API's granularities in the same order, so
// that a cast converts it.
static_assert(static_cast<int>(temporal::Granularity::kUnknown) == v1::GRANULARITY_UNSPECIFIED);
static_assert(static_cast<int>(temporal::Granularity::kCentury) == v1::CENTURY);
static_assert(static_cast<int>(temporal::Granularity::kDecade) == v1::DECADE);
static_assert(static_cast<int>(temporal::Granularity::kYear) == v1::YEAR);
static_assert(static_cast<int>(temporal::Granularity::kQuarter) == v1::QUARTER);
static_assert(static_cast<int>(temporal::Granularity::kMonth) == v1::MONTH);
static_assert(static_cast<int>(temporal::Granularity::kWeek) == v1::WEEK);
static_assert(static_cast<int>(temporal::Granularity::kDay) == v1::DAY);
static_assert(static_cast<int>(temporal::Granularity::kHour) == v1::HOUR);
static_assert(static_cast<int>(temporal::Granularity::kMinute) == v1::MINUTE);
static_assert(static_cast<int>(temporal::Granularity::kSecond) == v1::SECOND);

v1::Granularity ToProto(temporal::Granularity granularity) { return static_cast<v1::Granularity>(granularity); }

void ToProto(const parse::PublicationDate& date, v1::PublicationDate* published) {
  published->set_value(date.value);
  published->set_granularity(ToProto(date.granularity));
  published->set_origin(date.origin);
  published->set_year_known(date.year_known);
  // The parser refuses dates outside years 2-9999; an instant out of range
  // here would make the reply undecodable for protojson clients.
  if (date.year_known && InTimestampRange(date.UtcInstant())) {
    SetTimestampInRange(date.UtcInstant(), published->mutable_time());
  }
}

void ToProto(parse::ArticleMetadata metadata, v1::ArticleMetadata* out) {
  out->set_title(std::move(metadata.title));
  out->set_title_origin(std::move(metadata.title_origin));
  if (metadata.published.has_value()) ToProto(*metadata.published, out->mutable_published());
  out->set_source(std::move(metadata.source));
  out->set_source_origin(std::move(metadata.source_origin));
  for (std::string& author : metadata.authors) out->add_authors(std::move(author));
  out->set_authors_origin(std::move(metadata.authors_origin));
  out->set_canonical_url(std::move(metadata.canonical_url));
  out->set_canonical_url_origin(std::move(metadata.canonical_url_origin));
  out->set_language(std::move(metadata.language));
  out->set_language_origin(std::move(metadata.language_origin));
}

v1::Paragraph::Kind ToProto(parse::Paragraph::Kind kind) {
  switch (kind) {
    case parse::Paragraph::Kind::kListItem:
      return v1::Paragraph::LIST_ITEM;
    case parse::Paragraph::Kind::kQuote:
      return v1::Paragraph::QUOTE;
    default:
      return v1::Paragraph::TEXT;
  }
}

// Civil times from the tagger are read as UTC: the resolved interval of
// "December 24, 2019" is that calendar day, wherever it was written.
void SetTimestamp(const absl::CivilSecond& civil, google::protobuf::Timestamp* timestamp) {
  SetTimestampInRange(absl::FromCivil(civil, absl::UTCTimeZone()), timestamp);
}

void ToProto(const temporal::Interval& interval, v1::TimeInterval* out) {
  SetTimestamp(interval.start, out->mutable_start());
  SetTimestamp(interval.end, out->mutable_end());
  out->set_granularity(ToProto(interval.granularity));
}

v1::TemporalExpression::Type ToProto(temporal::TimexType type) {
  switch (type) {
    case temporal::TimexType::kTime:
      return v1::TemporalExpression::TIME;
    case temporal::TimexType::kDuration:
      return v1::TemporalExpression::DURATION;
    case temporal::TimexType::kSet:
      return v1::TemporalExpression::SET;
    default:
      return v1::TemporalExpression::DATE;
  }
}

v1::Entity::Type ToProto(entities::EntityType type) {
  switch (type) {
    case entities::EntityType::kOrganization:
      return v1::Entity::ORGANIZATION;
    case entities::EntityType::kLocation:
      return v1::Entity::LOCATION;
    default:
      return v1::Entity::PERSON;
  }
}

// Index of the sentence containing byte `offset` (sentences are in order).
uint32_t SentenceAt(const v1::Article& article, size_t offset) {
  const auto& sentences = article.sentences();
  auto after = std::upper_bound(sentences.begin(), sentences.end(), offset,
                                [](size_t value, const v1::Sentence& s) { return value < s.begin(); });
  return after == sentences.begin() ? 0 : static_cast<uint32_t>(after - sentences.begin() - 1);
}

}  // namespace

void AddTemporalExpressions(std::vector<temporal::TemporalExpression> expressions,
                            v1::Article* article) {
  for (temporal::TemporalExpression& expression : expressions) {
    v1::TemporalExpression* out = article->add_temporal_expressions();
    out->set_sentence(SentenceAt(*article, expression.begin));
    out->set_text(std::move(expression.text));
    out->set_begin(static_cast<uint32_t>(expression.begin));
    out->set_end(static_cast<uint32_t>(expression.end));
    out->set_type(ToProto(expression.type));
    out->set_value(std::move(expression.value));
    out->set_mod(std::move(expression.mod));
    if (expression.resolved.has_value()) ToProto(*expression.resolved, out->mutable_resolved());
  }
}

void AddEntities(std::vector<entities::Entity> entities, v1::Article* article) {
  for (entities::Entity& entity : entities) {
    v1::Entity* out = article->add_entities();
    out->set_id(std::move(entity.id));
    out->set_name(std::move(entity.name));
    out->set_type(ToProto(entity.type));
    for (std::string& alias : entity.aliases) out->add_aliases(std::move(alias));
    for (entities::Mention& mention : entity.mentions) {
      v1::Mention* out_mention = out->add_mentions();
      out_mention->set_begin(static_cast<uint32_t>(mention.begin));
      out_mention->set_end(static_cast<uint32_t>(mention.end));
      out_mention->set_text(std::move(mention.text));
      out_mention->set_role(std::move(mention.role));
    }
    out->set_located_in(std::move(entity.located_in));
  }
}

void AddEvents(const std::vector<events::Event>& events, v1::Article* article) {
  for (const events::Event& event : events) {
    const v1::Sentence& sentence = article->sentences(static_cast<int>(event.sentence_index));
    v1::Event* out = article->add_events();
    ToProto(event.interval, out->mutable_when());
    out->set_date_value(event.value);
    out->set_anchor(static_cast<uint32_t>(event.expression_index));
    out->set_sentence(static_cast<uint32_t>(event.sentence_index));
    out->set_text(sentence.text());
    out->set_begin(sentence.begin());
    out->set_end(sentence.end());
    for (const v1::Entity& entity : article->entities()) {
      const bool mentioned = std::any_of(
          entity.mentions().begin(), entity.mentions().end(), [&](const v1::Mention& mention) {
            return mention.begin() >= sentence.begin() && mention.end() <= sentence.end();
          });
      if (mentioned) out->add_entity_ids(entity.id());
    }
  }
}

void ToProto(parse::ParsedArticle parsed, v1::Article* article) {
  ToProto(std::move(parsed.metadata), article->mutable_metadata());
  article->set_body(std::move(parsed.body));
  for (parse::Section& section : parsed.sections) {
    v1::Section* out = article->add_sections();
    out->set_heading(std::move(section.heading));
    out->set_begin(static_cast<uint32_t>(section.begin));
    out->set_end(static_cast<uint32_t>(section.end));
    out->set_kind(section.kind == parse::Section::Kind::kFaq ? v1::Section::FAQ : v1::Section::BODY);
  }
  for (const parse::Paragraph& paragraph : parsed.paragraphs) {
    v1::Paragraph* out = article->add_paragraphs();
    out->set_begin(static_cast<uint32_t>(paragraph.begin));
    out->set_end(static_cast<uint32_t>(paragraph.end));
    out->set_section(static_cast<uint32_t>(paragraph.section));
    out->set_kind(ToProto(paragraph.kind));
  }
  for (parse::Sentence& sentence : parsed.sentences) {
    v1::Sentence* out = article->add_sentences();
    out->set_begin(static_cast<uint32_t>(sentence.begin));
    out->set_end(static_cast<uint32_t>(sentence.end));
    out->set_text(std::move(sentence.text));
    out->set_paragraph(static_cast<uint32_t>(sentence.paragraph));
    out->set_section(static_cast<uint32_t>(sentence.section));
  }
  for (parse::RemovedBlock& block : parsed.removed_blocks) {
    v1::RemovedBlock* out = article->add_removed_blocks();
    out->set_kind(std::move(block.kind));
    out->set_text(std::move(block.text));
    out->set_reason(std::move(block.reason));
  }
}

}  // namespace chronicle::analysis
