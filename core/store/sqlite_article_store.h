// The embedded article store: one SQLite database in WAL mode.
#ifndef CHRONICLE_CORE_STORE_SQLITE_ARTICLE_STORE_H_
#define CHRONICLE_CORE_STORE_SQLITE_ARTICLE_STORE_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/store/article_store.h"
#include "core/store/connection_pool.h"
#include "core/store/simhash_key_index.h"
#include "core/store/sqlite_handle.h"

namespace chronicle::store {

struct SqliteStoreOptions {
  // Database file; its directory must exist.
  std::string path;
  // Connections kept open for readers; more are opened on demand.
  int max_idle_readers = 8;
};

class SqliteArticleStore final : public ArticleStore {
 public:
  // Opens or creates the store and brings its schema up to date.
  // Errors: UNAVAILABLE when the file cannot be opened, DATA_LOSS when it is
  // not a Chronicle store, FAILED_PRECONDITION for a newer schema version.
  static absl::StatusOr<std::unique_ptr<SqliteArticleStore>> Open(const SqliteStoreOptions& options);
  ~SqliteArticleStore() override;

  absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() override;
  absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(absl::string_view id) const override;
  absl::StatusOr<std::vector<v1::Change>> ReadChanges(int64_t after_sequence,
                                                      int max_changes) const override;
  int64_t LastSequence() const override { return last_sequence_.load(std::memory_order_acquire); }
  absl::StatusOr<StoreStats> Stats() const override;

 private:
  class Transaction;
  using ReaderPool = ConnectionPool<Connection>;

  SqliteArticleStore(SqliteStoreOptions options, std::unique_ptr<Connection> writer,
                     int64_t last_sequence);

  const SqliteStoreOptions options_;
  // Owned by the single open Transaction while one exists.
  std::unique_ptr<Connection> writer_;
  std::atomic<int64_t> last_sequence_;

  // Every original's near-duplicate keys (simhash_key_index.h), built from
  // the articles at open: read and added to only by the open Transaction,
  // which write_open_ makes the only one.
  SimHashKeyIndex simhash_keys_;

  mutable std::mutex mutex_;
  bool write_open_ = false;  // guarded by mutex_
  // Connections lent to readers (const methods), one call at a time.
  mutable ReaderPool readers_;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_SQLITE_ARTICLE_STORE_H_
