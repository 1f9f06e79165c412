#include "core/index/change_applier.h"

#include <utility>

#include "absl/time/clock.h"
#include "core/common/status_macros.h"

namespace chronicle::index {

absl::StatusOr<std::unique_ptr<ChangeApplier>> ChangeApplier::Open(const IndexWriterOptions& index,
                                                                   SequenceWatch* applied,
                                                                   ChangeApplierOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer, IndexWriter::Open(index));
  // A fresh index is committed at once so that readers can open it.
  if (writer->committed_sequence() == 0) RETURN_IF_ERROR(writer->Commit());
  return std::unique_ptr<ChangeApplier>(
      new ChangeApplier(index, std::move(writer), applied, options));
}

ChangeApplier::ChangeApplier(IndexWriterOptions index, std::unique_ptr<IndexWriter> writer,
                             SequenceWatch* applied, ChangeApplierOptions options)
    : index_options_(std::move(index)),
      writer_(std::move(writer)),
      applied_(applied),
      options_(options) {
  applied_->Publish(writer_->committed_sequence());
}

absl::Status ChangeApplier::Recover() {
  writer_.reset();  // releases the write lock; uncommitted changes are dropped
  pending_changes_ = 0;
  first_pending_ = absl::InfiniteFuture();
  ASSIGN_OR_RETURN(writer_, IndexWriter::Open(index_options_));
  return absl::OkStatus();
}

absl::Status ChangeApplier::Apply(const v1::WatchChangesResponse& message, absl::Time now) {
  for (const v1::Change& change : message.changes()) {
    RETURN_IF_ERROR(writer_->Apply(change));
    if (pending_changes_++ == 0) first_pending_ = now;
  }
  const bool due = message.caught_up() || now - first_pending_ >= options_.commit_interval ||
                   pending_changes_ >= options_.max_uncommitted_changes;
  if (due) return Flush();
  return absl::OkStatus();
}

absl::Status ChangeApplier::Flush() {
  if (!writer_->has_uncommitted_changes()) return absl::OkStatus();
  const absl::Time start = absl::Now();
  RETURN_IF_ERROR(writer_->Commit());
  last_commit_duration_ = absl::Now() - start;
  pending_changes_ = 0;
  first_pending_ = absl::InfiniteFuture();
  applied_->Publish(writer_->committed_sequence());
  return absl::OkStatus();
}

}  // namespace chronicle::index
