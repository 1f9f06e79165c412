#include "core/store/sqlite_article_store.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/common/status_macros.h"
#include "core/dedup/fingerprint.h"

namespace chronicle::store {
namespace {

constexpr int kSchemaVersion = 2;

// Large raw blobs live in ordinary rowid tables; the small lookup tables are
// WITHOUT ROWID. Only originals are duplicate candidates, hence the partial
// indexes on content_hash and simhash. An original's near-duplicate keys
// are its fingerprint's (dedup::SimHashIndexKeys), held in memory only
// (SimHashKeyIndex); version 1 kept them in a table of their own as well
// (four rows and two index entries per original, rewritten by every write),
// which version 2 drops.
constexpr absl::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY NOT NULL,
  sequence INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  simhash INTEGER NOT NULL,
  duplicate_of TEXT,
  raw BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles(content_hash) WHERE duplicate_of IS NULL;
CREATE INDEX IF NOT EXISTS articles_by_original ON articles(duplicate_of)
  WHERE duplicate_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_by_simhash ON articles(simhash) WHERE duplicate_of IS NULL;
DROP TABLE IF EXISTS simhash_keys;
CREATE TABLE IF NOT EXISTS changes (
  sequence INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  article_id TEXT NOT NULL,
  committed_at_us INTEGER NOT NULL,
  payload BLOB
);
)sql";

constexpr absl::string_view kSelectHead =
    "SELECT id, sequence, content_hash, simhash, COALESCE(duplicate_of, '') FROM articles ";

ArticleHead ReadHead(const Statement& row) {
  ArticleHead head;
  head.id = std::string(row.ColumnText(0));
  head.sequence = row.ColumnInt(1);
  head.content_hash = std::string(row.ColumnText(2));
  head.simhash = static_cast<uint64_t>(row.ColumnInt(3));
  head.duplicate_of = std::string(row.ColumnText(4));
  return head;
}

absl::StatusOr<absl::optional<ArticleHead>> FirstHead(Statement* statement) {
  ASSIGN_OR_RETURN(bool has_row, statement->Step());
  if (!has_row) return absl::nullopt;
  return ReadHead(*statement);
}

absl::StatusOr<std::vector<ArticleHead>> AllHeads(Statement* statement) {
  std::vector<ArticleHead> heads;
  while (true) {
    ASSIGN_OR_RETURN(bool has_row, statement->Step());
    if (!has_row) return heads;
    heads.push_back(ReadHead(*statement));
  }
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  const int64_t micros = absl::ToUnixMicros(time);
  timestamp->set_seconds(micros / 1000000);
  timestamp->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

absl::Status ConfigureWriter(Connection& db) {
  // WAL lets readers run beside the writer; synchronous=FULL makes every
  // commit durable before it returns, which is what acknowledging an article
  // promises.
  RETURN_IF_ERROR(db.Execute("PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(db.Execute("PRAGMA synchronous=FULL"));
  RETURN_IF_ERROR(db.Execute("PRAGMA busy_timeout=5000"));
  ASSIGN_OR_RETURN(Statement * version, db.Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(bool has_row, version->Step());
  const int64_t found = has_row ? version->ColumnInt(0) : 0;
  version->Reset();
  if (found > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "store schema version ", found, " is newer than this binary's ", kSchemaVersion));
  }
  RETURN_IF_ERROR(db.Execute(kSchema));
  return db.Execute(absl::StrCat("PRAGMA user_version=", kSchemaVersion));
}

}  // namespace

class SqliteArticleStore::Transaction final : public WriteTransaction {
 public:
  Transaction(SqliteArticleStore* store, Connection* db)
      : store_(store), db_(db), next_sequence_(store->LastSequence() + 1) {}

  ~Transaction() override {
    if (!finished_) db_->Execute("ROLLBACK").IgnoreError();
    std::lock_guard<std::mutex> lock(store_->mutex_);
    store_->write_open_ = false;
  }

  absl::StatusOr<absl::optional<ArticleHead>> FindArticle(absl::string_view id) override {
    ASSIGN_OR_RETURN(Statement * query, db_->Prepare(absl::StrCat(kSelectHead, "WHERE id = ?1")));
    return FirstHead(&query->Bind(1, id));
  }

  absl::StatusOr<absl::optional<ArticleHead>> FindOriginalByContentHash(
      absl::string_view content_hash) override {
    ASSIGN_OR_RETURN(Statement * query,
                     db_->Prepare(absl::StrCat(kSelectHead,
                                               "WHERE content_hash = ?1 AND duplicate_of IS NULL "
                                               "ORDER BY sequence LIMIT 1")));
    return FirstHead(&query->Bind(1, content_hash));
  }

  absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> FindSimHashCandidates(
      absl::Span<const uint64_t> probe_keys, uint64_t simhash, int max_distance) override {
    // The keys in memory say which stored fingerprints are near; the
    // articles say which originals have them now, as this transaction sees
    // it.
    ASSIGN_OR_RETURN(Statement * query, db_->Prepare("SELECT id FROM articles "
                                                     "WHERE simhash = ?1 AND duplicate_of IS NULL"));
    std::vector<std::pair<std::string, uint64_t>> candidates;
    absl::flat_hash_set<std::string> seen;
    absl::flat_hash_set<uint64_t> asked;
    for (const auto& [key, near] : store_->simhash_keys_.Near(probe_keys, simhash, max_distance)) {
      if (!asked.insert(near).second) continue;  // near under several keys
      query->Reset().Bind(1, static_cast<int64_t>(near));
      while (true) {
        ASSIGN_OR_RETURN(bool has_row, query->Step());
        if (!has_row) break;
        std::string id(query->ColumnText(0));
        if (seen.insert(id).second) candidates.emplace_back(std::move(id), near);
      }
    }
    return candidates;
  }

  absl::StatusOr<absl::optional<ArticleWrite>> LoadArticle(absl::string_view id) override {
    ASSIGN_OR_RETURN(Statement * query, db_->Prepare("SELECT c.payload, a.raw FROM articles a JOIN changes c "
                                                     "ON c.sequence = a.sequence WHERE a.id = ?1"));
    ASSIGN_OR_RETURN(bool has_row, query->Bind(1, id).Step());
    if (!has_row) return absl::nullopt;
    ArticleWrite write;
    const absl::string_view payload = query->ColumnBlob(0);
    const absl::string_view raw = query->ColumnBlob(1);
    if (!write.stored.ParseFromArray(payload.data(), static_cast<int>(payload.size())) ||
        !write.raw.ParseFromArray(raw.data(), static_cast<int>(raw.size()))) {
      return absl::DataLossError(absl::StrCat("stored article \"", id, "\" does not parse"));
    }
    query->Reset();
    return write;
  }

  absl::StatusOr<std::vector<ArticleHead>> FindDuplicatesOf(absl::string_view id) override {
    ASSIGN_OR_RETURN(Statement * query, db_->Prepare(absl::StrCat(
                                            kSelectHead, "WHERE duplicate_of = ?1 ORDER BY sequence")));
    return AllHeads(&query->Bind(1, id));
  }

  absl::StatusOr<int64_t> Put(const ArticleWrite& write) override {
    const int64_t sequence = next_sequence_;
    const std::string& id = write.stored.article().id();
    v1::StoredArticle stored = write.stored;
    stored.set_sequence(sequence);
    SetTimestamp(absl::Now(), stored.mutable_ingested_at());
    RETURN_IF_ERROR(AppendChange(sequence, v1::Change::UPSERT, id, stored.SerializeAsString()));

    ASSIGN_OR_RETURN(Statement * upsert,
                     db_->Prepare("INSERT INTO articles (id, sequence, content_hash, simhash, "
                                  "duplicate_of, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                  "ON CONFLICT(id) DO UPDATE SET sequence = excluded.sequence, "
                                  "content_hash = excluded.content_hash, simhash = excluded.simhash, "
                                  "duplicate_of = excluded.duplicate_of, raw = excluded.raw"));
    upsert->Bind(1, id)
        .Bind(2, sequence)
        .Bind(3, stored.article().content_hash())
        .Bind(4, static_cast<int64_t>(stored.article().simhash()))
        .BindBlob(6, write.raw.SerializeAsString());
    if (stored.duplicate_of().empty()) {
      upsert->BindNull(5);
    } else {
      upsert->Bind(5, stored.duplicate_of());
    }
    RETURN_IF_ERROR(upsert->Run());
    // Before the commit, so that this transaction's probes see it too.
    if (stored.duplicate_of().empty()) AddSimHashKeys(stored.article().simhash());
    ++next_sequence_;
    return sequence;
  }

  absl::StatusOr<int64_t> Delete(absl::string_view id) override {
    ASSIGN_OR_RETURN(Statement * remove, db_->Prepare("DELETE FROM articles WHERE id = ?1"));
    RETURN_IF_ERROR(remove->Bind(1, id).Run());
    if (sqlite3_changes(db_->raw()) == 0) {
      return absl::NotFoundError(absl::StrCat("article \"", id, "\" not found"));
    }
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
      db_->Execute("ROLLBACK").IgnoreError();
      return status;
    }
    store_->last_sequence_.store(next_sequence_ - 1, std::memory_order_release);
    return absl::OkStatus();
  }

 private:
  absl::Status AppendChange(int64_t sequence, v1::Change::Kind kind, absl::string_view id,
                            absl::string_view payload) {
    ASSIGN_OR_RETURN(Statement * insert,
                     db_->Prepare("INSERT INTO changes (sequence, kind, article_id, committed_at_us, "
                                  "payload) VALUES (?1, ?2, ?3, ?4, ?5)"));
    insert->Bind(1, sequence).Bind(2, static_cast<int64_t>(kind)).Bind(3, id).Bind(
        4, absl::ToUnixMicros(absl::Now()));
    if (payload.empty()) {
      insert->BindNull(5);
    } else {
      insert->BindBlob(5, payload);
    }
    return insert->Run();
  }

  void AddSimHashKeys(uint64_t simhash) {
    if (simhash == 0) return;  // no words: nothing to compare
    for (uint64_t key : dedup::SimHashIndexKeys(simhash)) store_->simhash_keys_.Add(key, simhash);
  }

  SqliteArticleStore* store_;
  Connection* db_;
  int64_t next_sequence_;
  bool finished_ = false;
};

absl::StatusOr<std::unique_ptr<SqliteArticleStore>> SqliteArticleStore::Open(
    const SqliteStoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer, Connection::Open(options.path, false));
  RETURN_IF_ERROR(ConfigureWriter(*writer));
  ASSIGN_OR_RETURN(Statement * last, writer->Prepare("SELECT COALESCE(MAX(sequence), 0) FROM changes"));
  ASSIGN_OR_RETURN(bool has_row, last->Step());
  const int64_t last_sequence = has_row ? last->ColumnInt(0) : 0;
  last->Reset();
  SimHashKeyIndex simhash_keys;
  ASSIGN_OR_RETURN(Statement * originals,
                   writer->Prepare("SELECT simhash FROM articles WHERE duplicate_of IS NULL AND simhash != 0"));
  while (true) {
    ASSIGN_OR_RETURN(bool has_row, originals->Step());
    if (!has_row) break;
    const auto simhash = static_cast<uint64_t>(originals->ColumnInt(0));
    for (uint64_t key : dedup::SimHashIndexKeys(simhash)) simhash_keys.Add(key, simhash);
  }
  originals->Reset();
  auto store = std::unique_ptr<SqliteArticleStore>(new SqliteArticleStore(options, std::move(writer), last_sequence));
  store->simhash_keys_ = std::move(simhash_keys);
  return store;
}

