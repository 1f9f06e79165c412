#include "core/index/index_writer.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/index_layout.h"
#include "core/index/schema.h"
#include "core/index/xapian_status.h"

namespace chronicle::index {
namespace {

using schema::BooleanTerm;

// Queued changes per shard before a batch is written: enough to keep every
// shard's thread busy for a while, few enough that whole articles waiting in
// memory stay small.
constexpr int kBatchChangesPerShard = 128;

// The created-sequence of the article's current document, if it has one: an
// update keeps its place in paginations that started before it.
absl::optional<std::string> CreatedSequenceOf(const Xapian::Database& db, const std::string& id_term) {
  Xapian::PostingIterator it = db.postlist_begin(id_term);
  if (it == db.postlist_end(id_term)) return absl::nullopt;
  return db.get_document(*it).get_value(schema::kCreatedSequenceSlot);
}

const std::string& ArticleIdOf(const v1::Change& change) {
  return change.kind() == v1::Change::UPSERT ? change.article().article().id() : change.article_id();
}

// The paths of the index's databases, creating the layout of a new index.
// A sharded layout always has two shards or more, so a count of one means
// the directory itself: an unsharded database, or nothing yet.
absl::StatusOr<std::vector<std::string>> PrepareLayout(const IndexWriterOptions& options) {
  const int wanted = std::max(1, options.shards);
  ASSIGN_OR_RETURN(std::vector<std::string> paths, ShardPaths(options.path));
  if (static_cast<int>(paths.size()) == wanted) return paths;
  if (paths.size() == 1 && !HoldsSingleDatabase(options.path)) {
    RETURN_IF_ERROR(WriteShardedLayout(options.path, wanted));
    return ShardPaths(options.path);
  }
  return absl::FailedPreconditionError(absl::StrCat("index at ", options.path, " has ", paths.size(),
                                                    " database(s), this writer is configured for ", wanted,
                                                    "; it must be rebuilt from the feed"));
}

}  // namespace

// What the segment engine is to do with one article, in feed order.
struct SegmentChange {
  int64_t sequence = 0;
  bool remove = false;              // delete document.key
  segment::IndexDocument document;  // otherwise add (or replace) it
};

struct IndexWriter::Shard {
  Shard(Xapian::WritableDatabase database, int64_t committed)
      : db(std::move(database)), committed_sequence(committed) {}
  // Destroying a WritableDatabase outside a transaction commits whatever it
  // holds: a failed batch, or the changes of a commit that failed half-way
  // (Xapian leaves them pending), would be recorded under the new sequence.
  // Within a transaction, destruction cancels instead, so every close goes
  // through one. Only explicit commits write to disk.
  ~Shard() {
    try {
      if (!in_transaction) db.begin_transaction(/*flushed=*/false);
      db.cancel_transaction();
    } catch (const Xapian::Error&) {
      // Cancelling drops what is in memory; nothing of it reaches the disk.
    }
  }

  // Starts the transaction that the next Commit() ends.
  absl::Status Begin();

  // Applies `change` to this shard's database (`xapian`) and queues what
  // the segment engine must do with it (`segments`): either may already
  // hold it after a crash between their commits.
  absl::Status ApplyChange(const v1::Change& change, bool xapian, bool segments);
  void ApplyUpsert(const v1::Change& change, bool xapian, bool segments);
  void ApplyDelete(int64_t sequence, const std::string& article_id, bool xapian, bool segments);
  // Applies the queued changes in order and empties the queue.
  absl::Status ApplyQueued();
  absl::Status Commit(int64_t sequence);

