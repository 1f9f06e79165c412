// Request-size and per-connection concurrency limits take effect.
#include <future>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

TEST(LimitsTest, RequestsOverMaxRequestBytesAreRefused) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest({"--max_request_bytes=65536"}).ok());
  auto stub = cluster.IngestStub();
  auto ingest = [&](size_t paragraph_bytes) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    const std::string body(paragraph_bytes, 'a');
    return stub->IngestArticle(&context, TextArticle("big", "Long report\n\nIt said " + body + "."), &response)
        .error_code();
  };
  EXPECT_EQ(ingest(100 * 1024), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ingest(1024), grpc::StatusCode::OK);
}

// One call held open on the server (waiting for a feed sequence that never
// comes) and a second call on the same connection: with a limit of one
// stream, the second waits and runs out of time; without, it is answered.
grpc::StatusCode SecondCallWhileFirstIsOpen(ServiceProcess& query) {
  std::shared_ptr<grpc::Channel> channel = query.channel();
  auto stub = v1::QueryService::NewStub(channel);
  {
    // Connects and learns the server's settings before the test starts.
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IndexStatus status;
    EXPECT_TRUE(stub->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).ok());
  }
  grpc::ClientContext held_context;
  SetTestDeadline(held_context, absl::Seconds(3));
  v1::SearchRequest held_request;
  held_request.set_query("anything");
  held_request.set_min_sequence(1000000);
  v1::SearchResponse held_response;
  std::promise<grpc::Status> held_done;
  std::future<grpc::Status> held_result = held_done.get_future();
  stub->async()->Search(&held_context, &held_request, &held_response,
                        [&](grpc::Status status) { held_done.set_value(std::move(status)); });

  grpc::ClientContext context;
  SetTestDeadline(context, absl::Seconds(1));
  v1::IndexStatus status;
  const grpc::StatusCode second = stub->GetIndexStatus(&context, v1::GetIndexStatusRequest(), &status).error_code();
  const grpc::Status held_status = held_result.get();
  // The held call ends by the client's deadline, not the server's longer cap.
  EXPECT_EQ(held_status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  return second;
}

TEST(LimitsTest, MaxConcurrentStreamsQueuesCallsBeyondTheLimit) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  ASSERT_TRUE(cluster.StartQuery(0, {"--max_concurrent_streams=1", "--metrics_listen=127.0.0.1:0"}).ok());
  ASSERT_TRUE(cluster.StartQuery(1).ok());

  absl::StatusOr<std::string> metrics = HttpGet(cluster.query(0).metrics_address(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("chronicle_grpc_server_limits{limit=\"max_concurrent_streams\"} 1\n"));

  EXPECT_EQ(SecondCallWhileFirstIsOpen(cluster.query(0)), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(SecondCallWhileFirstIsOpen(cluster.query(1)), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace chronicle::testing
