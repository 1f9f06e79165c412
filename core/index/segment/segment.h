// An immutable segment: the postings of every term of a set of documents,
// their lengths, and the columns that filters and facets read (publication
// day, source). Documents are numbered 0..n-1 in the order they were added.
//
// This is the read side of the engine docs/design/search-engine.md
// describes; it lives in memory for now, and is built whole by
// SegmentBuilder.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/index/segment/posting_list.h"

namespace chronicle::index::segment {

// Days since 1970-01-01 (UTC) of a publication; kNoDay when unknown.
inline constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();

struct SegmentSize {
  size_t postings = 0;    // compressed postings, block tables, impacts
  size_t dictionary = 0;  // term text
  size_t columns = 0;     // lengths, days, source ordinals
};

class Segment {
 public:
  // The postings of `term`, or null when no document holds it.
  const PostingList* Find(absl::string_view term) const {
    auto it = terms_.find(term);
    return it == terms_.end() ? nullptr : &it->second;
  }
  uint32_t document_count() const { return static_cast<uint32_t>(lengths_.size()); }
  double average_length() const { return average_length_; }
  // Per document: length (sum of term frequencies), publication day, source
  // ordinal (an index into source_names()).
  const std::vector<uint32_t>& lengths() const { return lengths_; }
  const std::vector<int32_t>& days() const { return days_; }
  const std::vector<uint32_t>& sources() const { return sources_; }
  const std::vector<std::string>& source_names() const { return source_names_; }
  size_t term_count() const { return terms_.size(); }
  SegmentSize ByteSize() const;

 private:
  friend class SegmentBuilder;
  absl::flat_hash_map<std::string, PostingList> terms_;
  std::vector<uint32_t> lengths_;
  std::vector<int32_t> days_;
  std::vector<uint32_t> sources_;
  std::vector<std::string> source_names_;
  double average_length_ = 0;
};

class SegmentBuilder {
 public:
  struct TermFrequency {
    std::string term;
    uint32_t frequency = 0;  // > 0
  };

  // Adds the next document and returns its number. `terms` must not repeat a
  // term; the document's length is the sum of their frequencies.
  uint32_t AddDocument(absl::Span<const TermFrequency> terms, int32_t day, absl::string_view source);

  Segment Finish() &&;

 private:
  absl::flat_hash_map<std::string, PostingListBuilder> builders_;
  absl::flat_hash_map<std::string, uint32_t> source_ordinals_;
  Segment segment_;
  uint64_t total_length_ = 0;
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_
