// Applies feed messages to the index and decides when to commit: the
// query replica's feed::Applier.
//
// Commits happen when the feed says it has nothing more for now (so a quiet
// system is searchable at once) and the last commit is at least
// min_commit_spacing old, when the commit interval has passed since the first
// uncommitted change (so a busy one is searchable within that interval), or
// when many changes are pending. After each commit the applied sequence is
// published for requests waiting on min_sequence.
#ifndef CHRONICLE_CORE_FEED_CHANGE_APPLIER_H_
#define CHRONICLE_CORE_FEED_CHANGE_APPLIER_H_

#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/v1/feed.pb.h"
#include "core/common/sequence_watch.h"
#include "core/feed/applier.h"
#include "core/index/index_writer.h"

namespace chronicle::feed {

struct ChangeApplierOptions {
  // While the replica is behind the feed (catching up, or outpaced by a burst),
  // the longest a change waits for a commit. A commit writes what arrived
  // since the last one as a new segment (its cost grows with the batch, not
  // the index), so this bounds how long an acknowledged article stays
  // unsearchable while the replica keeps up.
  absl::Duration commit_interval = absl::Seconds(1);
  // A commit deferred by this spacing happens at the next feed message: a
  // change or the ingest service's heartbeat. Each commit adds a small
  // segment that merges fold away later, so committing at every caught-up
  // message of a slow trickle would make many.
  absl::Duration min_commit_spacing = absl::Milliseconds(200);
  // Changes held before a commit regardless of time: whole articles wait in
  // memory until then.
  int max_uncommitted_changes = 4000;
  // An index that cannot be used (corrupt, or written with another schema
  // version) is moved aside to "<path>.unusable" and rebuilt from the feed,
  // instead of failing start-up.
  bool rebuild_unusable_index = true;
};

// Use from one thread (the feed follower's).
class ChangeApplier final : public Applier {
 public:
  // Opens the index writer. `applied` receives the committed sequence; it
  // must outlive the applier. Errors as IndexWriter::Open (for an unusable
  // index only when options.rebuild_unusable_index is false).
  static absl::StatusOr<std::unique_ptr<ChangeApplier>> Open(const index::IndexWriterOptions& index,
                                                            SequenceWatch* applied,
                                                            ChangeApplierOptions options);

  // Where the feed must resume: the last committed sequence.
  int64_t resume_after() const override {
    return writer_ != nullptr ? writer_->committed_sequence() : last_committed_;
  }

  // Applies the message's changes, then commits if one of the reasons above
  // holds. `now` is passed in so tests control time.
  absl::Status Apply(v1::WatchChangesResponse message, absl::Time now) override;

  // Commits whatever is pending (on disconnect and at shutdown).
  absl::Status Flush() override;

  // Whether the writer has failed (or could not be reopened): Apply and
  // Flush then refuse, and Recover() must succeed before the feed is
  // followed again.
  bool needs_recovery() const override { return writer_ == nullptr || writer_->failed(); }

  // After an error: drops uncommitted changes and reopens the writer at the
  // last commit, from where the feed is followed again. Errors: the
  // writer's, when the index cannot be reopened (Recover may be tried again);
  // DATA_LOSS when it is unusable or reopens behind what was committed, which
  // only a restart can repair (it rebuilds the index from the feed).
  absl::Status Recover() override;

  int64_t CountDocuments(absl::string_view type) const {
    return writer_ != nullptr ? writer_->CountDocuments(type) : -1;
  }
  // Whether the index is merging segments in the background (searches are
  // slower meanwhile). Any thread.
  bool merging() const { return merging_.load(); }
  // Duration of the last commit, for metrics.
  absl::Duration last_commit_duration() const { return last_commit_duration_; }

 private:
  ChangeApplier(index::IndexWriterOptions index_options, std::unique_ptr<index::IndexWriter> writer,
                SequenceWatch* applied, ChangeApplierOptions options);

  // UNAVAILABLE while the writer is closed after a failed Recover().
  absl::Status CheckOpen() const;

  const index::IndexWriterOptions index_options_;
  // Null after a failed Recover().
  std::unique_ptr<index::IndexWriter> writer_;
  // The committed sequence when the writer was last closed.
  int64_t last_committed_ = 0;
  SequenceWatch* applied_;
  const ChangeApplierOptions options_;
  int pending_changes_ = 0;
  absl::Time first_pending_ = absl::InfiniteFuture();
  absl::Time last_commit_ = absl::InfinitePast();
  absl::Duration last_commit_duration_;
  std::atomic<bool> merging_{false};
};

}  // namespace chronicle::feed

#endif  // CHRONICLE_CORE_FEED_CHANGE_APPLIER_H_
