// The article store's contract, run against both implementations (one typed
// suite): the embedded SQLite store and the PostgreSQL store on the suite's
// throwaway server (skipped, saying why, only when PostgreSQL is not
// installed). Then what only one of them has to show.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/dedup/fingerprint.h"
#include "core/store/postgres_article_store.h"
#include "core/store/sqlite_article_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sqlite3.h"
#include "tests/support/postgres_server.h"

namespace chronicle::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

std::string FreshPath(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / TestName();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

ArticleWrite MakeWrite(const std::string& id, const std::string& hash, uint64_t simhash = 0) {
  ArticleWrite write;
  write.stored.mutable_article()->set_id(id);
  write.stored.mutable_article()->set_content_hash(hash);
  write.stored.mutable_article()->set_simhash(simhash);
  write.stored.mutable_article()->set_body("body of " + id);
  write.raw.set_content("raw " + id);
  return write;
}

// Where each implementation keeps a test's store: Prepare() makes it empty,
// Open() opens it (again).
struct SqliteStores {
  absl::Status Prepare() {
    path = FreshPath("articles.db");
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<ArticleStore>> Open() const {
    auto opened = SqliteArticleStore::Open({.path = path});
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<ArticleStore>(*std::move(opened));
  }
  void Finish() {}
  std::string path;
};

struct PostgresStores {
  absl::Status Prepare() {
    absl::StatusOr<std::string> database = testing::FreshPostgresDatabase(TestName());
    if (!database.ok()) return database.status();
    conninfo = *database;
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<ArticleStore>> Open() const {
    auto opened = PostgresArticleStore::Open({.conninfo = conninfo});
    if (!opened.ok()) return opened.status();
    return std::unique_ptr<ArticleStore>(*std::move(opened));
  }
  void Finish() { testing::DropPostgresDatabase(TestName()); }
  std::string conninfo;
};

template <typename Stores>
class ArticleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::Status prepared = stores_.Prepare();
    if (absl::IsNotFound(prepared)) GTEST_SKIP() << prepared.message();
    ASSERT_TRUE(prepared.ok()) << prepared;
    this->Reopen();
  }
  void TearDown() override {
    store_.reset();
    stores_.Finish();
  }
  void Reopen() {
    store_.reset();
    auto opened = stores_.Open();
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }
  int64_t PutAndCommit(const ArticleWrite& write) {
    auto txn = this->store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    auto sequence = (*txn)->Put(write);
    EXPECT_TRUE(sequence.ok()) << sequence.status();
    EXPECT_TRUE((*txn)->Commit().ok());
    return *sequence;
  }

  Stores stores_;
  std::unique_ptr<ArticleStore> store_;
};

using Implementations = ::testing::Types<SqliteStores, PostgresStores>;
class ImplementationNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteStores> ? "Sqlite" : "Postgres";
  }
};
TYPED_TEST_SUITE(ArticleStoreTest, Implementations, ImplementationNames);

