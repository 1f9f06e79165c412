#include "core/index/segment/impact_tier.h"

#include <algorithm>

namespace chronicle::index::segment {

const PostingListBuilder::Encoded* EncodeImpactTier(const PostingList& postings, absl::Span<const uint32_t> lengths,
                                                    PostingListBuilder& builder) {
  builder.Clear();
  const uint32_t documents = postings.document_count();
  if (documents < kTierMinDocuments) return nullptr;
  uint32_t docs[kBlockSize];
  uint32_t freqs[kBlockSize];
  uint32_t held = 0;
  for (size_t b = 0; b < postings.block_count(); ++b) {
    const uint32_t length = postings.BlockLength(b);
    postings.DecodeBlock(b, docs, freqs);
    // A filter's term holds every document 0 times: it is never scored.
    if (b == 0 && std::all_of(freqs, freqs + length, [](uint32_t f) { return f == 0; })) return nullptr;
    for (uint32_t j = 0; j < length; ++j) {
      const uint32_t doc_length = lengths[docs[j]];
      if (!InImpactTier(freqs[j], doc_length)) continue;
      // A tier holding most of the list saves too little to keep.
      if (++held > documents / 2) return nullptr;
      builder.Add(docs[j], freqs[j], doc_length);
    }
  }
  if (held == 0) return nullptr;
  return &builder.FinishInPlace();
}

}  // namespace chronicle::index::segment
