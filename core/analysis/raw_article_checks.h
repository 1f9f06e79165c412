// Checks on what a caller sends, before any work is done on it, and the stable
// id given to articles that arrive without one. Content type, charset, UTF-8
// and dates are checked by the parser, which has to read them anyway.
#ifndef CHRONICLE_CORE_ANALYSIS_RAW_ARTICLE_CHECKS_H_
#define CHRONICLE_CORE_ANALYSIS_RAW_ARTICLE_CHECKS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/raw_article.pb.h"

namespace chronicle::analysis {

// Limits on one article; documented in docs/api.md.
struct ArticleLimits {
  size_t max_content_bytes = 16 << 20;
  size_t max_id_bytes = 256;
  size_t max_metadata_bytes = 4096;  // url, source, title, ... each
};

// Checks sizes and the id. Error messages start with the field name relative
// to RawArticle ("content: must not be empty"); callers add the path of the
// RawArticle in their request (WithFieldPath).
absl::Status CheckRawArticle(const v1::RawArticle& raw, const ArticleLimits& limits);

// A caller-supplied id, or one derived from the URL (so re-sending an article
// from the same address finds it again) or, without a URL, from the content.
std::string ArticleIdFor(const v1::RawArticle& raw);

// Prefixes the message of an INVALID_ARGUMENT status with `path` ("article."),
// leaving other statuses as they are.
absl::Status WithFieldPath(absl::Status status, absl::string_view path);

}  // namespace chronicle::analysis

#endif  // CHRONICLE_CORE_ANALYSIS_RAW_ARTICLE_CHECKS_H_