  Xapian::WritableDatabase db;
  bool in_transaction = false;
  DocumentBuilder builder;
  // What this shard's database has committed; changes up to it are skipped.
  int64_t committed_sequence;
  struct Queued {
    v1::Change change;
    bool xapian;
    bool segments;
  };
  std::vector<Queued> queue;
  // For the segment writer, which the writer's own thread feeds.
  std::vector<SegmentChange> segment_changes;
};

void IndexWriter::Shard::ApplyUpsert(const v1::Change& change, bool xapian, bool segments) {
  const v1::StoredArticle& stored = change.article();
  const std::string& id = stored.article().id();
  const std::string id_term = BooleanTerm(schema::kIdPrefix, id);
  int64_t created_sequence = change.sequence();
  if (xapian) {
    if (absl::optional<std::string> created = CreatedSequenceOf(db, id_term);
        created.has_value() && !created->empty()) {
      created_sequence = static_cast<int64_t>(Xapian::sortable_unserialise(*created));
    }
  }
  if (!stored.duplicate_of().empty()) {
    // A duplicate is searched through its original, never on its own.
    if (segments) segment_changes.push_back({change.sequence(), true, {id, {}, segment::kNoTime, ""}});
    if (!xapian) return;
    db.delete_document(BooleanTerm(schema::kArticlePrefix, id));
    db.replace_document(id_term, builder.BuildDuplicate(stored, created_sequence));
    return;
  }
  std::vector<DocumentBuilder::WordSpan> sentence_words;
  Xapian::Document article = builder.BuildArticle(stored, created_sequence, &sentence_words);
  StoredEvents events;
  std::vector<Xapian::Document> event_documents =
      builder.BuildEvents(stored, created_sequence, sentence_words, &events);
  if (segments) {
    segment::IndexDocument document = DocumentBuilder::SegmentDocument(stored, article);
    // Timelines read an article's events from the segments in one piece.
    document.stored = events.SerializeAsString();
    segment_changes.push_back({change.sequence(), false, std::move(document)});
  }
  if (!xapian) return;
  // Events are re-derived from the new version.
  db.delete_document(BooleanTerm(schema::kArticlePrefix, id));
  db.replace_document(id_term, article);
  for (Xapian::Document& event : event_documents) db.add_document(event);
}

void IndexWriter::Shard::ApplyDelete(int64_t sequence, const std::string& article_id, bool xapian, bool segments) {
  if (segments) segment_changes.push_back({sequence, true, {article_id, {}, segment::kNoTime, ""}});
  if (!xapian) return;
  db.delete_document(BooleanTerm(schema::kIdPrefix, article_id));
  db.delete_document(BooleanTerm(schema::kArticlePrefix, article_id));
}

absl::Status IndexWriter::Shard::ApplyChange(const v1::Change& change, bool xapian, bool segments) {
  try {
    if (change.kind() == v1::Change::UPSERT) {
      ApplyUpsert(change, xapian, segments);
    } else {
      ApplyDelete(change.sequence(), change.article_id(), xapian, segments);
    }
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, absl::StrCat("applying change ", change.sequence()));
  }
  return absl::OkStatus();
}

absl::Status IndexWriter::Shard::ApplyQueued() {
  std::vector<Queued> changes = std::move(queue);
  queue.clear();
  for (const Queued& queued : changes) RETURN_IF_ERROR(ApplyChange(queued.change, queued.xapian, queued.segments));
  return absl::OkStatus();
}

absl::Status IndexWriter::Shard::Begin() {
  try {
    // Flushed: commit_transaction() writes the revision to disk. Within a
    // transaction Xapian never flushes on its own, so nothing reaches the disk
    // between two of our commits.
    db.begin_transaction(/*flushed=*/true);
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, "starting an index transaction");
  }
  in_transaction = true;
  return absl::OkStatus();
}

absl::Status IndexWriter::Shard::Commit(int64_t sequence) {
  // Never behind what this shard committed before a crash left others behind.
  sequence = std::max(sequence, committed_sequence);
  try {
    db.set_metadata(schema::kAppliedSequenceKey, std::to_string(sequence));
    db.set_metadata(schema::kSchemaVersionKey, std::to_string(schema::kVersion));
    // Ends the transaction whether it succeeds or not; on failure none of its
    // changes are in the database.
    in_transaction = false;
    db.commit_transaction();
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, "committing index");
  }
  committed_sequence = sequence;
  return Begin();
}

