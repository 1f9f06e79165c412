#include "tests/support/postgres_server.h"

#include <libpq-fe.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace chronicle::testing {
namespace {

// The fixture's directory holds the server's socket and says whether it
// started (CHRONICLE_TEST_POSTGRES_DIR, from the build).
absl::StatusOr<std::string> ServerDirectory() {
  const std::string dir = CHRONICLE_TEST_POSTGRES_DIR;
  std::ifstream missing(absl::StrCat(dir, "/missing"));
  if (missing) {
    std::stringstream reason;
    reason << missing.rdbuf();
    return absl::NotFoundError(reason.str());
  }
  if (!std::ifstream(absl::StrCat(dir, "/ready"))) {
    return absl::NotFoundError(absl::StrCat("no PostgreSQL server in ", dir,
                                            ": run under CTest, whose fixture \"postgres\" starts it"));
  }
  return dir;
}

std::string DatabaseName(const std::string& name) {
  std::string safe = "t_";
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  // PostgreSQL keeps 63 bytes of a name: long test names end in a hash.
  if (safe.size() > 63) safe = absl::StrCat(safe.substr(0, 46), "_", std::hash<std::string>()(name) % 1000000000000);
  return safe;
}

absl::Status Maintenance(const std::string& dir, const std::string& sql) {
  PGconn* connection = PQconnectdb(absl::StrCat("host=", dir, " port=5432 user=chronicle dbname=postgres").c_str());
  absl::Status status;
  if (PQstatus(connection) != CONNECTION_OK) {
    status = absl::UnavailableError(PQerrorMessage(connection));
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) status = absl::InternalError(PQresultErrorMessage(result));
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

}  // namespace

absl::StatusOr<std::string> FreshPostgresDatabase(const std::string& name) {
  absl::StatusOr<std::string> dir = ServerDirectory();
  if (!dir.ok()) return dir.status();
  const std::string database = DatabaseName(name);
  absl::Status dropped = Maintenance(*dir, absl::StrCat("DROP DATABASE IF EXISTS ", database, " WITH (FORCE)"));
  if (!dropped.ok()) return dropped;
  absl::Status created = Maintenance(*dir, absl::StrCat("CREATE DATABASE ", database));
  if (!created.ok()) return created;
  return absl::StrCat("postgresql://chronicle@/", database, "?host=", *dir, "&port=5432");
}

void DropPostgresDatabase(const std::string& name) {
  absl::StatusOr<std::string> dir = ServerDirectory();
  if (dir.ok()) Maintenance(*dir, absl::StrCat("DROP DATABASE IF EXISTS ", DatabaseName(name), " WITH (FORCE)")).IgnoreError();
}

}  // namespace chronicle::testing
