#include "core/index/index_writer.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/document_builder.h"
#include "core/index/index_layout.h"
#include "core/index/schema.h"

namespace chronicle::index {
namespace {

// Changes queued per thread before a batch is built: enough to keep every
// thread busy for a while, few enough that whole articles waiting in memory
// stay small.
constexpr size_t kBatchChangesPerThread = 128;

// Per kind of record part. 64 kB gave 26% smaller bodies and 35% smaller
// articles on the benchmark corpus; 128 kB only 4% more on the articles.
constexpr size_t kMaxDictionaryBytes = 64 * 1024;

}  // namespace

int64_t CountDocuments(const segment::IndexSnapshot& articles, const segment::IndexSnapshot& duplicates,
                       absl::string_view type) {
  if (type == schema::kArticleType) return articles.live_documents();
  if (type == schema::kDuplicateType) return duplicates.live_documents();
  if (type != schema::kEventType) return 0;
  // Every article has one count term: the events are the sum of count times
  // articles, each term's articles counted exactly (deleted ones left out).
  int64_t events = 0;
  const std::string prefix(schema::kEventCountPrefix);
  for (const std::string& term : articles.ExpandPrefix(prefix, 100000)) {
    int64_t per_article = 0;
    if (!absl::SimpleAtoi(absl::string_view(term).substr(prefix.size()), &per_article) || per_article == 0) continue;
    segment::SearchOptions options;
    options.k = 0;
    options.count_all = true;
    options.count_sources = options.count_tags = options.count_months = false;
    events += per_article * articles.Search(segment::QueryTree::Term(term), options).matches;
  }
  return events;
}

// One segment index with the merge running beside it, if any.
class IndexWriter::MergingIndex {
 public:
  explicit MergingIndex(std::unique_ptr<segment::SegmentIndexWriter> writer) : writer_(std::move(writer)) {}
  ~MergingIndex() {
    if (thread_.joinable()) thread_.join();
    if (merge_ != nullptr) writer_->AbandonMerge(*merge_);
  }

  segment::SegmentIndexWriter& writer() { return *writer_; }
  const segment::SegmentIndexWriter& writer() const { return *writer_; }
  int64_t committed_sequence() const { return writer_->committed_sequence(); }
  bool merging() const { return merge_ != nullptr; }
  bool merge_finished() const { return merge_ != nullptr && finished_.load(); }

