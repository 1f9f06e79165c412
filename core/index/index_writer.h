// Materialises the change feed into the index.
//
// Changes are applied in feed order; Commit() makes them visible to readers
// and records the last applied sequence in the same Xapian commit, so after a
// crash or restart the index resumes exactly where its documents end: nothing
// is lost and nothing is applied twice.
//
// An index may be split into shards (index_layout.h), each its own Xapian
// database with its own writer. Changes are then routed to their article's
// shard and applied in batches, the shards side by side on threads that live
// for the duration of one batch or commit. Each shard records the sequence it
// has committed; a crash between two shards' commits leaves one behind, and
// reopening resumes from the one furthest behind, the others skipping what
// they already hold.
//
// Original articles are also written to the segment engine's index
// (core/index/segment, under SegmentsPath), which serves searches: it is
// committed after the shards, at the same sequence, and like a shard it
// resumes from what it committed, so a crash between the two commits leaves
// it behind and reopening replays only what it lacks. Its merges run one at
// a time on a thread that lives for the merge; each is committed at the first
// commit after it ends.
//
// A failure is final for the writer: once applying or committing has failed,
// the databases may hold part of a batch, so Apply() and Commit() refuse with
// FAILED_PRECONDITION until the writer is reopened. Each commit cycle is a
// Xapian transaction, so closing a failed writer discards what it held
// instead of committing it (Xapian commits on close otherwise), and the index
// only ever records a sequence whose changes it holds in full.
#ifndef CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
#define CHRONICLE_CORE_INDEX_INDEX_WRITER_H_

#include <cstdint>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chronicle/v1/feed.pb.h"
#include "core/index/document_builder.h"
#include "core/index/segment/segment_index.h"
#include "xapian.h"

namespace chronicle::index {

struct IndexWriterOptions {
  // Directory of the index; created when missing.
  std::string path;
  // Databases the index is split into, written in parallel. An existing index
  // with another count cannot be reopened (FAILED_PRECONDITION): it has to be
  // rebuilt, since articles would be routed to other shards.
  int shards = 1;
};

// Single writer: use from one thread. Other processes or threads read the same
// directory through IndexReader.
class IndexWriter {
 public:
  // Opens or creates the index.
  // Errors: UNAVAILABLE when another process holds the write lock;
  // FAILED_PRECONDITION when the index was written with another schema version
  // or shard count (delete the directory: it is rebuilt from the feed);
  // DATA_LOSS when corrupt.
  static absl::StatusOr<std::unique_ptr<IndexWriter>> Open(const IndexWriterOptions& options);

  ~IndexWriter();

  // Applies one change (with several shards, queues it for the next batch).
  // Changes at or below the applied sequence are ignored, so replaying a feed
  // from an earlier point is harmless. Errors: INVALID_ARGUMENT for a change of
  // unknown kind; Xapian's errors from applying it or its batch (after which
  // the writer has failed); FAILED_PRECONDITION once it has failed.
  absl::Status Apply(const v1::Change& change);

  // Makes applied changes durable and visible, with the applied sequence,
  // commits a segment merge that finished and starts the next one due.
  // Errors: Xapian's (the writer has then failed); FAILED_PRECONDITION once
  // it has failed.
  absl::Status Commit();

  // Whether an apply or commit failed: the writer must then be destroyed
  // (which discards its uncommitted changes) and the index reopened.
  bool failed() const { return !failure_.ok(); }

  // Last sequence applied (committed or not) and last committed.
  int64_t applied_sequence() const { return applied_sequence_; }
  int64_t committed_sequence() const { return committed_sequence_; }
  bool has_uncommitted_changes() const { return applied_sequence_ != committed_sequence_; }
  int shard_count() const { return static_cast<int>(shards_.size()); }
  // Whether a segment merge is running or waits to be committed; and
  // whether one has finished, so that a commit, even with nothing new,
  // would move the index on (ChangeApplier commits then while idle).
  bool merging() const { return merge_ != nullptr; }
  bool merge_finished() const { return merge_ != nullptr && merge_finished_.load(); }
  // Documents of each kind in the databases, including uncommitted ones
  // (changes still queued for a batch are not counted until it runs).
  int64_t CountDocuments(absl::string_view type) const;

 private:
  struct Shard;

  IndexWriter(std::vector<std::unique_ptr<Shard>> shards, std::unique_ptr<segment::SegmentIndexWriter> segments);
  // Runs `work` on every shard at once, the first on the calling thread.
  absl::Status ForEachShard(const std::function<absl::Status(Shard&)>& work);
  // Writes each shard's queued changes.
  absl::Status ApplyQueued();
  // Hands the shards' segment changes to the segment writer, in order.
  void TakeSegmentChanges();
  // Commits the segments at `sequence`, then finishes a merge that ran and
  // starts the next the merge policy asks for.
  absl::Status CommitSegments(int64_t sequence);
  // Records the first failure; returns `status`.
  absl::Status Fail(absl::Status status);
  // FAILED_PRECONDITION after a failure.
  absl::Status CheckUsable() const;

  std::vector<std::unique_ptr<Shard>> shards_;
  // The articles again, for the segment engine that serves searches
  // (docs/design/search-engine.md), committed after the shards.
  std::unique_ptr<segment::SegmentIndexWriter> segments_;
  // The merge running on merge_thread_, if any.
  std::unique_ptr<segment::MergeTask> merge_;
  std::thread merge_thread_;
  std::atomic<bool> merge_finished_{false};
  absl::Status merge_status_;  // written by merge_thread_ before merge_finished_
  int queued_changes_ = 0;
  absl::Status failure_;
  int64_t applied_sequence_;
  int64_t committed_sequence_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
