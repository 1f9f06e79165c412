#include "core/index/reader_pool.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/condition_wait.h"
#include "core/common/logging.h"

namespace chronicle::index {
namespace {

size_t ReaderCap(int max_readers) {
  if (max_readers > 0) return static_cast<size_t>(max_readers);
  return std::max<size_t>(4, 2 * static_cast<size_t>(std::thread::hardware_concurrency()));
}

}  // namespace

ReaderPool::ReaderPool(std::string path, EntityResolver resolve_entity, int max_readers, size_t timeline_cache_bytes)
    : path_(std::move(path)),
      resolve_entity_(std::move(resolve_entity)),
      segments_(std::make_shared<SharedSegments>(path_, timeline_cache_bytes)),
      max_readers_(ReaderCap(max_readers)) {}

namespace {

// Errors that say the index files could not be read, as opposed to a bad
// request or a writer moving on.
bool IsStorageError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDataLoss;
}

}  // namespace

absl::StatusOr<ReaderPool::Lease> ReaderPool::Acquire(absl::Time deadline) {
  std::unique_ptr<IndexReader> reader;
  uint64_t generation = 0;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto free = [this] { return !idle_.empty() || open_ < max_readers_; };
    if (!WaitUntil(released_, lock, deadline, free)) {
      return absl::DeadlineExceededError(
          absl::StrCat("all ", max_readers_, " index readers stayed busy until the deadline"));
    }
    if (!idle_.empty()) {
      reader = std::move(idle_.back().first);
      generation = idle_.back().second;
      idle_.pop_back();
    } else {
      ++open_;  // reserved here, opened below without the lock
      generation = failures_;
    }
  }
  if (reader == nullptr) {
    absl::StatusOr<std::unique_ptr<IndexReader>> opened = IndexReader::Open(path_, resolve_entity_, segments_);
    if (!opened.ok()) {
      Discard();
      if (IsStorageError(opened.status())) MarkFailed(/*reopen=*/false);
      return opened.status();
    }
    reader = *std::move(opened);
    MarkReopened(generation);
  } else {
    // New documents, or merged segments (committed while the feed is
    // quiet): only the manifests tell, one small read each.
    absl::Status refreshed = reader->Refresh();
    if (!refreshed.ok()) {
      Discard();
      if (IsStorageError(refreshed)) MarkFailed(/*reopen=*/false);
      return refreshed;
    }
  }
  return Lease(this, std::move(reader), generation);
}

void ReaderPool::Lease::Report(const absl::Status& status) {
  if (reader_ == nullptr) return;
  if (IsStorageError(status)) {
    LogError("index read failed; closing the readers and reopening the index", {{"error", status.ToString()}});
    // Its cached blocks and file state are suspect: never reuse it.
    reader_.reset();
    pool_->Discard();
    pool_->MarkFailed(/*reopen=*/true);
  }
}

void ReaderPool::Release(std::unique_ptr<IndexReader> reader, uint64_t generation) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation < failures_) {
      --open_;  // opened before a storage error: closed rather than kept
    } else {
      idle_.emplace_back(std::move(reader), generation);
    }
  }
  released_.notify_one();
}

void ReaderPool::Discard() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
  }
  released_.notify_one();
}

void ReaderPool::MarkFailed(bool reopen) {
  std::vector<std::pair<std::unique_ptr<IndexReader>, uint64_t>> closing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++failures_;
    open_ -= idle_.size();
    closing.swap(idle_);
  }
  released_.notify_all();
  SetHealthy(false);
  if (!reopen) return;
  // Reopen at once rather than wait for a request: an unhealthy replica gets
  // none. A reader that opens goes to the pool for the next request.
  absl::StatusOr<Lease> reopened = Acquire(absl::Now());
  if (!reopened.ok()) LogWarning("index cannot be reopened for reading", {{"error", reopened.status().ToString()}});
}

void ReaderPool::MarkReopened(uint64_t generation) {
  if (healthy_.load()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation < failures_) return;  // opened before the last failure: proves nothing
  }
  SetHealthy(true);
}

void ReaderPool::SetHealthy(bool healthy) {
  if (healthy_.exchange(healthy) != healthy && on_health_) on_health_(healthy);
}

}  // namespace chronicle::index
