// A PostgreSQL connection through libpq, with parameters and results in
// binary form and errors as absl::Status.
//
// Status codes follow what a caller can do about the error: UNAVAILABLE when
// the server cannot be reached or the connection broke (SQLSTATE class 08,
// shutdowns; retry later), RESOURCE_EXHAUSTED when the server is out of
// room (class 53), ABORTED for serialization failures and deadlocks,
// FAILED_PRECONDITION for a read-only server (hot standby), INTERNAL for the
// rest (a bug in a statement).
#ifndef CHRONICLE_CORE_STORE_POSTGRES_CONNECTION_H_
#define CHRONICLE_CORE_STORE_POSTGRES_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chronicle::store {

// One statement parameter, sent in binary form.
struct PgParam {
  static PgParam Int(int64_t value);
  static PgParam Text(absl::string_view value);
  static PgParam Bytes(absl::string_view value);
  // SQL NULL of the type `type_oid` would have.
  static PgParam Null(unsigned int type_oid);

  unsigned int type_oid = 0;
  std::string bytes;
  bool null = false;
};

// The rows a statement returned, in binary form. Column accessors take a
// row and a column index; the caller knows the statement's column types.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  int rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  // A BIGINT column.
  int64_t Int(int row, int column) const;
  // A TEXT or BYTEA column (empty when NULL).
  absl::string_view Bytes(int row, int column) const;
  // Rows a command touched (UPDATE, DELETE, INSERT).
  int64_t AffectedRows() const;

 private:
  struct Clear {
    void operator()(PGresult* result) const { PQclear(result); }
  };
  std::unique_ptr<PGresult, Clear> result_;
};

class PgConnection {
 public:
  // Connects with a libpq connection string or URI ("postgresql://user@host/db",
  // "host=/run/pg dbname=chronicle"). Errors: UNAVAILABLE.
  static absl::StatusOr<std::unique_ptr<PgConnection>> Open(const std::string& conninfo);
  ~PgConnection();

  // Runs one statement with `params` ($1, $2, ...). Errors as the header says,
  // with `sql`'s first words for context. Each distinct statement is
  // prepared on its first use and kept for the connection's life, so the
  // server parses and plans it once.
  absl::StatusOr<PgResult> Run(absl::string_view sql, absl::Span<const PgParam> params = {});
  // Runs statements without parameters (several, separated by semicolons).
  absl::Status Execute(absl::string_view sql);

  // Whether the connection is usable; if not, tries once to connect again.
  bool EnsureConnected();

 private:
  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  absl::Status ErrorOf(const PGresult* result, absl::string_view sql) const;
  // The name `sql` is prepared under on this connection, preparing it first.
  absl::StatusOr<std::string> Prepared(absl::string_view sql, absl::Span<const PgParam> params);

  PGconn* connection_;
  // Statements prepared on this connection; forgotten when it is reset, as
  // the server forgets them.
  absl::flat_hash_map<std::string, std::string> prepared_;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_POSTGRES_CONNECTION_H_
