#include "core/feed/change_applier.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/logging.h"
#include "core/common/status_macros.h"

namespace chronicle::feed {

using index::IndexWriter;
using index::IndexWriterOptions;

namespace {

// Corruption and foreign schema versions cannot be repaired in place; the
// feed holds everything needed to build the index again.
bool IsUnusable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kDataLoss ||
         status.code() == absl::StatusCode::kFailedPrecondition;
}

absl::StatusOr<std::unique_ptr<IndexWriter>> OpenOrRebuild(const IndexWriterOptions& index,
                                                          bool rebuild_unusable) {
  absl::StatusOr<std::unique_ptr<IndexWriter>> writer = IndexWriter::Open(index);
  if (writer.ok() || !rebuild_unusable || !IsUnusable(writer.status())) return writer;
  const std::string aside = index.path + ".unusable";
  LogError("index is unusable; moving it aside and rebuilding it from the feed",
           {{"path", index.path}, {"moved_to", aside}, {"error", writer.status().ToString()}});
  std::error_code error;
  std::filesystem::remove_all(aside, error);
  std::filesystem::rename(index.path, aside, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot move unusable index ", index.path, " aside: ", error.message()));
  }
  return IndexWriter::Open(index);
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChangeApplier>> ChangeApplier::Open(const IndexWriterOptions& index,
                                                                   SequenceWatch* applied,
                                                                   ChangeApplierOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> writer,
                   OpenOrRebuild(index, options.rebuild_unusable_index));
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
  if (writer_ != nullptr) last_committed_ = writer_->committed_sequence();
  // Destroying the writer discards its uncommitted changes (see IndexWriter).
  writer_.reset();
  merging_.store(false);
  pending_changes_ = 0;
  first_pending_ = absl::InfiniteFuture();
  ASSIGN_OR_RETURN(std::unique_ptr<IndexWriter> reopened, IndexWriter::Open(index_options_));
  if (reopened->committed_sequence() < last_committed_) {
    // Readers and waiting requests have been told the higher sequence, so
    // this process cannot serve an index that went back: it has to restart,
    // which rebuilds the index from the feed.
    return absl::DataLossError(absl::StrCat("index at ", index_options_.path, " went back from sequence ",
                                            last_committed_, " to ", reopened->committed_sequence(),
                                            " when reopened"));
  }
  writer_ = std::move(reopened);
  return absl::OkStatus();
}

absl::Status ChangeApplier::Apply(v1::WatchChangesResponse message, absl::Time now) {
  RETURN_IF_ERROR(CheckOpen());
  for (v1::Change& change : *message.mutable_changes()) {
    RETURN_IF_ERROR(writer_->Apply(std::move(change)));
    if (pending_changes_++ == 0) first_pending_ = now;
  }
  const bool due = (message.caught_up() && now - last_commit_ >= options_.min_commit_spacing) ||
                   now - first_pending_ >= options_.commit_interval ||
                   pending_changes_ >= options_.max_uncommitted_changes;
  // A merge that finished is committed at the next message too, so that a
  // quiet replica finishes merging (the heartbeats keep coming).
  if (!due && !writer_->merge_finished()) return absl::OkStatus();
  last_commit_ = now;
  return Flush();
}

absl::Status ChangeApplier::CheckOpen() const {
  if (writer_ != nullptr) return absl::OkStatus();
  return absl::UnavailableError("the index is not open: an earlier failure left it to be reopened");
}

absl::Status ChangeApplier::Flush() {
  RETURN_IF_ERROR(CheckOpen());
  if (!writer_->has_uncommitted_changes() && !writer_->merge_finished()) return absl::OkStatus();
  const absl::Time start = absl::Now();
  absl::Status committed = writer_->Commit();
  merging_.store(writer_->merging());
  RETURN_IF_ERROR(committed);
  last_commit_duration_ = absl::Now() - start;
  pending_changes_ = 0;
  first_pending_ = absl::InfiniteFuture();
  applied_->Publish(writer_->committed_sequence());
  return absl::OkStatus();
}

}  // namespace chronicle::feed
