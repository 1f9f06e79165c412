#include "core/store/postgres_article_store.h"

#include <array>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"

namespace chronicle::store {
namespace {

constexpr int64_t kSchemaVersion = 1;
// Advisory lock keys (pg_advisory_xact_lock takes any bigint): one for
// creating and migrating the schema, one that serializes writers.
constexpr int64_t kSchemaLock = 0x6368726f6e000001;  // "chron" + 1
constexpr int64_t kWriteLock = 0x6368726f6e000002;
constexpr unsigned int kTextOid = 25;

// The same tables as the SQLite store's, in PostgreSQL's types. Only
// originals are duplicate candidates, hence the partial index on
// content_hash.
constexpr absl::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY,
  sequence BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  simhash BIGINT NOT NULL,
  duplicate_of TEXT,
  raw BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles(content_hash) WHERE duplicate_of IS NULL;
CREATE INDEX IF NOT EXISTS articles_by_original ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE TABLE IF NOT EXISTS simhash_keys (
  key BIGINT NOT NULL,
  article_id TEXT NOT NULL,
  simhash BIGINT NOT NULL,
  PRIMARY KEY (key, article_id)
);
CREATE INDEX IF NOT EXISTS simhash_keys_by_article ON simhash_keys(article_id);
CREATE TABLE IF NOT EXISTS changes (
  sequence BIGINT PRIMARY KEY,
  kind BIGINT NOT NULL,
  article_id TEXT NOT NULL,
  committed_at_us BIGINT NOT NULL,
  payload BYTEA
);
)sql";

constexpr absl::string_view kSelectHead =
    "SELECT id, sequence, content_hash, simhash, COALESCE(duplicate_of, '') FROM articles ";

ArticleHead ReadHead(const PgResult& rows, int row) {
  ArticleHead head;
  head.id = std::string(rows.Bytes(row, 0));
  head.sequence = rows.Int(row, 1);
  head.content_hash = std::string(rows.Bytes(row, 2));
  head.simhash = static_cast<uint64_t>(rows.Int(row, 3));
  head.duplicate_of = std::string(rows.Bytes(row, 4));
  return head;
}

// "{1,-2,3}": keys as a BIGINT[] literal, the form a text parameter takes
// for `$1::BIGINT[]` (keys are stored as their signed 64-bit values).
std::string BigintArray(absl::Span<const uint64_t> keys) {
  std::string text = "{";
  for (size_t i = 0; i < keys.size(); ++i) absl::StrAppend(&text, i == 0 ? "" : ",", static_cast<int64_t>(keys[i]));
  text += "}";
  return text;
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  const int64_t micros = absl::ToUnixMicros(time);
  timestamp->set_seconds(micros / 1000000);
  timestamp->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

// Creates the schema or checks its version, one replica at a time.
absl::Status PrepareSchema(PgConnection& db) {
  RETURN_IF_ERROR(db.Execute("BEGIN"));
  absl::Status status = [&]() -> absl::Status {
    RETURN_IF_ERROR(db.Run("SELECT pg_advisory_xact_lock($1)", {PgParam::Int(kSchemaLock)}).status());
    RETURN_IF_ERROR(db.Execute("CREATE TABLE IF NOT EXISTS chronicle_schema (version BIGINT NOT NULL)"));
    ASSIGN_OR_RETURN(PgResult version, db.Run("SELECT version FROM chronicle_schema"));
    if (version.rows() > 0 && version.Int(0, 0) > kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat("store schema version ", version.Int(0, 0),
                                                        " is newer than this binary's ", kSchemaVersion));
    }
    RETURN_IF_ERROR(db.Execute(kSchema));
    if (version.rows() == 0) {
      RETURN_IF_ERROR(
          db.Run("INSERT INTO chronicle_schema (version) VALUES ($1)", {PgParam::Int(kSchemaVersion)}).status());
    } else if (version.Int(0, 0) < kSchemaVersion) {
      RETURN_IF_ERROR(db.Run("UPDATE chronicle_schema SET version = $1", {PgParam::Int(kSchemaVersion)}).status());
    }
    return db.Execute("COMMIT");
  }();
  if (!status.ok()) db.Execute("ROLLBACK").IgnoreError();
  return status;
}

absl::StatusOr<int64_t> LastCommittedSequence(PgConnection& db) {
  ASSIGN_OR_RETURN(PgResult last, db.Run("SELECT COALESCE(MAX(sequence), 0)::BIGINT FROM changes"));
  return last.Int(0, 0);
}

}  // namespace