absl::StatusOr<std::unique_ptr<IndexWriter>> IndexWriter::Open(const IndexWriterOptions& options) {
  ASSIGN_OR_RETURN(std::vector<std::string> paths, PrepareLayout(options));
  std::vector<std::unique_ptr<Shard>> shards;
  for (const std::string& path : paths) {
    try {
      Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
      const std::string version = db.get_metadata(schema::kSchemaVersionKey);
      if (!version.empty() && version != std::to_string(schema::kVersion)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "index at ", path, " has schema version ", version, ", this binary writes ",
            schema::kVersion, "; it must be rebuilt from the feed"));
      }
      int64_t applied = 0;
      const std::string applied_text = db.get_metadata(schema::kAppliedSequenceKey);
      if (!applied_text.empty() && !absl::SimpleAtoi(applied_text, &applied)) {
        return absl::DataLossError(absl::StrCat("index at ", path, " has an unreadable applied sequence \"",
                                                applied_text, "\""));
      }
      shards.push_back(std::make_unique<Shard>(std::move(db), applied));
      RETURN_IF_ERROR(shards.back()->Begin());
    } catch (const Xapian::Error& error) {
      return FromXapianError(error, absl::StrCat("opening index ", path));
    }
  }
  segment::SegmentIndexOptions segment_options;
  segment_options.path = SegmentsPath(options.path);
  ASSIGN_OR_RETURN(std::unique_ptr<segment::SegmentIndexWriter> segments,
                   segment::SegmentIndexWriter::Open(segment_options));
  return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(shards), std::move(segments)));
}

IndexWriter::IndexWriter(std::vector<std::unique_ptr<Shard>> shards,
                         std::unique_ptr<segment::SegmentIndexWriter> segments)
    : shards_(std::move(shards)), segments_(std::move(segments)) {
  // Resumes from the store furthest behind; the others skip what they hold.
  int64_t resume = segments_->committed_sequence();
  for (const auto& shard : shards_) resume = std::min(resume, shard->committed_sequence);
  applied_sequence_ = committed_sequence_ = resume;
}

IndexWriter::~IndexWriter() {
  if (merge_thread_.joinable()) merge_thread_.join();
  if (merge_ != nullptr) segments_->AbandonMerge(*merge_);
}

void IndexWriter::TakeSegmentChanges() {
  // In feed order across the shards: a segment numbers its documents in the
  // order they come, and equal scores rank in that order, so every replica
  // must add them alike, however its batches fell.
  std::vector<SegmentChange*> changes;
  for (const auto& shard : shards_) {
    for (SegmentChange& change : shard->segment_changes) changes.push_back(&change);
  }
  std::sort(changes.begin(), changes.end(),
            [](const SegmentChange* a, const SegmentChange* b) { return a->sequence < b->sequence; });
  for (SegmentChange* change : changes) {
    if (change->remove) {
      segments_->Delete(change->document.key);
    } else {
      segments_->Add(std::move(change->document));
    }
  }
  for (const auto& shard : shards_) shard->segment_changes.clear();
}

absl::Status IndexWriter::CommitSegments(int64_t sequence) {
  TakeSegmentChanges();
  if (segments_->has_buffered_changes() || sequence > segments_->committed_sequence()) {
    RETURN_IF_ERROR(segments_->Commit(std::max(sequence, segments_->committed_sequence())));
  }
  // One merge at a time, on a thread of its own: a large one takes seconds,
  // during which commits go on. Its result is committed at the first commit
  // after it finished.
  if (merge_ != nullptr && merge_finished_.load()) {
    merge_thread_.join();
    std::unique_ptr<segment::MergeTask> task = std::move(merge_);
    if (!merge_status_.ok()) {
      segments_->AbandonMerge(*task);
      return merge_status_;
    }
    RETURN_IF_ERROR(segments_->FinishMerge(std::move(task)));
  }
  if (merge_ == nullptr) {
    merge_ = segments_->PlanMerge();
    if (merge_ != nullptr) {
      merge_finished_ = false;
      merge_thread_ = std::thread([this, task = merge_.get()] {
        merge_status_ = task->Run();
        merge_finished_ = true;
      });
    }
  }
  return absl::OkStatus();
}

