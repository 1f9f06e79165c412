// Two ingest replicas storing articles in one PostgreSQL database
// (chronicle-ingest --store=postgresql://...) and a query replica following
// one of them: every article acknowledged by either is in the feed exactly
// once, at unique and gap-free sequences, and the query replica indexes them
// all. Needs the suite's PostgreSQL server (fixture "postgres"); skipped,
// saying why, when PostgreSQL is not installed.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/integration/cluster.h"
#include "tests/support/postgres_server.h"

namespace chronicle::testing {
namespace {

constexpr int kArticlesPerReplica = 30;

v1::IngestArticleRequest HarbourArticle(const std::string& id, int number) {
  static const char* const kPlaces[] = {"Oban", "Mallaig", "Ullapool", "Stornoway", "Tobermory", "Portree"};
  return TextArticle(id, absl::StrCat("Quay notice ", id, "\n\nThe quay at ", kPlaces[number % 6],
                                      " reopened after repairs number ", number, " and ", number * 7,
                                      " crates of ", id, " cargo were landed by the evening tide."));
}

// Every article (each says "quay") once the query replica has applied
// `sequence`.
absl::StatusOr<v1::SearchResponse> SearchEveryArticle(const Cluster& cluster, int64_t sequence) {
  v1::SearchRequest search;
  search.set_query("quay");
  search.set_page_size(100);
  search.set_min_sequence(sequence);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse found;
  const grpc::Status status = cluster.QueryStub()->Search(&context, search, &found);
  if (!status.ok()) return absl::UnknownError(status.error_message());
  return found;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    database_ = absl::StrCat(info->test_suite_name(), "_", info->name());
    absl::StatusOr<std::string> uri = FreshPostgresDatabase(database_);
    if (absl::IsNotFound(uri.status())) GTEST_SKIP() << uri.status().message();
    ASSERT_TRUE(uri.ok()) << uri.status();
    uri_ = *uri;
  }
  void TearDown() override {
    if (!uri_.empty()) DropPostgresDatabase(database_);
  }

  std::string database_;
  std::string uri_;
};

TEST_F(PostgresStoreTest, TwoIngestReplicasShareOneFeedThatAQueryReplicaFollows) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest({"--store=" + uri_}).ok());
  absl::StatusOr<std::unique_ptr<ServiceProcess>> second = ServiceProcess::Start(
      IngestBinary(), {"--listen=127.0.0.1:0", "--store=" + uri_}, cluster.log_path("ingest-2"));
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE((*second)->WaitServing().ok());
  ASSERT_TRUE(cluster.StartQuery(0).ok());

  // Both replicas take articles at once, and one article from both.
  std::vector<std::unique_ptr<v1::IngestService::Stub>> stubs;
  stubs.push_back(cluster.IngestStub());
  stubs.push_back(v1::IngestService::NewStub((*second)->channel()));
  std::vector<std::vector<v1::IngestArticleResponse>> answers(2);
  std::vector<std::thread> clients;
  for (int replica = 0; replica < 2; ++replica) {
    clients.emplace_back([&, replica] {
      for (int i = 0; i < kArticlesPerReplica; ++i) {
        const bool shared = i == kArticlesPerReplica / 2;
        const std::string id = shared ? "shared" : absl::StrCat("replica", replica, "-", i);
        grpc::ClientContext context;
        SetTestDeadline(context);
        v1::IngestArticleResponse response;
        const grpc::Status status =
            stubs[replica]->IngestArticle(&context, HarbourArticle(id, shared ? 99 : i), &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
        answers[replica].push_back(response);
      }
    });
  }
  for (std::thread& client : clients) client.join();

  std::vector<int64_t> sequences;
  int shared_created = 0;
  int shared_unchanged = 0;
  for (const auto& replica : answers) {
    for (const v1::IngestArticleResponse& answer : replica) {
      if (answer.article_id() == "shared") {
        shared_created += answer.outcome() == v1::IngestArticleResponse::CREATED;
        shared_unchanged += answer.outcome() == v1::IngestArticleResponse::UNCHANGED;
        if (answer.outcome() != v1::IngestArticleResponse::CREATED) continue;
      } else {
        EXPECT_EQ(answer.outcome(), v1::IngestArticleResponse::CREATED) << answer.article_id();
      }
      sequences.push_back(answer.sequence());
    }
  }
  EXPECT_EQ(shared_created, 1);
  EXPECT_EQ(shared_unchanged, 1);
  std::sort(sequences.begin(), sequences.end());
  const int stored = 2 * (kArticlesPerReplica - 1) + 1;
  ASSERT_EQ(sequences.size(), static_cast<size_t>(stored));
  for (int i = 0; i < stored; ++i) EXPECT_EQ(sequences[i], i + 1);

  // The query replica follows the first ingest replica and indexes what
  // either stored.
  absl::StatusOr<v1::SearchResponse> found = SearchEveryArticle(cluster, stored);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->results_size(), stored);
  EXPECT_EQ(found->total_size(), stored);
  EXPECT_FALSE(found->total_size_is_estimate());
}

