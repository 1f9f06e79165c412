// A full disk: ingest answers RESOURCE_EXHAUSTED (or UNAVAILABLE) instead of
// acknowledging, keeps every article it did acknowledge, and works again once
// there is space. The disk is a small tmpfs the test mounts (root needed, as
// in CI) and later grows.
#include <sys/mount.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

class SmallDisk {
 public:
  explicit SmallDisk(std::string path) : path_(std::move(path)) {
    mounted_ = mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=1m") == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  bool Grow() { return mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0; }

 private:
  std::string path_;
  bool mounted_ = false;
};

v1::IngestArticleRequest Filler(int i) {
  std::string body;
  for (int line = 0; line < 200; ++line) {
    absl::StrAppend(&body, "Ledger line ", line, " of volume ", i, " records cargo ", i * 31 + line, ". ");
  }
  return TextArticle(absl::StrCat("fill-", i), absl::StrCat("Ledger volume ", i, "\n\n", body));
}

TEST(DiskFullTest, FullDiskIsRefusedWithoutLosingOrCorruptingAndRecovers) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
  const std::string dir = FreshTestDir("small-disk");
  SmallDisk disk(dir);
  ASSERT_TRUE(disk.mounted()) << "mount tmpfs on " << dir << ": " << strerror(errno);

  const std::string logs = FreshTestDir("logs");
  auto ingest = ServiceProcess::Start(
      IngestBinary(), {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/ingest", "--metrics_listen=127.0.0.1:0"},
      logs + "/ingest.log");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  ASSERT_TRUE((*ingest)->WaitServing().ok());
  auto stub = v1::IngestService::NewStub((*ingest)->channel());

  std::vector<std::string> acknowledged;
  grpc::Status refused;
  for (int i = 0; i < 400 && refused.ok(); ++i) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    refused = stub->IngestArticle(&context, Filler(i), &response);
    if (refused.ok()) acknowledged.push_back(response.article_id());
  }
  ASSERT_FALSE(refused.ok()) << "the 1 MB disk never filled";
  EXPECT_THAT(refused.error_code(), ::testing::AnyOf(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                                     grpc::StatusCode::UNAVAILABLE))
      << refused.error_message();
  ASSERT_FALSE(acknowledged.empty());
  std::cout << acknowledged.size() << " acknowledged before: " << refused.error_message() << "\n";
  // The refusal is counted for the operator.
  absl::StatusOr<std::string> metrics = HttpGet((*ingest)->metrics_address(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, ::testing::ContainsRegex("chronicle_ingest_store_failures_total\\{code=\"(RESOURCE_EXHAUSTED|"
                                                 "UNAVAILABLE)\"\\} [1-9]"));

  // Space returns: writes work again, and nothing acknowledged went missing.
  ASSERT_TRUE(disk.Grow()) << strerror(errno);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::IngestArticleResponse response;
  const grpc::Status after = stub->IngestArticle(&context, Filler(1000), &response);
  ASSERT_TRUE(after.ok()) << after.error_message();
  EXPECT_EQ(response.sequence(), static_cast<int64_t>(acknowledged.size()) + 1);

  // A restart finds an intact store with everything acknowledged.
  EXPECT_EQ((*ingest)->Terminate(), 0);
  auto restarted = ServiceProcess::Start(IngestBinary(), {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/ingest"},
                                         logs + "/ingest-2.log");
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  ASSERT_TRUE((*restarted)->WaitServing().ok());
  auto again = v1::IngestService::NewStub((*restarted)->channel());
  for (const std::string& id : acknowledged) {
    v1::GetStoredArticleRequest get;
    get.set_article_id(id);
    grpc::ClientContext get_context;
    SetTestDeadline(get_context);
    v1::StoredArticle stored;
    EXPECT_TRUE(again->GetStoredArticle(&get_context, get, &stored).ok()) << id;
  }
}

}  // namespace
}  // namespace chronicle::testing
