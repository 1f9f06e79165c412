#include "core/index/segment/posting_list.h"

#include <algorithm>
#include <cassert>

#include "streamvbyte.h"
#include "streamvbytedelta.h"

namespace chronicle::index::segment {

void PostingList::DecodeBlock(size_t i, uint32_t* docs, uint32_t* freqs) const {
  const uint32_t length = BlockLength(i);
  const uint32_t previous = i == 0 ? 0 : blocks_[i - 1].last_doc;
  const uint8_t* in = bytes_.data() + blocks_[i].byte_offset;
  in += streamvbyte_delta_decode(in, docs, length, previous);
  streamvbyte_decode(in, freqs, length);
}

size_t PostingList::ByteSize() const {
  return bytes_.size() + blocks_.size() * sizeof(Block) + impacts_.size() * sizeof(Impact);
}

void PostingListBuilder::Add(uint32_t doc, uint32_t frequency, uint32_t length) {
  assert(frequency > 0);
  assert(docs_.empty() ? (list_.blocks_.empty() || doc > list_.blocks_.back().last_doc) : doc > docs_.back());
  docs_.push_back(doc);
  freqs_.push_back(frequency);
  lengths_.push_back(length);
  if (docs_.size() == kBlockSize) EncodePending();
}

void PostingListBuilder::EncodePending() {
  if (docs_.empty()) return;
  const auto count = static_cast<uint32_t>(docs_.size());
  PostingList::Block block;
  block.last_doc = docs_.back();
  block.byte_offset = static_cast<uint32_t>(list_.bytes_.size());
  block.impacts_begin = static_cast<uint32_t>(list_.impacts_.size());
  const uint32_t previous = list_.blocks_.empty() ? 0 : list_.blocks_.back().last_doc;
  list_.bytes_.resize(block.byte_offset + 2 * streamvbyte_max_compressedbytes(count));
  uint8_t* out = list_.bytes_.data() + block.byte_offset;
  size_t written = streamvbyte_delta_encode(docs_.data(), count, out, previous);
  written += streamvbyte_encode(freqs_.data(), count, out + written);
  list_.bytes_.resize(block.byte_offset + written);

  // The impacts: by frequency, highest first, then shortest first; a pair
  // counts only when it is shorter than every pair of higher frequency.
  std::vector<Impact> pairs(count);
  for (uint32_t i = 0; i < count; ++i) pairs[i] = {freqs_[i], lengths_[i]};
  std::sort(pairs.begin(), pairs.end(), [](const Impact& a, const Impact& b) {
    return a.frequency != b.frequency ? a.frequency > b.frequency : a.length < b.length;
  });
  uint32_t shortest = std::numeric_limits<uint32_t>::max();
  for (const Impact& pair : pairs) {
    if (pair.length < shortest) {
      list_.impacts_.push_back(pair);
      shortest = pair.length;
    }
  }
  list_.blocks_.push_back(block);
  list_.document_count_ += count;
  docs_.clear();
  freqs_.clear();
  lengths_.clear();
}

PostingList PostingListBuilder::Finish() && {
  EncodePending();
  list_.bytes_.shrink_to_fit();
  list_.blocks_.shrink_to_fit();
  list_.impacts_.shrink_to_fit();
  return std::move(list_);
}

}  // namespace chronicle::index::segment
