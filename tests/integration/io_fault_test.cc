// A query replica whose storage fails under it: random write and sync errors
// (EIO, ENOSPC) while it indexes, crashes in between. Restarted without
// faults, it must never report a sequence its index does not hold, and must
// end with every article exactly once.
#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

constexpr int kArticles = 300;
constexpr int kFaultyRounds = 4;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int CountOccurrences(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

v1::IndexStatus Status(ServiceProcess& replica) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IndexStatus status;
  EXPECT_TRUE(v1::QueryService::NewStub(replica.channel())
                  ->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status)
                  .ok());
  return status;
}

// Ids of the articles at or below `sequence` that `replica` does not find.
std::vector<std::string> MissingUpTo(ServiceProcess& replica, const std::map<int64_t, std::string>& ids,
                                     int64_t sequence) {
  auto stub = v1::QueryService::NewStub(replica.channel());
  std::vector<std::string> missing;
  for (const auto& [at, id] : ids) {
    if (at > sequence) break;
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::GetArticleRequest request;
    request.set_article_id(id);
    request.set_view(v1::GetArticleRequest::BASIC);
    v1::StoredArticle article;
    if (!stub->GetArticle(&context, request, &article).ok()) missing.push_back(id);
  }
  return missing;
}

TEST(IoFaultTest, ReplicaIndexingThroughWriteAndSyncErrorsNeverClaimsWhatItLacks) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  // Acknowledged one by one, as a newsroom's feed would arrive.
  std::map<int64_t, std::string> ids;
  auto ingest = cluster.IngestStub();
  for (int i = 0; i < kArticles; ++i) {
    const std::string id = absl::StrCat("fault-", i);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    ASSERT_TRUE(ingest
                    ->IngestArticle(&context,
                                    TextArticle(id, absl::StrCat("Harbour bulletin ", i, "\n\nShip ", i,
                                                                 " docked at berth ", i % 17, " on 3 May 2021.")),
                                    &response)
                    .ok());
    ids[response.sequence()] = id;
  }
  const int64_t last = ids.rbegin()->first;

  // The faulty replica: each write or sync under its data dir fails with
  // probability 20% (a commit writes a handful of files: a new segment, its
  // deletions, the manifest, each written and synced once). It either catches up despite them, stops itself (an
  // index it cannot reopen), or is killed after a while, as a crash would.
  const std::string data_dir = cluster.query_dir(0);
  std::filesystem::create_directories(data_dir);
  int index_failures = 0;
  for (int round = 0; round < kFaultyRounds; ++round) {
    const std::string log = cluster.log_path(absl::StrCat("faulty-", round));
    setenv("CHRONICLE_TEST_IO_FAULTS", absl::StrCat(data_dir, ":0.2:", 17 + round).c_str(), 1);
    auto replica = ServiceProcess::Start(QueryWithIoFaultsBinary(),
                                         {"--listen=127.0.0.1:0", "--data_dir=" + data_dir,
                                          "--ingest_address=" + cluster.ingest().address(), "--commit_interval=20ms",
                                          "--feed_max_backoff=200ms"},
                                         log, absl::Seconds(20));
    unsetenv("CHRONICLE_TEST_IO_FAULTS");
    if (replica.ok()) {
      // Bounded: under faults it may never catch up.
      (void)(*replica)->WaitServing("", absl::Seconds(5));
      (*replica)->Kill();
    }
    const std::string text = ReadFile(log);
    index_failures += CountOccurrences(text, "index update failed") + CountOccurrences(text, "cannot open index");
  }
  // The faults reached the index (a sweep that never failed proves nothing).
  EXPECT_GT(index_failures, 0);

  // Without the feed, a restarted replica serves what its index holds: every
  // article up to the sequence it reports must be there.
  ASSERT_EQ(cluster.ingest().Terminate(), 0);
  auto restarted = ServiceProcess::Start(
      QueryBinary(),
      {"--listen=127.0.0.1:0", "--data_dir=" + data_dir, "--ingest_address=" + cluster.ingest().address()},
      cluster.log_path("restarted"));
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  const v1::IndexStatus claimed = Status(**restarted);
  EXPECT_LE(claimed.applied_sequence(), last);
  EXPECT_EQ(MissingUpTo(**restarted, ids, claimed.applied_sequence()), std::vector<std::string>{})
      << "the replica claims sequence " << claimed.applied_sequence();
  (*restarted)->Kill();

  // With the feed back, it catches up with every article exactly once.
  ASSERT_TRUE(cluster.RestartIngestOnSamePort().ok());
  ASSERT_TRUE(cluster.StartQuery(0).ok());
  const v1::IndexStatus status = Status(cluster.query(0));
  EXPECT_EQ(status.applied_sequence(), last);
  EXPECT_EQ(status.article_count(), kArticles);
  EXPECT_EQ(MissingUpTo(cluster.query(0), ids, last), std::vector<std::string>{});
}

}  // namespace
}  // namespace chronicle::testing
