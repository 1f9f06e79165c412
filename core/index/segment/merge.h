// Merging segments: one segment holding the live documents of several.
//
// Documents keep their order (the first input's, then the second's...), so a
// merge of neighbouring segments keeps the index in feed order, and deleted
// documents are dropped for good. Postings are copied term by term, block
// by block, without re-analysing any document: the result is the segment a
// SegmentBuilder would have made from the live documents in that order, to
// the byte (merge_test.cc checks it).
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_MERGE_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_MERGE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

struct MergeInput {
  const Segment* segment = nullptr;
  // Null: none of its documents deleted.
  const Deletions* deletions = nullptr;
};

// Errors: INVALID_ARGUMENT when a deletions bitmap is not its segment's
// size.
absl::StatusOr<Segment> MergeSegments(absl::Span<const MergeInput> inputs, int64_t applied_sequence);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_MERGE_H_
