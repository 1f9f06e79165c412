// bench_sqlite_fts5: the SQLite FTS5 peer, on the same corpus and query mix.
//
//   bench_sqlite_fts5 --corpus=F --queries=F --work_dir=DIR --out=sqlite.json
//
// What a user would build with SQLite alone: an articles table, an FTS5 index
// over title and body (porter stemming, unicode61), loaded in transactions of
// 500 rows with the durability Chronicle's store uses (WAL, synchronous=FULL);
// queries rank with bm25(), cut a snippet() from the best body fragment, and
// count facets with GROUP BY over the match set. One connection per worker.
#include <sqlite3.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "bench/system/corpus.h"
#include "bench/system/load.h"
#include "bench/system/process.h"
#include "bench/system/query_mix.h"
#include "bench/system/query_suite.h"

ABSL_FLAG(std::string, corpus, "", "NDJSON corpus");
ABSL_FLAG(std::string, queries, "", "query mix (JSON)");
ABSL_FLAG(std::string, work_dir, "", "scratch directory for the database");
ABSL_FLAG(std::string, out, "", "JSON results file");
ABSL_FLAG(int, ingest_repeat, 1, "full loads, each into a fresh database");
ABSL_FLAG(int, batch, 500, "rows per transaction");
ABSL_FLAG(int, repeat, 3, "runs of each query measurement");
ABSL_FLAG(double, warmup_seconds, 3, "seconds of untimed queries before measuring");
ABSL_FLAG(double, class_seconds, 2, "seconds per query class at concurrency 1");
ABSL_FLAG(double, mix_seconds, 5, "seconds per mixed run");
ABSL_FLAG(std::string, concurrency, "8,64", "concurrencies of the mixed runs");

namespace chronicle::bench {
namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE articles(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT, body TEXT, source TEXT, published TEXT);
  CREATE INDEX articles_published ON articles(published);
  CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='porter unicode61');
)sql";

// Top results with a snippet of the body; ?2/?3 bound the publication day
// (open ends bound to the extremes), ?4 is the offset.
constexpr const char* kSearch = R"sql(
  SELECT a.id, a.title, snippet(articles_fts, 1, '<b>', '</b>', '...', 24)
  FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
  WHERE articles_fts MATCH ?1 AND a.published BETWEEN ?2 AND ?3
  ORDER BY bm25(articles_fts) LIMIT 10 OFFSET ?4
)sql";
constexpr const char* kFacetSource = R"sql(
  SELECT a.source, count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
  WHERE articles_fts MATCH ?1 GROUP BY a.source ORDER BY 2 DESC LIMIT 10
)sql";
constexpr const char* kFacetYear = R"sql(
  SELECT substr(a.published, 1, 4), count(*) FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
  WHERE articles_fts MATCH ?1 GROUP BY 1 ORDER BY 2 DESC LIMIT 10
)sql";

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementCloser {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementCloser>;

absl::StatusOr<Db> OpenDb(const std::string& path, bool read_only) {
  sqlite3* raw = nullptr;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return absl::InternalError(absl::StrCat("open ", path, ": ", sqlite3_errstr(rc)));
  return db;
}

absl::Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    absl::Status status = absl::InternalError(absl::StrCat(sql.substr(0, 60), ": ", error ? error : "?"));
    sqlite3_free(error);
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement> Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat("prepare: ", sqlite3_errmsg(db)));
  }
  return Statement(raw);
}

void BindText(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

absl::StatusOr<nlohmann::json> Load(const std::string& corpus, const std::string& path, int batch) {
  RemoveTree(path);
  RemoveTree(path + "-wal");
  RemoveTree(path + "-shm");
  absl::StatusOr<Db> db = OpenDb(path, false);
  if (!db.ok()) return db.status();
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"}) {
    if (absl::Status s = Exec(db->get(), sql); !s.ok()) return s;
  }
  if (absl::Status s = Exec(db->get(), kSchema); !s.ok()) return s;
  auto insert = Prepare(db->get(), "INSERT INTO articles(id, title, body, source, published) VALUES(?,?,?,?,?)");
  auto index = Prepare(db->get(), "INSERT INTO articles_fts(rowid, title, body) VALUES(?,?,?)");
  if (!insert.ok()) return insert.status();
  if (!index.ok()) return index.status();
  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(corpus);
  if (!reader.ok()) return reader.status();

  const double start = MonotonicSeconds();
  int64_t articles = 0, bytes = 0;
  CorpusArticle article;
  bool in_transaction = false;
  while (true) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (!in_transaction) {
      if (absl::Status s = Exec(db->get(), "BEGIN"); !s.ok()) return s;
      in_transaction = true;
    }
    sqlite3_stmt* row = insert->get();
    BindText(row, 1, article.id);
    BindText(row, 2, article.title);
    BindText(row, 3, article.body);
    BindText(row, 4, article.source);
    BindText(row, 5, article.published_at);
    if (sqlite3_step(row) != SQLITE_DONE) return absl::InternalError(sqlite3_errmsg(db->get()));
    sqlite3_reset(row);
    sqlite3_stmt* fts = index->get();
    sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(db->get()));
    BindText(fts, 2, article.title);
    BindText(fts, 3, article.body);
    if (sqlite3_step(fts) != SQLITE_DONE) return absl::InternalError(sqlite3_errmsg(db->get()));
    sqlite3_reset(fts);
    ++articles;
    bytes += static_cast<int64_t>(article.title.size() + article.body.size());
    if (articles % batch == 0) {
      if (absl::Status s = Exec(db->get(), "COMMIT"); !s.ok()) return s;
      in_transaction = false;
    }
  }
  if (in_transaction) {
    if (absl::Status s = Exec(db->get(), "COMMIT"); !s.ok()) return s;
  }
  const double seconds = MonotonicSeconds() - start;
  std::cerr << "  sqlite: " << articles << " articles loaded in " << seconds << " s\n";
  return nlohmann::json{{"articles", articles},
                        {"bytes", bytes},
                        {"seconds", seconds},
                        {"searchable_after_s", seconds},
                        {"articles_per_s", static_cast<double>(articles) / seconds},
                        {"mb_per_s", static_cast<double>(bytes) / 1e6 / seconds}};
}

