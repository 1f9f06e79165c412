// Index readers for request threads: each request borrows one IndexReader
// (never used by two threads at once), refreshed to the index's last commit,
// and returns it when done. The readers share the segments (SharedSegments):
// each segment is mapped once for the whole pool.
//
// The pool holds at most `max_readers`: each request has its own working
// set, and more requests at once than the machine has cores buy no
// throughput. Requests beyond the cap wait for a reader, up to their
// deadline.
#ifndef CHRONICLE_CORE_INDEX_READER_POOL_H_
#define CHRONICLE_CORE_INDEX_READER_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/index/index_reader.h"

namespace chronicle::index {

class ReaderPool {
 public:
  // A borrowed reader; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<IndexReader> reader, uint64_t generation)
        : pool_(pool), reader_(std::move(reader)), generation_(generation) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (reader_ != nullptr) pool_->Release(std::move(reader_), generation_);
    }
    IndexReader* operator->() const { return reader_.get(); }
    IndexReader& operator*() const { return *reader_; }

    // Tells the pool how the request went: a storage error (UNAVAILABLE or
    // DATA_LOSS from the index) drops this reader, and every idle one, and
    // makes the pool unhealthy until the index opens again.
    void Report(const absl::Status& status);

   private:
    ReaderPool* pool_;
    std::unique_ptr<IndexReader> reader_;
    // The pool's failure count when this reader was opened.
    uint64_t generation_;
  };

  // `resolve_entity` is handed to every reader (see IndexReader::Open).
  // `max_readers` <= 0 means twice the cores, at least 4: enough to keep the
  // cores busy while some requests wait on the disk. The readers share a
  // TimelineCache of `timeline_cache_bytes` (0: none).
  explicit ReaderPool(std::string path, EntityResolver resolve_entity = nullptr, int max_readers = 0,
                      size_t timeline_cache_bytes = 0);

  // A reader at the latest committed state. Errors: DEADLINE_EXCEEDED when
  // every reader stays in use until `deadline`; FAILED_PRECONDITION before
  // the index's first commit, or another error when it cannot be opened.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

  // False from a storage error on a read until the index has been opened
  // again: a replica whose index cannot be read should not be sent requests
  // (its health turns NOT_SERVING). The pool tries to reopen at once, and
  // again at each Acquire while unhealthy.
  bool healthy() const { return healthy_.load(); }

  // Called, on a request thread, each time healthy() changes. Set once,
  // before requests arrive.
  void SetHealthListener(std::function<void(bool healthy)> listener) { on_health_ = std::move(listener); }

  // The shared timeline cache, null when the pool keeps none.
  const TimelineCache* timeline_cache() const { return segments_->timelines.get(); }

 private:
  void Release(std::unique_ptr<IndexReader> reader, uint64_t generation);
  // A reader that was counted as open but could not be handed out.
  void Discard();
  // A storage error: idle readers (opened before it) are closed too; with
  // `reopen`, a fresh reader is opened at once.
  void MarkFailed(bool reopen);
  // A reader opened since the last failure: the index opens again.
  void MarkReopened(uint64_t generation);
  void SetHealthy(bool healthy);

  const std::string path_;
  const EntityResolver resolve_entity_;
  // Shared by every reader: each segment is mapped once.
  const std::shared_ptr<SharedSegments> segments_;
  const size_t max_readers_;
  std::mutex mutex_;
  std::condition_variable released_;
  // Idle readers with the failure count at their opening.
  std::vector<std::pair<std::unique_ptr<IndexReader>, uint64_t>> idle_;  // guarded by mutex_
  size_t open_ = 0;                                 // idle and leased; guarded by mutex_
  uint64_t failures_ = 0;                           // guarded by mutex_
  std::atomic<bool> healthy_{true};
  std::function<void(bool)> on_health_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_READER_POOL_H_