TYPED_TEST(ArticleStoreTest, PutAssignsConsecutiveSequencesAndGetReturnsLatest) {
  EXPECT_EQ(this->PutAndCommit(MakeWrite("a", "h1")), 1);
  EXPECT_EQ(this->PutAndCommit(MakeWrite("b", "h2")), 2);
  EXPECT_EQ(this->PutAndCommit(MakeWrite("a", "h3")), 3);
  EXPECT_EQ(this->store_->LastSequence(), 3);

  auto a = this->store_->GetArticle("a");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->sequence(), 3);
  EXPECT_EQ((*a)->article().content_hash(), "h3");
  EXPECT_TRUE((*a)->has_ingested_at());

  auto missing = this->store_->GetArticle("zzz");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TYPED_TEST(ArticleStoreTest, ChangesAreOrderedResumableAndCarryTheirVersion) {
  this->PutAndCommit(MakeWrite("a", "h1"));
  this->PutAndCommit(MakeWrite("b", "h2"));
  this->PutAndCommit(MakeWrite("a", "h3"));

  auto all = this->store_->ReadChanges(0, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_THAT(*all, SizeIs(3));
  EXPECT_EQ((*all)[0].article().article().content_hash(), "h1");  // history, not latest
  EXPECT_EQ((*all)[2].article().article().content_hash(), "h3");

  auto tail = this->store_->ReadChanges(1, 1);
  ASSERT_TRUE(tail.ok());
  ASSERT_THAT(*tail, SizeIs(1));
  EXPECT_EQ((*tail)[0].sequence(), 2);
  EXPECT_EQ((*tail)[0].article_id(), "b");
}

TYPED_TEST(ArticleStoreTest, DeleteAppendsDeleteChange) {
  this->PutAndCommit(MakeWrite("a", "h1"));
  auto txn = this->store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto sequence = (*txn)->Delete("a");
  ASSERT_TRUE(sequence.ok()) << sequence.status();
  EXPECT_EQ((*txn)->Delete("a").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE((*txn)->Commit().ok());

  EXPECT_FALSE(this->store_->GetArticle("a")->has_value());
  auto changes = this->store_->ReadChanges(1, 10);
  ASSERT_THAT(*changes, SizeIs(1));
  EXPECT_EQ((*changes)[0].kind(), v1::Change::DELETE);
  EXPECT_FALSE((*changes)[0].has_article());
}

TYPED_TEST(ArticleStoreTest, LookupsSeeUncommittedWritesOfTheSameTransaction) {
  auto txn = this->store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Put(MakeWrite("a", "same", 0xff)).ok());
  ArticleWrite duplicate = MakeWrite("b", "same");
  duplicate.stored.set_duplicate_of("a");
  ASSERT_TRUE((*txn)->Put(duplicate).ok());

  auto by_hash = (*txn)->FindOriginalByContentHash("same");
  ASSERT_TRUE(by_hash.ok());
  ASSERT_TRUE(by_hash->has_value());
  EXPECT_EQ((*by_hash)->id, "a");  // the duplicate is never a candidate

  auto by_key = (*txn)->FindSimHashCandidates(dedup::SimHashProbeKeys(0xff), 0xff, 0);
  ASSERT_TRUE(by_key.ok());
  EXPECT_THAT(*by_key, ElementsAre(std::make_pair(std::string("a"), uint64_t{0xff})));
  // Under a probed key (their upper blocks agree) but too far from the
  // fingerprint asked about: 0xff is 7 bits from 0x80 and 8 bits from 0.
  auto near = (*txn)->FindSimHashCandidates(dedup::SimHashProbeKeys(0x80), 0x80, 7);
  ASSERT_TRUE(near.ok());
  EXPECT_THAT(*near, SizeIs(1));
  auto far = (*txn)->FindSimHashCandidates(dedup::SimHashProbeKeys(0), 0, 7);
  ASSERT_TRUE(far.ok());
  EXPECT_THAT(*far, IsEmpty());
  EXPECT_THAT(*(*txn)->FindDuplicatesOf("a"), ElementsAre(Field(&ArticleHead::id, "b")));
}

TYPED_TEST(ArticleStoreTest, NearDuplicateCandidatesFollowCommitsRollbacksDeletesAndReopening) {
  auto candidates = [&](uint64_t simhash) {
    auto txn = this->store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    auto found = (*txn)->FindSimHashCandidates(dedup::SimHashProbeKeys(simhash), simhash, 2);
    EXPECT_TRUE(found.ok()) << found.status();
    std::vector<std::string> ids;
    for (const auto& [id, stored] : *found) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  this->PutAndCommit(MakeWrite("a", "h1", 0xf0));
  this->PutAndCommit(MakeWrite("b", "h2", 0xf1));
  this->PutAndCommit(MakeWrite("far", "h3", 0x0f));
  EXPECT_THAT(candidates(0xf0), ElementsAre("a", "b"));
  {
    // Written and rolled back: never a candidate.
    auto txn = this->store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(MakeWrite("c", "h4", 0xf2)).ok());
  }
  EXPECT_THAT(candidates(0xf0), ElementsAre("a", "b"));
  // Deleted, or rewritten with another fingerprint: no longer one.
  {
    auto txn = this->store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Delete("a").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  this->PutAndCommit(MakeWrite("b", "h2", 0x0f));
  EXPECT_THAT(candidates(0xf0), IsEmpty());
  EXPECT_THAT(candidates(0x0f), ElementsAre("b", "far"));
  // Reopened, the store finds what it holds.
  this->Reopen();
  EXPECT_THAT(candidates(0x0f), ElementsAre("b", "far"));
  EXPECT_THAT(candidates(0xf0), IsEmpty());
}

TYPED_TEST(ArticleStoreTest, UncommittedTransactionRollsBack) {
  {
    auto txn = this->store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(MakeWrite("a", "h1")).ok());
  }
  EXPECT_EQ(this->store_->LastSequence(), 0);
  EXPECT_FALSE(this->store_->GetArticle("a")->has_value());
  EXPECT_EQ(this->PutAndCommit(MakeWrite("b", "h2")), 1);
}

TYPED_TEST(ArticleStoreTest, OnlyOneWriterAtATime) {
  auto first = this->store_->BeginWrite();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(this->store_->BeginWrite().status().code(), absl::StatusCode::kFailedPrecondition);
  first->reset();
  EXPECT_TRUE(this->store_->BeginWrite().ok());
}

TYPED_TEST(ArticleStoreTest, CommittedWritesSurviveReopen) {
  this->PutAndCommit(MakeWrite("a", "h1"));
  this->PutAndCommit(MakeWrite("b", "h2"));
  this->Reopen();
  EXPECT_EQ(this->store_->LastSequence(), 2);
  EXPECT_TRUE(this->store_->GetArticle("b")->has_value());
  EXPECT_EQ(this->PutAndCommit(MakeWrite("c", "h3")), 3);
  auto stats = this->store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->article_count, 3);
  EXPECT_GT(stats->size_bytes, 0);
}