// A PostgreSQL server of the test's own, which it stops and starts again
// (tests/support/postgres_cluster.sh).
class PrivatePostgres {
 public:
  PrivatePostgres() : dir_(absl::StrCat("/tmp/chronicle-pg-private-", getpid())) {}
  ~PrivatePostgres() { Run("stop").IgnoreError(); }
  absl::Status Run(const std::string& command) const {
    const char* source = std::getenv("CHRONICLE_SOURCE_DIR");
    const std::string line = absl::StrCat(source == nullptr ? "." : source, "/tests/support/postgres_cluster.sh ",
                                          command, " ", dir_, " >/dev/null");
    return std::system(line.c_str()) == 0 ? absl::OkStatus()
                                          : absl::InternalError(absl::StrCat("failed: ", line));
  }
  bool missing() const { return std::ifstream(dir_ + "/missing").good(); }
  std::string uri() const { return absl::StrCat("postgresql://chronicle@/postgres?host=", dir_, "&port=5432"); }

 private:
  std::string dir_;
};

// Waits, through the Health Watch stream, until `process` reports
// `wanted`.
bool WaitForHealth(const ServiceProcess& process, grpc::health::v1::HealthCheckResponse::ServingStatus wanted) {
  auto stub = grpc::health::v1::Health::NewStub(process.channel());
  grpc::ClientContext context;
  SetTestDeadline(context);
  auto stream = stub->Watch(&context, grpc::health::v1::HealthCheckRequest());
  grpc::health::v1::HealthCheckResponse response;
  while (stream->Read(&response)) {
    if (response.status() == wanted) {
      context.TryCancel();
      stream->Finish();
      return true;
    }
  }
  stream->Finish();
  return false;
}

TEST(PostgresOutageTest, WhileTheDatabaseIsAwayWritesAreUnavailableAndTheServiceRecoversByItself) {
  PrivatePostgres database;
  ASSERT_TRUE(database.Run("start").ok());
  if (database.missing()) GTEST_SKIP() << "PostgreSQL server binaries are not installed";
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest({"--store=" + database.uri()}).ok());
  ASSERT_TRUE(cluster.StartQuery(0).ok());
  absl::StatusOr<int64_t> first = cluster.Ingest(HarbourArticle("before", 1).article());
  ASSERT_TRUE(first.ok()) << first.status();

  ASSERT_TRUE(database.Run("pause").ok());
  absl::StatusOr<int64_t> refused = cluster.Ingest(HarbourArticle("during", 2).article());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_NE(refused.status().message().find("PostgreSQL"), absl::string_view::npos) << refused.status();
  EXPECT_TRUE(WaitForHealth(cluster.ingest(), grpc::health::v1::HealthCheckResponse::NOT_SERVING));

  ASSERT_TRUE(database.Run("resume").ok());
  EXPECT_TRUE(WaitForHealth(cluster.ingest(), grpc::health::v1::HealthCheckResponse::SERVING));
  absl::StatusOr<int64_t> again = cluster.Ingest(HarbourArticle("during", 2).article());
  ASSERT_TRUE(again.ok()) << again.status();
  absl::StatusOr<int64_t> after = cluster.Ingest(HarbourArticle("after", 3).article());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*again, *first + 1);  // nothing of the refused write was stored
  EXPECT_EQ(*after, *again + 1);

  // The query replica's feed came back too, with every article.
  absl::StatusOr<v1::SearchResponse> found = SearchEveryArticle(cluster, *after);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->total_size(), 3);
}

