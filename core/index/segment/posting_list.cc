#include "core/index/segment/posting_list.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <limits>
#include <vector>

#include "core/index/segment/bit_packing.h"

namespace chronicle::index::segment {
namespace {

// Appends the impacts of a block whose documents have frequencies `freqs`
// and lengths `lengths`: by frequency, highest first, each frequency's
// shortest length, kept only when shorter than that of every higher
// frequency (the pairs no other pair dominates). Frequencies are a word's
// count in one article, nearly always small, so each one's shortest length
// is found in an array indexed by frequency instead of by sorting the block.
void AppendImpacts(const std::vector<uint32_t>& freqs, const std::vector<uint32_t>& lengths,
                   std::vector<Impact>& out) {
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  constexpr uint32_t kIndexedFrequencies = 256;
  const uint32_t highest = freqs.empty() ? 0 : *std::max_element(freqs.begin(), freqs.end());
  if (highest < kIndexedFrequencies) {
    std::array<uint32_t, kIndexedFrequencies> shortest_of;
    std::fill_n(shortest_of.begin(), highest + 1, kNone);
    for (size_t i = 0; i < freqs.size(); ++i) shortest_of[freqs[i]] = std::min(shortest_of[freqs[i]], lengths[i]);
    uint32_t shortest = kNone;
    for (uint32_t frequency = highest + 1; frequency-- > 0;) {
      if (shortest_of[frequency] < shortest) {
        shortest = shortest_of[frequency];
        out.push_back({frequency, shortest});
      }
    }
    return;
  }
  std::vector<Impact> pairs(freqs.size());
  for (size_t i = 0; i < freqs.size(); ++i) pairs[i] = {freqs[i], lengths[i]};
  std::sort(pairs.begin(), pairs.end(), [](const Impact& a, const Impact& b) {
    return a.frequency != b.frequency ? a.frequency > b.frequency : a.length < b.length;
  });
  uint32_t shortest = kNone;
  for (const Impact& pair : pairs) {
    if (pair.length < shortest) {
      out.push_back(pair);
      shortest = pair.length;
    }
  }
}

}  // namespace

void PostingList::DecodeBlock(size_t i, uint32_t* docs, uint32_t* freqs) const {
  const uint32_t length = BlockLength(i);
  const uint8_t* in = bytes_.data() + blocks_[i].byte_offset;
  const uint8_t* end = bytes_.data() + bytes_.size();
  in = UnpackAscendingRun(in, end, length, i == 0 ? 0 : blocks_[i - 1].last_doc + 1, docs);
  UnpackRun(in, end, length, freqs);
}

void PostingList::DecodePositions(size_t i, const uint32_t* freqs, std::vector<uint32_t>& values, uint32_t* starts,
                                  uint32_t* counts) const {
  DecodePositionGaps(i, freqs, values, starts, counts);
  for (uint32_t j = 0, length = BlockLength(i); j < length; ++j) {
    for (uint32_t k = starts[j] + 1; k < starts[j] + counts[j]; ++k) values[k] += values[k - 1];
  }
}

void PostingList::DecodePositionGaps(size_t i, const uint32_t* freqs, std::vector<uint32_t>& values,
                                     uint32_t* starts, uint32_t* counts) const {
  const PostingBlock& block = blocks_[i];
  const uint32_t stored = block.position_value_count();
  values.resize(stored + 1);  // never empty: data() is never null
  if (stored > 0) {
    UnpackRun(positions_.data() + block.position_offset, positions_.data() + positions_.size(), stored,
              values.data());
  }
  const uint32_t length = BlockLength(i);
  uint32_t at = 0;
  if (block.count_exceptions()) {
    // The counts are the frequencies but for the exceptions listed first.
    std::copy(freqs, freqs + length, counts);
    const uint64_t exceptions = stored == 0 ? 0 : values[0];
    at = static_cast<uint32_t>(std::min<uint64_t>(stored, 1 + 2 * exceptions));
    for (uint32_t e = 1; e + 1 < at; e += 2) {
      if (values[e] < length) counts[values[e]] = values[e + 1];
    }
  }
  for (uint32_t j = 0; j < length; ++j) {
    uint32_t count, start;
    if (block.count_exceptions()) {
      count = counts[j];
      start = at;
    } else {
      count = at < stored ? values[at] : 0;
      start = at < stored ? at + 1 : stored;
    }
    const uint32_t kept = count <= stored - start ? count : 0;
    starts[j] = start;
    counts[j] = kept;
    at = start + kept;
  }
}

std::vector<uint32_t> PostingList::PositionsIn(uint32_t doc) const {
  std::vector<uint32_t> positions;
  const auto block = std::lower_bound(blocks_.begin(), blocks_.end(), doc,
                                      [](const PostingBlock& b, uint32_t d) { return b.last_doc < d; });
  if (block == blocks_.end() || block->position_values == 0) return positions;
  const size_t b = static_cast<size_t>(block - blocks_.begin());
  uint32_t docs[kBlockSize], freqs[kBlockSize], starts[kBlockSize], counts[kBlockSize];
  DecodeBlock(b, docs, freqs);
  const uint32_t* end = docs + BlockLength(b);
  const uint32_t* found = std::lower_bound(static_cast<const uint32_t*>(docs), end, doc);
  if (found == end || *found != doc) return positions;
  std::vector<uint32_t> values;
  DecodePositions(b, freqs, values, starts, counts);
  const size_t j = static_cast<size_t>(found - docs);
  positions.assign(values.begin() + starts[j], values.begin() + starts[j] + counts[j]);
  return positions;
}

size_t PostingList::EncodedPositionBytes(size_t i) const {
  const uint32_t stored = blocks_[i].position_value_count();
  if (stored == 0) return 0;
  const size_t offset = blocks_[i].position_offset;
  if (offset > positions_.size()) return SIZE_MAX;
  return RunBytes(positions_.data() + offset, positions_.size() - offset, stored);
}

size_t PostingList::EncodedBlockBytes(size_t i) const {
  const uint32_t length = BlockLength(i);
  const size_t offset = blocks_[i].byte_offset;
  if (offset > bytes_.size()) return SIZE_MAX;
  const size_t docs = RunBytes(bytes_.data() + offset, bytes_.size() - offset, length);
  if (docs == SIZE_MAX) return SIZE_MAX;
  const size_t freqs = RunBytes(bytes_.data() + offset + docs, bytes_.size() - offset - docs, length);
  return freqs == SIZE_MAX ? SIZE_MAX : docs + freqs;
}

void PostingListBuilder::Add(uint32_t doc, uint32_t frequency, uint32_t length,
                             absl::Span<const uint32_t> positions) {
  positions_.push_back(static_cast<uint32_t>(positions.size()));
  for (size_t k = 0; k < positions.size(); ++k) positions_.push_back(k == 0 ? positions[0] : positions[k] - positions[k - 1]);
  assert(docs_.empty() ? (list_.blocks.empty() || doc > list_.blocks.back().last_doc) : doc > docs_.back());
  docs_.push_back(doc);
  freqs_.push_back(frequency);
  lengths_.push_back(length);
  if (docs_.size() == kBlockSize) EncodePending();
}

void PostingListBuilder::EncodePending() {
  if (docs_.empty()) return;
  const auto count = static_cast<uint32_t>(docs_.size());
  PostingBlock block;
  block.last_doc = docs_.back();
  block.byte_offset = static_cast<uint32_t>(list_.bytes.size());
  block.impacts_begin = static_cast<uint32_t>(list_.impacts.size());
  block.position_offset = static_cast<uint32_t>(list_.positions.size());
  // Each document as its gap less one from the one before (the first from
  // the document after the previous block's last): a list holding every
  // document packs to nothing.
  gaps_.resize(count);
  uint32_t next = list_.blocks.empty() ? 0 : list_.blocks.back().last_doc + 1;
  for (uint32_t j = 0; j < count; ++j) {
    gaps_[j] = docs_[j] - next;
    next = docs_[j] + 1;
  }
  AppendRun(gaps_.data(), count, list_.bytes);
  AppendRun(freqs_.data(), count, list_.bytes);
  // A block none of whose documents has a position (stems, boolean terms,
  // an index without positions) keeps no run at all; one where listing the
  // documents whose count is not their frequency takes fewer values than a
  // count for each document lists those instead.
  const bool no_positions = positions_.size() == count;
  uint32_t exceptions = 0;
  for (uint32_t j = 0, at = 0; j < count; at += 1 + positions_[at], ++j) exceptions += positions_[at] != freqs_[j];
  const bool count_exceptions = !no_positions && 1 + 2 * exceptions < count;
  const std::vector<uint32_t>* run = &positions_;
  if (count_exceptions) {
    run_.clear();
    run_.push_back(exceptions);
    for (uint32_t j = 0, at = 0; j < count; at += 1 + positions_[at], ++j) {
      if (positions_[at] != freqs_[j]) run_.insert(run_.end(), {j, positions_[at]});
    }
    for (uint32_t j = 0, at = 0; j < count; at += 1 + positions_[at], ++j) {
      run_.insert(run_.end(), positions_.begin() + at + 1, positions_.begin() + at + 1 + positions_[at]);
    }
    run = &run_;
  }
  const auto values = no_positions ? 0 : static_cast<uint32_t>(run->size());
  block.position_values = values | (count_exceptions ? PostingBlock::kCountExceptions : 0);
  if (values > 0) AppendRun(run->data(), values, list_.positions);

  AppendImpacts(freqs_, lengths_, list_.impacts);
  list_.blocks.push_back(block);
  list_.document_count += count;
  docs_.clear();
  freqs_.clear();
  lengths_.clear();
  positions_.clear();
}

PostingListBuilder::Encoded PostingListBuilder::Finish() && {
  FinishInPlace();
  return std::move(list_);
}

const PostingListBuilder::Encoded& PostingListBuilder::FinishInPlace() {
  EncodePending();
  // The unpacker's vector path loads 16 bytes from within a run's last
  // group of eight values, up to 16 bytes past the run's end: the padding
  // keeps that inside the list's own bytes.
  list_.bytes.resize(list_.bytes.size() + kDecoderPadding, 0);
  list_.positions.resize(list_.positions.size() + kDecoderPadding, 0);
  return list_;
}

void PostingListBuilder::Clear() {
  list_.document_count = 0;
  list_.blocks.clear();
  list_.impacts.clear();
  list_.bytes.clear();
  list_.positions.clear();
  docs_.clear();
  freqs_.clear();
  lengths_.clear();
  positions_.clear();
}

}  // namespace chronicle::index::segment