TEST(SqliteArticleStoreTest, RefusesAFileThatIsNotADatabase) {
  const std::string junk = FreshPath("junk.db");
  FILE* file = fopen(junk.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  const std::string bytes(8192, 'x');
  fwrite(bytes.data(), 1, bytes.size(), file);
  fclose(file);
  auto opened = SqliteArticleStore::Open({.path = junk});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
}

// A store written by the first layout (its near-duplicate keys in a table of
// their own, schema version 1) opens in the second: the table is dropped,
// and its originals are found by their fingerprints as before.
TEST(SqliteArticleStoreTest, AStoreOfTheFirstLayoutFindsItsOriginalsAfterTheUpgrade) {
  const std::string path = FreshPath("articles.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* kFirstLayout = R"sql(
      CREATE TABLE articles (id TEXT PRIMARY KEY NOT NULL, sequence INTEGER NOT NULL,
        content_hash TEXT NOT NULL, simhash INTEGER NOT NULL, duplicate_of TEXT, raw BLOB NOT NULL);
      CREATE TABLE simhash_keys (key INTEGER NOT NULL, article_id TEXT NOT NULL, simhash INTEGER NOT NULL,
        PRIMARY KEY (key, article_id)) WITHOUT ROWID;
      CREATE INDEX simhash_keys_by_article ON simhash_keys(article_id);
      CREATE TABLE changes (sequence INTEGER PRIMARY KEY, kind INTEGER NOT NULL, article_id TEXT NOT NULL,
        committed_at_us INTEGER NOT NULL, payload BLOB);
      INSERT INTO articles VALUES ('original', 1, 'h1', 240, NULL, x'');
      INSERT INTO articles VALUES ('copy', 2, 'h2', 241, 'original', x'');
      INSERT INTO simhash_keys VALUES (0, 'original', 240);
      INSERT INTO changes VALUES (1, 1, 'original', 0, NULL), (2, 1, 'copy', 0, NULL);
      PRAGMA user_version = 1;
    )sql";
    ASSERT_EQ(sqlite3_exec(db, kFirstLayout, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto store = SqliteArticleStore::Open({.path = path});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->LastSequence(), 2);
  {
    auto txn = (*store)->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.status();
    auto found = (*txn)->FindSimHashCandidates(dedup::SimHashProbeKeys(0xf1), 0xf1, 2);
    ASSERT_TRUE(found.ok()) << found.status();
    // The copy is near too, but a duplicate is never a candidate.
    EXPECT_THAT(*found, ElementsAre(std::make_pair(std::string("original"), uint64_t{0xf0})));
  }
  store->reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* tables = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'simhash_keys%'", -1,
                               &tables, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(tables), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(tables, 0), 0);
  sqlite3_finalize(tables);
  sqlite3_close(db);
}

// Several ingest replicas write to one PostgreSQL database at once. Writers
// take turns, so the feed's sequences are unique, gap-free and in commit
// order, and each replica's reads see the others' writes.
class PostgresArticleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> database = testing::FreshPostgresDatabase(TestName());
    if (absl::IsNotFound(database.status())) GTEST_SKIP() << database.status().message();
    ASSERT_TRUE(database.ok()) << database.status();
    conninfo_ = *database;
  }
  void TearDown() override { testing::DropPostgresDatabase(TestName()); }

  std::unique_ptr<PostgresArticleStore> Open() {
    auto opened = PostgresArticleStore::Open({.conninfo = conninfo_});
    EXPECT_TRUE(opened.ok()) << opened.status();
    return opened.ok() ? *std::move(opened) : nullptr;
  }

  std::string conninfo_;
};

