#include "core/http/http_server.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"

namespace chronicle::http {
namespace {

using ::testing::HasSubstr;

// Answers with what it was asked, one line per part.
HttpResponse Echo(const HttpRequest& request) {
  std::string body = absl::StrCat(request.method, " ", request.path, "\n");
  for (const auto& [name, value] : request.query) absl::StrAppend(&body, "q ", name, "=", value, "\n");
  absl::StrAppend(&body, "x-test ", request.Header("x-test"), "\n", "body ", request.body, "\n");
  HttpResponse response{201, "text/x-echo", body};
  response.headers.emplace_back("X-Echoed", "yes");
  return response;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.max_body_bytes = 1000;
    absl::StatusOr<std::unique_ptr<HttpServer>> server = HttpServer::Start("127.0.0.1:0", &Echo, options, "test");
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->port(), 0);
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, HandsTheDecodedRequestToTheHandler) {
  absl::StatusOr<testing::HttpReply> reply = testing::HttpExchange(
      server_->address(), "GET", "/a%20b/c?q=forced+labor&q=two%26three&flag&empty=", {{"X-Test", "Value"}});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(reply->Header("content-type"), "text/x-echo");
  EXPECT_EQ(reply->Header("x-echoed"), "yes");
  EXPECT_EQ(reply->body,
            "GET /a b/c\nq q=forced labor\nq q=two&three\nq flag=\nq empty=\nx-test Value\nbody \n");
}

TEST_F(HttpServerTest, ReadsABodyWholeAndRefusesOneOverTheLimit) {
  const std::string body(900, 'b');
  absl::StatusOr<testing::HttpReply> reply = testing::HttpExchange(server_->address(), "POST", "/p", {}, body);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_THAT(reply->body, HasSubstr("body " + body + "\n"));
  absl::StatusOr<testing::HttpReply> large =
      testing::HttpExchange(server_->address(), "POST", "/p", {}, std::string(1001, 'b'));
  ASSERT_TRUE(large.ok()) << large.status();
  EXPECT_EQ(large->status, 413);
}

TEST(HttpServerStartTest, ABadOrTakenAddressIsAnError) {
  EXPECT_EQ(HttpServer::Start("no-port", &Echo, {}, "test").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<HttpServer>> first = HttpServer::Start("127.0.0.1:0", &Echo, {}, "test");
  ASSERT_TRUE(first.ok());
  const absl::Status taken = HttpServer::Start((*first)->address(), &Echo, {}, "test").status();
  EXPECT_EQ(taken.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(taken.message()), HasSubstr("for test"));
}

}  // namespace
}  // namespace chronicle::http
