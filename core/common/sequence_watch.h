// A monotonically increasing sequence number that threads can wait on.
//
// The ingest service publishes its last committed feed sequence through one
// (so feed streams wake up when there is something new), the query service its
// last applied sequence (so requests carrying min_sequence wait for it).
#ifndef CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_
#define CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "absl/time/time.h"
#include "core/common/condition_wait.h"

namespace chronicle {

class SequenceWatch {
 public:
  explicit SequenceWatch(int64_t initial = 0) : value_(initial) {}

  // Raises the value to `sequence` (never lowers it) and wakes waiters.
  void Publish(int64_t sequence) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      value_ = std::max(value_, sequence);
    }
    changed_.notify_all();
  }

  int64_t Get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }

  // Wakes every waiter for good: used at shutdown so that long waits end now.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    changed_.notify_all();
  }

  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }

  // Blocks until the value is at least `sequence`, `deadline` passes or the
  // watch is closed; returns the value at that point.
  int64_t WaitAtLeast(int64_t sequence, absl::Time deadline) const {
    std::unique_lock<std::mutex> lock(mutex_);
    WaitUntil(changed_, lock, deadline, [&] { return closed_ || value_ >= sequence; });
    return value_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  int64_t value_;  // guarded by mutex_
  bool closed_ = false;  // guarded by mutex_
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_SEQUENCE_WATCH_H_
