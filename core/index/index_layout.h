// Where an index's Xapian databases live.
//
// An index is either one Xapian database in its directory, or several shards
// that each hold a disjoint share of the articles (an article's events stay
// with it) in "shard-0", "shard-1", ... under the directory, listed in a
// Xapian stub file ("XAPIANDB"), so Xapian's own tools open the whole index
// as one. Shards let several threads write at once: Xapian has one writer per
// database.
#ifndef CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_
#define CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::index {

// The databases of the index at `index_path`: the shards its stub file lists,
// or the directory itself when it has none (a single database, or no index
// yet). Errors: DATA_LOSS when the stub file cannot be read or parsed.
absl::StatusOr<std::vector<std::string>> ShardPaths(const std::string& index_path);

// Whether `index_path` holds one unsharded Xapian database.
bool HoldsSingleDatabase(const std::string& index_path);

// Creates the directory and a stub file listing `shards` shard directories
// (which the writer then creates), replacing the stub atomically. Errors:
// UNAVAILABLE when the files cannot be written.
absl::Status WriteShardedLayout(const std::string& index_path, int shards);

// Where the segment engine's index lives inside the index at `index_path`.
std::string SegmentsPath(const std::string& index_path);

// The shard that holds an article: stable across processes and versions,
// since a rebuilt or restarted writer must route an update where the article
// already is.
size_t ShardOf(absl::string_view article_id, size_t shard_count);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_LAYOUT_H_
