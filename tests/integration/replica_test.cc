// Several query replicas following one ingest service: they agree, a replica
// killed while applying loses nothing and applies nothing twice, a replica
// catching up is not ready until it has, and a new replica can start from a
// copy of another's index.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/tcp_proxy.h"

namespace chronicle::testing {
namespace {

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Streams `count` distinct articles; returns the last sequence.
int64_t IngestMany(Cluster& cluster, int count, const std::string& prefix) {
  grpc::ClientContext context;
  SetTestDeadline(context, absl::Seconds(120));
  auto stream = cluster.IngestStub()->IngestArticles(&context);
  std::thread sender([&] {
    for (int i = 0; i < count; ++i) {
      stream->Write(TextArticle(absl::StrCat(prefix, i),
                                absl::StrCat("Harbour bulletin ", prefix, i, "\n\nShip ", i, " docked at berth ",
                                             i % 17, " carrying ", i % 5 == 0 ? "grain" : "timber",
                                             " for the mills of the valley.")));
    }
    stream->WritesDone();
  });
  v1::IngestArticleResponse response;
  int64_t last = 0;
  while (stream->Read(&response)) last = std::max(last, response.sequence());
  sender.join();
  EXPECT_TRUE(stream->Finish().ok());
  return last;
}

v1::IndexStatus Status(Cluster& cluster, int replica) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IndexStatus status;
  EXPECT_TRUE(cluster.QueryStub(replica)->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  return status;
}

// How many articles match "harbour" (every one IngestMany writes) on
// `replica` once it has applied `min_sequence`; -1 when the call fails.
int64_t HarbourMatches(Cluster& cluster, int replica, int64_t min_sequence) {
  v1::SearchRequest request;
  request.set_query("harbour");
  request.set_min_sequence(min_sequence);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse response;
  const grpc::Status status = cluster.QueryStub(replica)->Search(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return status.ok() ? response.total_size() : -1;
}

std::vector<std::pair<std::string, double>> Ranked(Cluster& cluster, int replica, const std::string& query,
                                                   int64_t min_sequence) {
  v1::SearchRequest request;
  request.set_query(query);
  request.set_page_size(50);
  request.set_min_sequence(min_sequence);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse response;
  EXPECT_TRUE(cluster.QueryStub(replica)->Search(&context, request, &response).ok());
  std::vector<std::pair<std::string, double>> ranked;
  for (const auto& result : response.results()) ranked.emplace_back(result.article_id(), result.score());
  return ranked;
}

TEST(ReplicaTest, TwoReplicasReturnTheSameResults) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery(0).ok());
  const int64_t first = IngestMany(cluster, 150, "a-");
  ASSERT_TRUE(cluster.StartQuery(1).ok());  // starts later, catches up from nothing
  const int64_t last = IngestMany(cluster, 150, "b-");
  EXPECT_GT(last, first);
  for (const char* query : {"grain", "timber mills", "berth 3", "\"docked at berth\" -grain", "bulletin a-7"}) {
    const auto zero = Ranked(cluster, 0, query, last);
    EXPECT_FALSE(zero.empty()) << query;
    EXPECT_EQ(zero, Ranked(cluster, 1, query, last)) << query;
  }
}

TEST(ReplicaTest, ReplicaKilledWhileApplyingLosesNothingAndAppliesNothingTwice) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  const int64_t last = IngestMany(cluster, 600, "k-");
  for (int round = 0; round < 3; ++round) {
    // Killed right after it starts: in the middle of catching up.
    auto replica = ServiceProcess::Start(
        QueryBinary(),
        {"--listen=127.0.0.1:0", "--data_dir=" + cluster.query_dir(0), "--ingest_address=" + cluster.ingest().address(),
         "--commit_interval=20ms"},
        cluster.log_path("killed"));
    ASSERT_TRUE(replica.ok()) << replica.status();
    (*replica)->Kill();
  }
  ASSERT_TRUE(cluster.StartQuery(0).ok());
  const v1::IndexStatus status = Status(cluster, 0);
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_EQ(status.article_count(), 600);  // each article exactly once
  EXPECT_GE(status.segment_count(), 1);  // the search index holds them too
  EXPECT_EQ(HarbourMatches(cluster, 0, last), 600);
}

