#include "core/parse/parse_article.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/parse/blocks.h"
#include "core/parse/dates.h"
#include "core/parse/html_extract.h"
#include "core/parse/json_input.h"
#include "core/parse/pipeline.h"
#include "core/text/encoding.h"

namespace chronicle::parse {
namespace {

enum class Format { kText, kHtml, kJson };

struct ContentType {
  Format format = Format::kText;
  std::string charset;
};

absl::StatusOr<ContentType> ParseContentType(absl::string_view header) {
  ContentType result;
  std::vector<absl::string_view> parts = absl::StrSplit(header, ';');
  const std::string media = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
  if (media.empty() || media == "text/plain") {
    result.format = Format::kText;
  } else if (media == "text/html" || media == "application/xhtml+xml") {
    result.format = Format::kHtml;
  } else if (media == "application/json") {
    result.format = Format::kJson;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("content_type: unsupported \"", media.substr(0, 64),
                                                   "\" (expected text/plain, text/html or application/json)"));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    absl::string_view param = absl::StripAsciiWhitespace(parts[i]);
    if (absl::StartsWithIgnoreCase(param, "charset=")) {
      param.remove_prefix(8);
      param = absl::StripAsciiWhitespace(param);
      if (param.size() >= 2 && param.front() == '"' && param.back() == '"') param = param.substr(1, param.size() - 2);
      result.charset = std::string(param);
    }
  }
  return result;
}

bool IsUtf8Name(absl::string_view charset) {
  const std::string lower = absl::AsciiStrToLower(charset);
  return lower.empty() || lower == "utf-8" || lower == "utf8";
}

absl::StatusOr<std::string> DecodeToUtf8(absl::string_view content, const std::string& charset) {
  if (IsUtf8Name(charset)) {
    if (auto bad = text::FindInvalidUtf8(content)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "content: invalid UTF-8 at byte ", *bad, "; declare the charset if the text is not UTF-8"));
    }
    absl::ConsumePrefix(&content, "\xEF\xBB\xBF");
    return std::string(content);
  }
  auto converted = text::ConvertToUtf8(content, charset);
  if (!converted.ok()) {
    if (absl::StrContains(converted.status().message(), "unknown charset")) {
      return absl::InvalidArgumentError(absl::StrCat("charset: ", converted.status().message()));
    }
    return absl::InvalidArgumentError(absl::StrCat("content: ", converted.status().message()));
  }
  return converted;
}

void AddHtmlDate(const std::string& value, const char* origin, Draft& draft) {
  if (value.empty()) return;
  if (auto date = ParseDateString(value)) {
    date->origin = origin;
    draft.dates.push_back(*date);
  }
}

Block::Kind BlockKind(html::ContentBlock::Kind kind) {
  switch (kind) {
    case html::ContentBlock::Kind::kHeading:
      return Block::Kind::kHeading;
    case html::ContentBlock::Kind::kListItem:
      return Block::Kind::kListItem;
    case html::ContentBlock::Kind::kQuote:
      return Block::Kind::kQuote;
    default:
      return Block::Kind::kParagraph;
  }
}

Draft DraftFromHtml(const html::HtmlDocument& document) {
  const html::HtmlMetadata& meta = document.metadata;
  Draft draft;
  draft.infer_headings = false;
  for (const html::ContentBlock& content : document.blocks) {
    Block block;
    block.kind = BlockKind(content.kind);
    block.heading_level = content.heading_level;
    block.text = text::CollapseWhitespace(PrepareText(content.text));
    if (!block.text.empty()) draft.blocks.push_back(std::move(block));
  }
  const std::pair<const std::string*, const char*> titles[] = {
      {&meta.og_title, "og-title"}, {&meta.json_ld_headline, "json-ld"}, {&meta.h1, "h1"},
      {&meta.title_tag, "html-title"}};
  for (const auto& [value, origin] : titles) {
    if (!value->empty()) draft.titles.push_back({text::CollapseWhitespace(*value), origin});
  }
  draft.first_block_may_be_title = draft.titles.empty();
  AddHtmlDate(meta.json_ld_date_published, "json-ld", draft);
  AddHtmlDate(meta.published_time, "html-meta", draft);
  AddHtmlDate(meta.time_element, "time-element", draft);
  if (!meta.site_name.empty()) draft.sources.push_back({meta.site_name, "og-site-name"});
  if (!meta.json_ld_publisher.empty()) draft.sources.push_back({meta.json_ld_publisher, "json-ld"});
  if (!meta.authors.empty()) {
    draft.authors = meta.authors;
    draft.authors_origin = "html-meta";
  } else if (!meta.json_ld_authors.empty()) {
    draft.authors = meta.json_ld_authors;
    draft.authors_origin = "json-ld";
  }
  if (!meta.canonical_url.empty()) draft.urls.push_back({meta.canonical_url, "html-meta"});
  if (!meta.language.empty()) draft.languages.push_back({meta.language, "html-lang"});
  for (const html::DroppedBlock& dropped : document.dropped) {
    draft.removed.push_back({dropped.kind, dropped.text, dropped.reason});
  }
  return draft;
}

}  // namespace

absl::StatusOr<ParsedArticle> ParseHtmlDocument(const html::HtmlDocument& document, const RawInput& input,
                                                const ParseOptions& options) {
  return FinishArticle(DraftFromHtml(document), input, options);
}

absl::StatusOr<ParsedArticle> ParseArticle(const RawInput& input, const ParseOptions& options) {
  if (input.content.empty()) return absl::InvalidArgumentError("content: is empty");
  if (input.content.size() > options.max_content_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("content: ", input.content.size(), " bytes exceeds the limit of ",
                                                   options.max_content_bytes, " bytes"));
  }
  auto type = ParseContentType(input.content_type);
  if (!type.ok()) return type.status();
  // Caller overrides are checked before any work on the content.
  if (!input.published_at.empty() && !ParseDateString(input.published_at)) {
    return absl::InvalidArgumentError(absl::StrCat("published_at: \"", input.published_at.substr(0, 64),
                                                   "\" is not an RFC 3339 timestamp or YYYY-MM-DD date in years 2-9999"));
  }
  const std::string charset = !input.charset.empty() ? input.charset : type->charset;

  if (type->format == Format::kHtml) {
    auto document = ExtractHtmlPage(input.content, charset);
    if (!document.ok()) return document.status();
    return ParseHtmlDocument(*document, input, options);
  }
  auto utf8 = DecodeToUtf8(input.content, charset);
  if (!utf8.ok()) return utf8.status();
  if (type->format == Format::kJson) {
    auto draft = DraftFromJson(*utf8, options);
    if (!draft.ok()) return draft.status();
    return FinishArticle(*std::move(draft), input, options);
  }
  Draft draft;
  draft.blocks = SplitPlainText(PrepareText(*utf8));
  return FinishArticle(std::move(draft), input, options);
}

std::vector<NdjsonRecord> SplitNdjson(absl::string_view batch) {
  std::vector<NdjsonRecord> records;
  size_t line = 0;
  for (absl::string_view text : absl::StrSplit(batch, '\n')) {
    ++line;
    absl::ConsumeSuffix(&text, "\r");
    if (absl::StripAsciiWhitespace(text).empty()) continue;
    records.push_back({line, text});
  }
  return records;
}

}  // namespace chronicle::parse