SqliteArticleStore::SqliteArticleStore(SqliteStoreOptions options, std::unique_ptr<Connection> writer,
                                       int64_t last_sequence)
    : options_(std::move(options)),
      writer_(std::move(writer)),
      last_sequence_(last_sequence),
      readers_(options_.max_idle_readers, [path = options_.path]() -> absl::StatusOr<std::unique_ptr<Connection>> {
        ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(path, true));
        RETURN_IF_ERROR(connection->Execute("PRAGMA busy_timeout=5000"));
        return connection;
      }) {}

SqliteArticleStore::~SqliteArticleStore() {
  // Fold the WAL back into the main file so a copied data dir is self-contained.
  writer_->Execute("PRAGMA wal_checkpoint(TRUNCATE)").IgnoreError();
}

absl::StatusOr<std::unique_ptr<WriteTransaction>> SqliteArticleStore::BeginWrite() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (write_open_) return absl::FailedPreconditionError("a write transaction is already open");
    write_open_ = true;
  }
  absl::Status begun = writer_->Execute("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    write_open_ = false;
    return begun;
  }
  return std::unique_ptr<WriteTransaction>(new Transaction(this, writer_.get()));
}

absl::StatusOr<absl::optional<v1::StoredArticle>> SqliteArticleStore::GetArticle(
    absl::string_view id) const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(Connection * db, lease.Get());
  ASSIGN_OR_RETURN(Statement * query,
                   db->Prepare("SELECT c.payload FROM articles a JOIN changes c "
                               "ON c.sequence = a.sequence WHERE a.id = ?1"));
  ASSIGN_OR_RETURN(bool has_row, query->Bind(1, id).Step());
  if (!has_row) return absl::nullopt;
  v1::StoredArticle stored;
  const absl::string_view payload = query->ColumnBlob(0);
  if (!stored.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::DataLossError(absl::StrCat("stored article \"", id, "\" does not parse"));
  }
  query->Reset();
  return stored;
}