// A new replica copies a serving one's index (--seed_from) instead of
// replaying the feed, then follows the feed from the copy's sequence: it
// serves every article once, including those ingested after the copy.
TEST(ReplicaTest, ReplicaSeededFromAPeerServesItsIndexAndFollowsTheFeed) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery(0, {"--commit_interval=20ms"}).ok());
  const int64_t first = IngestMany(cluster, 120, "s-");
  // Replica 0 holds them all before it is copied.
  ASSERT_EQ(HarbourMatches(cluster, 0, first), 120);
  ASSERT_TRUE(cluster.StartQuery(1, {"--seed_from=" + cluster.query(0).address(), "--commit_interval=20ms"}).ok());
  const std::string log = ReadFileOrEmpty(cluster.log_path("query-1"));
  EXPECT_THAT(log, ::testing::HasSubstr("index copied from a peer"));
  EXPECT_THAT(log, ::testing::Not(::testing::HasSubstr("replaying the feed instead")));
  const int64_t last = IngestMany(cluster, 30, "t-");
  for (int replica : {0, 1}) EXPECT_EQ(HarbourMatches(cluster, replica, last), 150) << "replica " << replica;
  const v1::IndexStatus seeded = Status(cluster, 1);
  EXPECT_EQ(seeded.applied_sequence(), last);
  EXPECT_EQ(seeded.article_count(), 150);  // each article exactly once
  EXPECT_EQ(seeded.event_count(), Status(cluster, 0).event_count());

  // Restarted, it resumes from its own index rather than copying again.
  ASSERT_EQ(cluster.query(1).Terminate(), 0);
  ASSERT_TRUE(cluster.StartQuery(1, {"--seed_from=" + cluster.query(0).address()}).ok());
  EXPECT_THAT(ReadFileOrEmpty(cluster.log_path("query-1")), ::testing::HasSubstr("resuming from it"));
  EXPECT_EQ(Status(cluster, 1).article_count(), 150);
}

// Without a peer to copy from, a replica replays the feed as before.
TEST(ReplicaTest, ReplicaWhosePeerIsAwayReplaysTheFeed) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  const int64_t last = IngestMany(cluster, 40, "p-");
  ASSERT_TRUE(cluster.StartQuery(0, {"--seed_from=127.0.0.1:1"}).ok());
  EXPECT_THAT(ReadFileOrEmpty(cluster.log_path("query-0")), ::testing::HasSubstr("replaying the feed instead"));
  EXPECT_EQ(Status(cluster, 0).applied_sequence(), last);
  EXPECT_EQ(Status(cluster, 0).article_count(), 40);
}

TEST(ReplicaTest, ReplicaCatchingUpIsNotReadyUntilItHasCaughtUp) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  const int64_t last = IngestMany(cluster, 1500, "c-");
  auto replica = ServiceProcess::Start(
      QueryBinary(),
      {"--listen=127.0.0.1:0", "--data_dir=" + cluster.query_dir(0), "--ingest_address=" + cluster.ingest().address()},
      cluster.log_path("catching-up"));
  ASSERT_TRUE(replica.ok()) << replica.status();
  // Indexing 1,500 articles takes seconds; the first check comes within ms.
  auto health = (*replica)->HealthStatus();
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(*health, grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE((*replica)->WaitServing().ok());
  auto stub = v1::QueryService::NewStub((*replica)->channel());
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IndexStatus status;
  ASSERT_TRUE(stub->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_TRUE(status.caught_up());
  EXPECT_EQ(status.article_count(), 1500);
}

}  // namespace
}  // namespace chronicle::testing

namespace chronicle::testing {
namespace {

TEST(ReplicaTest, FeedCutMidStreamResumesAtTheAppliedSequence) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  const std::string ingest = cluster.ingest().address();
  auto proxy = TcpProxy::Start(std::stoi(ingest.substr(ingest.rfind(':') + 1)));
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  // The replica reaches ingest only through the proxy.
  auto replica = ServiceProcess::Start(
      QueryBinary(),
      {"--listen=127.0.0.1:0", "--data_dir=" + cluster.query_dir(0), "--ingest_address=" + (*proxy)->address(),
       "--feed_max_backoff=200ms"},
      cluster.log_path("proxied"));
  ASSERT_TRUE(replica.ok()) << replica.status();
  ASSERT_TRUE((*replica)->WaitServing().ok());
  auto query = v1::QueryService::NewStub((*replica)->channel());
  auto applied_count = [&](int64_t min_sequence) {
    v1::SearchRequest request;
    request.set_query("harbour");
    request.set_min_sequence(min_sequence);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::SearchResponse response;
    EXPECT_TRUE(query->Search(&context, request, &response).ok());
    return response.total_size();
  };

  int64_t last = IngestMany(cluster, 200, "before-");
  EXPECT_EQ(applied_count(last), 200);
  for (int cut = 0; cut < 3; ++cut) {
    const int64_t before = last;
    const int accepted = (*proxy)->accepted();
    last = IngestMany(cluster, 150, absl::StrCat("during-", cut, "-"));
    // Once the replica has half of the new batch it is connected and
    // streaming: cut it there.
    applied_count(before + 75);
    (*proxy)->CutAll();
    // Written after the cut: only a reconnected replica can see these.
    last = IngestMany(cluster, 10, absl::StrCat("after-", cut, "-"));
    EXPECT_EQ(applied_count(last), 200 + (cut + 1) * 160);
    EXPECT_GT((*proxy)->accepted(), accepted) << "no reconnection after cut " << cut;
  }
  v1::IndexStatus status;
  grpc::ClientContext context;
  SetTestDeadline(context);
  ASSERT_TRUE(query->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_EQ(status.article_count(), 200 + 3 * 160);
}

}  // namespace
}  // namespace chronicle::testing
