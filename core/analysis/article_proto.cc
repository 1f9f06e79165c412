#include "core/analysis/article_proto.h"

#include <utility>

namespace chronicle::analysis {
namespace {

v1::Granularity ToProto(parse::Granularity granularity) {
  switch (granularity) {
    case parse::Granularity::kDay:
      return v1::DAY;
    case parse::Granularity::kMinute:
      return v1::MINUTE;
    case parse::Granularity::kSecond:
      return v1::SECOND;
    default:
      return v1::GRANULARITY_UNSPECIFIED;
  }
}

void ToProto(const parse::PublicationDate& date, v1::PublicationDate* published) {
  published->set_value(date.value);
  published->set_granularity(ToProto(date.granularity));
  published->set_origin(date.origin);
  published->set_year_known(date.year_known);
  if (date.year_known) {
    const int64_t micros = absl::ToUnixMicros(date.UtcInstant());
    published->mutable_time()->set_seconds(micros / 1000000);
    published->mutable_time()->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
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

}  // namespace

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
