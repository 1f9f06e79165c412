// The structured article that core/parse produces from any input format.
//
// Plain C++ mirror of chronicle.v1.Article's parsing part
// (proto/chronicle/v1/article.proto): field names and meanings match so that
// the conversion is one-to-one. All offsets are byte offsets into
// ParsedArticle::body (UTF-8, NFC), half-open [begin, end).
#ifndef CHRONICLE_CORE_PARSE_ARTICLE_H_
#define CHRONICLE_CORE_PARSE_ARTICLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "core/temporal/types.h"

namespace chronicle::parse {

// A publication date as written in the input.
struct PublicationDate {
  // Civil (wall-clock) time as written; midnight when only the day is known.
  absl::CivilSecond civil;
  // Offset from UTC in minutes when the input gave a zone ("+09:00", "Z",
  // "GMT", "KST"); nullopt when it did not.
  absl::optional<int> utc_offset_minutes;
  // False for a year-less dateline ("NEW YORK, March 3 -") that no reference
  // date resolved; `civil.year()` is then meaningless.
  bool year_known = true;
  // kDay, kMinute or kSecond.
  temporal::Granularity granularity = temporal::Granularity::kUnknown;
  // TIMEX3-style value: "2023-12-11", "2023-12-11T09:30+09:00",
  // "1987-02-26T15:01:01", "XXXX-03-03" (year unknown).
  std::string value;
  // "caller", "dateline", "html-meta", "json-ld", "time-element", "json".
  std::string origin;

  // The UTC instant (proto `time`): the civil time minus the offset, taken as
  // UTC when no zone was given; midnight UTC for a day. Meaningless when
  // !year_known.
  absl::Time UtcInstant() const;
};

struct ArticleMetadata {
  std::string title;
  // "caller", "first-line", "html-title", "og-title", "h1", "json-ld", "json",
  // and when nothing names a title, "first-heading" or "first-sentence".
  std::string title_origin;
  absl::optional<PublicationDate> published;
  std::string source;
  // "caller", "byline", "dateline", "follow-line", "og-site-name", "json-ld",
  // "json", "title-suffix".
  std::string source_origin;
  std::vector<std::string> authors;
  // "byline", "html-meta", "json-ld", "json".
  std::string authors_origin;
  std::string canonical_url;
  // "caller", "html-meta", "json".
  std::string canonical_url_origin;
  // BCP 47 tag ("en").
  std::string language;
  // "caller", "html-lang", "json", "detected", "default".
  std::string language_origin;
};

struct Section {
  enum class Kind { kBody, kFaq };
  // Heading text; empty for the untitled first section.
  std::string heading;
  size_t begin = 0;
  size_t end = 0;  // may equal begin for a heading directly followed by another
  Kind kind = Kind::kBody;
};

struct Paragraph {
  enum class Kind { kText, kListItem, kQuote };
  size_t begin = 0;
  size_t end = 0;
  size_t section = 0;  // index into ParsedArticle::sections
  Kind kind = Kind::kText;
};

struct Sentence {
  size_t begin = 0;
  size_t end = 0;
  std::string text;  // body.substr(begin, end - begin)
  size_t paragraph = 0;
  size_t section = 0;
};

// Text that was in the input but is not part of the body.
struct RemovedBlock {
  // "dateline", "byline", "title", "repeated-title", "promotion",
  // "call-to-action", "newsletter", "follow-line", "chatbot-disclaimer", and
  // the HTML extractor's kinds ("navigation", "footer", ...).
  std::string kind;
  std::string text;
  // Why, in words ("matches a call-to-action phrase").
  std::string reason;
};

struct ParsedArticle {
  ArticleMetadata metadata;
  // Cleaned text: UTF-8, NFC, white space collapsed inside paragraphs,
  // paragraphs separated by "\n\n". Headings are not part of the body; they
  // are Section::heading.
  std::string body;
  std::vector<Section> sections;
  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
  std::vector<RemovedBlock> removed_blocks;
};

// What a caller hands to ParseArticle (mirrors chronicle.v1.RawArticle).
struct RawInput {
  // The article bytes; must outlive the ParseArticle call.
  absl::string_view content;
  // "text/plain", "text/html" or "application/json", optionally with
  // parameters ("text/plain; charset=ISO-8859-1"). Empty means text/plain.
  std::string content_type;
  // Caller overrides; empty means "not given". They always win over values
  // found in the content.
  std::string title;
  std::string source;
  std::string url;
  std::string published_at;  // RFC 3339 timestamp or YYYY-MM-DD
  std::string language;
  std::string charset;  // wins over a charset parameter in content_type
};

struct ParseOptions {
  // Larger content is rejected with INVALID_ARGUMENT. The service caps
  // content at 16 MiB; see docs/parsing.md for the recommended limit.
  size_t max_content_bytes = size_t{16} << 20;
  // JSON nested deeper than this is rejected (protects the parser's stack).
  int max_json_depth = 64;
  // Resolves the year of a year-less dateline ("OSLO, March 12 -"): the year
  // that puts the date closest before (at most 7 days after) this day. When
  // unset such a date keeps year_known = false.
  absl::optional<absl::CivilDay> reference_date;
  // Boilerplate removal (promotion, call-to-action, newsletter, follow-line,
  // chatbot disclaimer). Datelines, bylines and repeated titles are always
  // moved out of the body.
  bool remove_boilerplate = true;
  // Language when neither the caller nor the content tells and detection is
  // unsure.
  std::string default_language = "en";
};

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_ARTICLE_H_
