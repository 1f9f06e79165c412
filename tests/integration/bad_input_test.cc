// Bad requests get INVALID_ARGUMENT naming the field, and the services go on
// serving everyone else.
#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;

// Each test gets its own services: ctest runs every test in its own process.
class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = std::make_unique<Cluster>();
    ASSERT_TRUE(cluster_->StartIngest().ok());
    ASSERT_TRUE(cluster_->StartQuery().ok());
  }

  grpc::Status Ingest(const v1::IngestArticleRequest& request) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    return cluster_->IngestStub()->IngestArticle(&context, request, &response);
  }

  // The message names the field, and so does the google.rpc.BadRequest
  // detail the status carries, for clients that read details.
  static void ExpectInvalid(const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(field));
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details())) << status.error_message();
    EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
    EXPECT_EQ(details.message(), status.error_message());
    google::rpc::BadRequest bad_request;
    ASSERT_EQ(details.details_size(), 1) << status.error_message();
    ASSERT_TRUE(details.details(0).UnpackTo(&bad_request)) << details.details(0).type_url();
    ASSERT_EQ(bad_request.field_violations_size(), 1);
    EXPECT_EQ(bad_request.field_violations(0).field(), field) << status.error_message();
    EXPECT_FALSE(bad_request.field_violations(0).description().empty());
  }

  void TearDown() override {
    if (HasFatalFailure()) return;
    // Whatever came before, a good article is still accepted.
    EXPECT_TRUE(Ingest(TextArticle("", "Still serving\n\nThe service keeps working as before.")).ok());
  }

  std::unique_ptr<Cluster> cluster_;
};

TEST_F(BadInputTest, EmptyContent) { ExpectInvalid(Ingest(TextArticle("e", "")), "article.content"); }

TEST_F(BadInputTest, MissingArticle) { ExpectInvalid(Ingest(v1::IngestArticleRequest()), "article"); }

TEST_F(BadInputTest, WhitespaceOnlyContent) {
  ExpectInvalid(Ingest(TextArticle("w", " \n\n \t ")), "article.content");
}

TEST_F(BadInputTest, WrongContentType) {
  v1::IngestArticleRequest request = TextArticle("t", "Some text");
  request.mutable_article()->set_content_type("image/png");
  ExpectInvalid(Ingest(request), "article.content_type");
}

TEST_F(BadInputTest, InvalidUtf8NamesTheByteOffset) {
  const grpc::Status status = Ingest(TextArticle("u", "Broken \xff text"));
  ExpectInvalid(status, "article.content");
  EXPECT_THAT(status.error_message(), HasSubstr("byte 7"));
}

TEST_F(BadInputTest, UnknownCharset) {
  v1::IngestArticleRequest request = TextArticle("c", "Some text");
  request.mutable_article()->set_charset("klingon-8");
  ExpectInvalid(Ingest(request), "article.charset");
}

TEST_F(BadInputTest, OversizeArticleOverTheDocumentedLimit) {
  const std::string huge(16 * 1024 * 1024 + 1, 'a');
  const grpc::Status status = Ingest(TextArticle("big", huge));
  ExpectInvalid(status, "article.content");
  EXPECT_THAT(status.error_message(), HasSubstr("limit"));
}

TEST_F(BadInputTest, IdWithPathCharacters) {
  ExpectInvalid(Ingest(TextArticle("../../etc/passwd", "Harbour news\n\nThe harbour reopened on Monday after repairs.")), "article.id");
}

TEST_F(BadInputTest, UnparseablePublicationDate) {
  ExpectInvalid(Ingest(TextArticle("d", "Harbour news\n\nThe harbour reopened on Monday after repairs.", "last tuesday")), "article.published_at");
}

TEST_F(BadInputTest, MalformedPageToken) {
  v1::SearchRequest request;
  request.set_query("anything");
  request.set_page_token("not-a-token");
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse response;
  ExpectInvalid(cluster_->QueryStub()->Search(&context, request, &response), "page_token");
}

TEST_F(BadInputTest, PageSizeOutOfRange) {
  v1::SearchRequest request;
  request.set_page_size(-5);
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::SearchResponse response;
  ExpectInvalid(cluster_->QueryStub()->Search(&context, request, &response), "page_size");
}

TEST_F(BadInputTest, TimelineDateThatIsNotADate) {
  v1::TimelineRequest request;
  request.set_start("yesterday-ish");
  grpc::ClientContext context;
  SetTestDeadline(context);
  v1::TimelineResponse response;
  ExpectInvalid(cluster_->QueryStub()->Timeline(&context, request, &response), "start");
}

TEST_F(BadInputTest, NegativeFeedPosition) {
  v1::WatchChangesRequest request;
  request.set_after_sequence(-1);
  grpc::ClientContext context;
  SetTestDeadline(context);
  auto stream = cluster_->IngestStub()->WatchChanges(&context, request);
  v1::WatchChangesResponse response;
  EXPECT_FALSE(stream->Read(&response));
  ExpectInvalid(stream->Finish(), "after_sequence");
}

}  // namespace
}  // namespace chronicle::testing
