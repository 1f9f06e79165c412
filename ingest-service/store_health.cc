#include "ingest-service/store_health.h"

#include <utility>

#include "core/common/logging.h"

namespace chronicle::ingest_service {

StoreHealth::StoreHealth(const store::ArticleStore* store, absl::Duration probe_every)
    : store_(store), probe_every_(probe_every), prober_([this] { ProbeUntilStopped(); }) {}

StoreHealth::~StoreHealth() {
  Stop();
  prober_.join();
}

void StoreHealth::SetServingCallback(std::function<void(bool serving)> set_serving) {
  std::lock_guard<std::mutex> lock(mutex_);
  set_serving_ = std::move(set_serving);
  if (away_ && set_serving_) set_serving_(false);
}

void StoreHealth::Report(bool serving) {
  if (set_serving_ && !stopping_) set_serving_(serving);
}

void StoreHealth::WriteSucceeded() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!away_) return;
  away_ = false;
  LogInfo("the article store is back: serving again", {});
  Report(true);
}

void StoreHealth::WriteFailed(const absl::Status& status) {
  if (!absl::IsUnavailable(status)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (away_) return;
  away_ = true;
  LogError("the article store cannot be reached: not serving until it answers", {{"error", status.ToString()}});
  Report(false);
  changed_.notify_all();
}

void StoreHealth::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

bool StoreHealth::away() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return away_;
}

void StoreHealth::ProbeUntilStopped() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    changed_.wait(lock, [this] { return stopping_ || away_; });
    if (stopping_) return;
    // Away: ask the store, without the lock, until it answers.
    lock.unlock();
    const bool answered = store_->ReadLastSequence().ok();
    lock.lock();
    if (answered && away_) {
      away_ = false;
      LogInfo("the article store is back: serving again", {});
      Report(true);
    } else if (!answered) {
      changed_.wait_for(lock, absl::ToChronoNanoseconds(probe_every_), [this] { return stopping_; });
    }
  }
}

}  // namespace chronicle::ingest_service
