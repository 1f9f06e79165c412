// A new replica's index copied from a serving one, instead of replayed from
// the whole feed (docs/operations.md, "A replica from a peer").
//
// The sending side is a reader's view: the snapshots of the two segment
// indexes (index_layout.h), whose segments stay mapped while they are sent,
// whatever later commits and merges remove from the directory. Segment files
// never change once written, so their bytes are the copy; each comes with
// its deletion bitmap, and each index with the applied sequence its manifest
// records.
//
// IndexSeeder writes such a copy beside the new index ("<index>.seeding"):
// each segment file as its bytes arrive, synced and checked (its CRC-32s)
// when it ends; each index committed through a manifest of its own, as the
// writer would; then the whole directory renamed into place. A copy cut
// short leaves no index (the next start removes the partial one), and a
// finished one opens like any index: the writer resumes after the lower of
// the two sequences and follows the feed from there.
#ifndef CHRONICLE_CORE_INDEX_INDEX_SEED_H_
#define CHRONICLE_CORE_INDEX_INDEX_SEED_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/index/segment/segment_directory.h"
#include "core/index/segment/segment_index.h"

namespace chronicle::index {

enum class IndexPart { kArticles, kDuplicates };

class IndexSeeder {
 public:
  // Starts a copy for the index at `index_path`, removing what an earlier
  // copy cut short left. Errors: FAILED_PRECONDITION when an index is
  // already there (a replica that has one resumes from it instead);
  // INTERNAL on I/O errors.
  static absl::StatusOr<std::unique_ptr<IndexSeeder>> Start(const std::string& index_path);
  // Removes the copy unless Finish() succeeded.
  ~IndexSeeder();

  // The next bytes of `part`'s current segment file.
  absl::Status Append(IndexPart part, absl::string_view bytes);
  // Ends the current segment of `part` with its deletions (a serialized
  // segment::Deletions; empty: none): the file is synced and read back,
  // checksums checked. Errors: DATA_LOSS when the bytes are not a whole
  // segment or the deletions do not fit it; INTERNAL on I/O errors.
  absl::Status EndSegment(IndexPart part, absl::string_view deletions);
  // Commits `part`'s segments, in the order they came, at
  // `applied_sequence`. Errors: FAILED_PRECONDITION when a segment is still
  // open or the part was committed already; the directory's otherwise.
  absl::Status EndPart(IndexPart part, int64_t applied_sequence);
  // Moves the copy into place once both parts are committed. Errors:
  // FAILED_PRECONDITION before that; INTERNAL on I/O errors.
  absl::Status Finish();

  int64_t bytes_received() const { return bytes_received_; }

 private:
  struct Part;
  IndexSeeder(std::string index_path, std::string seeding_path, std::unique_ptr<Part> articles,
              std::unique_ptr<Part> duplicates);
  Part& PartOf(IndexPart part) { return part == IndexPart::kArticles ? *articles_ : *duplicates_; }

  const std::string index_path_;
  const std::string seeding_path_;
  std::unique_ptr<Part> articles_;
  std::unique_ptr<Part> duplicates_;
  int64_t bytes_received_ = 0;
  bool finished_ = false;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_SEED_H_
