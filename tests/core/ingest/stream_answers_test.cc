#include "core/ingest/stream_answers.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/store/sqlite_article_store.h"
#include "gtest/gtest.h"

namespace chronicle::ingest {
namespace {

using Outcome = v1::IngestArticleResponse;

class StreamAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) / (std::string("answers.") + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = store::SqliteArticleStore::Open({.path = (dir_ / "articles.db").string()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    writer_ = std::make_unique<ArticleWriter>(store_.get(), ArticleWriterOptions{});
    writer_->Start();
  }

  StreamedWrite Submit(const std::string& id) {
    v1::StoredArticle stored;
    stored.mutable_article()->set_id(id);
    stored.mutable_article()->set_content_hash("hash-" + id);
    auto pending = writer_->SubmitUpsert(stored, v1::RawArticle(), absl::InfinitePast());
    EXPECT_TRUE(pending.ok()) << pending.status();
    StreamedWrite write;
    write.pending = *std::move(pending);
    write.response.mutable_summary()->set_title("title of " + id);
    return write;
  }

  static StreamedWrite Rejected(const absl::Status& status) {
    StreamedWrite write;
    FillRejection(status, &write.response);
    return write;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteArticleStore> store_;
  std::unique_ptr<ArticleWriter> writer_;
};

TEST_F(StreamAnswersTest, AnswersInRequestOrderWithRejectionsInTheirPlace) {
  std::vector<v1::IngestArticleResponse> written;
  StreamAnswers answers(/*window=*/2, [&written](const v1::IngestArticleResponse& response) {
    written.push_back(response);
    return true;
  });
  ASSERT_TRUE(answers.Push(Submit("a")));
  ASSERT_TRUE(answers.Push(Rejected(absl::InvalidArgumentError("article.content: is empty"))));
  ASSERT_TRUE(answers.Push(Submit("b")));
  ASSERT_TRUE(answers.Push(Submit("a")));
  ASSERT_TRUE(answers.Finish());

  ASSERT_EQ(written.size(), 4u);
  EXPECT_EQ(written[0].article_id(), "a");
  EXPECT_EQ(written[0].outcome(), Outcome::CREATED);
  EXPECT_EQ(written[0].summary().title(), "title of a");
  EXPECT_EQ(written[1].outcome(), Outcome::REJECTED);
  EXPECT_EQ(written[1].error().field(), "article.content");
  EXPECT_EQ(written[1].error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(written[2].article_id(), "b");
  EXPECT_EQ(written[2].outcome(), Outcome::CREATED);
  EXPECT_EQ(written[3].outcome(), Outcome::UNCHANGED);
  EXPECT_LT(written[0].sequence(), written[2].sequence());
}

TEST_F(StreamAnswersTest, AClientThatIsGoneStopsTheReader) {
  int attempts = 0;
  StreamAnswers answers(/*window=*/1, [&attempts](const v1::IngestArticleResponse&) {
    ++attempts;
    return false;
  });
  ASSERT_TRUE(answers.Push(Submit("a")));
  // Room for this one appears only once the first answer was taken, and the
  // failed write is reported by the next Push at the latest.
  bool refused = !answers.Push(Submit("b"));
  if (!refused) refused = !answers.Push(Submit("c"));
  EXPECT_TRUE(refused);
  EXPECT_FALSE(answers.Finish());
  EXPECT_GE(attempts, 1);
}

TEST(FillRejectionTest, NamesTheFieldOnlyForInvalidArguments) {
  v1::IngestArticleResponse field;
  FillRejection(absl::InvalidArgumentError("article.published_at: not a date"), &field);
  EXPECT_EQ(field.error().field(), "article.published_at");
  v1::IngestArticleResponse full;
  FillRejection(absl::ResourceExhaustedError("queue: full"), &full);
  EXPECT_EQ(full.outcome(), Outcome::REJECTED);
  EXPECT_EQ(full.error().field(), "");
  EXPECT_EQ(full.error().message(), "queue: full");
}

}  // namespace
}  // namespace chronicle::ingest