class PostgresArticleStore::Transaction final : public WriteTransaction {
 public:
  Transaction(PostgresArticleStore* store, PgConnection* db, int64_t next_sequence)
      : store_(store), db_(db), next_sequence_(next_sequence) {}

  ~Transaction() override {
    if (!finished_) db_->Execute("ROLLBACK").IgnoreError();
    std::lock_guard<std::mutex> lock(store_->mutex_);
    store_->write_open_ = false;
  }

  absl::StatusOr<absl::optional<ArticleHead>> FindArticle(absl::string_view id) override {
    ASSIGN_OR_RETURN(PgResult rows, db_->Run(absl::StrCat(kSelectHead, "WHERE id = $1"), {PgParam::Text(id)}));
    if (rows.rows() == 0) return absl::nullopt;
    return ReadHead(rows, 0);
  }

  absl::StatusOr<absl::optional<ArticleHead>> FindOriginalByContentHash(absl::string_view content_hash) override {
    ASSIGN_OR_RETURN(PgResult rows,
                     db_->Run(absl::StrCat(kSelectHead,
                                           "WHERE content_hash = $1 AND duplicate_of IS NULL "
                                           "ORDER BY sequence LIMIT 1"),
                              {PgParam::Text(content_hash)}));
    if (rows.rows() == 0) return absl::nullopt;
    return ReadHead(rows, 0);
  }

  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> FindSimHashCandidates(
      absl::Span<const uint64_t> probe_keys, uint64_t simhash, int max_distance) override {
    std::vector<std::pair<std::string, uint64_t>> candidates;
    if (probe_keys.empty()) return candidates;
    // One round trip for all keys: an array of them.
    ASSIGN_OR_RETURN(PgResult rows, db_->Run("SELECT article_id, simhash FROM simhash_keys "
                                             "WHERE key = ANY($1::BIGINT[]) ORDER BY key, article_id",
                                             {PgParam::Text(BigintArray(probe_keys))}));
    absl::flat_hash_set<std::string> seen;
    for (int row = 0; row < rows.rows(); ++row) {
      const auto stored = static_cast<uint64_t>(rows.Int(row, 1));
      if (absl::popcount(stored ^ simhash) > max_distance) continue;
      std::string id(rows.Bytes(row, 0));
      if (seen.insert(id).second) candidates.emplace_back(std::move(id), stored);
    }
    return candidates;
  }

  absl::StatusOr<absl::optional<ArticleWrite>> LoadArticle(absl::string_view id) override {
    ASSIGN_OR_RETURN(PgResult rows, db_->Run("SELECT c.payload, a.raw FROM articles a JOIN changes c "
                                             "ON c.sequence = a.sequence WHERE a.id = $1",
                                             {PgParam::Text(id)}));
    if (rows.rows() == 0) return absl::nullopt;
    ArticleWrite write;
    const absl::string_view payload = rows.Bytes(0, 0);
    const absl::string_view raw = rows.Bytes(0, 1);
    if (!write.stored.ParseFromArray(payload.data(), static_cast<int>(payload.size())) ||
        !write.raw.ParseFromArray(raw.data(), static_cast<int>(raw.size()))) {
      return absl::DataLossError(absl::StrCat("stored article \"", id, "\" does not parse"));
    }
    return write;
  }

  absl::StatusOr<std::vector<ArticleHead>> FindDuplicatesOf(absl::string_view id) override {
    ASSIGN_OR_RETURN(PgResult rows, db_->Run(absl::StrCat(kSelectHead, "WHERE duplicate_of = $1 ORDER BY sequence"),
                                             {PgParam::Text(id)}));
    std::vector<ArticleHead> heads;
    for (int row = 0; row < rows.rows(); ++row) heads.push_back(ReadHead(rows, row));
    return heads;
  }

  absl::StatusOr<int64_t> Put(const ArticleWrite& write) override {
    const int64_t sequence = next_sequence_;
    const std::string& id = write.stored.article().id();
    v1::StoredArticle stored = write.stored;
    stored.set_sequence(sequence);
    SetTimestamp(absl::Now(), stored.mutable_ingested_at());
    RETURN_IF_ERROR(AppendChange(sequence, v1::Change::UPSERT, id, stored.SerializeAsString()));
    const PgParam duplicate_of =
        stored.duplicate_of().empty() ? PgParam::Null(kTextOid) : PgParam::Text(stored.duplicate_of());
    RETURN_IF_ERROR(db_->Run("INSERT INTO articles (id, sequence, content_hash, simhash, duplicate_of, raw) "
                             "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET "
                             "sequence = EXCLUDED.sequence, content_hash = EXCLUDED.content_hash, "
                             "simhash = EXCLUDED.simhash, duplicate_of = EXCLUDED.duplicate_of, raw = EXCLUDED.raw",
                             {PgParam::Text(id), PgParam::Int(sequence), PgParam::Text(stored.article().content_hash()),
                              PgParam::Int(static_cast<int64_t>(stored.article().simhash())), duplicate_of,
                              PgParam::Bytes(write.raw.SerializeAsString())})
                        .status());
    RETURN_IF_ERROR(ReplaceSimHashKeys(id, stored.duplicate_of().empty() ? stored.article().simhash() : 0));
    ++next_sequence_;
    return sequence;
  }

