// What a follower feeds: the replica's state, which applies feed messages,
// commits them durably, and says where the feed must resume.
//
// The index implements it (ChangeApplier); tests implement it with fakes.
// Used from one thread, the follower's.
#ifndef CHRONICLE_CORE_FEED_APPLIER_H_
#define CHRONICLE_CORE_FEED_APPLIER_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/v1/feed.pb.h"

namespace chronicle::feed {

class Applier {
 public:
  virtual ~Applier() = default;

  // Where the feed must resume: the last committed sequence.
  virtual int64_t resume_after() const = 0;

  // Applies the message's changes and commits when it sees fit. `now` is
  // passed in so tests control time. Takes the message: its articles move
  // into the index's queue instead of being copied.
  virtual absl::Status Apply(v1::WatchChangesResponse message, absl::Time now) = 0;

  // Commits whatever is pending (on disconnect and at shutdown).
  virtual absl::Status Flush() = 0;

  // Whether an earlier failure left uncommitted changes that must not be
  // committed: Recover() must succeed before the feed is followed again.
  virtual bool needs_recovery() const = 0;

  // Drops what was not committed and reopens at the last commit. DATA_LOSS
  // or FAILED_PRECONDITION when only a restart can repair the replica; other
  // errors may be retried.
  virtual absl::Status Recover() = 0;
};

}  // namespace chronicle::feed

#endif  // CHRONICLE_CORE_FEED_APPLIER_H_