absl::Status IndexWriter::ForEachShard(const std::function<absl::Status(Shard&)>& work) {
  std::vector<absl::Status> results(shards_.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < shards_.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = work(*shards_[i]); });
  }
  results[0] = work(*shards_[0]);
  for (std::thread& thread : threads) thread.join();
  for (absl::Status& result : results) RETURN_IF_ERROR(result);
  return absl::OkStatus();
}

absl::Status IndexWriter::ApplyQueued() {
  if (queued_changes_ == 0) return absl::OkStatus();
  queued_changes_ = 0;
  absl::Status status = ForEachShard([](Shard& shard) { return shard.ApplyQueued(); });
  TakeSegmentChanges();
  return Fail(status);
}

absl::Status IndexWriter::Fail(absl::Status status) {
  if (!status.ok() && failure_.ok()) failure_ = status;
  return status;
}

absl::Status IndexWriter::CheckUsable() const {
  if (failure_.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "index writer failed earlier and must be reopened at its last commit: ", failure_.ToString()));
}

absl::Status IndexWriter::Apply(const v1::Change& change) {
  RETURN_IF_ERROR(CheckUsable());
  if (change.sequence() <= applied_sequence_) return absl::OkStatus();
  if (change.kind() != v1::Change::UPSERT && change.kind() != v1::Change::DELETE) {
    return absl::InvalidArgumentError(
        absl::StrCat("change ", change.sequence(), " has unknown kind ", change.kind()));
  }
  Shard& shard = *shards_[ShardOf(ArticleIdOf(change), shards_.size())];
  applied_sequence_ = change.sequence();
  // A shard or the segments, having committed further than the others
  // before a crash, may hold it already.
  const bool xapian = change.sequence() > shard.committed_sequence;
  const bool segments = change.sequence() > segments_->committed_sequence();
  if (!xapian && !segments) return absl::OkStatus();
  if (shards_.size() == 1) {
    absl::Status status = shard.ApplyChange(change, xapian, segments);
    TakeSegmentChanges();
    return Fail(status);
  }
  shard.queue.push_back({change, xapian, segments});
  if (++queued_changes_ < kBatchChangesPerShard * static_cast<int>(shards_.size())) return absl::OkStatus();
  return ApplyQueued();
}

absl::Status IndexWriter::Commit() {
  RETURN_IF_ERROR(CheckUsable());
  queued_changes_ = 0;
  const int64_t sequence = applied_sequence_;
  // A shard whose batch failed commits nothing; the others may commit, which
  // is safe: each records only what it holds, and reopening resumes from the
  // shard furthest behind.
  RETURN_IF_ERROR(Fail(ForEachShard([sequence](Shard& shard) -> absl::Status {
    RETURN_IF_ERROR(shard.ApplyQueued());
    return shard.Commit(sequence);
  })));
  // After the shards: a crash between the two leaves the segments behind,
  // and reopening resumes from them.
  RETURN_IF_ERROR(Fail(CommitSegments(sequence)));
  committed_sequence_ = sequence;
  return absl::OkStatus();
}

int64_t IndexWriter::CountDocuments(absl::string_view type) const {
  int64_t count = 0;
  for (const auto& shard : shards_) {
    try {
      count += shard->db.get_termfreq(BooleanTerm(schema::kTypePrefix, type));
    } catch (const Xapian::Error&) {
      return -1;
    }
  }
  return count;
}

}  // namespace chronicle::index
