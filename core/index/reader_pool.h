// Index readers for request threads: each request borrows one IndexReader
// (one Xapian::Database, never shared by two threads at once), refreshed to
// the latest applied sequence, and returns it when done.
//
// The pool holds at most `max_readers`: each reader keeps its own block cache
// and each request its own working set, and more requests at once than the
// machine has cores buy no throughput. Requests beyond the cap wait for a
// reader, up to their deadline.
#ifndef CHRONICLE_CORE_INDEX_READER_POOL_H_
#define CHRONICLE_CORE_INDEX_READER_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/common/sequence_watch.h"
#include "core/index/index_reader.h"

namespace chronicle::index {

class ReaderPool {
 public:
  // A borrowed reader; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<IndexReader> reader)
        : pool_(pool), reader_(std::move(reader)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (reader_ != nullptr) pool_->Release(std::move(reader_));
    }
    IndexReader* operator->() const { return reader_.get(); }
    IndexReader& operator*() const { return *reader_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<IndexReader> reader_;
  };

  // `applied` tells the pool when readers are stale; it must outlive the pool.
  // `resolve_entity` is handed to every reader (see IndexReader::Open).
  // `max_readers` <= 0 means twice the cores, at least 4: enough to keep the
  // cores busy while some requests wait on the disk.
  ReaderPool(std::string path, const SequenceWatch* applied, EntityResolver resolve_entity = nullptr,
             int max_readers = 0);

  // A reader at the latest committed state. Errors: DEADLINE_EXCEEDED when
  // every reader stays in use until `deadline`; FAILED_PRECONDITION before
  // the index's first commit, or another error when it cannot be opened.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

 private:
  void Release(std::unique_ptr<IndexReader> reader);
  // A reader that was counted as open but could not be handed out.
  void Discard();

  const std::string path_;
  const SequenceWatch* applied_;
  const EntityResolver resolve_entity_;
  const size_t max_readers_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<IndexReader>> idle_;  // guarded by mutex_
  size_t open_ = 0;                                 // idle and leased; guarded by mutex_
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_READER_POOL_H_
