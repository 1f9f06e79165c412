// The ingest side's single writer: a bounded queue of analysed articles and one
// thread that applies them to the article store in batches.
//
// Each batch is one store transaction, so one fsync covers many articles (group
// commit) while every caller still gets its answer only after its article is
// durable. Duplicate decisions are made here, on the writer thread, so they see
// every earlier write, including those of the same batch.
#ifndef CHRONICLE_CORE_INGEST_ARTICLE_WRITER_H_
#define CHRONICLE_CORE_INGEST_ARTICLE_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/v1/ingest.pb.h"
#include "core/store/article_store.h"

namespace chronicle::ingest {

struct WriteOutcome {
  v1::IngestArticleResponse::Outcome outcome = v1::IngestArticleResponse::OUTCOME_UNSPECIFIED;
  std::string article_id;
  std::string duplicate_of;
  // Feed sequence of the write (of the existing version when UNCHANGED).
  int64_t sequence = 0;
};

// One queued write; its result is set once the writer has committed (or
// failed) the batch it was in.
class PendingWrite {
 public:
  // Blocks until the result is known.
  const absl::StatusOr<WriteOutcome>& Wait() const;
  // False when `deadline` passed first; the write still completes later.
  bool WaitUntil(absl::Time deadline) const;

 private:
  friend class ArticleWriter;
  enum class Kind { kUpsert, kDelete };

  Kind kind_ = Kind::kUpsert;
  store::ArticleWrite write_;
  std::string delete_id_;
  // Called once by the writer thread with the result; wakes the waiters.
  void Complete(absl::StatusOr<WriteOutcome> result);
  mutable std::mutex mutex_;
  mutable std::condition_variable done_changed_;
  bool done_ = false;  // guarded by mutex_
  absl::StatusOr<WriteOutcome> result_;  // guarded by mutex_; final once done_
};

struct ArticleWriterOptions {
  // Writes waiting for the writer; beyond this, callers are told to back off.
  int queue_capacity = 1024;
  // Upper bound on writes per store transaction.
  int max_batch_size = 256;
  // Called on the writer thread after each commit with the last sequence.
  std::function<void(int64_t)> on_commit;
  // Called on the writer thread after each commit, once per write it made
  // durable (a deletion has outcome OUTCOME_UNSPECIFIED); for metrics.
  std::function<void(const WriteOutcome&)> on_outcome;
  // Called on the writer thread when a batch could not be written or
  // committed (its writes are answered with `status`); for the log and
  // metrics.
  std::function<void(const absl::Status& status)> on_commit_failed;
};

class ArticleWriter {
 public:
  // `store` must outlive the writer.
  ArticleWriter(store::ArticleStore* store, ArticleWriterOptions options);
  // Finishes queued writes and stops the thread (see Shutdown).
  ~ArticleWriter();
  ArticleWriter(const ArticleWriter&) = delete;
  ArticleWriter& operator=(const ArticleWriter&) = delete;

  // Starts the writer thread. Call once.
  void Start();

  // Queues a new version of `stored.article()` (whose id must be set). When the
  // queue is full, waits for room until `wait_until` (pass absl::InfinitePast()
  // to fail at once) and then returns RESOURCE_EXHAUSTED. UNAVAILABLE after
  // Shutdown.
  absl::StatusOr<std::shared_ptr<PendingWrite>> SubmitUpsert(v1::StoredArticle stored,
                                                             v1::RawArticle raw,
                                                             absl::Time wait_until);
  // Queues a deletion; the result is NOT_FOUND when there is no such article.
  absl::StatusOr<std::shared_ptr<PendingWrite>> SubmitDelete(std::string article_id,
                                                             absl::Time wait_until);

  // Stops accepting writes, applies everything already queued, joins the
  // thread. Idempotent.
  void Shutdown();

  int QueueDepth() const;

 private:
  absl::StatusOr<std::shared_ptr<PendingWrite>> Enqueue(std::shared_ptr<PendingWrite> write,
                                                        absl::Time wait_until);
  void Run();
  void ApplyBatch(const std::vector<std::shared_ptr<PendingWrite>>& batch);
  absl::StatusOr<WriteOutcome> ApplyUpsert(store::WriteTransaction& txn, PendingWrite& write);
  absl::StatusOr<WriteOutcome> ApplyDelete(store::WriteTransaction& txn, PendingWrite& write);
  // After an original is deleted: its oldest duplicate becomes the original
  // and the others are linked to that one.
  absl::Status PromoteDuplicates(store::WriteTransaction& txn, const std::vector<store::ArticleHead>& duplicates);
  // The id of the original `article` repeats (same content, or a SimHash
  // within the near-duplicate threshold), or "" when it is an original.
  absl::StatusOr<std::string> FindOriginal(store::WriteTransaction& txn, const v1::Article& article);

  store::ArticleStore* const store_;
  const ArticleWriterOptions options_;

  mutable std::mutex mutex_;
  // Signalled when the queue or stopping_ changes: wakes both the writer
  // (work arrived) and blocked submitters (room appeared).
  std::condition_variable queue_changed_;
  std::deque<std::shared_ptr<PendingWrite>> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace chronicle::ingest

#endif  // CHRONICLE_CORE_INGEST_ARTICLE_WRITER_H_
