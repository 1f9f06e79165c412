#include "core/server/token_auth.h"

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

using ::testing::ElementsAre;

TokenPolicy Policy() {
  TokenPolicy policy;
  policy.writer_tokens = {"writer-token-aaaaaaaa"};
  policy.reader_tokens = {"reader-token-bbbbbbbb", "reader-token-cccccccc"};
  policy.write_methods = {"/demo.Store/Put"};
  return policy;
}

TEST(TokenPolicyTest, WriterCallsEverything) {
  EXPECT_TRUE(Policy().Check("/demo.Store/Put", "Bearer writer-token-aaaaaaaa").ok());
  EXPECT_TRUE(Policy().Check("/demo.Store/Get", "Bearer writer-token-aaaaaaaa").ok());
}

TEST(TokenPolicyTest, ReaderCallsAllButWrites) {
  EXPECT_TRUE(Policy().Check("/demo.Store/Get", "Bearer reader-token-cccccccc").ok());
  EXPECT_EQ(Policy().Check("/demo.Store/Put", "Bearer reader-token-bbbbbbbb").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(TokenPolicyTest, MissingMalformedOrUnknownTokensAreUnauthenticated) {
  for (const char* header : {"", "writer-token-aaaaaaaa", "Basic writer-token-aaaaaaaa", "Bearer ",
                             "Bearer writer-token-aaaaaaa", "Bearer writer-token-aaaaaaaaa"}) {
    EXPECT_EQ(Policy().Check("/demo.Store/Get", header).code(), absl::StatusCode::kUnauthenticated) << header;
  }
}

TEST(TokenPolicyTest, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(Policy().Check("/demo.Store/Get", "bearer reader-token-bbbbbbbb").ok());
}

TEST(TokenPolicyTest, HealthAndReflectionAreOpen) {
  EXPECT_TRUE(Policy().Check("/grpc.health.v1.Health/Check", "").ok());
  EXPECT_TRUE(Policy().Check("/grpc.health.v1.Health/Watch", "").ok());
  EXPECT_TRUE(Policy().Check("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "").ok());
  // A look-alike service is not.
  EXPECT_FALSE(Policy().Check("/grpc.health.v1.HealthX/Check", "").ok());
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ReadTokenFileTest, SkipsCommentsAndBlankLinesAndTrims) {
  const std::string path = WriteTemp("tokens-ok", "# rotation: new first\n\n  new-token-1234567890  \nold-token-1234567890\n");
  auto tokens = ReadTokenFile(path);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_THAT(*tokens, ElementsAre("new-token-1234567890", "old-token-1234567890"));
  auto header = ReadAuthorizationHeader(path);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*header, "Bearer new-token-1234567890");
}

TEST(ReadTokenFileTest, EmptyShortOrMissingFilesAreErrors) {
  EXPECT_EQ(ReadTokenFile(WriteTemp("tokens-empty", "# nothing\n\n")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTokenFile(WriteTemp("tokens-short", "short\n")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTokenFile(::testing::TempDir() + "/no-such-token-file").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace chronicle::server