// One worker's connection and statements.
struct Reader {
  Db db;
  Statement search, facet_source, facet_year;
};

absl::StatusOr<std::unique_ptr<Reader>> OpenReader(const std::string& path) {
  absl::StatusOr<Db> db = OpenDb(path, true);
  if (!db.ok()) return db.status();
  // Reads share the operating system's page cache through mmap rather than
  // each connection filling a private cache.
  if (absl::Status s = Exec(db->get(), "PRAGMA mmap_size=8589934592"); !s.ok()) return s;
  auto reader = std::make_unique<Reader>();
  reader->db = *std::move(db);
  for (auto [target, sql] : {std::make_pair(&reader->search, kSearch), std::make_pair(&reader->facet_source, kFacetSource),
                             std::make_pair(&reader->facet_year, kFacetYear)}) {
    absl::StatusOr<Statement> statement = Prepare(reader->db.get(), sql);
    if (!statement.ok()) return statement.status();
    *target = *std::move(statement);
  }
  return reader;
}

// Steps through every row, reading the columns as a client would.
bool Drain(sqlite3_stmt* statement) {
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(statement); ++i) (void)sqlite3_column_text(statement, i);
  }
  sqlite3_reset(statement);
  return rc == SQLITE_DONE;
}

bool Answer(Reader& reader, const BenchQuery& query) {
  sqlite3_stmt* search = reader.search.get();
  BindText(search, 1, query.text);
  BindText(search, 2, query.published_from.empty() ? std::string("0000") : query.published_from);
  BindText(search, 3, query.published_until.empty() ? std::string("9999") : query.published_until);
  sqlite3_bind_int(search, 4, query.offset);
  bool ok = Drain(search);
  if (query.facets) {
    for (sqlite3_stmt* facet : {reader.facet_source.get(), reader.facet_year.get()}) {
      BindText(facet, 1, query.text);
      ok = Drain(facet) && ok;
    }
  }
  return ok;
}

absl::StatusOr<nlohmann::json> Run() {
  absl::StatusOr<QueryMix> mix = ReadQueryMix(absl::GetFlag(FLAGS_queries));
  if (!mix.ok()) return mix.status();
  const std::string path = absl::StrCat(absl::GetFlag(FLAGS_work_dir), "/fts5.db");
  nlohmann::json result = {{"system", "sqlite-fts5"}, {"version", sqlite3_libversion()}};
  for (int round = 0; round < absl::GetFlag(FLAGS_ingest_repeat); ++round) {
    absl::StatusOr<nlohmann::json> run = Load(absl::GetFlag(FLAGS_corpus), path, absl::GetFlag(FLAGS_batch));
    if (!run.ok()) return run.status();
    result["ingest"]["runs"].push_back(*run);
  }
  result["memory"]["after_load_vm_hwm_kb"] = ReadSelfUsage().vm_hwm_kb;
  const int64_t articles = result["ingest"]["runs"].back()["articles"].get<int64_t>();
  const int64_t bytes = DirectoryBytes(path) + DirectoryBytes(path + "-wal");
  result["disk"] = {{"bytes", bytes}, {"bytes_per_article", articles > 0 ? bytes / articles : 0}};

  SuiteOptions suite;
  suite.repeat = absl::GetFlag(FLAGS_repeat);
  suite.warmup_duration = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  suite.class_duration = absl::Seconds(absl::GetFlag(FLAGS_class_seconds));
  suite.mix_duration = absl::Seconds(absl::GetFlag(FLAGS_mix_seconds));
  suite.mix_concurrency = ParseIntList(absl::GetFlag(FLAGS_concurrency));
  suite.timelines = false;
  std::vector<std::unique_ptr<Reader>> readers;
  for (int i = 0; i < MaxConcurrency(suite); ++i) {
    absl::StatusOr<std::unique_ptr<Reader>> reader = OpenReader(path);
    if (!reader.ok()) return reader.status();
    readers.push_back(*std::move(reader));
  }
  std::cerr << "sqlite-fts5: queries\n";
  result["queries"] = RunQuerySuite(
      *mix,
      [&](int worker, const QueryClass&, const BenchQuery& query) {
        return Answer(*readers[static_cast<size_t>(worker)], query);
      },
      suite);
  result["memory"]["vm_hwm_kb"] = ReadSelfUsage().vm_hwm_kb;
  readers.clear();
  RemoveTree(path);
  RemoveTree(path + "-wal");
  RemoveTree(path + "-shm");
  return result;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<nlohmann::json> result = chronicle::bench::Run();
  if (!result.ok()) {
    std::cerr << "bench_sqlite_fts5: " << result.status() << "\n";
    return 1;
  }
  std::ofstream(absl::GetFlag(FLAGS_out)) << result->dump(1) << "\n";
  return 0;
}
