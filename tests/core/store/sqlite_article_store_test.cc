#include "core/store/sqlite_article_store.h"

#include <filesystem>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

std::string FreshPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

ArticleWrite MakeWrite(const std::string& id, const std::string& hash, uint64_t simhash = 0,
                       std::vector<uint64_t> simhash_keys = {}) {
  ArticleWrite write;
  write.stored.mutable_article()->set_id(id);
  write.stored.mutable_article()->set_content_hash(hash);
  write.stored.mutable_article()->set_simhash(simhash);
  write.stored.mutable_article()->set_body("body of " + id);
  write.raw.set_content("raw " + id);
  write.simhash_keys = std::move(simhash_keys);
  return write;
}

class SqliteArticleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = FreshPath("articles.db"); Reopen(); }
  void Reopen() {
    store_.reset();
    auto opened = SqliteArticleStore::Open({.path = path_});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }
  int64_t PutAndCommit(const ArticleWrite& write) {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    auto sequence = (*txn)->Put(write);
    EXPECT_TRUE(sequence.ok()) << sequence.status();
    EXPECT_TRUE((*txn)->Commit().ok());
    return *sequence;
  }

  std::string path_;
  std::unique_ptr<SqliteArticleStore> store_;
};

TEST_F(SqliteArticleStoreTest, PutAssignsConsecutiveSequencesAndGetReturnsLatest) {
  EXPECT_EQ(PutAndCommit(MakeWrite("a", "h1")), 1);
  EXPECT_EQ(PutAndCommit(MakeWrite("b", "h2")), 2);
  EXPECT_EQ(PutAndCommit(MakeWrite("a", "h3")), 3);
  EXPECT_EQ(store_->LastSequence(), 3);

  auto a = store_->GetArticle("a");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->sequence(), 3);
  EXPECT_EQ((*a)->article().content_hash(), "h3");
  EXPECT_TRUE((*a)->has_ingested_at());

  auto missing = store_->GetArticle("zzz");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(SqliteArticleStoreTest, ChangesAreOrderedResumableAndCarryTheirVersion) {
  PutAndCommit(MakeWrite("a", "h1"));
  PutAndCommit(MakeWrite("b", "h2"));
  PutAndCommit(MakeWrite("a", "h3"));

  auto all = store_->ReadChanges(0, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_THAT(*all, SizeIs(3));
  EXPECT_EQ((*all)[0].article().article().content_hash(), "h1");  // history, not latest
  EXPECT_EQ((*all)[2].article().article().content_hash(), "h3");

  auto tail = store_->ReadChanges(1, 1);
  ASSERT_TRUE(tail.ok());
  ASSERT_THAT(*tail, SizeIs(1));
  EXPECT_EQ((*tail)[0].sequence(), 2);
  EXPECT_EQ((*tail)[0].article_id(), "b");
}

TEST_F(SqliteArticleStoreTest, DeleteAppendsDeleteChange) {
  PutAndCommit(MakeWrite("a", "h1"));
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto sequence = (*txn)->Delete("a");
  ASSERT_TRUE(sequence.ok()) << sequence.status();
  EXPECT_EQ((*txn)->Delete("a").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE((*txn)->Commit().ok());

  EXPECT_FALSE(store_->GetArticle("a")->has_value());
  auto changes = store_->ReadChanges(1, 10);
  ASSERT_THAT(*changes, SizeIs(1));
  EXPECT_EQ((*changes)[0].kind(), v1::Change::DELETE);
  EXPECT_FALSE((*changes)[0].has_article());
}

TEST_F(SqliteArticleStoreTest, LookupsSeeUncommittedWritesOfTheSameTransaction) {
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Put(MakeWrite("a", "same", 0xff, {7, 9})).ok());
  ArticleWrite duplicate = MakeWrite("b", "same");
  duplicate.stored.set_duplicate_of("a");
  ASSERT_TRUE((*txn)->Put(duplicate).ok());

  auto by_hash = (*txn)->FindOriginalByContentHash("same");
  ASSERT_TRUE(by_hash.ok());
  ASSERT_TRUE(by_hash->has_value());
  EXPECT_EQ((*by_hash)->id, "a");  // the duplicate is never a candidate

  auto by_key = (*txn)->FindSimHashCandidates({1, 9, 7});
  ASSERT_TRUE(by_key.ok());
  EXPECT_THAT(*by_key, ElementsAre(std::make_pair(std::string("a"), uint64_t{0xff})));
  EXPECT_THAT(*(*txn)->FindDuplicatesOf("a"), ElementsAre(Field(&ArticleHead::id, "b")));
}

TEST_F(SqliteArticleStoreTest, UncommittedTransactionRollsBack) {
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Put(MakeWrite("a", "h1")).ok());
  }
  EXPECT_EQ(store_->LastSequence(), 0);
  EXPECT_FALSE(store_->GetArticle("a")->has_value());
  EXPECT_EQ(PutAndCommit(MakeWrite("b", "h2")), 1);
}

TEST_F(SqliteArticleStoreTest, OnlyOneWriterAtATime) {
  auto first = store_->BeginWrite();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(store_->BeginWrite().status().code(), absl::StatusCode::kFailedPrecondition);
  first->reset();
  EXPECT_TRUE(store_->BeginWrite().ok());
}

TEST_F(SqliteArticleStoreTest, CommittedWritesSurviveReopen) {
  PutAndCommit(MakeWrite("a", "h1"));
  PutAndCommit(MakeWrite("b", "h2"));
  Reopen();
  EXPECT_EQ(store_->LastSequence(), 2);
  EXPECT_TRUE(store_->GetArticle("b")->has_value());
  EXPECT_EQ(PutAndCommit(MakeWrite("c", "h3")), 3);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->article_count, 3);
  EXPECT_GT(stats->size_bytes, 0);
}

TEST_F(SqliteArticleStoreTest, RefusesAFileThatIsNotADatabase) {
  store_.reset();
  const std::string junk = FreshPath("junk.db");
  FILE* file = fopen(junk.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  const std::string bytes(8192, 'x');
  fwrite(bytes.data(), 1, bytes.size(), file);
  fclose(file);
  auto opened = SqliteArticleStore::Open({.path = junk});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
}

}  // namespace
}  // namespace chronicle::store
