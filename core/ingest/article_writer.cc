#include "core/ingest/article_writer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/condition_wait.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"

namespace chronicle::ingest {
namespace {

// Statuses that concern one write only; anything else from the store means the
// transaction is unusable and the whole batch fails.
bool IsPerWriteError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kNotFound ||
         status.code() == absl::StatusCode::kInvalidArgument;
}

}  // namespace

const absl::StatusOr<WriteOutcome>& PendingWrite::Wait() const {
  std::unique_lock<std::mutex> lock(mutex_);
  done_changed_.wait(lock, [this] { return done_; });
  return result_;
}

bool PendingWrite::WaitUntil(absl::Time deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return chronicle::WaitUntil(done_changed_, lock, deadline, [this] { return done_; });
}

void PendingWrite::Complete(absl::StatusOr<WriteOutcome> result) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    result_ = std::move(result);
    done_ = true;
  }
  done_changed_.notify_all();
}

ArticleWriter::ArticleWriter(store::ArticleStore* store, ArticleWriterOptions options)
    : store_(store), options_(std::move(options)) {}

ArticleWriter::~ArticleWriter() { Shutdown(); }

void ArticleWriter::Start() { thread_ = std::thread([this] { Run(); }); }

absl::StatusOr<std::shared_ptr<PendingWrite>> ArticleWriter::SubmitUpsert(v1::StoredArticle stored,
                                                                          v1::RawArticle raw,
                                                                          absl::Time wait_until) {
  auto write = std::make_shared<PendingWrite>();
  write->kind_ = PendingWrite::Kind::kUpsert;
  *write->write_.stored.mutable_article() = std::move(*stored.mutable_article());
  write->write_.stored.set_content_type(stored.content_type());
  write->write_.raw = std::move(raw);
  return Enqueue(std::move(write), wait_until);
}

absl::StatusOr<std::shared_ptr<PendingWrite>> ArticleWriter::SubmitDelete(std::string article_id,
                                                                          absl::Time wait_until) {
  auto write = std::make_shared<PendingWrite>();
  write->kind_ = PendingWrite::Kind::kDelete;
  write->delete_id_ = std::move(article_id);
  return Enqueue(std::move(write), wait_until);
}

absl::StatusOr<std::shared_ptr<PendingWrite>> ArticleWriter::Enqueue(
    std::shared_ptr<PendingWrite> write, absl::Time wait_until) {
  std::unique_lock<std::mutex> lock(mutex_);
  WaitUntil(queue_changed_, lock, wait_until, [this] {
    return stopping_ || static_cast<int>(queue_.size()) < options_.queue_capacity;
  });
  if (stopping_) return absl::UnavailableError("ingest is shutting down");
  if (static_cast<int>(queue_.size()) >= options_.queue_capacity) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "ingest queue is full (", options_.queue_capacity, " writes waiting); retry with backoff"));
  }
  queue_.push_back(write);
  lock.unlock();
  queue_changed_.notify_all();
  return write;
}

void ArticleWriter::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int ArticleWriter::QueueDepth() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(queue_.size());
}

void ArticleWriter::Run() {
  while (true) {
    std::vector<std::shared_ptr<PendingWrite>> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch_size) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    queue_changed_.notify_all();  // room for blocked submitters
    ApplyBatch(batch);
  }
}

void ArticleWriter::ApplyBatch(const std::vector<std::shared_ptr<PendingWrite>>& batch) {
  std::vector<absl::StatusOr<WriteOutcome>> results;
  results.reserve(batch.size());
  absl::Status batch_status;
  absl::StatusOr<std::unique_ptr<store::WriteTransaction>> txn = store_->BeginWrite();
  if (!txn.ok()) {
    batch_status = txn.status();
  } else {
    for (const std::shared_ptr<PendingWrite>& write : batch) {
      absl::StatusOr<WriteOutcome> result = write->kind_ == PendingWrite::Kind::kUpsert
                                                ? ApplyUpsert(**txn, *write)
                                                : ApplyDelete(**txn, *write);
      if (!result.ok() && !IsPerWriteError(result.status())) {
        batch_status = result.status();
        break;
      }
      results.push_back(std::move(result));
    }
    if (batch_status.ok()) batch_status = (*txn)->Commit();
    txn->reset();  // rolls back when not committed
  }
  if (batch_status.ok() && options_.on_commit) options_.on_commit(store_->LastSequence());
  if (!batch_status.ok() && options_.on_commit_failed) options_.on_commit_failed(batch_status);
  if (batch_status.ok() && options_.on_outcome) {
    for (const absl::StatusOr<WriteOutcome>& result : results) {
      if (result.ok()) options_.on_outcome(*result);
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i]->Complete(batch_status.ok() ? std::move(results[i]) : batch_status);
  }
}

