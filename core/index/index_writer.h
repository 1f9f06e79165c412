// Materialises the change feed into the index.
//
// The index is two segment indexes (core/index/segment) under one directory:
// the articles, which searches and timelines read, and the near-duplicates,
// each stored under its original (index_layout.h). Changes are applied in
// feed order; Commit() writes what arrived since the last commit as new
// segments and commits each index's manifest with the applied sequence, so
// after a crash or restart the index resumes exactly where its documents
// end: nothing is lost and nothing is applied twice.
//
// The two manifests are committed one after the other, the duplicates
// first. Each records the sequence it holds; a crash between the two leaves
// the articles behind, and reopening resumes from the index furthest behind,
// the other skipping what it already holds.
//
// Turning an article into its documents (its words, its events, its record
// compressed) is most of the work, so changes are queued and built in
// batches on `threads` threads that live for the batch, then handed to the
// indexes in feed order: documents are numbered in the order they come, and
// equal scores rank in that order, so every replica must add them alike.
// Merges run one at a time per index on a thread that lives for the merge;
// each is committed at the first commit after it ends.
//
// A failure is final for the writer: once applying or committing has failed,
// an index may hold part of a batch in memory, so Apply() and Commit() refuse
// with FAILED_PRECONDITION until the writer is reopened. Nothing uncommitted
// reaches a manifest, so the index only ever records a sequence whose changes
// it holds in full.
#ifndef CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
#define CHRONICLE_CORE_INDEX_INDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/feed.pb.h"
#include "core/index/document_builder.h"
#include "core/index/record_compression.h"
#include "core/index/segment/segment_index.h"

namespace chronicle::index {

struct IndexWriterOptions {
  // Directory of the index; created when missing.
  std::string path;
  // Threads that turn a batch of changes into documents side by side.
  int threads = 1;
  // Articles the index holds when its writer trains the dictionaries its
  // records are compressed with from then on (record_compression.h), and
  // how many of their records it learns from; 0: never.
  int64_t train_dictionaries_at = 2000;
  size_t dictionary_samples = 2000;
};

// Single writer: use from one thread. Other processes or threads read the same
// directory through IndexReader.
class IndexWriter {
 public:
  // Opens or creates the index.
  // Errors: FAILED_PRECONDITION when the directory holds an index of another
  // schema version or layout (delete it: it is rebuilt from the feed);
  // DATA_LOSS when corrupt; INTERNAL on I/O errors.
  static absl::StatusOr<std::unique_ptr<IndexWriter>> Open(const IndexWriterOptions& options);

  ~IndexWriter();

  // Applies one change (queued for the next batch). Changes at or below the
  // applied sequence are ignored, so replaying a feed from an earlier point
  // is harmless. Errors: INVALID_ARGUMENT for a change of unknown kind;
  // FAILED_PRECONDITION once the writer has failed. Takes the change (the
  // feed's is moved in, not copied).
  absl::Status Apply(v1::Change change);

  // Makes applied changes durable and visible, with the applied sequence,
  // commits merges that finished and starts the next ones due. Errors: the
  // segment indexes' (the writer has then failed); FAILED_PRECONDITION once
  // it has failed.
  absl::Status Commit();

  // Whether an apply or commit failed: the writer must then be destroyed
  // (which discards its uncommitted changes) and the index reopened.
  bool failed() const { return !failure_.ok(); }

  // Last sequence applied (committed or not) and last committed.
  int64_t applied_sequence() const { return applied_sequence_; }
  int64_t committed_sequence() const { return committed_sequence_; }
  bool has_uncommitted_changes() const { return applied_sequence_ != committed_sequence_; }
  int thread_count() const { return threads_; }
  // Whether a segment merge is running or waits to be committed; and
  // whether one has finished, so that a commit, even with nothing new,
  // would move the index on (ChangeApplier commits then while idle).
  bool merging() const;
  bool merge_finished() const;
  // Committed documents of a kind (schema::kArticleType, kDuplicateType,
  // kEventType).
  int64_t CountDocuments(absl::string_view type) const;

 private:
  class MergingIndex;

  IndexWriter(const IndexWriterOptions& options, std::unique_ptr<MergingIndex> articles,
              std::unique_ptr<MergingIndex> duplicates);
  // Builds the queued changes' documents and hands them to the indexes.
  void ApplyQueued();
  // Compresses the records built from now on with `dictionaries`, which
  // every segment written from now on carries.
  void UseDictionaries(RecordDictionaries dictionaries);
  // Trains the dictionaries once the index holds enough articles. A
  // failure to (records too small to learn from) is not the writer's: it
  // tries again when the index has doubled.
  void TrainDictionariesWhenDue();
  // Records the first failure; returns `status`.
  absl::Status Fail(absl::Status status);
  // FAILED_PRECONDITION after a failure.
  absl::Status CheckUsable() const;

  const int threads_;
  // One per thread, kept across batches (each holds a stem cache and a zstd
  // context); thread t uses builders_[t] only.
  std::vector<std::unique_ptr<DocumentBuilder>> builders_;
  std::unique_ptr<MergingIndex> articles_;
  std::unique_ptr<MergingIndex> duplicates_;
  std::vector<v1::Change> queue_;
  absl::Status failure_;
  int64_t applied_sequence_;
  int64_t committed_sequence_;
  bool has_dictionaries_ = false;
  int64_t train_dictionaries_at_;
  size_t dictionary_samples_;
};

// Documents of a kind in `articles` and `duplicates` (IndexWriter's and
// IndexReader's CountDocuments). Events are counted from their per-article
// count terms, without reading a record.
int64_t CountDocuments(const segment::IndexSnapshot& articles, const segment::IndexSnapshot& duplicates,
                       absl::string_view type);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
