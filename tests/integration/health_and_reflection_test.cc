// Health tells the truth, reflection describes every service (Health too), and
// SIGTERM ends a service cleanly.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::IsSupersetOf;
using HealthResponse = grpc::health::v1::HealthCheckResponse;

std::vector<std::string> ListServices(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  SetTestDeadline(context);
  auto stream = stub->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  EXPECT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  std::vector<std::string> names;
  if (stream->Read(&response)) {
    for (const auto& service : response.list_services_response().service()) names.push_back(service.name());
  }
  stream->Finish();
  return names;
}

bool DescribesSymbol(const std::shared_ptr<grpc::Channel>& channel, const std::string& symbol) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  SetTestDeadline(context);
  auto stream = stub->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  stream->Write(request);
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  const bool read = stream->Read(&response);
  stream->Finish();
  return read && response.has_file_descriptor_response() &&
         response.file_descriptor_response().file_descriptor_proto_size() > 0;
}

TEST(HealthTest, QueryReplicaThatCannotReachIngestIsNotServing) {
  const std::string dir = FreshTestDir("lonely");
  auto query = ServiceProcess::Start(
      QueryBinary(),
      {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/query", "--ingest_address=127.0.0.1:1"},
      dir + "/query.log");
  ASSERT_TRUE(query.ok()) << query.status();
  auto status = (*query)->HealthStatus();
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(*status, HealthResponse::NOT_SERVING);
  auto by_name = (*query)->HealthStatus("chronicle.v1.QueryService");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(*by_name, HealthResponse::NOT_SERVING);
  EXPECT_EQ((*query)->Terminate(), 0);
}

TEST(HealthTest, ServicesReportServingByNameAndExitCleanlyOnSigterm) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  auto ingest = cluster.ingest().HealthStatus("chronicle.v1.IngestService");
  auto query = cluster.query().HealthStatus("chronicle.v1.QueryService");
  ASSERT_TRUE(ingest.ok() && query.ok());
  EXPECT_EQ(*ingest, HealthResponse::SERVING);
  EXPECT_EQ(*query, HealthResponse::SERVING);
  EXPECT_EQ(cluster.query().Terminate(), 0);
  EXPECT_EQ(cluster.ingest().Terminate(), 0);
}

TEST(ReflectionTest, BothServicesListTheirApiHealthAndReflection) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery().ok());
  EXPECT_THAT(ListServices(cluster.ingest().channel()),
              IsSupersetOf({"chronicle.v1.IngestService", "grpc.health.v1.Health",
                            "grpc.reflection.v1alpha.ServerReflection"}));
  EXPECT_THAT(ListServices(cluster.query().channel()),
              IsSupersetOf({"chronicle.v1.QueryService", "grpc.health.v1.Health"}));
  // Reflection clients can build requests for Health and our own methods.
  EXPECT_TRUE(DescribesSymbol(cluster.query().channel(), "grpc.health.v1.Health"));
  EXPECT_TRUE(DescribesSymbol(cluster.ingest().channel(), "chronicle.v1.IngestService.IngestArticle"));
  EXPECT_TRUE(DescribesSymbol(cluster.query().channel(), "chronicle.v1.TimelineRequest"));
}

}  // namespace
}  // namespace chronicle::testing
