// The SQLite article store under storage faults: each write and sync of a
// commit failing in turn (EIO, ENOSPC; a commit reads nothing from the file:
// SQLite's own cache holds what it needs). A failed commit is reported as
// UNAVAILABLE or RESOURCE_EXHAUSTED, never acknowledged; after a reopen every
// acknowledged article is there with its sequence, the feed has no gap, the
// database passes SQLite's integrity check, and writing goes on.
#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/store/sqlite_article_store.h"
#include "gtest/gtest.h"
#include "sqlite3.h"
#include "tests/faults/io_faults.h"

namespace chronicle::store {
namespace {

using ::chronicle::testing::ArmIoFault;
using ::chronicle::testing::DisarmIoFault;
using ::chronicle::testing::IoCall;
using ::chronicle::testing::IoFaultFired;

ArticleWrite MakeWrite(const std::string& id) {
  ArticleWrite write;
  write.stored.mutable_article()->set_id(id);
  write.stored.mutable_article()->set_content_hash("hash-" + id);
  write.stored.mutable_article()->set_body(std::string(3000, 'x') + " body of " + id);
  // A fingerprint, so that a write also files the article under its keys.
  write.stored.mutable_article()->set_simhash(std::hash<std::string>()(id) | 1);
  write.raw.set_content("raw " + id);
  return write;
}

// Writes `count` articles from `first` in one transaction; their sequences
// when the commit succeeded.
absl::StatusOr<std::map<std::string, int64_t>> WriteBatch(ArticleStore& store, int first, int count) {
  auto txn = store.BeginWrite();
  if (!txn.ok()) return txn.status();
  std::map<std::string, int64_t> written;
  for (int i = first; i < first + count; ++i) {
    const std::string id = absl::StrCat("article-", i);
    absl::StatusOr<int64_t> sequence = (*txn)->Put(MakeWrite(id));
    if (!sequence.ok()) return sequence.status();
    written[id] = *sequence;
  }
  absl::Status committed = (*txn)->Commit();
  if (!committed.ok()) return committed;
  return written;
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

struct Fault {
  const char* name;
  IoCall call;
  int error;
};

void PrintTo(const Fault& fault, std::ostream* out) { *out << fault.name; }

class StoreFaultTest : public ::testing::TestWithParam<Fault> {};

TEST_P(StoreFaultTest, EveryFailingCallOfACommitLosesNothingAcknowledged) {
  const Fault& fault = GetParam();
  constexpr int kBatch = 4;
  int nth = 1;
  for (;; ++nth) {
    SCOPED_TRACE(absl::StrCat(fault.name, ", call ", nth));
    const auto dir = std::filesystem::path(::testing::TempDir()) /
                     absl::StrCat("store-fault.", fault.call == IoCall::kWrite ? "w" : "s", fault.error, ".", nth);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string directory = std::filesystem::canonical(dir).string();
    const std::string path = directory + "/articles.db";
    std::map<std::string, int64_t> acknowledged;
    {
      auto store = SqliteArticleStore::Open({.path = path});
      ASSERT_TRUE(store.ok()) << store.status();
      auto first = WriteBatch(**store, 0, kBatch);
      ASSERT_TRUE(first.ok()) << first.status();
      acknowledged = *first;

      ArmIoFault(directory, fault.call, nth, fault.error);
      // Two more batches, the fault landing in one of them; a writer that
      // fails is not asked again before the reopen.
      absl::Status failure;
      for (int batch = 1; batch <= 2 && failure.ok(); ++batch) {
        auto written = WriteBatch(**store, batch * kBatch, kBatch);
        if (written.ok()) {
          acknowledged.insert(written->begin(), written->end());
        } else {
          failure = written.status();
        }
      }
      const bool fired = IoFaultFired();
      DisarmIoFault();
      if (!fired) {
        EXPECT_TRUE(failure.ok()) << failure;
        std::filesystem::remove_all(dir);
        break;
      }
      if (!failure.ok()) {
        EXPECT_TRUE(failure.code() == absl::StatusCode::kUnavailable ||
                    failure.code() == absl::StatusCode::kResourceExhausted)
            << failure;
      }
    }
    // Reopened as after a restart.
    auto store = SqliteArticleStore::Open({.path = path});
    ASSERT_TRUE(store.ok()) << store.status();
    for (const auto& [id, sequence] : acknowledged) {
      auto article = (*store)->GetArticle(id);
      ASSERT_TRUE(article.ok()) << article.status();
      ASSERT_TRUE(article->has_value()) << id << " was acknowledged and is gone";
      EXPECT_EQ((*article)->sequence(), sequence) << id;
    }
    auto changes = (*store)->ReadChanges(0, 1000);
    ASSERT_TRUE(changes.ok()) << changes.status();
    for (size_t i = 0; i < changes->size(); ++i) EXPECT_EQ((*changes)[i].sequence(), static_cast<int64_t>(i) + 1);
    EXPECT_EQ((*store)->LastSequence(), static_cast<int64_t>(changes->size()));
    EXPECT_GE(changes->size(), acknowledged.size());
    EXPECT_EQ(IntegrityCheck(path), "ok");
    // And it takes writes again.
    auto after = WriteBatch(**store, 100, kBatch);
    EXPECT_TRUE(after.ok()) << after.status();
    store->reset();
    std::filesystem::remove_all(dir);
  }
  EXPECT_GT(nth, 1);
  RecordProperty("calls_swept", nth - 1);
}

INSTANTIATE_TEST_SUITE_P(Faults, StoreFaultTest,
                         ::testing::Values(Fault{"write EIO", IoCall::kWrite, EIO},
                                           Fault{"write ENOSPC", IoCall::kWrite, ENOSPC},
                                           Fault{"sync EIO", IoCall::kSync, EIO}),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (c == ' ') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace chronicle::store

namespace chronicle::store {
namespace {

// Power lost during the last commit, simulated on a copy of the files taken
// while the store is open (as at a SIGKILL) by cutting the WAL at each of
// several bytes inside the last transaction's frames: the store must open
// with every earlier transaction whole, the last one whole or absent, a feed
// without gaps, and a database that passes the integrity check.
TEST(StoreTornWalTest, ACutInTheLastTransactionLeavesItWholeOrAbsent) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "store-torn";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "articles.db").string();
  auto store = SqliteArticleStore::Open({.path = path});
  ASSERT_TRUE(store.ok()) << store.status();
  std::map<std::string, int64_t> earlier;
  for (int batch = 0; batch < 3; ++batch) {
    auto written = WriteBatch(**store, batch * 4, 4);
    ASSERT_TRUE(written.ok()) << written.status();
    earlier.insert(written->begin(), written->end());
  }
  const uintmax_t before_last = std::filesystem::file_size(path + "-wal");
  auto last = WriteBatch(**store, 100, 4);
  ASSERT_TRUE(last.ok()) << last.status();
  const uintmax_t after_last = std::filesystem::file_size(path + "-wal");
  ASSERT_GT(after_last, before_last);

  int whole = 0, absent = 0;
  for (int step = 0; step <= 8; ++step) {
    const uintmax_t cut = before_last + (after_last - before_last) * step / 8;
    SCOPED_TRACE(absl::StrCat("WAL cut at ", cut, " of ", after_last));
    const auto copy = dir / absl::StrCat("copy-", step);
    std::filesystem::remove_all(copy);
    std::filesystem::create_directories(copy);
    std::filesystem::copy_file(path, copy / "articles.db");
    std::filesystem::copy_file(path + "-wal", copy / "articles.db-wal");
    std::filesystem::resize_file(copy / "articles.db-wal", cut);

    auto reopened = SqliteArticleStore::Open({.path = (copy / "articles.db").string()});
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    for (const auto& [id, sequence] : earlier) {
      auto article = (*reopened)->GetArticle(id);
      ASSERT_TRUE(article.ok()) << article.status();
      ASSERT_TRUE(article->has_value()) << id << " was committed before the cut transaction";
    }
    int present = 0;
    for (const auto& [id, sequence] : *last) {
      auto article = (*reopened)->GetArticle(id);
      ASSERT_TRUE(article.ok()) << article.status();
      present += article->has_value() ? 1 : 0;
    }
    EXPECT_TRUE(present == 0 || present == static_cast<int>(last->size())) << present << " of the last batch";
    (present == 0 ? absent : whole) += 1;
    auto changes = (*reopened)->ReadChanges(0, 1000);
    ASSERT_TRUE(changes.ok()) << changes.status();
    EXPECT_EQ(changes->size(), earlier.size() + present);
    for (size_t i = 0; i < changes->size(); ++i) EXPECT_EQ((*changes)[i].sequence(), static_cast<int64_t>(i) + 1);
    reopened->reset();
    EXPECT_EQ(IntegrityCheck((copy / "articles.db").string()), "ok");
  }
  // The uncut copy keeps the last transaction; cuts inside it drop it.
  EXPECT_EQ(whole, 1);
  EXPECT_EQ(absent, 8);
}

}  // namespace
}  // namespace chronicle::store
