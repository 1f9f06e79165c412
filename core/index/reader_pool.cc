#include "core/index/reader_pool.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/condition_wait.h"

namespace chronicle::index {
namespace {

size_t ReaderCap(int max_readers) {
  if (max_readers > 0) return static_cast<size_t>(max_readers);
  return std::max<size_t>(4, 2 * static_cast<size_t>(std::thread::hardware_concurrency()));
}

}  // namespace

ReaderPool::ReaderPool(std::string path, const SequenceWatch* applied, EntityResolver resolve_entity,
                       int max_readers)
    : path_(std::move(path)),
      applied_(applied),
      resolve_entity_(std::move(resolve_entity)),
      max_readers_(ReaderCap(max_readers)) {}

absl::StatusOr<ReaderPool::Lease> ReaderPool::Acquire(absl::Time deadline) {
  std::unique_ptr<IndexReader> reader;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto free = [this] { return !idle_.empty() || open_ < max_readers_; };
    if (!WaitUntil(released_, lock, deadline, free)) {
      return absl::DeadlineExceededError(
          absl::StrCat("all ", max_readers_, " index readers stayed busy until the deadline"));
    }
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;  // reserved here, opened below without the lock
    }
  }
  if (reader == nullptr) {
    absl::StatusOr<std::unique_ptr<IndexReader>> opened = IndexReader::Open(path_, resolve_entity_);
    if (!opened.ok()) {
      Discard();
      return opened.status();
    }
    reader = *std::move(opened);
  } else if (reader->applied_sequence() < applied_->Get()) {
    if (absl::Status refreshed = reader->Refresh(); !refreshed.ok()) {
      Discard();
      return refreshed;
    }
  }
  return Lease(this, std::move(reader));
}

void ReaderPool::Release(std::unique_ptr<IndexReader> reader) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(reader));
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

}  // namespace chronicle::index