TEST_F(PostgresArticleStoreTest, ReplicasWritingAtOnceShareOneGapFreeFeed) {
  constexpr int kReplicas = 3;
  constexpr int kArticlesEach = 40;
  std::vector<std::unique_ptr<PostgresArticleStore>> replicas;
  for (int r = 0; r < kReplicas; ++r) {
    replicas.push_back(Open());
    ASSERT_NE(replicas.back(), nullptr);
  }
  std::vector<std::vector<int64_t>> sequences(kReplicas);
  std::vector<std::thread> writers;
  for (int r = 0; r < kReplicas; ++r) {
    writers.emplace_back([&, r] {
      for (int i = 0; i < kArticlesEach; ++i) {
        auto txn = replicas[r]->BeginWrite();
        ASSERT_TRUE(txn.ok()) << txn.status();
        const std::string id = "r" + std::to_string(r) + "-" + std::to_string(i);
        auto sequence = (*txn)->Put(MakeWrite(id, "hash-" + id));
        ASSERT_TRUE(sequence.ok()) << sequence.status();
        ASSERT_TRUE((*txn)->Commit().ok());
        sequences[r].push_back(*sequence);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();

  std::vector<int64_t> all;
  for (const auto& own : sequences) all.insert(all.end(), own.begin(), own.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kReplicas * kArticlesEach));
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], static_cast<int64_t>(i + 1));
  // Every replica reads the whole feed, in order, from any point.
  for (const auto& replica : replicas) {
    auto changes = replica->ReadChanges(0, 1000);
    ASSERT_TRUE(changes.ok()) << changes.status();
    ASSERT_THAT(*changes, SizeIs(kReplicas * kArticlesEach));
    for (size_t i = 0; i < changes->size(); ++i) EXPECT_EQ((*changes)[i].sequence(), static_cast<int64_t>(i + 1));
    EXPECT_EQ(replica->LastSequence(), kReplicas * kArticlesEach);
  }
}

TEST_F(PostgresArticleStoreTest, AWriterSeesWhatAnotherReplicaCommittedBeforeIt) {
  auto first = Open();
  auto second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  auto txn = first->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Put(MakeWrite("a", "same")).ok());
  // The second replica's transaction waits for the first's turn to end, then
  // finds its article: two replicas given one article store it once.
  absl::StatusOr<absl::optional<ArticleHead>> seen;
  std::thread other([&] {
    auto waiting = second->BeginWrite();
    ASSERT_TRUE(waiting.ok()) << waiting.status();
    seen = (*waiting)->FindOriginalByContentHash("same");
  });
  ASSERT_TRUE((*txn)->Commit().ok());
  other.join();
  ASSERT_TRUE(seen.ok()) << seen.status();
  ASSERT_TRUE(seen->has_value());
  EXPECT_EQ((*seen)->id, "a");
}

TEST_F(PostgresArticleStoreTest, RefusesASchemaNewerThanItsOwn) {
  ASSERT_NE(Open(), nullptr);
  auto admin = PgConnection::Open(conninfo_);
  ASSERT_TRUE(admin.ok()) << admin.status();
  ASSERT_TRUE((*admin)->Execute("UPDATE chronicle_schema SET version = 99").ok());
  auto opened = PostgresArticleStore::Open({.conninfo = conninfo_});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition) << opened.status();
}

TEST(PostgresConnectionTest, AServerThatIsNotThereIsUnavailable) {
  auto opened = PostgresArticleStore::Open({.conninfo = "host=/nonexistent/socket-dir port=5432 user=nobody"});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kUnavailable) << opened.status();
}

}  // namespace
}  // namespace chronicle::store