TEST_F(PostgresStoreTest, AnIngestReplicaKilledMidStreamLosesNothingAcknowledged) {
  constexpr int kArticles = 80;
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest({"--store=" + uri_}).ok());
  absl::StatusOr<std::unique_ptr<ServiceProcess>> doomed = ServiceProcess::Start(
      IngestBinary(), {"--listen=127.0.0.1:0", "--store=" + uri_}, cluster.log_path("ingest-2"));
  ASSERT_TRUE(doomed.ok()) << doomed.status();
  ASSERT_TRUE((*doomed)->WaitServing().ok());
  ASSERT_TRUE(cluster.StartQuery(0).ok());

  // A stream into the second replica, killed (SIGKILL) at its tenth
  // acknowledgement while later articles are in flight.
  std::map<std::string, int64_t> acknowledged;
  {
    auto stub = v1::IngestService::NewStub((*doomed)->channel());
    grpc::ClientContext context;
    SetTestDeadline(context);
    auto stream = stub->IngestArticles(&context);
    std::thread sender([&] {
      for (int i = 0; i < kArticles; ++i) {
        if (!stream->Write(HarbourArticle(absl::StrCat("killed-", i), i))) break;
      }
      stream->WritesDone();
    });
    v1::IngestArticleResponse response;
    while (stream->Read(&response)) {
      acknowledged[response.article_id()] = response.sequence();
      if (acknowledged.size() == 10) (*doomed)->Kill();
    }
    sender.join();
    stream->Finish();
  }
  ASSERT_GE(acknowledged.size(), 10u);
  std::cout << acknowledged.size() << " of " << kArticles << " acknowledged before the kill ended the stream\n";

  // The client sends everything again to the surviving replica: what was
  // acknowledged is found unchanged at its sequence, the rest stored once.
  for (int i = 0; i < kArticles; ++i) {
    const std::string id = absl::StrCat("killed-", i);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    const grpc::Status status = cluster.IngestStub()->IngestArticle(&context, HarbourArticle(id, i), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (acknowledged.count(id)) {
      EXPECT_EQ(response.outcome(), v1::IngestArticleResponse::UNCHANGED) << id;
      EXPECT_EQ(response.sequence(), acknowledged[id]) << id;
    }
  }

  // The feed holds each article once, at consecutive sequences.
  grpc::ClientContext context;
  SetTestDeadline(context);
  auto feed = cluster.IngestStub()->WatchChanges(&context, v1::WatchChangesRequest());
  std::map<std::string, int> upserts;
  int64_t last = 0;
  v1::WatchChangesResponse message;
  while (feed->Read(&message)) {
    for (const v1::Change& change : message.changes()) {
      EXPECT_EQ(change.sequence(), last + 1);
      last = change.sequence();
      ++upserts[change.article().article().id()];
    }
    if (message.caught_up() && last >= message.head_sequence()) break;
  }
  context.TryCancel();
  feed->Finish();
  EXPECT_EQ(last, kArticles);
  ASSERT_EQ(upserts.size(), static_cast<size_t>(kArticles));
  for (const auto& [id, count] : upserts) EXPECT_EQ(count, 1) << id;

  // And the query replica indexed every one.
  absl::StatusOr<v1::SearchResponse> found = SearchEveryArticle(cluster, last);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->total_size(), kArticles);
}

TEST(IngestStoreFlagTest, AStoreThatIsNotAPostgresUriIsAUsageError) {
  Cluster cluster;
  EXPECT_FALSE(cluster.StartIngest({"--store=mysql://nobody@localhost/db"}).ok());
  std::stringstream log;
  log << std::ifstream(cluster.log_path("ingest")).rdbuf();
  EXPECT_NE(log.str().find("--store: neither"), std::string::npos) << log.str();
}

}  // namespace
}  // namespace chronicle::testing
