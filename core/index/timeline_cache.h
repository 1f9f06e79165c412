// Timeline responses kept for the index snapshot they were built from.
//
// A timeline reads, weighs and clusters thousands of events (tens of
// milliseconds at a million articles), and the same timeline is asked for
// again and again: a page that shows an entity's timeline, a dashboard that
// polls it. Between two commits the answer cannot change, so it is kept,
// keyed by the snapshot (its generation and applied sequence) and the whole
// request; a commit or a merge makes a new snapshot and so new keys, and the
// old answers age out as the least recently used. Nothing is ever stale:
// a key names the exact state of the index its answer was built from.
//
// Shared by every reader of a pool (SharedSegments), so it is thread-safe.
#ifndef CHRONICLE_CORE_INDEX_TIMELINE_CACHE_H_
#define CHRONICLE_CORE_INDEX_TIMELINE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::index {

class TimelineCache {
 public:
  // Holds responses of up to `capacity_bytes` in all (their in-memory size);
  // 0 keeps nothing. A response larger than an eighth of the capacity is
  // not kept: one huge answer should not push out every other.
  explicit TimelineCache(size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}

  TimelineCache(const TimelineCache&) = delete;
  TimelineCache& operator=(const TimelineCache&) = delete;

  // The key of `request` on the snapshot of `generation` at
  // `applied_sequence`.
  static std::string Key(int64_t generation, int64_t applied_sequence, const v1::TimelineRequest& request);

  // The response kept under `key`, or null; a hit makes it the most
  // recently used.
  std::shared_ptr<const v1::TimelineResponse> Find(absl::string_view key);

  // Keeps `response` under `key` (replacing what was there), then drops the
  // least recently used until the total fits the capacity.
  void Insert(std::string key, v1::TimelineResponse response);

  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
    size_t entries = 0;
    size_t bytes = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const v1::TimelineResponse> response;
    size_t bytes = 0;
  };
  using Recency = std::list<Entry>;  // most recently used first

  void Erase(Recency::iterator entry);  // mutex_ held

  const size_t capacity_bytes_;
  mutable std::mutex mutex_;
  Recency recency_;                                                // guarded by mutex_
  absl::flat_hash_map<absl::string_view, Recency::iterator> by_key_;  // keys view into recency_; guarded by mutex_
  size_t bytes_ = 0;                                               // guarded by mutex_
  int64_t hits_ = 0;                                               // guarded by mutex_
  int64_t misses_ = 0;                                             // guarded by mutex_
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_TIMELINE_CACHE_H_
