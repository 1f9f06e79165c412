#include "core/index/reader_pool.h"

#include <utility>

#include "core/common/status_macros.h"

namespace chronicle::index {

ReaderPool::ReaderPool(std::string path, const SequenceWatch* applied, EntityResolver resolve_entity,
                       int max_idle)
    : path_(std::move(path)),
      applied_(applied),
      resolve_entity_(std::move(resolve_entity)),
      max_idle_(static_cast<size_t>(max_idle)) {}

absl::StatusOr<ReaderPool::Lease> ReaderPool::Acquire() {
  std::unique_ptr<IndexReader> reader;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (reader == nullptr) {
    ASSIGN_OR_RETURN(reader, IndexReader::Open(path_, resolve_entity_));
  } else if (reader->applied_sequence() < applied_->Get()) {
    RETURN_IF_ERROR(reader->Refresh());
  }
  return Lease(this, std::move(reader));
}

void ReaderPool::Release(std::unique_ptr<IndexReader> reader) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(reader));
}

}  // namespace chronicle::index
