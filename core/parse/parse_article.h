// Turns an article in any supported input format into one clean, structured
// article: metadata with the origin of each field, a cleaned body with
// sections, paragraphs and sentences, and the list of everything removed and
// why. See docs/parsing.md for the rules and measured quality.
#ifndef CHRONICLE_CORE_PARSE_PARSE_ARTICLE_H_
#define CHRONICLE_CORE_PARSE_PARSE_ARTICLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/html/html_document.h"
#include "core/parse/article.h"

namespace chronicle::parse {

// Parses `input` according to its content type:
// - "text/plain": layout analysis (paragraphs by blank lines or, for text
//   whose lines are paragraphs, by single newlines; headings; bullets), then
//   the shared cleanup.
// - "text/html": html::ExtractHtml, then ParseHtmlDocument.
// - "application/json": one article object (see ParseJsonArticle fields in
//   docs/parsing.md), its body treated as plain text.
// The shared cleanup moves datelines, bylines, the headline line and repeated
// titles out of the body, removes promotions, calls to action, newsletter
// and follow lines and chatbot disclaimers (unless
// options.remove_boilerplate is false), marks a trailing FAQ block, and
// splits sentences. Caller values in `input` always win over found ones.
//
// Errors (all INVALID_ARGUMENT, the message starts with the field name):
// "content: ..." for empty or oversized content, invalid UTF-8 without a
// declared charset (with the byte offset), bytes invalid in the declared
// charset, malformed or too deeply nested JSON, a JSON article without a
// body, and content with no article text left after cleanup;
// "content_type: ..." for an unsupported type; "charset: ..." for an unknown
// charset; "published_at: ..." for a caller date that cannot be parsed.
// Thread-safe; allocates per call only.
absl::StatusOr<ParsedArticle> ParseArticle(const RawInput& input, const ParseOptions& options = {});

// The HTML path after extraction: metadata candidates from `document`
// (og:title, JSON-LD, h1, <title>, meta dates, <time>, og:site_name, authors,
// canonical URL, <html lang>), its blocks through the same cleanup as plain
// text (its headings open sections; an h1 equal to the title is a repeated
// title), and its dropped blocks listed as removed blocks. `input.content` is
// not read; the overrides in `input` still win. Errors as for ParseArticle.
absl::StatusOr<ParsedArticle> ParseHtmlDocument(const html::HtmlDocument& document, const RawInput& input,
                                                const ParseOptions& options = {});

// One record of an NDJSON batch.
struct NdjsonRecord {
  size_t line = 0;        // 1-based line number in the batch
  absl::string_view json;  // the line without its line break; points into the batch
};

// Splits an NDJSON batch (one JSON object per line; CRLF accepted; blank lines
// skipped) into records without parsing them, so that one malformed line
// fails only its own ParseArticle call.
std::vector<NdjsonRecord> SplitNdjson(absl::string_view batch);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_PARSE_ARTICLE_H_
