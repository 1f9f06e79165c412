// The following side of the change feed: keeps a replica up to date with the
// ingest service's feed.
//
// One thread owned by the follower: it opens a stream from the replica's last
// committed sequence, applies each message, and reconnects with jittered
// exponential backoff whenever the stream ends, so an ingest restart or a cut
// connection only delays the replica. The transport is behind
// FeedStreamFactory (gRPC in the query service, fakes in tests).
#ifndef CHRONICLE_CORE_FEED_FOLLOWER_H_
#define CHRONICLE_CORE_FEED_FOLLOWER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/v1/feed.pb.h"
#include "core/feed/applier.h"

namespace chronicle::feed {

// One feed call as the follower sees it.
class FeedStream {
 public:
  virtual ~FeedStream() = default;

  // Blocks for the next message; false when the stream has ended (then call
  // Finish).
  virtual bool Read(v1::WatchChangesResponse* message) = 0;

  // Ends the call early: a blocked or later Read returns false. Called from
  // any thread, possibly before the first Read.
  virtual void Cancel() = 0;

  // Why the stream ended: OK when the server ended it.
  virtual absl::Status Finish() = 0;
};

// Opens a stream for `request`. It must not block on the network: the call
// may start at the first Read, so that Cancel can interrupt connecting.
using FeedStreamFactory =
    std::function<std::unique_ptr<FeedStream>(const v1::WatchChangesRequest& request)>;

struct FollowerOptions {
  // Names the feed's source in logs (the ingest service's address).
  std::string source;
  // Called on the follower thread after each message is applied, with the
  // number of changes it held (for metrics; it may read the applier).
  std::function<void(int changes)> on_applied;
  // Called on the follower thread whenever the replica has committed
  // everything the feed had: the first time, and again after an index failure.
  std::function<void()> on_caught_up;
  // Called on the follower thread when applying or committing failed: the
  // applier keeps its last commit and is recovered; `on_caught_up` runs again
  // once the replica has caught up.
  std::function<void(const absl::Status&)> on_index_failed;
  // Called on the follower thread, which then ends, when the applier cannot
  // be recovered in this process (Applier::Recover's DATA_LOSS or
  // FAILED_PRECONDITION).
  std::function<void(const absl::Status&)> on_index_unusable;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
};

class Follower {
 public:
  // `applier` must outlive the follower.
  Follower(Applier* applier, FeedStreamFactory open_stream, FollowerOptions options);
  ~Follower();

  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  void Start();
  // Ends the stream, commits what was applied, joins the thread. Idempotent.
  void Stop();

  // Whether the replica has caught up with the feed since it started or
  // since its last index failure.
  bool caught_up() const { return caught_up_.load(); }
  // The feed's last sequence as last reported.
  int64_t head() const { return head_.load(); }

 private:
  void Run();
  // Follows one stream until it ends; OK when the server ended it.
  absl::Status FollowOnce();
  // Applies one message; an error ends the stream.
  absl::Status Receive(v1::WatchChangesResponse message);
  // After a failed apply or commit; false when the follower must end.
  bool RecoverApplier(const absl::Status& failure);
  bool WaitForRetry(absl::Duration delay);

  Applier* applier_;
  const FeedStreamFactory open_stream_;
  const FollowerOptions options_;
  std::atomic<bool> caught_up_{false};
  std::atomic<int64_t> head_{0};

  std::mutex mutex_;
  std::condition_variable stopping_changed_;
  bool stopping_ = false;  // guarded by mutex_
  FeedStream* active_stream_ = nullptr;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace chronicle::feed

#endif  // CHRONICLE_CORE_FEED_FOLLOWER_H_
