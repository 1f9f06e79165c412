#include "core/store/simhash_key_index.h"

#include <algorithm>

#include "absl/numeric/bits.h"

namespace chronicle::store {

void SimHashKeyIndex::Add(uint64_t key, uint64_t simhash) {
  std::vector<uint64_t>& simhashes = simhashes_by_key_[key];
  // Pairs are added one article at a time, so a repeat is usually the last.
  if (std::find(simhashes.rbegin(), simhashes.rend(), simhash) != simhashes.rend()) return;
  simhashes.push_back(simhash);
  ++pair_count_;
}

std::vector<std::pair<uint64_t, uint64_t>> SimHashKeyIndex::Near(absl::Span<const uint64_t> probe_keys,
                                                                 uint64_t simhash, int max_distance) const {
  std::vector<std::pair<uint64_t, uint64_t>> near;
  for (uint64_t key : probe_keys) {
    const auto found = simhashes_by_key_.find(key);
    if (found == simhashes_by_key_.end()) continue;
    for (uint64_t stored : found->second) {
      if (absl::popcount(stored ^ simhash) <= max_distance) near.emplace_back(key, stored);
    }
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  return near;
}

}  // namespace chronicle::store
