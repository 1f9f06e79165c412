// The article store on PostgreSQL, for deployments whose articles must live
// on a database that replicates and fails over on its own
// (docs/architecture.md, "The article store on PostgreSQL").
//
// Several ingest replicas may write to one database at once. Each write
// transaction first takes a transaction-scoped advisory lock, so writers run
// one at a time across every replica: the next sequence is read under the
// lock, and the lock is released only once the commit is visible. Sequences
// are therefore assigned in commit order and the feed has no gaps a reader
// could skip — a transaction that took 101 is committed before any other can
// take 102. Duplicate decisions are made under the same lock, so two
// replicas ingesting one article at once cannot both store it as new.
//
// Acknowledged means committed as the server's `synchronous_commit` promises
// (docs/operations.md lists what each setting does).
#ifndef CHRONICLE_CORE_STORE_POSTGRES_ARTICLE_STORE_H_
#define CHRONICLE_CORE_STORE_POSTGRES_ARTICLE_STORE_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/article_store.h"
#include "core/store/connection_pool.h"
#include "core/store/postgres_connection.h"

namespace chronicle::store {

struct PostgresStoreOptions {
  // libpq connection string or URI.
  std::string conninfo;
  // Connections kept open for readers; more are opened on demand.
  int max_idle_readers = 8;
};

class PostgresArticleStore final : public ArticleStore {
 public:
  // Connects, creates the schema or brings it up to date (one replica at a
  // time). Errors: UNAVAILABLE when the server cannot be reached,
  // FAILED_PRECONDITION for a newer schema version, the server's otherwise.
  static absl::StatusOr<std::unique_ptr<PostgresArticleStore>> Open(const PostgresStoreOptions& options);
  ~PostgresArticleStore() override;

  // Errors: FAILED_PRECONDITION while another transaction of this process is
  // open; UNAVAILABLE while the server cannot be reached.
  absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() override;
  absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(absl::string_view id) const override;
  absl::StatusOr<std::vector<v1::Change>> ReadChanges(int64_t after_sequence,
                                                      int max_changes) const override;
  // The last sequence this process committed or read; other replicas'
  // commits show once read.
  int64_t LastSequence() const override { return last_sequence_.load(std::memory_order_acquire); }
  absl::StatusOr<int64_t> ReadLastSequence() const override;
  absl::StatusOr<StoreStats> Stats() const override;

 private:
  class Transaction;
  using ReaderPool = ConnectionPool<PgConnection>;

  PostgresArticleStore(PostgresStoreOptions options, std::unique_ptr<PgConnection> writer, int64_t last_sequence);
  void NoteSequence(int64_t sequence) const;

  const PostgresStoreOptions options_;
  std::unique_ptr<PgConnection> writer_;  // used by the single open Transaction
  mutable std::atomic<int64_t> last_sequence_;

  mutable std::mutex mutex_;
  bool write_open_ = false;  // guarded by mutex_
  // Connections lent to readers (const methods), one call at a time.
  mutable ReaderPool readers_;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_POSTGRES_ARTICLE_STORE_H_
