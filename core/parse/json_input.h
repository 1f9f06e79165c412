// Internal to core/parse: one JSON article object to a Draft.
#ifndef CHRONICLE_CORE_PARSE_JSON_INPUT_H_
#define CHRONICLE_CORE_PARSE_JSON_INPUT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/parse/article.h"
#include "core/parse/pipeline.h"

namespace chronicle::parse {

// Reads title|headline|name, body|text|content|articleBody|article_body,
// date|published|published_at|publishedAt|datePublished|time|pubDate,
// url|link|canonical_url, source|publisher|site|site_name (a string or an
// object with name/title), author|authors|byline|creator (string, object with
// name, or array of either) and language|lang|locale. A body given as an
// array of strings is one paragraph per element. An object wrapped in
// {"article": {...}} or {"data": {...}} is unwrapped.
// Errors: INVALID_ARGUMENT "content: ..." for malformed JSON (with byte
// offset), nesting deeper than options.max_json_depth, a root that is not an
// object, and a missing or empty body.
absl::StatusOr<Draft> DraftFromJson(absl::string_view utf8, const ParseOptions& options);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_JSON_INPUT_H_
