// A monotonically increasing sequence number that threads can wait on.
//
// The ingest service publishes its last committed feed sequence through one
// (so feed streams wake up when there is something new), the query service its
// last applied sequence (so requests carrying min_sequence wait for it).
#ifndef CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_
#define CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_

#include <algorithm>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace chronicle {

class SequenceWatch {
 public:
  explicit SequenceWatch(int64_t initial = 0) : value_(initial) {}

  // Raises the value to `sequence` (never lowers it) and wakes waiters.
  void Publish(int64_t sequence) {
    absl::MutexLock lock(&mutex_);
    value_ = std::max(value_, sequence);
  }

  int64_t Get() const {
    absl::MutexLock lock(&mutex_);
    return value_;
  }

  // Wakes every waiter for good: used at shutdown so that long waits end now.
  void Close() {
    absl::MutexLock lock(&mutex_);
    closed_ = true;
  }

  bool closed() const {
    absl::MutexLock lock(&mutex_);
    return closed_;
  }

  // Blocks until the value is at least `sequence`, `deadline` passes or the
  // watch is closed; returns the value at that point.
  int64_t WaitAtLeast(int64_t sequence, absl::Time deadline) const {
    absl::MutexLock lock(&mutex_);
    auto reached = [this, sequence]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return closed_ || value_ >= sequence;
    };
    mutex_.AwaitWithDeadline(absl::Condition(&reached), deadline);
    return value_;
  }

 private:
  mutable absl::Mutex mutex_;
  int64_t value_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_
