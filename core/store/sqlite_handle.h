// Minimal RAII wrappers over the SQLite C API: a connection and a prepared
// statement, with errors as absl::Status.
#ifndef CHRONICLE_CORE_STORE_SQLITE_HANDLE_H_
#define CHRONICLE_CORE_STORE_SQLITE_HANDLE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::store {

// Maps a SQLite result code to a status: a full disk is RESOURCE_EXHAUSTED, a
// busy or failing device UNAVAILABLE, corruption DATA_LOSS.
absl::Status SqliteStatus(int code, sqlite3* db, absl::string_view context);

class Statement {
 public:
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Clears bindings and the previous run; returns *this for chaining binds.
  Statement& Reset();
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, absl::string_view text);
  Statement& BindBlob(int index, absl::string_view bytes);
  Statement& BindNull(int index);

  // Advances to the next row: true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows.
  absl::Status Run();

  int64_t ColumnInt(int column) const;
  absl::string_view ColumnText(int column) const;
  absl::string_view ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  int bind_error_ = SQLITE_OK;
};

// One connection. Not thread-safe: use one per thread.
class Connection {
 public:
  // Opens (and, when `read_only` is false, creates) the database at `path`.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  absl::Status Execute(absl::string_view sql);
  // A prepared statement cached on this connection for its lifetime.
  absl::StatusOr<Statement*> Prepare(absl::string_view sql);
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  absl::flat_hash_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_SQLITE_HANDLE_H_
