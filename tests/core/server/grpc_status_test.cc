#include "core/server/grpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

// The violations of the BadRequest detail in `rpc`, as "field|description".
std::vector<std::string> Violations(const google::rpc::Status& rpc) {
  std::vector<std::string> violations;
  for (const google::protobuf::Any& detail : rpc.details()) {
    google::rpc::BadRequest bad_request;
    if (!detail.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      violations.push_back(violation.field() + "|" + violation.description());
    }
  }
  return violations;
}

TEST(GrpcStatusTest, AnInvalidArgumentNamingAFieldCarriesItsViolation) {
  const google::rpc::Status rpc = ToRpcStatus(absl::InvalidArgumentError("filter.published_from: not a date"));
  EXPECT_EQ(rpc.code(), 3);
  EXPECT_EQ(rpc.message(), "filter.published_from: not a date");
  EXPECT_EQ(Violations(rpc), std::vector<std::string>{"filter.published_from|not a date"});
  EXPECT_EQ(rpc.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
}

TEST(GrpcStatusTest, MessagesThatNameNoFieldCarryNoViolation) {
  for (const char* message : {"a TLS certificate needs its key: give both", "--data_dir: is required",
                              "Article: capitalised is not a field", "filter..sources: empty name",
                              "page_size must be positive", ".sources: leading dot", "9lives: digit first"}) {
    const google::rpc::Status rpc = ToRpcStatus(absl::InvalidArgumentError(message));
    EXPECT_TRUE(Violations(rpc).empty()) << message;
    EXPECT_EQ(rpc.message(), message);
  }
  // Only INVALID_ARGUMENT names fields.
  EXPECT_TRUE(Violations(ToRpcStatus(absl::NotFoundError("article_id: not found"))).empty());
}

TEST(GrpcStatusTest, TheGrpcStatusCarriesTheRpcStatusInItsDetails) {
  const grpc::Status status = ToGrpcStatus(absl::InvalidArgumentError("page_token: malformed"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "page_token: malformed");
  google::rpc::Status rpc;
  ASSERT_TRUE(rpc.ParseFromString(status.error_details()));
  EXPECT_EQ(Violations(rpc), std::vector<std::string>{"page_token|malformed"});
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToRpcStatus(absl::OkStatus()).code(), 0);
}

}  // namespace
}  // namespace chronicle::server
