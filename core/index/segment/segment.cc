#include "core/index/segment/segment.h"

namespace chronicle::index::segment {

SegmentSize Segment::ByteSize() const {
  SegmentSize size;
  for (const auto& [term, list] : terms_) {
    size.postings += list.ByteSize();
    size.dictionary += term.size();
  }
  size.columns = lengths_.size() * sizeof(uint32_t) + days_.size() * sizeof(int32_t) +
                 sources_.size() * sizeof(uint32_t);
  return size;
}

uint32_t SegmentBuilder::AddDocument(absl::Span<const TermFrequency> terms, int32_t day,
                                     absl::string_view source) {
  const auto doc = static_cast<uint32_t>(segment_.lengths_.size());
  uint32_t length = 0;
  for (const TermFrequency& term : terms) length += term.frequency;
  for (const TermFrequency& term : terms) builders_[term.term].Add(doc, term.frequency, length);
  segment_.lengths_.push_back(length);
  segment_.days_.push_back(day);
  auto [it, inserted] =
      source_ordinals_.try_emplace(source, static_cast<uint32_t>(segment_.source_names_.size()));
  if (inserted) segment_.source_names_.emplace_back(source);
  segment_.sources_.push_back(it->second);
  total_length_ += length;
  return doc;
}

Segment SegmentBuilder::Finish() && {
  segment_.terms_.reserve(builders_.size());
  for (auto& [term, builder] : builders_) segment_.terms_.emplace(term, std::move(builder).Finish());
  builders_.clear();
  if (!segment_.lengths_.empty()) {
    segment_.average_length_ = static_cast<double>(total_length_) / segment_.lengths_.size();
  }
  return std::move(segment_);
}

}  // namespace chronicle::index::segment
