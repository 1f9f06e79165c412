// The documents of a segment deleted or replaced since it was written.
//
// Segments never change, so a deletion is a bit in a bitmap beside the
// segment (Search's `deleted`). A commit that deletes from a segment writes
// its whole bitmap anew as a file of its own, which the manifest names next
// to the segment; merging drops the deleted documents for good. The file:
//
//   magic "CHRDEL\0\1", document count (u32), deleted count (u32),
//   the bitmap's words (u64, bit d of word d / 64 for document d),
//   CRC-32 of everything before (u32)
//
// Little-endian. Parse refuses anything inconsistent (DATA_LOSS): a count
// that is not the bitmap's, a bit past the last document.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_DELETIONS_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_DELETIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chronicle::index::segment {

class Deletions {
 public:
  Deletions() = default;
  explicit Deletions(uint32_t document_count) : document_count_(document_count), words_((document_count + 63) / 64) {}

  uint32_t document_count() const { return document_count_; }
  uint32_t deleted_count() const { return deleted_count_; }
  bool empty() const { return deleted_count_ == 0; }
  bool contains(uint32_t doc) const { return (words_[doc / 64] >> (doc % 64) & 1) != 0; }
  // Marks `doc` deleted; false when it already was. `doc` must be below
  // document_count().
  bool Delete(uint32_t doc);
  // The bitmap as Search takes it.
  absl::Span<const uint64_t> words() const { return words_; }

  std::string Serialize() const;
  // Errors: DATA_LOSS saying what is wrong.
  static absl::StatusOr<Deletions> Parse(absl::string_view bytes);

 private:
  uint32_t document_count_ = 0;
  uint32_t deleted_count_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_DELETIONS_H_
