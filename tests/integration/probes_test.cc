// What the Kubernetes probes ask: liveness answers SERVING as soon as the
// server runs, readiness (the service's own name) only once it can serve.
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using HealthResponse = grpc::health::v1::HealthCheckResponse;

TEST(ProbesTest, LivenessIsServingWhileAReplicaCannotBeReady) {
  const std::string dir = FreshTestDir("probes");
  auto query = ServiceProcess::Start(
      QueryBinary(),
      {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/query", "--ingest_address=127.0.0.1:1"},
      dir + "/query.log");
  ASSERT_TRUE(query.ok()) << query.status();
  auto alive = (*query)->HealthStatus("chronicle.liveness");
  ASSERT_TRUE(alive.ok()) << alive.status();
  EXPECT_EQ(*alive, HealthResponse::SERVING);
  auto ready = (*query)->HealthStatus("chronicle.v1.QueryService");
  ASSERT_TRUE(ready.ok());
  EXPECT_EQ(*ready, HealthResponse::NOT_SERVING);
  EXPECT_EQ((*query)->Terminate(), 0);
}

TEST(ProbesTest, CliHealthExitsZeroOnlyWhenServing) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  auto serving = RunCommand(CliBinary(), {"health", "--address=" + cluster.ingest().address(),
                                          "--service=chronicle.v1.IngestService", "--timeout=10s"});
  ASSERT_TRUE(serving.ok());
  EXPECT_EQ(serving->exit_code, 0);
  EXPECT_EQ(serving->output, "SERVING\n");
  auto unknown = RunCommand(CliBinary(), {"health", "--address=" + cluster.ingest().address(),
                                          "--service=no.such.Service", "--timeout=10s"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_NE(unknown->exit_code, 0);
  auto unreachable = RunCommand(CliBinary(), {"health", "--address=127.0.0.1:1", "--timeout=2s"});
  ASSERT_TRUE(unreachable.ok());
  EXPECT_NE(unreachable->exit_code, 0);
}

}  // namespace
}  // namespace chronicle::testing
