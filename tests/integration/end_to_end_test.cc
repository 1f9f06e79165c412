// Ingest through gRPC, find through gRPC: the whole path with real processes.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

class EndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.StartIngest().ok());
    ASSERT_TRUE(cluster_.StartQuery().ok());
    ingest_ = cluster_.IngestStub();
    query_ = cluster_.QueryStub();
  }

  v1::IngestArticleResponse Ingest(const v1::IngestArticleRequest& request) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    const grpc::Status status = ingest_->IngestArticle(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::SearchResponse Search(const std::string& text, int64_t min_sequence) {
    v1::SearchRequest request;
    request.set_query(text);
    request.set_min_sequence(min_sequence);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::SearchResponse response;
    const grpc::Status status = query_->Search(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  Cluster cluster_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
  std::unique_ptr<v1::QueryService::Stub> query_;
};

TEST_F(EndToEndTest, IngestedArticleIsSearchableAtItsSequence) {
  const v1::IngestArticleResponse ingested = Ingest(TextArticle(
      "lumen-1", "Port Lumen harbour reopens after storm\n\nThe harbour of Port Lumen reopened "
                 "after three weeks of repairs to the breakwater."));
  EXPECT_EQ(ingested.outcome(), v1::IngestArticleResponse::CREATED);
  EXPECT_EQ(ingested.article_id(), "lumen-1");
  EXPECT_EQ(ingested.sequence(), 1);
  EXPECT_EQ(ingested.summary().title(), "Port Lumen harbour reopens after storm");

  const v1::SearchResponse found = Search("breakwater", ingested.sequence());
  ASSERT_THAT(found.results(), SizeIs(1));
  EXPECT_EQ(found.results(0).article_id(), "lumen-1");
  EXPECT_THAT(found.results(0).snippet(), HasSubstr("breakwater"));
  EXPECT_GE(found.applied_sequence(), ingested.sequence());

  v1::GetArticleRequest get;
  get.set_article_id("lumen-1");
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::StoredArticle stored;
  ASSERT_TRUE(query_->GetArticle(&context, get, &stored).ok());
  EXPECT_THAT(stored.article().body(), HasSubstr("three weeks of repairs"));
  EXPECT_EQ(stored.sequence(), 1);
}

TEST_F(EndToEndTest, StreamAnswersEveryArticleInOrderAndRejectsOnlyTheBadOne) {
  grpc::ClientContext context;
  SetTestDeadline(context, absl::Seconds(60));
  auto stream = ingest_->IngestArticles(&context);
  constexpr int kArticles = 60;
  constexpr int kBad = 17;
  for (int i = 0; i < kArticles; ++i) {
    v1::IngestArticleRequest request =
        TextArticle(absl::StrCat("stream-", i),
                    absl::StrCat("Tideline bulletin ", i, "\n\nTideline report number ", i, "."));
    if (i == kBad) request.mutable_article()->clear_content();
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::vector<v1::IngestArticleResponse> responses;
  v1::IngestArticleResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_THAT(responses, SizeIs(kArticles));

  int64_t last_sequence = 0;
  for (int i = 0; i < kArticles; ++i) {
    if (i == kBad) {
      EXPECT_EQ(responses[i].outcome(), v1::IngestArticleResponse::REJECTED);
      EXPECT_EQ(responses[i].error().field(), "article.content");
      EXPECT_EQ(responses[i].error().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      continue;
    }
    EXPECT_EQ(responses[i].article_id(), absl::StrCat("stream-", i)) << "out of order at " << i;
    EXPECT_EQ(responses[i].outcome(), v1::IngestArticleResponse::CREATED);
    EXPECT_GT(responses[i].sequence(), last_sequence);
    last_sequence = responses[i].sequence();
  }
  EXPECT_EQ(Search("tideline", last_sequence).total_size(), kArticles - 1);
}

TEST_F(EndToEndTest, SameContentTwiceIsUnchangedOrDuplicateAndIndexedOnce) {
  const std::string text = "Cedar Bay ferry resumes\n\nThe Cedar Bay ferry resumed crossings on Monday.";
  const v1::IngestArticleResponse first = Ingest(TextArticle("ferry", text));
  const v1::IngestArticleResponse again = Ingest(TextArticle("ferry", text));
  EXPECT_EQ(again.outcome(), v1::IngestArticleResponse::UNCHANGED);
  EXPECT_EQ(again.sequence(), first.sequence());

  const v1::IngestArticleResponse copy = Ingest(TextArticle("ferry-copy", text));
  EXPECT_EQ(copy.outcome(), v1::IngestArticleResponse::DUPLICATE);
  EXPECT_EQ(copy.duplicate_of(), "ferry");
  EXPECT_GT(copy.sequence(), first.sequence());

  const v1::SearchResponse found = Search("ferry", copy.sequence());
  ASSERT_THAT(found.results(), SizeIs(1));
  EXPECT_EQ(found.results(0).article_id(), "ferry");
  EXPECT_EQ(found.results(0).similar_count(), 1);

  // Deleting the original leaves the story findable: the copy takes its place.
  v1::DeleteArticleRequest request;
  request.set_article_id("ferry");
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::DeleteArticleResponse deleted;
  ASSERT_TRUE(ingest_->DeleteArticle(&context, request, &deleted).ok());
  const v1::SearchResponse after = Search("ferry", deleted.sequence() + 1);
  ASSERT_THAT(after.results(), SizeIs(1));
  EXPECT_EQ(after.results(0).article_id(), "ferry-copy");
}

TEST_F(EndToEndTest, DeletedArticleDisappearsFromSearch) {
  const v1::IngestArticleResponse created =
      Ingest(TextArticle("gone", "Lantern festival moved\n\nThe lantern festival moved indoors."));
  ASSERT_THAT(Search("lantern", created.sequence()).results(), SizeIs(1));

  v1::DeleteArticleRequest request;
  request.set_article_id("gone");
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::DeleteArticleResponse deleted;
  ASSERT_TRUE(ingest_->DeleteArticle(&context, request, &deleted).ok());
  EXPECT_GT(deleted.sequence(), created.sequence());
  EXPECT_THAT(Search("lantern", deleted.sequence()).results(), SizeIs(0));

  grpc::ClientContext again;
  SetTestDeadline(again);
  EXPECT_EQ(ingest_->DeleteArticle(&again, request, &deleted).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(EndToEndTest, AnalyzeArticleStoresNothing) {
  v1::AnalyzeArticleRequest request;
  *request.mutable_article() =
      TextArticle("probe", "Quiet morning\n\nNothing happened.\nStill nothing.").article();
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::AnalyzeArticleResponse analyzed;
  ASSERT_TRUE(ingest_->AnalyzeArticle(&context, request, &analyzed).ok());
  EXPECT_EQ(analyzed.article().metadata().title(), "Quiet morning");
  EXPECT_FALSE(analyzed.article().sentences().empty());

  v1::GetStoredArticleRequest get;
  get.set_article_id("probe");
  grpc::ClientContext get_context;
  SetTestDeadline(get_context);
  v1::StoredArticle stored;
  EXPECT_EQ(ingest_->GetStoredArticle(&get_context, get, &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(EndToEndTest, MinSequenceBeyondTheFeedTimesOutWithDeadlineExceeded) {
  v1::SearchRequest request;
  request.set_query("anything");
  request.set_min_sequence(1000);
  grpc::ClientContext context;
  SetTestDeadline(context, absl::Milliseconds(300));
  v1::SearchResponse response;
  EXPECT_EQ(query_->Search(&context, request, &response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace chronicle::testing
