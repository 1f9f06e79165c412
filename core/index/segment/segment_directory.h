// A directory of segments and the commit point that names them.
//
// The directory holds segment files (segment-<n>) and one MANIFEST: which
// segment files make up the index, their sizes, and the feed sequence they
// reflect together. A commit writes the new segment files (each durable
// before it is named), then the next MANIFEST through a temporary file,
// fsync, rename and directory fsync, and only then removes the files the new
// manifest no longer names. So a kill -9 or an I/O error at any point leaves
// either the old manifest or the new one, and the applied sequence a
// directory reports always describes exactly the files its manifest names:
// a replica resuming from it neither skips nor repeats a change. Files no
// manifest names (a commit cut short) are removed when the directory opens.
//
// The MANIFEST is text, one fact per line, its last line a CRC-32 of the
// lines before:
//
//   chronicle-segments 1
//   generation 7
//   applied_sequence 12345
//   segment segment-3 2093156 deletes-7-0 1284
//   segment segment-7 18811
//   crc32 1a2b3c4d
//
// A segment line names the segment file and its size, then, when documents
// of it were deleted since it was written, its deletions file (deletions.h)
// and that file's size.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_DIRECTORY_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_DIRECTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

struct Manifest {
  struct Entry {
    std::string file;  // a name inside the directory
    uint64_t bytes = 0;
    std::string deletions_file;  // empty: none deleted
    uint64_t deletions_bytes = 0;
  };
  int64_t generation = 0;  // 0: nothing committed yet
  int64_t applied_sequence = 0;
  std::vector<Entry> segments;
};

std::string SerializeManifest(const Manifest& manifest);
// Errors: DATA_LOSS saying which line is wrong.
absl::StatusOr<Manifest> ParseManifest(absl::string_view text);

// For readers beside the writer (another thread or process): the manifest
// of the directory at `path` as last committed, without opening the
// directory for writing (which would remove files a commit is writing);
// generation 0 when nothing was committed yet. Errors: DATA_LOSS when
// damaged; INTERNAL on I/O errors.
absl::StatusOr<Manifest> ReadManifest(const std::string& path);
// The deletions file of `entry` in the directory at `path`; no file:
// nothing deleted. Errors: DATA_LOSS when damaged or not of the segment's
// size; NOT_FOUND when the file is gone (a later commit replaced it);
// INTERNAL on other I/O errors.
absl::StatusOr<Deletions> ReadDeletions(const std::string& path, const Manifest::Entry& entry,
                                        uint32_t document_count);

class SegmentDirectory {
 public:
  // Opens the directory at `path`, creating it when missing; removes files
  // its manifest does not name. Errors: DATA_LOSS when the manifest is
  // damaged or a segment it names is missing or of another size (the index
  // must then be rebuilt: it cannot hold what it claims); INTERNAL on I/O
  // errors.
  static absl::StatusOr<SegmentDirectory> Open(const std::string& path);

  const Manifest& manifest() const { return manifest_; }
  const std::string& path() const { return path_; }

  // Reads every segment the manifest names, in its order. Errors: those of
  // Segment::Read.
  absl::StatusOr<std::vector<Segment>> ReadSegments() const;

  // Reads the deletions file of `entry` (one of manifest().segments); no
  // file: nothing deleted. Errors: DATA_LOSS when damaged or not of the
  // segment's size; INTERNAL on I/O errors.
  absl::StatusOr<Deletions> ReadDeletions(const Manifest::Entry& entry, uint32_t document_count) const;

  // A name for a segment file written outside a commit (a merge's, on its
  // own thread), which Commit can then adopt. Until it is adopted or
  // released the directory leaves that file alone.
  std::string ReserveName();
  void ReleaseName(const std::string& name);

  // One segment of the next commit.
  struct CommitEntry {
    // A segment the manifest names (its file name), or a new one to write,
    // or a file already written durably under a reserved name (`adopted`,
    // with `added` its segment).
    std::string kept;
    const Segment* added = nullptr;
    // Its deletions, written as a new file when given; otherwise a kept
    // segment keeps the file it has (if any) and a new one has none.
    const Deletions* deletions = nullptr;
    std::string adopted = {};
  };
  // Commits the index made of `segments`, in this order, reflecting the feed
  // up to `applied_sequence`. On error the directory still holds the previous
  // commit, which manifest() keeps describing. Errors: INVALID_ARGUMENT for a
  // kept name the manifest does not hold; INTERNAL on I/O errors.
  absl::Status Commit(const std::vector<CommitEntry>& segments, int64_t applied_sequence);
  // The same with the files in `kept` (their deletions unchanged) followed
  // by the segments in `added`.
  absl::Status Commit(const std::vector<std::string>& kept, const std::vector<const Segment*>& added,
                      int64_t applied_sequence);

 private:
  SegmentDirectory(std::string path, Manifest manifest) : path_(std::move(path)), manifest_(std::move(manifest)) {}
  absl::Status RemoveUnnamedFiles() const;

  std::string path_;
  Manifest manifest_;
  absl::flat_hash_set<std::string> reserved_;
  int64_t reservations_ = 0;
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_DIRECTORY_H_
