// Reads article files from disk into RawArticles for ingest: the content type
// comes from the extension, and NDJSON files hold one JSON article per line.
#ifndef CHRONICLE_TOOLS_CHRONICLE_ARTICLE_FILES_H_
#define CHRONICLE_TOOLS_CHRONICLE_ARTICLE_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/raw_article.pb.h"

namespace chronicle::cli {

// .txt/.text/.md -> text/plain, .html/.htm -> text/html, .json -> application/json,
// .ndjson/.jsonl -> one application/json article per non-empty line. The
// article id is left empty: the service derives a stable one from the content.
// Errors: NOT_FOUND / INVALID_ARGUMENT naming the file.
absl::StatusOr<std::vector<v1::RawArticle>> ReadArticleFile(const std::string& path);

}  // namespace chronicle::cli

#endif  // CHRONICLE_TOOLS_CHRONICLE_ARTICLE_FILES_H_
