// Stop both services with SIGTERM and start them again on the same data:
// every acknowledged article is still there, and nothing is applied twice.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

v1::IndexStatus Status(v1::QueryService::Stub& query) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IndexStatus status;
  EXPECT_TRUE(query.GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  return status;
}

TEST(RestartTest, AcknowledgedArticlesSurviveAndAreNotAppliedTwice) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  constexpr int kArticles = 25;
  std::vector<int64_t> sequences;
  {
    auto ingest = cluster.IngestStub();
    for (int i = 0; i < kArticles; ++i) {
      grpc::ClientContext context;
      SetTestDeadline(context);
      v1::IngestArticleResponse response;
      ASSERT_TRUE(ingest
                      ->IngestArticle(&context,
                                      TextArticle(absl::StrCat("keep-", i),
                                                  absl::StrCat("Keepsake ", i, "\n\nKeepsake story ", i)),
                                      &response)
                      .ok());
      sequences.push_back(response.sequence());
    }
  }
  EXPECT_EQ(cluster.query().Terminate(), 0);
  EXPECT_EQ(cluster.ingest().Terminate(), 0);

  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());  // waits until caught up again
  auto query = cluster.QueryStub();
  v1::IndexStatus status = Status(*query);
  EXPECT_EQ(status.applied_sequence(), kArticles);
  EXPECT_EQ(status.ingest_head_sequence(), kArticles);
  EXPECT_EQ(status.article_count(), kArticles);

  // Re-sending everything changes nothing: same sequences, no new feed entries.
  auto ingest = cluster.IngestStub();
  for (int i = 0; i < kArticles; ++i) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    ASSERT_TRUE(ingest
                    ->IngestArticle(&context,
                                    TextArticle(absl::StrCat("keep-", i),
                                                absl::StrCat("Keepsake ", i, "\n\nKeepsake story ", i)),
                                    &response)
                    .ok());
    EXPECT_EQ(response.outcome(), v1::IngestArticleResponse::UNCHANGED);
    EXPECT_EQ(response.sequence(), sequences[i]);
  }
  v1::SearchRequest search;
  search.set_query("keepsake");
  search.set_page_size(100);
  search.set_min_sequence(kArticles);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse found;
  ASSERT_TRUE(query->Search(&context, search, &found).ok());
  EXPECT_EQ(found.results_size(), kArticles);
  EXPECT_EQ(Status(*query).article_count(), kArticles);
}

TEST(RestartTest, QueryReplicaRestartedAloneResumesFromItsOwnIndex) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  auto ingest = cluster.IngestStub();
  auto add = [&](const std::string& id) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    EXPECT_TRUE(ingest->IngestArticle(&context, TextArticle(id, id + "\n\nOrchard news " + id), &response).ok());
    return response.sequence();
  };
  add("a");
  add("b");
  EXPECT_EQ(cluster.query().Terminate(), 0);
  // Written while the replica is down: it must pick these up on restart.
  add("c");
  const int64_t last = add("d");
  ASSERT_TRUE(cluster.StartQuery().ok());
  auto query = cluster.QueryStub();
  v1::IndexStatus status = Status(*query);
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_EQ(status.article_count(), 4);
}

}  // namespace
}  // namespace chronicle::testing

namespace chronicle::testing {
namespace {

TEST(RestartTest, ReplicaWithDamagedIndexRebuildsItFromTheFeed) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  int64_t last = 0;
  auto ingest = cluster.IngestStub();
  for (int i = 0; i < 12; ++i) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    ASSERT_TRUE(ingest->IngestArticle(&context, TextArticle(absl::StrCat("r-", i), absl::StrCat(
        "Reef survey ", i, "\n\nDivers counted ", i * 3, " turtles near reef ", i, ".")), &response).ok());
    last = response.sequence();
  }
  ASSERT_EQ(cluster.query().Terminate(), 0);
  // What a torn disk or a half-copied volume leaves behind.
  std::ofstream(cluster.query_dir(0) + "/index/segments/MANIFEST", std::ios::trunc) << "garbage";

  ASSERT_TRUE(cluster.StartQuery().ok());  // SERVING only once rebuilt and caught up
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IndexStatus status;
  ASSERT_TRUE(cluster.QueryStub()->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_EQ(status.article_count(), 12);
  std::ifstream log(cluster.log_path("query-0"));
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, ::testing::HasSubstr("index is unusable; moving it aside and rebuilding"));
}

}  // namespace
}  // namespace chronicle::testing