absl::StatusOr<std::vector<v1::Change>> SqliteArticleStore::ReadChanges(int64_t after_sequence,
                                                                        int max_changes) const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(Connection * db, lease.Get());
  ASSIGN_OR_RETURN(Statement * query,
                   db->Prepare("SELECT sequence, kind, article_id, committed_at_us, payload "
                               "FROM changes WHERE sequence > ?1 ORDER BY sequence LIMIT ?2"));
  query->Bind(1, after_sequence).Bind(2, static_cast<int64_t>(max_changes));
  std::vector<v1::Change> changes;
  while (true) {
    ASSIGN_OR_RETURN(bool has_row, query->Step());
    if (!has_row) break;
    v1::Change& change = changes.emplace_back();
    change.set_sequence(query->ColumnInt(0));
    change.set_kind(static_cast<v1::Change::Kind>(query->ColumnInt(1)));
    change.set_article_id(std::string(query->ColumnText(2)));
    SetTimestamp(absl::FromUnixMicros(query->ColumnInt(3)), change.mutable_committed_at());
    const absl::string_view payload = query->ColumnBlob(4);
    if (!payload.empty() &&
        !change.mutable_article()->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return absl::DataLossError(absl::StrCat("change ", change.sequence(), " does not parse"));
    }
  }
  return changes;
}

absl::StatusOr<StoreStats> SqliteArticleStore::Stats() const {
  ReaderPool::Lease lease(&readers_);
  ASSIGN_OR_RETURN(Connection * db, lease.Get());
  StoreStats stats;
  stats.last_sequence = LastSequence();
  ASSIGN_OR_RETURN(Statement * count, db->Prepare("SELECT COUNT(*) FROM articles"));
  ASSIGN_OR_RETURN(bool has_row, count->Step());
  if (has_row) stats.article_count = count->ColumnInt(0);
  count->Reset();
  ASSIGN_OR_RETURN(Statement * size,
                   db->Prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"));
  ASSIGN_OR_RETURN(has_row, size->Step());
  if (has_row) stats.size_bytes = size->ColumnInt(0);
  size->Reset();
  return stats;
}

}  // namespace chronicle::store