  absl::StatusOr<int64_t> Delete(absl::string_view id) override {
    ASSIGN_OR_RETURN(PgResult removed, db_->Run("DELETE FROM articles WHERE id = $1", {PgParam::Text(id)}));
    if (removed.AffectedRows() == 0) return absl::NotFoundError(absl::StrCat("article \"", id, "\" not found"));
    RETURN_IF_ERROR(ReplaceSimHashKeys(id, 0));
    const int64_t sequence = next_sequence_;
    RETURN_IF_ERROR(AppendChange(sequence, v1::Change::DELETE, id, absl::string_view()));
    ++next_sequence_;
    return sequence;
  }

  absl::Status Commit() override {
    if (finished_) return absl::FailedPreconditionError("transaction already finished");
    finished_ = true;
    absl::Status status = db_->Execute("COMMIT");
    if (!status.ok()) {
      // After a lost connection the outcome of COMMIT is unknown to us;
      // nothing is acknowledged, and a retried article is found by its id or
      // content as any repeat is.
      db_->Execute("ROLLBACK").IgnoreError();
      return status;
    }
    store_->NoteSequence(next_sequence_ - 1);
    return absl::OkStatus();
  }

 private:
  absl::Status AppendChange(int64_t sequence, v1::Change::Kind kind, absl::string_view id,
                            absl::string_view payload) {
    return db_
        ->Run("INSERT INTO changes (sequence, kind, article_id, committed_at_us, payload) "
              "VALUES ($1, $2, $3, $4, $5)",
              {PgParam::Int(sequence), PgParam::Int(kind), PgParam::Text(id),
               PgParam::Int(absl::ToUnixMicros(absl::Now())),
               payload.empty() ? PgParam::Null(17) : PgParam::Bytes(payload)})
        .status();
  }

  // Files `id` under the keys of `simhash` (dedup::SimHashIndexKeys), or
  // under none when it is 0 (a duplicate, a deleted article, no words).
  absl::Status ReplaceSimHashKeys(absl::string_view id, uint64_t simhash) {
    RETURN_IF_ERROR(db_->Run("DELETE FROM simhash_keys WHERE article_id = $1", {PgParam::Text(id)}).status());
    if (simhash == 0) return absl::OkStatus();
    const std::array<uint64_t, dedup::kSimHashBlockCount> keys = dedup::SimHashIndexKeys(simhash);
    // All keys in one statement: an array of them.
    return db_
        ->Run("INSERT INTO simhash_keys (key, article_id, simhash) "
              "SELECT DISTINCT unnest($1::BIGINT[]), $2, $3 ON CONFLICT DO NOTHING",
              {PgParam::Text(BigintArray(keys)), PgParam::Text(id), PgParam::Int(static_cast<int64_t>(simhash))})
        .status();
  }

  PostgresArticleStore* store_;
  PgConnection* db_;
  int64_t next_sequence_;
  bool finished_ = false;
};

absl::StatusOr<std::unique_ptr<PostgresArticleStore>> PostgresArticleStore::Open(
    const PostgresStoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> writer, PgConnection::Open(options.conninfo));
  RETURN_IF_ERROR(PrepareSchema(*writer));
  ASSIGN_OR_RETURN(int64_t last_sequence, LastCommittedSequence(*writer));
  return std::unique_ptr<PostgresArticleStore>(new PostgresArticleStore(options, std::move(writer), last_sequence));
}

PostgresArticleStore::PostgresArticleStore(PostgresStoreOptions options, std::unique_ptr<PgConnection> writer,
                                           int64_t last_sequence)
    : options_(std::move(options)),
      writer_(std::move(writer)),
      last_sequence_(last_sequence),
      readers_(
          options_.max_idle_readers, [conninfo = options_.conninfo] { return PgConnection::Open(conninfo); },
          [](PgConnection& connection) { return connection.EnsureConnected(); }) {}

