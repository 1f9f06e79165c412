// What an index directory holds:
//
//   SCHEMA       "chronicle-index <schema::kVersion>": written once, when the
//                index is created, before anything else
//   segments/    the articles' segment index (core/index/segment), which
//                searches and timelines read
//   duplicates/  the near-duplicates' segment index: each duplicate stored
//                under its original, for GetArticle and a result's similar
//                articles
//
// An index of another schema version, or of the layout before SCHEMA (Xapian
// databases), is refused: it is rebuilt from the feed.
#ifndef CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_
#define CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_

#include <string>

#include "absl/status/status.h"

namespace chronicle::index {

// Creates the index directory at `index_path` with its SCHEMA file when it
// is missing or empty. Errors: FAILED_PRECONDITION when it holds an index of
// another version or layout; INTERNAL on I/O errors.
absl::Status PrepareIndexDirectory(const std::string& index_path);

// Errors: FAILED_PRECONDITION when no index of this schema version is at
// `index_path` (none yet, another version, or another layout).
absl::Status CheckIndexDirectory(const std::string& index_path);

// Where the two segment indexes live inside the index at `index_path`.
std::string SegmentsPath(const std::string& index_path);
std::string DuplicatesPath(const std::string& index_path);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_
