// bench_postgres_fts: the PostgreSQL full-text search peer, on the same corpus
// and query mix (bench/peers/postgres/cluster.sh starts the server).
//
//   bench_postgres_fts --conninfo="host=127.0.0.1 port=P user=bench dbname=postgres"
//                      --corpus=F --queries=F --out=postgres.json
//
// What a user would build with PostgreSQL alone: a table with a stored
// generated tsvector (title weighted A, body B, 'english' configuration), a
// GIN index and a B-tree on the publication date, loaded with COPY in batches
// of 500 rows over as many connections as Chronicle has ingest streams.
// Queries use websearch_to_tsquery, rank with ts_rank_cd, build ts_headline
// snippets for the page's 10 rows only, and count facets with GROUPING SETS.
// One connection per worker, over TCP on loopback like Chronicle's gRPC.
#include <libpq-fe.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bench/system/corpus.h"
#include "bench/system/load.h"
#include "bench/system/query_mix.h"
#include "bench/system/query_suite.h"

ABSL_FLAG(std::string, conninfo, "", "libpq connection string");
ABSL_FLAG(std::string, corpus, "", "NDJSON corpus");
ABSL_FLAG(std::string, queries, "", "query mix (JSON)");
ABSL_FLAG(std::string, out, "", "JSON results file");
ABSL_FLAG(int, ingest_repeat, 1, "full loads, each into a fresh table");
ABSL_FLAG(int, connections, 2, "loading connections");
ABSL_FLAG(int, batch, 500, "rows per COPY");
ABSL_FLAG(int, repeat, 3, "runs of each query measurement");
ABSL_FLAG(double, warmup_seconds, 3, "seconds of untimed queries before measuring");
ABSL_FLAG(double, class_seconds, 2, "seconds per query class at concurrency 1");
ABSL_FLAG(double, mix_seconds, 5, "seconds per mixed run");
ABSL_FLAG(std::string, concurrency, "8,64", "concurrencies of the mixed runs");

namespace chronicle::bench {
namespace {

constexpr const char* kSchema = R"sql(
  SET client_min_messages = warning;
  DROP TABLE IF EXISTS articles;
  CREATE TABLE articles(
    rid bigserial PRIMARY KEY, id text UNIQUE NOT NULL, title text, body text, source text, published date,
    tsv tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
      setweight(to_tsvector('english', coalesce(body, '')), 'B')) STORED);
  CREATE INDEX articles_tsv ON articles USING gin(tsv);
  CREATE INDEX articles_published ON articles(published);
)sql";

constexpr const char* kSearch = R"sql(
  SELECT id, title, ts_headline('english', body, q, 'MaxFragments=1, MaxWords=30, MinWords=12')
  FROM (SELECT id, title, body, q, ts_rank_cd(tsv, q) AS rank
        FROM articles, websearch_to_tsquery('english', $1) AS q
        WHERE tsv @@ q AND published BETWEEN $2::date AND $3::date
        ORDER BY rank DESC LIMIT 10 OFFSET $4::int) AS top
  ORDER BY rank DESC
)sql";
constexpr const char* kFacets = R"sql(
  SELECT source, extract(year FROM published)::int AS year, count(*)
  FROM articles WHERE tsv @@ websearch_to_tsquery('english', $1)
  GROUP BY GROUPING SETS ((source), (year))
)sql";

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;

absl::StatusOr<Conn> Connect(const std::string& conninfo) {
  Conn conn(PQconnectdb(conninfo.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat("connect: ", PQerrorMessage(conn.get())));
  }
  return conn;
}

absl::Status Exec(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return absl::InternalError(absl::StrCat(sql.substr(0, 60), ": ", PQerrorMessage(conn)));
  }
  return absl::OkStatus();
}

std::string Query1(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  std::string value = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  return value;
}

// COPY's text format: backslash, tab, newline and carriage return escaped.
void AppendCopyField(std::string* out, const std::string& value) {
  for (char c : value) {
    switch (c) {
      case '\\': *out += "\\\\"; break;
      case '\t': *out += "\\t"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      default: out->push_back(c);
    }
  }
}

