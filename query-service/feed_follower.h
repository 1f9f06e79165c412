// Follows the ingest service's change feed into this replica's index.
//
// One thread owned by the follower: it streams WatchChanges from the index's
// last committed sequence, applies each message, and reconnects with jittered
// exponential backoff whenever the stream ends, so an ingest restart or a cut
// connection only delays the replica.
#ifndef CHRONICLE_QUERY_SERVICE_FEED_FOLLOWER_H_
#define CHRONICLE_QUERY_SERVICE_FEED_FOLLOWER_H_

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
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "core/index/change_applier.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::query_service {

struct FeedFollowerOptions {
  std::string ingest_address;
  // TLS to the ingest service (null = plaintext), and the name its
  // certificate is checked against ("" = the host in ingest_address).
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string tls_server_name;
  // Sent as `authorization` metadata on the feed call when not empty.
  std::string authorization;
  // Called on the follower thread after each feed message is applied (for
  // metrics; it may read the applier).
  std::function<void(const v1::WatchChangesResponse&)> on_applied;
  // Called on the follower thread when applying or committing failed: the
  // index keeps its last commit and is reopened; `on_caught_up` runs again
  // once it has caught up.
  std::function<void(const absl::Status&)> on_index_failed;
  // Called on the follower thread, which then ends, when the index is
  // unusable or went back after reopening: the process must restart, which
  // moves the index aside and rebuilds it from the feed.
  std::function<void(const absl::Status&)> on_index_unusable;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(10);
};

class FeedFollower {
 public:
  // `applier` must outlive the follower. `on_caught_up` runs on the follower
  // thread when the index has committed everything the ingest service had:
  // the first time, and again after an index failure.
  FeedFollower(index::ChangeApplier* applier, FeedFollowerOptions options,
               std::function<void()> on_caught_up);
  ~FeedFollower();

  void Start();
  // Ends the stream, commits what was applied, joins the thread. Idempotent.
  void Stop();

  bool caught_up() const { return caught_up_.load(); }
  // The ingest service's last sequence as last reported.
  int64_t ingest_head() const { return ingest_head_.load(); }

 private:
  void Run();
  // Follows one stream until it ends; OK when the server ended it.
  absl::Status FollowOnce();
  bool WaitForRetry(absl::Duration delay);

  index::ChangeApplier* applier_;
  const FeedFollowerOptions options_;
  std::function<void()> on_caught_up_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
  std::atomic<bool> caught_up_{false};
  std::atomic<int64_t> ingest_head_{0};

  std::mutex mutex_;
  std::condition_variable stopping_changed_;
  bool stopping_ = false;  // guarded by mutex_
  grpc::ClientContext* active_call_ = nullptr;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_FEED_FOLLOWER_H_
