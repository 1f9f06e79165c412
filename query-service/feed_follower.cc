#include "query-service/feed_follower.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/condition_wait.h"
#include "core/common/logging.h"
#include "core/server/grpc_status.h"

namespace chronicle::query_service {
namespace {

std::shared_ptr<grpc::Channel> FeedChannel(const FeedFollowerOptions& options) {
  grpc::ChannelArguments args;
  // A feed message carries whole analysed articles.
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (!options.tls_server_name.empty()) args.SetSslTargetNameOverride(options.tls_server_name);
  return grpc::CreateCustomChannel(
      options.ingest_address,
      options.credentials != nullptr ? options.credentials : grpc::InsecureChannelCredentials(), args);
}

}  // namespace

FeedFollower::FeedFollower(index::ChangeApplier* applier, FeedFollowerOptions options,
                           std::function<void()> on_caught_up)
    : applier_(applier),
      options_(std::move(options)),
      on_caught_up_(std::move(on_caught_up)),
      stub_(v1::IngestService::NewStub(FeedChannel(options_))) {}

FeedFollower::~FeedFollower() { Stop(); }

void FeedFollower::Start() { thread_ = std::thread([this] { Run(); }); }

void FeedFollower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    if (active_call_ != nullptr) active_call_->TryCancel();
  }
  stopping_changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool FeedFollower::WaitForRetry(absl::Duration delay) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !WaitUntil(stopping_changed_, lock, absl::Now() + delay, [this] { return stopping_; });
}

void FeedFollower::Run() {
  std::mt19937_64 random(std::random_device{}());
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    const int64_t resumed_at = applier_->resume_after();
    absl::Status status = FollowOnce();
    // Committing after a failed apply would record changes the index does not
    // hold; the applier refuses, and the writer is reopened instead.
    if (!applier_->needs_recovery()) {
      absl::Status flushed = applier_->Flush();
      if (!flushed.ok()) status = flushed;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    if (applier_->needs_recovery()) {
      if (caught_up_.exchange(false)) LogWarning("no longer caught up: the index cannot be written", {});
      if (options_.on_index_failed) options_.on_index_failed(status);
      LogError("index update failed; reopening at last commit",
               {{"error", status.ToString()}, {"applied_sequence", std::to_string(applier_->resume_after())}});
      absl::Status recovered = applier_->Recover();
      if (!recovered.ok()) {
        LogError("cannot reopen index", {{"error", recovered.ToString()}});
        if (recovered.code() == absl::StatusCode::kDataLoss ||
            recovered.code() == absl::StatusCode::kFailedPrecondition) {
          // Only a restart can rebuild it (ChangeApplier::Recover).
          if (options_.on_index_unusable) options_.on_index_unusable(recovered);
          return;
        }
      }
    }
    if (applier_->resume_after() > resumed_at) backoff = options_.initial_backoff;  // progress
    LogWarning("feed stream ended; reconnecting",
               {{"ingest", options_.ingest_address},
                {"status", status.ToString()},
                {"applied_sequence", std::to_string(applier_->resume_after())}});
    // Full jitter keeps many replicas from reconnecting in step.
    const double fraction = std::uniform_real_distribution<double>(0.5, 1.0)(random);
    if (!WaitForRetry(backoff * fraction)) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status FeedFollower::FollowOnce() {
  grpc::ClientContext context;
  if (!options_.authorization.empty()) context.AddMetadata("authorization", options_.authorization);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return absl::CancelledError("stopping");
    active_call_ = &context;
  }
  v1::WatchChangesRequest request;
  request.set_after_sequence(applier_->resume_after());
  std::unique_ptr<grpc::ClientReader<v1::WatchChangesResponse>> stream =
      stub_->WatchChanges(&context, request);
  v1::WatchChangesResponse message;
  absl::Status status;
  while (stream->Read(&message)) {
    ingest_head_.store(message.head_sequence());
    if (message.caught_up() && message.head_sequence() < applier_->resume_after()) {
      // The index holds changes the feed never had: it was built from another
      // store (a replaced or restored ingest data dir). Serving it would show
      // articles that do not exist; it has to be rebuilt.
      status = absl::FailedPreconditionError(absl::StrCat(
          "index is at sequence ", applier_->resume_after(), " but the ingest service's feed ends at ",
          message.head_sequence(), ": it was built from another store; delete the index directory so it "
          "is rebuilt from this feed"));
      context.TryCancel();
      break;
    }
    status = applier_->Apply(message, absl::Now());
    if (!status.ok()) {
      context.TryCancel();
      break;
    }
    if (options_.on_applied) options_.on_applied(message);
    if (!caught_up_.load() && message.caught_up() &&
        applier_->resume_after() >= message.head_sequence()) {
      caught_up_.store(true);
      LogInfo("caught up with the feed", {{"applied_sequence", std::to_string(applier_->resume_after())}});
      if (on_caught_up_) on_caught_up_();
    }
  }
  const grpc::Status finished = stream->Finish();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    active_call_ = nullptr;
  }
  if (!status.ok()) return status;
  return server::FromGrpcStatus(finished);
}

}  // namespace chronicle::query_service