absl::StatusOr<WriteOutcome> ArticleWriter::ApplyUpsert(store::WriteTransaction& txn,
                                                        PendingWrite& write) {
  v1::StoredArticle& stored = write.write_.stored;
  const v1::Article& article = stored.article();
  WriteOutcome outcome;
  outcome.article_id = article.id();

  ASSIGN_OR_RETURN(absl::optional<store::ArticleHead> existing, txn.FindArticle(article.id()));
  if (existing.has_value() && existing->content_hash == article.content_hash()) {
    outcome.outcome = v1::IngestArticleResponse::UNCHANGED;
    outcome.sequence = existing->sequence;
    outcome.duplicate_of = existing->duplicate_of;
    return outcome;
  }

  ASSIGN_OR_RETURN(std::string original, FindOriginal(txn, article));
  if (!original.empty()) {
    stored.set_duplicate_of(original);
    outcome.outcome = v1::IngestArticleResponse::DUPLICATE;
    outcome.duplicate_of = original;
  } else {
    stored.clear_duplicate_of();
    outcome.outcome = existing.has_value() ? v1::IngestArticleResponse::UPDATED
                                           : v1::IngestArticleResponse::CREATED;
  }
  ASSIGN_OR_RETURN(outcome.sequence, txn.Put(write.write_));
  return outcome;
}

absl::StatusOr<std::string> ArticleWriter::FindOriginal(store::WriteTransaction& txn,
                                                        const v1::Article& article) {
  ASSIGN_OR_RETURN(absl::optional<store::ArticleHead> exact,
                   txn.FindOriginalByContentHash(article.content_hash()));
  if (exact.has_value() && exact->id != article.id()) return exact->id;
  // A fingerprint of 0 means no words: nothing to compare.
  if (article.simhash() == 0) return std::string();
  ASSIGN_OR_RETURN(auto candidates, txn.FindSimHashCandidates(dedup::SimHashProbeKeys(article.simhash()),
                                                               article.simhash(), dedup::kNearDuplicateMaxDistance));
  // The closest original wins; ties go to the smallest id so the choice does
  // not depend on lookup order.
  std::string best;
  int best_distance = dedup::kNearDuplicateMaxDistance + 1;
  for (const auto& [id, simhash] : candidates) {
    if (id == article.id()) continue;
    const int distance = dedup::HammingDistance(simhash, article.simhash());
    if (distance < best_distance || (distance == best_distance && id < best)) {
      best = id;
      best_distance = distance;
    }
  }
  return best;
}

absl::StatusOr<WriteOutcome> ArticleWriter::ApplyDelete(store::WriteTransaction& txn,
                                                        PendingWrite& write) {
  WriteOutcome outcome;
  outcome.article_id = write.delete_id_;
  ASSIGN_OR_RETURN(std::vector<store::ArticleHead> duplicates, txn.FindDuplicatesOf(write.delete_id_));
  ASSIGN_OR_RETURN(outcome.sequence, txn.Delete(write.delete_id_));
  if (!duplicates.empty()) RETURN_IF_ERROR(PromoteDuplicates(txn, duplicates));
  return outcome;
}

absl::Status ArticleWriter::PromoteDuplicates(store::WriteTransaction& txn,
                                              const std::vector<store::ArticleHead>& duplicates) {
  // The oldest copy becomes the original, so the story stays searchable; the
  // others now repeat it. Each is a change of its own on the feed.
  std::string promoted;
  for (const store::ArticleHead& head : duplicates) {
    ASSIGN_OR_RETURN(absl::optional<store::ArticleWrite> copy, txn.LoadArticle(head.id));
    if (!copy.has_value()) continue;
    if (promoted.empty()) {
      promoted = head.id;
      copy->stored.clear_duplicate_of();
    } else {
      copy->stored.set_duplicate_of(promoted);
    }
    RETURN_IF_ERROR(txn.Put(*copy).status());
  }
  return absl::OkStatus();
}

}  // namespace chronicle::ingest
