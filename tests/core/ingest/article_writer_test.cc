#include "core/ingest/article_writer.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "core/store/sqlite_article_store.h"
#include "gtest/gtest.h"

namespace chronicle::ingest {
namespace {

using Outcome = v1::IngestArticleResponse;

class ArticleWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) / (std::string("writer.") + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = store::SqliteArticleStore::Open({.path = (dir_ / "articles.db").string()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::unique_ptr<ArticleWriter> MakeWriter(int capacity = 64) {
    ArticleWriterOptions options;
    options.queue_capacity = capacity;
    options.on_commit = [this](int64_t sequence) { committed_.push_back(sequence); };
    return std::make_unique<ArticleWriter>(store_.get(), options);
  }

  static v1::StoredArticle Article(const std::string& id, const std::string& hash) {
    v1::StoredArticle stored;
    stored.mutable_article()->set_id(id);
    stored.mutable_article()->set_content_hash(hash);
    return stored;
  }

  WriteOutcome Upsert(ArticleWriter& writer, const std::string& id, const std::string& hash) {
    auto pending = writer.SubmitUpsert(Article(id, hash), v1::RawArticle(), absl::InfinitePast());
    EXPECT_TRUE(pending.ok()) << pending.status();
    const auto& result = (*pending)->Wait();
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : WriteOutcome{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteArticleStore> store_;
  std::vector<int64_t> committed_;  // touched only by the writer thread until joined
};

TEST_F(ArticleWriterTest, DecidesCreatedUnchangedUpdatedAndDuplicate) {
  auto writer = MakeWriter();
  writer->Start();
  WriteOutcome created = Upsert(*writer, "a", "h1");
  EXPECT_EQ(created.outcome, Outcome::CREATED);
  EXPECT_EQ(created.sequence, 1);

  WriteOutcome unchanged = Upsert(*writer, "a", "h1");
  EXPECT_EQ(unchanged.outcome, Outcome::UNCHANGED);
  EXPECT_EQ(unchanged.sequence, 1);

  WriteOutcome duplicate = Upsert(*writer, "b", "h1");
  EXPECT_EQ(duplicate.outcome, Outcome::DUPLICATE);
  EXPECT_EQ(duplicate.duplicate_of, "a");
  EXPECT_EQ(duplicate.sequence, 2);

  WriteOutcome updated = Upsert(*writer, "a", "h2");
  EXPECT_EQ(updated.outcome, Outcome::UPDATED);
  EXPECT_EQ(updated.sequence, 3);

  writer->Shutdown();
  ASSERT_FALSE(committed_.empty());
  EXPECT_EQ(committed_.back(), 3);
  EXPECT_EQ(store_->LastSequence(), 3);
}

TEST_F(ArticleWriterTest, NearDuplicateByFingerprintLinksToTheClosestOriginal) {
  auto writer = MakeWriter();
  writer->Start();
  auto submit = [&](const std::string& id, const std::string& hash, uint64_t simhash) {
    v1::StoredArticle stored = Article(id, hash);
    stored.mutable_article()->set_simhash(simhash);
    auto pending = writer->SubmitUpsert(stored, v1::RawArticle(), absl::InfinitePast());
    EXPECT_TRUE(pending.ok());
    return *(*pending)->Wait();
  };
  const uint64_t story = 0x0123456789abcdefULL;
  EXPECT_EQ(submit("original", "h1", story).outcome, Outcome::CREATED);
  // Seven bits away, spread over all four blocks: still the same story.
  const uint64_t edited = story ^ 0x0003000300030001ULL;
  const WriteOutcome republished = submit("republished", "h2", edited);
  EXPECT_EQ(republished.outcome, Outcome::DUPLICATE);
  EXPECT_EQ(republished.duplicate_of, "original");
  // Eight bits away is another story.
  EXPECT_EQ(submit("different", "h3", story ^ 0xffULL).outcome, Outcome::CREATED);
  // A duplicate is never an original for others: the copy of the copy links to
  // the original.
  EXPECT_EQ(submit("copy-of-copy", "h4", edited).duplicate_of, "original");
}

TEST_F(ArticleWriterTest, DeletingAnOriginalPromotesItsOldestDuplicate) {
  auto writer = MakeWriter();
  writer->Start();
  Upsert(*writer, "first", "same");
  EXPECT_EQ(Upsert(*writer, "second", "same").duplicate_of, "first");
  EXPECT_EQ(Upsert(*writer, "third", "same").duplicate_of, "first");
  auto deleted = writer->SubmitDelete("first", absl::InfinitePast());
  ASSERT_TRUE(deleted.ok());
  ASSERT_TRUE((*deleted)->Wait().ok());
  EXPECT_EQ((*deleted)->Wait()->sequence, 4);

  auto second = store_->GetArticle("second");
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->duplicate_of(), "");  // promoted
  EXPECT_EQ((*second)->sequence(), 5);
  auto third = store_->GetArticle("third");
  ASSERT_TRUE(third.ok() && third->has_value());
  EXPECT_EQ((*third)->duplicate_of(), "second");
  // New copies now find the promoted original.
  EXPECT_EQ(Upsert(*writer, "fourth", "same").duplicate_of, "second");
}

TEST_F(ArticleWriterTest, FullQueueAnswersResourceExhaustedAndDrainsLater) {
  auto writer = MakeWriter(/*capacity=*/2);  // not started: nothing drains yet
  std::vector<std::shared_ptr<PendingWrite>> accepted;
  for (const char* id : {"a", "b"}) {
    auto pending = writer->SubmitUpsert(Article(id, id), v1::RawArticle(), absl::InfinitePast());
    ASSERT_TRUE(pending.ok());
    accepted.push_back(*pending);
  }
  auto refused = writer->SubmitUpsert(Article("c", "c"), v1::RawArticle(), absl::InfinitePast());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(writer->QueueDepth(), 2);

  writer->Start();
  for (const auto& pending : accepted) {
    ASSERT_TRUE(pending->Wait().ok());
    EXPECT_EQ(pending->Wait()->outcome, Outcome::CREATED);
  }
}

TEST_F(ArticleWriterTest, DeleteOfMissingArticleFailsAloneNotTheBatch) {
  auto writer = MakeWriter();
  // Queue both before starting so they land in one batch.
  auto missing = writer->SubmitDelete("nope", absl::InfinitePast());
  auto created = writer->SubmitUpsert(Article("a", "h"), v1::RawArticle(), absl::InfinitePast());
  ASSERT_TRUE(missing.ok() && created.ok());
  writer->Start();
  EXPECT_EQ((*missing)->Wait().status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE((*created)->Wait().ok());
  EXPECT_EQ((*created)->Wait()->sequence, 1);
}

TEST_F(ArticleWriterTest, ShutdownAppliesQueuedWritesThenRefusesNewOnes) {
  auto writer = MakeWriter();
  auto pending = writer->SubmitUpsert(Article("a", "h"), v1::RawArticle(), absl::InfinitePast());
  ASSERT_TRUE(pending.ok());
  writer->Start();
  writer->Shutdown();
  EXPECT_TRUE((*pending)->WaitUntil(absl::InfinitePast()));  // already done
  EXPECT_TRUE((*pending)->Wait().ok());
  EXPECT_EQ(writer->SubmitDelete("a", absl::InfinitePast()).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->LastSequence(), 1);
}

}  // namespace
}  // namespace chronicle::ingest