PostgresArticleStore::~PostgresArticleStore() = default;

void PostgresArticleStore::NoteSequence(int64_t sequence) const {
  int64_t seen = last_sequence_.load(std::memory_order_acquire);
  while (sequence > seen && !last_sequence_.compare_exchange_weak(seen, sequence, std::memory_order_acq_rel)) {
  }
}

absl::StatusOr<std::unique_ptr<WriteTransaction>> PostgresArticleStore::BeginWrite() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (write_open_) return absl::FailedPreconditionError("a write transaction is already open");
    write_open_ = true;
  }
  absl::StatusOr<int64_t> next = [&]() -> absl::StatusOr<int64_t> {
    if (!writer_->EnsureConnected()) return absl::UnavailableError("PostgreSQL: the connection is lost");
    RETURN_IF_ERROR(writer_->Execute("BEGIN"));
    // Writers of every replica take turns here (see the header); the
    // sequence read under the lock is theirs until they commit.
    absl::Status locked = writer_->Run("SELECT pg_advisory_xact_lock($1)", {PgParam::Int(kWriteLock)}).status();
    absl::StatusOr<int64_t> last = locked.ok() ? LastCommittedSequence(*writer_) : absl::StatusOr<int64_t>(locked);
    if (!last.ok()) {
      writer_->Execute("ROLLBACK").IgnoreError();
      return last.status();
    }
    NoteSequence(*last);
    return *last + 1;
  }();
  if (!next.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    write_open_ = false;
    return next.status();
  }
  return std::unique_ptr<WriteTransaction>(new Transaction(this, writer_.get(), *next));
}

absl::StatusOr<absl::optional<v1::StoredArticle>> PostgresArticleStore::GetArticle(absl::string_view id) const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(PgConnection * db, lease.Get());
  ASSIGN_OR_RETURN(PgResult rows, db->Run("SELECT c.payload FROM articles a JOIN changes c "
                                          "ON c.sequence = a.sequence WHERE a.id = $1",
                                          {PgParam::Text(id)}));
  if (rows.rows() == 0) return absl::nullopt;
  v1::StoredArticle stored;
  const absl::string_view payload = rows.Bytes(0, 0);
  if (!stored.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::DataLossError(absl::StrCat("stored article \"", id, "\" does not parse"));
  }
  return stored;
}

absl::StatusOr<std::vector<v1::Change>> PostgresArticleStore::ReadChanges(int64_t after_sequence,
                                                                          int max_changes) const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(PgConnection * db, lease.Get());
  ASSIGN_OR_RETURN(PgResult rows, db->Run("SELECT sequence, kind, article_id, committed_at_us, payload "
                                          "FROM changes WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                                          {PgParam::Int(after_sequence), PgParam::Int(max_changes)}));
  std::vector<v1::Change> changes;
  changes.reserve(static_cast<size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) {
    v1::Change& change = changes.emplace_back();
    change.set_sequence(rows.Int(row, 0));
    change.set_kind(static_cast<v1::Change::Kind>(rows.Int(row, 1)));
    change.set_article_id(std::string(rows.Bytes(row, 2)));
    SetTimestamp(absl::FromUnixMicros(rows.Int(row, 3)), change.mutable_committed_at());
    const absl::string_view payload = rows.Bytes(row, 4);
    if (!rows.IsNull(row, 4) &&
        !change.mutable_article()->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return absl::DataLossError(absl::StrCat("change ", change.sequence(), " does not parse"));
    }
  }
  if (!changes.empty()) NoteSequence(changes.back().sequence());
  return changes;
}

absl::StatusOr<int64_t> PostgresArticleStore::ReadLastSequence() const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(PgConnection * db, lease.Get());
  ASSIGN_OR_RETURN(int64_t last, LastCommittedSequence(*db));
  NoteSequence(last);
  return LastSequence();
}

absl::StatusOr<StoreStats> PostgresArticleStore::Stats() const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(PgConnection * db, lease.Get());
  ASSIGN_OR_RETURN(PgResult rows,
                   db->Run("SELECT (SELECT COUNT(*) FROM articles)::BIGINT, "
                           "(pg_total_relation_size('articles') + pg_total_relation_size('changes') + "
                           "pg_total_relation_size('simhash_keys'))::BIGINT"));
  StoreStats stats;
  stats.article_count = rows.Int(0, 0);
  stats.size_bytes = rows.Int(0, 1);
  stats.last_sequence = LastSequence();
  return stats;
}

}  // namespace chronicle::store
