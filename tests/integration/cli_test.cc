// The chronicle command-line client against real services.
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CliTest, IngestsTheSamplesThenSearchesAndPrintsATimeline) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  std::vector<std::string> ingest_args = {"--ingest_address=" + cluster.ingest().address(), "ingest"};
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SamplesDir())) {
    if (entry.path().extension() == ".md") continue;
    ingest_args.push_back(entry.path().string());
    ++files;
  }
  ASSERT_GT(files, 5);
  auto ingested = RunCommand(CliBinary(), ingest_args);
  ASSERT_TRUE(ingested.ok()) << ingested.status();
  EXPECT_EQ(ingested->exit_code, 0) << ingested->output;
  EXPECT_THAT(ingested->output, HasSubstr("CREATED"));
  EXPECT_THAT(ingested->output, HasSubstr("0 rejected"));
  // Wait for the last acknowledged write, not the first: the replica may
  // commit the first article on its own before the rest arrive.
  const std::string marker = "feed sequence ";
  const size_t at = ingested->output.find(marker);
  ASSERT_NE(at, std::string::npos) << ingested->output;
  const std::string last_sequence = ingested->output.substr(
      at + marker.size(), ingested->output.find_first_not_of("0123456789", at + marker.size()) -
                              (at + marker.size()));
  ASSERT_FALSE(last_sequence.empty()) << ingested->output;

  const std::string query = "--query_address=" + cluster.query().address();
  auto found = RunCommand(CliBinary(), {query, "--min_sequence=" + last_sequence, "search",
                                        "export", "restrictions"});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->exit_code, 0);
  EXPECT_THAT(found->output, HasSubstr("1. "));
  EXPECT_THAT(found->output, HasSubstr("«"));  // highlighted match

  auto json = RunCommand(CliBinary(), {query, "--json", "search", "ferry OR export"});
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->exit_code, 0);
  EXPECT_THAT(json->output, HasSubstr("\"results\""));

  auto timeline = RunCommand(CliBinary(), {query, "timeline", "--query=labor"});
  ASSERT_TRUE(timeline.ok());
  EXPECT_EQ(timeline->exit_code, 0);

  auto bad = RunCommand(CliBinary(), {query, "timeline", "--granularity=fortnight"});
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->exit_code, 2);
  EXPECT_THAT(bad->output, Not(HasSubstr("result")));
}

}  // namespace
}  // namespace chronicle::testing
