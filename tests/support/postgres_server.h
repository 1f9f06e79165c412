// The test suite's PostgreSQL server (tests/support/postgres_cluster.sh,
// started by the CTest fixture "postgres"): a fresh database per test.
#ifndef CHRONICLE_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define CHRONICLE_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <string>

#include "absl/status/statusor.h"

namespace chronicle::testing {

// Creates an empty database named after `name` (any text; made safe) and
// returns its connection URI (postgresql://chronicle@/DB?host=SOCKET_DIR...). NOT_FOUND, with the reason to print
// when skipping, when there is no server: the PostgreSQL binaries are not
// installed, or the test runs outside CTest's fixture. Other errors mean the
// server is there but failing.
absl::StatusOr<std::string> FreshPostgresDatabase(const std::string& name);

// Drops a database FreshPostgresDatabase made (ignoring errors).
void DropPostgresDatabase(const std::string& name);

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_POSTGRES_SERVER_H_
