#include "core/feed/follower.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/condition_wait.h"
#include "core/common/logging.h"

namespace chronicle::feed {

Follower::Follower(Applier* applier, FeedStreamFactory open_stream, FollowerOptions options)
    : applier_(applier), open_stream_(std::move(open_stream)), options_(std::move(options)) {}

Follower::~Follower() { Stop(); }

void Follower::Start() { thread_ = std::thread([this] { Run(); }); }

void Follower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    if (active_stream_ != nullptr) active_stream_->Cancel();
  }
  stopping_changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Follower::WaitForRetry(absl::Duration delay) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !WaitUntil(stopping_changed_, lock, absl::Now() + delay, [this] { return stopping_; });
}

void Follower::Run() {
  std::mt19937_64 random(std::random_device{}());
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    const int64_t resumed_at = applier_->resume_after();
    absl::Status status = FollowOnce();
    // Committing after a failed apply would record changes the replica does
    // not hold; the applier is recovered instead.
    if (!applier_->needs_recovery()) {
      absl::Status flushed = applier_->Flush();
      if (!flushed.ok()) status = flushed;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    if (applier_->needs_recovery() && !RecoverApplier(status)) return;
    if (applier_->resume_after() > resumed_at) backoff = options_.initial_backoff;  // progress
    LogWarning("feed stream ended; reconnecting",
               {{"ingest", options_.source},
                {"status", status.ToString()},
                {"applied_sequence", std::to_string(applier_->resume_after())}});
    // Full jitter keeps many replicas from reconnecting in step.
    const double fraction = std::uniform_real_distribution<double>(0.5, 1.0)(random);
    if (!WaitForRetry(backoff * fraction)) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

bool Follower::RecoverApplier(const absl::Status& failure) {
  if (caught_up_.exchange(false)) LogWarning("no longer caught up: the index cannot be written", {});
  if (options_.on_index_failed) options_.on_index_failed(failure);
  LogError("index update failed; reopening at last commit",
           {{"error", failure.ToString()}, {"applied_sequence", std::to_string(applier_->resume_after())}});
  absl::Status recovered = applier_->Recover();
  if (recovered.ok()) return true;
  LogError("cannot reopen index", {{"error", recovered.ToString()}});
  if (recovered.code() == absl::StatusCode::kDataLoss ||
      recovered.code() == absl::StatusCode::kFailedPrecondition) {
    // Only a restart can rebuild it.
    if (options_.on_index_unusable) options_.on_index_unusable(recovered);
    return false;
  }
  return true;  // the next round tries again
}

absl::Status Follower::FollowOnce() {
  v1::WatchChangesRequest request;
  request.set_after_sequence(applier_->resume_after());
  std::unique_ptr<FeedStream> stream = open_stream_(request);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return absl::CancelledError("stopping");
    active_stream_ = stream.get();
  }
  v1::WatchChangesResponse message;
  absl::Status status;
  while (stream->Read(&message)) {
    // Read() fills the message anew, so it can be handed over.
    status = Receive(std::move(message));
    if (!status.ok()) {
      stream->Cancel();
      break;
    }
  }
  const absl::Status finished = stream->Finish();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    active_stream_ = nullptr;
  }
  if (!status.ok()) return status;
  return finished;
}

absl::Status Follower::Receive(v1::WatchChangesResponse message) {
  head_.store(message.head_sequence());
  if (message.caught_up() && message.head_sequence() < applier_->resume_after()) {
    // The replica holds changes the feed never had: it was built from another
    // store (a replaced or restored ingest data dir). Serving it would show
    // articles that do not exist; it has to be rebuilt.
    return absl::FailedPreconditionError(absl::StrCat(
        "index is at sequence ", applier_->resume_after(), " but the ingest service's feed ends at ",
        message.head_sequence(), ": it was built from another store; delete the index directory so it "
        "is rebuilt from this feed"));
  }
  const bool caught_up = message.caught_up();
  const int64_t head = message.head_sequence();
  const int changes = message.changes_size();
  if (absl::Status applied = applier_->Apply(std::move(message), absl::Now()); !applied.ok()) return applied;
  if (options_.on_applied) options_.on_applied(changes);
  if (!caught_up_.load() && caught_up && applier_->resume_after() >= head) {
    caught_up_.store(true);
    LogInfo("caught up with the feed", {{"applied_sequence", std::to_string(applier_->resume_after())}});
    if (options_.on_caught_up) options_.on_caught_up();
  }
  return absl::OkStatus();
}

}  // namespace chronicle::feed
