#include "core/store/postgres_connection.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace chronicle::store {
namespace {

// Type OIDs from PostgreSQL's catalog (pg_type.dat): stable across versions.
constexpr unsigned int kInt8Oid = 20;
constexpr unsigned int kTextOid = 25;
constexpr unsigned int kByteaOid = 17;

std::string BigEndian(uint64_t value) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return bytes;
}

// The statement's first words, for error messages: never its parameters.
absl::string_view Context(absl::string_view sql) {
  sql = absl::StripLeadingAsciiWhitespace(sql);
  return sql.substr(0, std::min<size_t>(sql.size(), 48));
}

}  // namespace

PgParam PgParam::Int(int64_t value) { return {kInt8Oid, BigEndian(static_cast<uint64_t>(value)), false}; }
PgParam PgParam::Text(absl::string_view value) { return {kTextOid, std::string(value), false}; }
PgParam PgParam::Bytes(absl::string_view value) { return {kByteaOid, std::string(value), false}; }
PgParam PgParam::Null(unsigned int type_oid) { return {type_oid, std::string(), true}; }

int64_t PgResult::Int(int row, int column) const {
  const char* bytes = PQgetvalue(result_.get(), row, column);
  if (PQgetlength(result_.get(), row, column) != 8) return 0;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return static_cast<int64_t>(value);
}

absl::string_view PgResult::Bytes(int row, int column) const {
  return absl::string_view(PQgetvalue(result_.get(), row, column),
                           static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgResult::AffectedRows() const {
  int64_t rows = 0;
  return absl::SimpleAtoi(PQcmdTuples(result_.get()), &rows) ? rows : 0;
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& conninfo) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  if (connection == nullptr) return absl::ResourceExhaustedError("PostgreSQL: out of memory connecting");
  if (PQstatus(connection) != CONNECTION_OK) {
    // libpq's message names the host and the reason; the connection string
    // may hold a password, so it is not repeated.
    std::string message(absl::StripTrailingAsciiWhitespace(PQerrorMessage(connection)));
    PQfinish(connection);
    return absl::UnavailableError(absl::StrCat("PostgreSQL: cannot connect: ", message));
  }
  return std::unique_ptr<PgConnection>(new PgConnection(connection));
}

PgConnection::~PgConnection() { PQfinish(connection_); }

bool PgConnection::EnsureConnected() {
  if (PQstatus(connection_) == CONNECTION_OK) return true;
  PQreset(connection_);
  prepared_.clear();  // a new session has none
  return PQstatus(connection_) == CONNECTION_OK;
}

absl::StatusOr<std::string> PgConnection::Prepared(absl::string_view sql, absl::Span<const PgParam> params) {
  const std::string text(sql);
  auto found = prepared_.find(text);
  if (found != prepared_.end()) return found->second;
  const std::string name = absl::StrCat("chronicle_", prepared_.size());
  std::vector<unsigned int> types;
  for (const PgParam& param : params) types.push_back(param.type_oid);
  PGresult* result =
      PQprepare(connection_, name.c_str(), text.c_str(), static_cast<int>(types.size()), types.data());
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_COMMAND_OK) {
    absl::Status error = ErrorOf(result, sql);
    PQclear(result);
    return error;
  }
  PQclear(result);
  prepared_.emplace(text, name);
  return name;
}

absl::Status PgConnection::ErrorOf(const PGresult* result, absl::string_view sql) const {
  const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string sqlstate = state == nullptr ? "" : state;
  std::string message(absl::StripTrailingAsciiWhitespace(
      result != nullptr && *PQresultErrorMessage(result) != '\0' ? PQresultErrorMessage(result)
                                                                 : PQerrorMessage(connection_)));
  message = absl::StrCat("PostgreSQL (", Context(sql), "): ", message);
  if (PQstatus(connection_) != CONNECTION_OK || sqlstate.empty() || absl::StartsWith(sqlstate, "08") ||
      absl::StartsWith(sqlstate, "57P")) {
    return absl::UnavailableError(message);
  }
  if (absl::StartsWith(sqlstate, "53")) return absl::ResourceExhaustedError(message);
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::AbortedError(message);
  if (sqlstate == "25006") return absl::FailedPreconditionError(message);  // read-only transaction
  return absl::InternalError(message);
}

absl::StatusOr<PgResult> PgConnection::Run(absl::string_view sql, absl::Span<const PgParam> params) {
  absl::StatusOr<std::string> name = Prepared(sql, params);
  if (!name.ok()) return name.status();
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const PgParam& param : params) {
    values.push_back(param.null ? nullptr : param.bytes.data());
    lengths.push_back(static_cast<int>(param.bytes.size()));
    formats.push_back(1);
  }
  PGresult* result = PQexecPrepared(connection_, name->c_str(), static_cast<int>(params.size()), values.data(),
                                    lengths.data(), formats.data(), /*resultFormat=*/1);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    absl::Status error = ErrorOf(result, sql);
    PQclear(result);
    return error;
  }
  return PgResult(result);
}

absl::Status PgConnection::Execute(absl::string_view sql) {
  const std::string text(sql);
  PGresult* result = PQexec(connection_, text.c_str());
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  absl::Status outcome = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? absl::OkStatus()
                                                                                  : ErrorOf(result, sql);
  PQclear(result);
  return outcome;
}

}  // namespace chronicle::store
