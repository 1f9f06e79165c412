// schema.org metadata from <script type="application/ld+json">: the article
// object (NewsArticle, Article, BlogPosting, ...), also when it sits in an
// @graph array or under mainEntity.
#ifndef CHRONICLE_CORE_HTML_JSON_LD_H_
#define CHRONICLE_CORE_HTML_JSON_LD_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace chronicle::html {

struct JsonLdArticle {
  std::string type;  // "NewsArticle", ...
  bool is_article = false;  // type is one of the schema.org article types
  std::string headline;
  std::string date_published;
  std::string date_modified;
  std::string publisher;  // publisher.name
  std::vector<std::string> authors;  // author.name for each author
  std::string article_body;
  std::string url;
};

// Parses one JSON-LD script body and returns its first article-typed object
// (preferring one with a headline or articleBody); failing that, the first
// object of any type with a datePublished (a WebPage, a ClaimReview); or
// nullopt when there is neither or the text cannot be read even after repair. Tolerates what pages
// get wrong: HTML comment or CDATA wrappers, raw newlines and tabs inside
// strings, invalid escapes, trailing commas, JavaScript comments and several
// objects written one after the other. Never throws.
absl::optional<JsonLdArticle> ParseJsonLdArticle(absl::string_view script_text);

// Returns `json` with the repairs above applied (exposed for tests).
std::string RepairJson(absl::string_view json);

}  // namespace chronicle::html

#endif  // CHRONICLE_CORE_HTML_JSON_LD_H_
