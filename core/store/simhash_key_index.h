// The near-duplicate keys of a SQLite store held in memory, so that a probe
// reads the table only for fingerprints that are actually near.
//
// A probe for one article asks for 68 keys (dedup::SimHashProbeKeys); at a
// million originals those keys hold about a thousand rows, nearly all of
// them far from the fingerprint. Stepping over those rows in SQLite took
// about 0.3 ms of the writer's single thread per article (0.45 ms while an
// id was made of each). Here the same rows are a few vectors of 64-bit
// fingerprints: the far ones are dropped by a popcount each, and only the
// near ones are looked up in the table, which then also decides what the
// current transaction sees (its own writes, its deletes).
//
// It holds every (key, simhash) pair the table holds and may hold more:
// pairs are added as they are written, before the transaction commits,
// and never removed (a pair whose row was deleted or rolled back costs one
// lookup that finds nothing). So one process may write the store at a time
// — the ingest service, which owns it — or another writer's later pairs
// would be missed until this one reopens. Memory: four pairs per original,
// 8 bytes each plus the vectors' and the map's slack: the ingest service
// grew by 82 MB at a million originals.
#ifndef CHRONICLE_CORE_STORE_SIMHASH_KEY_INDEX_H_
#define CHRONICLE_CORE_STORE_SIMHASH_KEY_INDEX_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"

namespace chronicle::store {

class SimHashKeyIndex {
 public:
  // Records that an original with fingerprint `simhash` is stored under
  // `key`. Adding a pair twice is harmless.
  void Add(uint64_t key, uint64_t simhash);

  // The distinct (key, simhash) pairs under `probe_keys` whose simhash
  // differs from `simhash` in at most `max_distance` bits.
  std::vector<std::pair<uint64_t, uint64_t>> Near(absl::Span<const uint64_t> probe_keys, uint64_t simhash,
                                                  int max_distance) const;

  size_t pair_count() const { return pair_count_; }

 private:
  absl::flat_hash_map<uint64_t, std::vector<uint64_t>> simhashes_by_key_;
  size_t pair_count_ = 0;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_SIMHASH_KEY_INDEX_H_