absl::Status CopyBatch(PGconn* conn, const std::string& rows) {
  PGresult* start = PQexec(conn, "COPY articles(id, title, body, source, published) FROM STDIN");
  const bool ready = PQresultStatus(start) == PGRES_COPY_IN;
  PQclear(start);
  if (!ready) return absl::InternalError(absl::StrCat("COPY: ", PQerrorMessage(conn)));
  if (PQputCopyData(conn, rows.data(), static_cast<int>(rows.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1) {
    return absl::InternalError(absl::StrCat("COPY data: ", PQerrorMessage(conn)));
  }
  absl::Status status;
  while (PGresult* result = PQgetResult(conn)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = absl::InternalError(absl::StrCat("COPY end: ", PQerrorMessage(conn)));
    }
    PQclear(result);
  }
  return status;
}

absl::StatusOr<nlohmann::json> Load(const std::string& conninfo, const std::string& corpus) {
  absl::StatusOr<Conn> admin = Connect(conninfo);
  if (!admin.ok()) return admin.status();
  if (absl::Status s = Exec(admin->get(), kSchema); !s.ok()) return s;
  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(corpus);
  if (!reader.ok()) return reader.status();
  std::mutex reader_mutex;
  absl::Status first_error;
  int64_t articles = 0, bytes = 0;
  const int batch = absl::GetFlag(FLAGS_batch);

  const double start = MonotonicSeconds();
  std::vector<std::thread> loaders;
  for (int c = 0; c < absl::GetFlag(FLAGS_connections); ++c) {
    loaders.emplace_back([&] {
      absl::StatusOr<Conn> conn = Connect(conninfo);
      CorpusArticle article;
      while (conn.ok()) {
        std::string rows;
        int count = 0;
        {
          std::lock_guard<std::mutex> lock(reader_mutex);
          if (!first_error.ok()) return;
          for (; count < batch; ++count) {
            absl::StatusOr<bool> more = reader->Next(&article);
            if (!more.ok()) first_error = more.status();
            if (!more.ok() || !*more) break;
            for (const std::string* field : {&article.id, &article.title, &article.body, &article.source}) {
              AppendCopyField(&rows, *field);
              rows.push_back('\t');
            }
            AppendCopyField(&rows, article.published_at);
            rows.push_back('\n');
            articles += 1;
            bytes += static_cast<int64_t>(article.title.size() + article.body.size());
          }
        }
        if (count == 0) return;
        if (absl::Status s = CopyBatch(conn->get(), rows); !s.ok()) {
          std::lock_guard<std::mutex> lock(reader_mutex);
          first_error.Update(s);
          return;
        }
      }
      std::lock_guard<std::mutex> lock(reader_mutex);
      first_error.Update(conn.status());
    });
  }
  for (std::thread& loader : loaders) loader.join();
  if (!first_error.ok()) return first_error;
  const double seconds = MonotonicSeconds() - start;
  // Not part of the load: refreshes planner statistics and flushes the GIN
  // pending list, as a user would before serving queries.
  const double vacuum_start = MonotonicSeconds();
  if (absl::Status s = Exec(admin->get(), "VACUUM ANALYZE articles"); !s.ok()) return s;
  const double vacuum_seconds = MonotonicSeconds() - vacuum_start;
  std::cerr << "  postgres: " << articles << " articles loaded in " << seconds << " s (vacuum " << vacuum_seconds
            << " s)\n";
  return nlohmann::json{{"articles", articles},
                        {"bytes", bytes},
                        {"seconds", seconds},
                        {"searchable_after_s", seconds},
                        {"vacuum_analyze_s", vacuum_seconds},
                        {"articles_per_s", static_cast<double>(articles) / seconds},
                        {"mb_per_s", static_cast<double>(bytes) / 1e6 / seconds}};
}

struct Worker {
  Conn conn;
};

absl::StatusOr<std::unique_ptr<Worker>> OpenWorker(const std::string& conninfo) {
  absl::StatusOr<Conn> conn = Connect(conninfo);
  if (!conn.ok()) return conn.status();
  auto worker = std::make_unique<Worker>();
  worker->conn = *std::move(conn);
  for (auto [name, sql, params] : {std::make_tuple("search", kSearch, 4), std::make_tuple("facets", kFacets, 1)}) {
    PGresult* result = PQprepare(worker->conn.get(), name, sql, params, nullptr);
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) return absl::InternalError(absl::StrCat("prepare ", name, ": ", PQerrorMessage(worker->conn.get())));
  }
  return worker;
}

