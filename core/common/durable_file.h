// Replacing a file so that a crash leaves either its old content or all of
// the new: written to "<path>.partial", fsync, renamed over `path`, and the
// directory fsync'ed so the rename itself survives. Used for every small
// file whose content is a commit point or part of one (segment files, the
// segment manifest and deletion bitmaps, the index's shard layout).
#ifndef CHRONICLE_CORE_COMMON_DURABLE_FILE_H_
#define CHRONICLE_CORE_COMMON_DURABLE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle {

// Errors: INTERNAL naming the failed step and the system's reason; the
// partial file is removed when writing or syncing it failed. `replaced`, if
// given, tells whether the rename happened: after a failed directory sync
// the path already shows `data`, durable or not.
absl::Status WriteFileDurably(const std::string& path, absl::string_view data, bool* replaced = nullptr);

// Makes the entries of the directory at `path` (files created, renamed or
// removed in it) durable. Errors: INTERNAL naming the directory.
absl::Status SyncDirectory(const std::string& path);

// The whole content of a file, read straight into a string of its size.
// Errors: NOT_FOUND when there is no such file (a reader beside a writer
// may find one a later commit removed); INTERNAL naming the failed step.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_DURABLE_FILE_H_
