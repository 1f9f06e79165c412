#include "core/index/segment/impact_tier.h"

namespace chronicle::index::segment {

const PostingListBuilder::Encoded* ImpactTierBuilder::Finish(uint32_t documents) {
  if (!active_ || !scored_ || documents < kTierMinDocuments || held_ == 0 || held_ > documents / 2) return nullptr;
  return &builder_.FinishInPlace();
}

}  // namespace chronicle::index::segment