bool Run(PGconn* conn, const char* name, const std::vector<std::string>& values) {
  std::vector<const char*> params;
  for (const std::string& value : values) params.push_back(value.c_str());
  PGresult* result =
      PQexecPrepared(conn, name, static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0);
  const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
  PQclear(result);
  return ok;
}

bool Answer(Worker& worker, const BenchQuery& query) {
  bool ok = Run(worker.conn.get(), "search",
                {query.text, query.published_from.empty() ? "0001-01-01" : query.published_from,
                 query.published_until.empty() ? "9999-12-31" : query.published_until,
                 std::to_string(query.offset)});
  if (query.facets) ok = Run(worker.conn.get(), "facets", {query.text}) && ok;
  return ok;
}

absl::StatusOr<nlohmann::json> RunAll() {
  const std::string conninfo = absl::GetFlag(FLAGS_conninfo);
  absl::StatusOr<QueryMix> mix = ReadQueryMix(absl::GetFlag(FLAGS_queries));
  if (!mix.ok()) return mix.status();
  absl::StatusOr<Conn> admin = Connect(conninfo);
  if (!admin.ok()) return admin.status();
  nlohmann::json result = {{"system", "postgresql"},
                           {"version", Query1(admin->get(), "SHOW server_version")},
                           {"connections", absl::GetFlag(FLAGS_connections)},
                           {"settings",
                            {{"shared_buffers", Query1(admin->get(), "SHOW shared_buffers")},
                             {"work_mem", Query1(admin->get(), "SHOW work_mem")},
                             {"jit", Query1(admin->get(), "SHOW jit")},
                             {"fsync", Query1(admin->get(), "SHOW fsync")},
                             {"synchronous_commit", Query1(admin->get(), "SHOW synchronous_commit")}}}};
  for (int round = 0; round < absl::GetFlag(FLAGS_ingest_repeat); ++round) {
    absl::StatusOr<nlohmann::json> run = Load(conninfo, absl::GetFlag(FLAGS_corpus));
    if (!run.ok()) return run.status();
    result["ingest"]["runs"].push_back(*run);
  }
  const int64_t articles = result["ingest"]["runs"].back()["articles"].get<int64_t>();
  int64_t bytes = 0;
  (void)absl::SimpleAtoi(Query1(admin->get(), "SELECT pg_total_relation_size('articles')"), &bytes);
  result["disk"] = {{"bytes", bytes}, {"bytes_per_article", articles > 0 ? bytes / articles : 0}};

  SuiteOptions suite;
  suite.repeat = absl::GetFlag(FLAGS_repeat);
  suite.warmup_duration = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  suite.class_duration = absl::Seconds(absl::GetFlag(FLAGS_class_seconds));
  suite.mix_duration = absl::Seconds(absl::GetFlag(FLAGS_mix_seconds));
  suite.mix_concurrency = ParseIntList(absl::GetFlag(FLAGS_concurrency));
  suite.timelines = false;
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < MaxConcurrency(suite); ++i) {
    absl::StatusOr<std::unique_ptr<Worker>> worker = OpenWorker(conninfo);
    if (!worker.ok()) return worker.status();
    workers.push_back(*std::move(worker));
  }
  std::cerr << "postgresql: queries\n";
  result["queries"] = RunQuerySuite(
      *mix,
      [&](int worker, const QueryClass&, const BenchQuery& query) {
        return Answer(*workers[static_cast<size_t>(worker)], query);
      },
      suite);
  return result;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<nlohmann::json> result = chronicle::bench::RunAll();
  if (!result.ok()) {
    std::cerr << "bench_postgres_fts: " << result.status() << "\n";
    return 1;
  }
  std::ofstream(absl::GetFlag(FLAGS_out)) << result->dump(1) << "\n";
  return 0;
}
