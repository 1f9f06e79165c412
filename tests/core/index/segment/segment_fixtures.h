// Small segments for the directory tests: document d holds "word" d+1 times,
// so a set of segments tells which documents it holds.
#ifndef CHRONICLE_TESTS_CORE_INDEX_SEGMENT_SEGMENT_FIXTURES_H_
#define CHRONICLE_TESTS_CORE_INDEX_SEGMENT_SEGMENT_FIXTURES_H_

#include <cstdint>
#include <vector>

#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

// Documents first..first+count-1 of the feed, as one segment.
inline Segment SegmentOfDocuments(uint32_t first, uint32_t count) {
  SegmentBuilder builder;
  for (uint32_t d = first; d < first + count; ++d) {
    builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"word", d + 1, {}}}, kNoTime, "");
  }
  return *std::move(builder).Finish(first + count);
}

// Documents held by all of `segments` together.
inline uint64_t DocumentsHeld(const std::vector<Segment>& segments) {
  uint64_t documents = 0;
  for (const Segment& segment : segments) documents += segment.document_count();
  return documents;
}

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_TESTS_CORE_INDEX_SEGMENT_SEGMENT_FIXTURES_H_