  // Commits at `sequence` (never below what it committed), then commits a
  // merge that finished and starts the next the merge policy asks for: one
  // at a time, on a thread of its own, since a large one takes seconds
  // during which commits go on.
  absl::Status Commit(int64_t sequence) {
    if (writer_->has_buffered_changes() || sequence > writer_->committed_sequence()) {
      RETURN_IF_ERROR(writer_->Commit(std::max(sequence, writer_->committed_sequence())));
    }
    if (merge_ != nullptr && finished_.load()) {
      thread_.join();
      std::unique_ptr<segment::MergeTask> task = std::move(merge_);
      if (!status_.ok()) {
        writer_->AbandonMerge(*task);
        return status_;
      }
      RETURN_IF_ERROR(writer_->FinishMerge(std::move(task)));
    }
    if (merge_ == nullptr) {
      merge_ = writer_->PlanMerge();
      if (merge_ != nullptr) {
        finished_ = false;
        thread_ = std::thread([this, task = merge_.get()] {
          status_ = task->Run();
          finished_ = true;
        });
      }
    }
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<segment::SegmentIndexWriter> writer_;
  std::unique_ptr<segment::MergeTask> merge_;
  std::thread thread_;
  std::atomic<bool> finished_{false};
  absl::Status status_;  // written by thread_ before finished_
};

namespace {

// What one change does to the two indexes, built off the writer's thread.
struct Built {
  int64_t sequence = 0;
  // Removed from the articles and the duplicates (an article can move from
  // one to the other), then added to one of them.
  std::string key;
  bool add_article = false;
  bool add_duplicate = false;
  segment::IndexDocument document;
};

}  // namespace

absl::StatusOr<std::unique_ptr<IndexWriter>> IndexWriter::Open(const IndexWriterOptions& options) {
  RETURN_IF_ERROR(PrepareIndexDirectory(options.path));
  segment::SegmentIndexOptions articles;
  articles.path = SegmentsPath(options.path);
  ASSIGN_OR_RETURN(std::unique_ptr<segment::SegmentIndexWriter> article_writer,
                   segment::SegmentIndexWriter::Open(articles));
  segment::SegmentIndexOptions duplicates;
  duplicates.path = DuplicatesPath(options.path);
  ASSIGN_OR_RETURN(std::unique_ptr<segment::SegmentIndexWriter> duplicate_writer,
                   segment::SegmentIndexWriter::Open(duplicates));
  // The dictionaries the records were last compressed with, if any were
  // trained: the articles' segments carry them, or, when none of those
  // was written since, the duplicates'.
  ASSIGN_OR_RETURN(RecordDictionaries dictionaries, FindRecordDictionaries(*article_writer->snapshot()));
  if (dictionaries.body == nullptr || dictionaries.article == nullptr) {
    ASSIGN_OR_RETURN(dictionaries, FindRecordDictionaries(*duplicate_writer->snapshot()));
  }
  auto writer = std::unique_ptr<IndexWriter>(
      new IndexWriter(options, std::make_unique<MergingIndex>(std::move(article_writer)),
                      std::make_unique<MergingIndex>(std::move(duplicate_writer))));
  if (dictionaries.body != nullptr && dictionaries.article != nullptr) {
    writer->UseDictionaries(std::move(dictionaries));
  }
  return writer;
}

IndexWriter::IndexWriter(const IndexWriterOptions& options, std::unique_ptr<MergingIndex> articles,
                         std::unique_ptr<MergingIndex> duplicates)
    : threads_(std::max(1, options.threads)),
      articles_(std::move(articles)),
      duplicates_(std::move(duplicates)),
      train_dictionaries_at_(options.train_dictionaries_at),
      dictionary_samples_(options.dictionary_samples) {
  for (int t = 0; t < threads_; ++t) builders_.push_back(std::make_unique<DocumentBuilder>());
  // Resumes from the index furthest behind; the other skips what it holds.
  applied_sequence_ = committed_sequence_ =
      std::min(articles_->committed_sequence(), duplicates_->committed_sequence());
}

void IndexWriter::UseDictionaries(RecordDictionaries dictionaries) {
  for (MergingIndex* index : {articles_.get(), duplicates_.get()}) {
    index->writer().Attach(DictionaryAttachmentName(kBodyDictionary, *dictionaries.body),
                           dictionaries.body->bytes());
    index->writer().Attach(DictionaryAttachmentName(kArticleDictionary, *dictionaries.article),
                           dictionaries.article->bytes());
  }
  for (std::unique_ptr<DocumentBuilder>& builder : builders_) builder->UseDictionaries(dictionaries);
  has_dictionaries_ = true;
}

void IndexWriter::TrainDictionariesWhenDue() {
  if (has_dictionaries_ || train_dictionaries_at_ <= 0) return;
  const std::shared_ptr<const segment::IndexSnapshot> articles = articles_->writer().snapshot();
  if (articles->live_documents() < train_dictionaries_at_) return;
  absl::StatusOr<RecordDictionaries> trained =
      TrainRecordDictionaries(*articles, dictionary_samples_, kMaxDictionaryBytes);
  if (!trained.ok()) {
    train_dictionaries_at_ = 2 * articles->live_documents();
    return;
  }
  UseDictionaries(*std::move(trained));
}

IndexWriter::~IndexWriter() = default;

bool IndexWriter::merging() const { return articles_->merging() || duplicates_->merging(); }
bool IndexWriter::merge_finished() const { return articles_->merge_finished() || duplicates_->merge_finished(); }

namespace {

// Takes what it needs of `change` (the queue's own copy).
void Build(DocumentBuilder& builder, v1::Change& change, Built& built) {
  built.sequence = change.sequence();
  if (change.kind() != v1::Change::UPSERT) {
    built.key = change.article_id();
    return;
  }
  v1::StoredArticle& stored = *change.mutable_article();
  built.key = stored.article().id();
  if (!stored.duplicate_of().empty()) {
    // A duplicate is searched through its original, never on its own.
    built.add_duplicate = true;
    built.document = builder.DuplicateDocument(std::move(stored));
    return;
  }
  DocumentBuilder::ArticleWords words;
  built.document = builder.ArticleDocument(stored, &words);
  StoredEvents events = builder.BuildEventRecord(stored, built.document, words);
  built.add_article = true;
  // Results, GetArticle and timelines read the article from here in one piece.
  built.document.stored = builder.SegmentRecord(std::move(stored), std::move(events));
}

}  // namespace

void IndexWriter::ApplyQueued() {
  if (queue_.empty()) return;
  std::vector<Built> built(queue_.size());
  const size_t workers = std::min<size_t>(static_cast<size_t>(threads_), queue_.size());
  auto work = [&](size_t first) {
    for (size_t i = first; i < queue_.size(); i += workers) Build(*builders_[first], queue_[i], built[i]);
  };
  std::vector<std::thread> helpers;
  for (size_t w = 1; w < workers; ++w) helpers.emplace_back(work, w);
  work(0);
  for (std::thread& helper : helpers) helper.join();
  queue_.clear();

  // In feed order; each index skips what it committed before a crash left
  // the other behind.
  segment::SegmentIndexWriter& articles = articles_->writer();
  segment::SegmentIndexWriter& duplicates = duplicates_->writer();
  for (Built& change : built) {
    if (change.sequence > articles_->committed_sequence()) {
      if (change.add_article) {
        articles.Add(std::move(change.document));
      } else {
        articles.Delete(change.key);
      }
    }
    if (change.sequence > duplicates_->committed_sequence()) {
      if (change.add_duplicate) {
        duplicates.Add(std::move(change.document));
      } else {
        duplicates.Delete(change.key);
      }
    }
  }
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

absl::Status IndexWriter::Apply(v1::Change change) {
  RETURN_IF_ERROR(CheckUsable());
  if (change.sequence() <= applied_sequence_) return absl::OkStatus();
  if (change.kind() != v1::Change::UPSERT && change.kind() != v1::Change::DELETE) {
    return absl::InvalidArgumentError(
        absl::StrCat("change ", change.sequence(), " has unknown kind ", change.kind()));
  }
  applied_sequence_ = change.sequence();
  queue_.push_back(std::move(change));
  if (queue_.size() >= kBatchChangesPerThread * static_cast<size_t>(threads_)) ApplyQueued();
  return absl::OkStatus();
}

absl::Status IndexWriter::Commit() {
  RETURN_IF_ERROR(CheckUsable());
  ApplyQueued();
  const int64_t sequence = applied_sequence_;
  // The duplicates first: a crash between the two leaves the articles
  // behind, and reopening resumes from them.
  RETURN_IF_ERROR(Fail(duplicates_->Commit(sequence)));
  RETURN_IF_ERROR(Fail(articles_->Commit(sequence)));
  committed_sequence_ = sequence;
  TrainDictionariesWhenDue();
  return absl::OkStatus();
}

int64_t IndexWriter::CountDocuments(absl::string_view type) const {
  return index::CountDocuments(*articles_->writer().snapshot(), *duplicates_->writer().snapshot(), type);
}

}  // namespace chronicle::index
