// Hostile requests get a clear INVALID_ARGUMENT (or a documented limit) while
// the services keep answering everyone else.
#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;

class HostileRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.StartIngest().ok());
    ASSERT_TRUE(cluster_.StartQuery().ok());
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    ASSERT_TRUE(cluster_.IngestStub()
                    ->IngestArticle(&context, TextArticle("calm", "Calm seas\n\nThe sea was calm all week."),
                                    &response)
                    .ok());
    sequence_ = response.sequence();
    // A well-behaved client searches the whole time.
    bystander_ = std::thread([this] {
      auto stub = cluster_.QueryStub();
      while (!stop_.load()) {
        v1::SearchRequest request;
        request.set_query("calm");
        request.set_min_sequence(sequence_);
        grpc::ClientContext context;
        SetTestDeadline(context, absl::Seconds(10));
        v1::SearchResponse response;
        const grpc::Status status = stub->Search(&context, request, &response);
        (status.ok() && response.results_size() == 1 ? served_ : failed_)++;
      }
    });
  }

  void TearDown() override {
    stop_.store(true);
    if (bystander_.joinable()) bystander_.join();
    EXPECT_EQ(failed_.load(), 0) << "a well-behaved request failed";
    EXPECT_GT(served_.load(), 0);
  }

  grpc::Status Search(const v1::SearchRequest& request) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::SearchResponse response;
    return cluster_.QueryStub()->Search(&context, request, &response);
  }

  static void ExpectInvalid(const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  }

  Cluster cluster_;
  int64_t sequence_ = 0;
  std::thread bystander_;
  std::atomic<bool> stop_{false};
  std::atomic<int> served_{0};
  std::atomic<int> failed_{0};
};

TEST_F(HostileRequestsTest, SearchArguments) {
  v1::SearchRequest request;
  request.set_page_size(1000000000);
  ExpectInvalid(Search(request), "page_size");
  request.set_page_size(-1);
  ExpectInvalid(Search(request), "page_size");
  request.set_page_size(10);
  request.set_facet_size(-3);
  ExpectInvalid(Search(request), "facet_size");
  request.set_facet_size(0);
  request.set_min_sequence(-7);
  ExpectInvalid(Search(request), "min_sequence");
  request.set_min_sequence(0);

  request.set_query(std::string(100000, '(') + "calm" + std::string(100000, ')'));
  ExpectInvalid(Search(request), "query");
  request.set_query(std::string(2000, '(') + "calm" + std::string(2000, ')'));
  ExpectInvalid(Search(request), "too deeply nested");
  std::string million_terms;
  million_terms.reserve(8 << 20);
  for (int i = 0; i < 1000000; ++i) absl::StrAppend(&million_terms, "w", i, " ");
  request.set_query(million_terms);
  ExpectInvalid(Search(request), "over the limit");
  request.set_query(std::string(1000, '-') + "calm");
  ExpectInvalid(Search(request), "query");
  request.set_query("calm");
  request.set_page_token(std::string(100000, 'A'));
  ExpectInvalid(Search(request), "page_token");
  request.clear_page_token();
  request.mutable_filter()->set_published_from(std::string(10000, '9'));
  ExpectInvalid(Search(request), "filter.published_from");
}

TEST_F(HostileRequestsTest, TimelineArguments) {
  auto timeline = [&](const v1::TimelineRequest& request) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::TimelineResponse response;
    return cluster_.QueryStub()->Timeline(&context, request, &response);
  };
  v1::TimelineRequest request;
  request.set_page_size(99999);
  ExpectInvalid(timeline(request), "page_size");
  request.set_page_size(0);
  request.set_max_entries(-3);
  ExpectInvalid(timeline(request), "max_entries");
  request.set_max_entries(0);
  request.set_start("2023-13-45");
  ExpectInvalid(timeline(request), "start");
  request.set_start("2024");
  request.set_end("1999");
  ExpectInvalid(timeline(request), "end");
  request.clear_end();
  request.set_granularity(static_cast<v1::TimelineRequest::Bucket>(77));
  const grpc::Status odd = timeline(request);
  EXPECT_TRUE(odd.ok() || odd.error_code() == grpc::StatusCode::INVALID_ARGUMENT) << odd.error_message();
}

TEST_F(HostileRequestsTest, IngestArguments) {
  auto ingest = [&](const v1::IngestArticleRequest& request) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    return cluster_.IngestStub()->IngestArticle(&context, request, &response);
  };
  const std::string text = "Harbour news\n\nThe harbour reopened on Monday after repairs.";
  for (const char* id : {"../../etc/passwd", "a/b", "a\\b", "id with spaces", "\xff\xfe", ".."}) {
    ExpectInvalid(ingest(TextArticle(id, text)), "article.id");
  }
  ExpectInvalid(ingest(TextArticle(std::string(300, 'x'), text)), "article.id");
  v1::IngestArticleRequest big_title = TextArticle("t", text);
  big_title.mutable_article()->set_title(std::string(1 << 20, 'T'));
  ExpectInvalid(ingest(big_title), "article.title");
  v1::IngestArticleRequest big_url = TextArticle("u", text);
  big_url.mutable_article()->set_url(std::string(100000, 'u'));
  ExpectInvalid(ingest(big_url), "article.url");
  v1::IngestArticleRequest nested_json;
  nested_json.mutable_article()->set_content_type("application/json");
  nested_json.mutable_article()->set_content(std::string(50000, '[') + std::string(50000, ']'));
  ExpectInvalid(ingest(nested_json), "article.content");
  v1::IngestArticleRequest nested_html;
  nested_html.mutable_article()->set_content_type("text/html");
  std::string page;
  for (int i = 0; i < 50000; ++i) page += "<div>";
  page += "<p>Deep text in the middle of many boxes, with a sentence or two of content.</p>";
  nested_html.mutable_article()->set_content(page);
  const grpc::Status deep = ingest(nested_html);
  EXPECT_TRUE(deep.ok() || deep.error_code() == grpc::StatusCode::INVALID_ARGUMENT) << deep.error_message();
  // Over the transport limit (20 MiB): gRPC itself refuses the message.
  EXPECT_EQ(ingest(TextArticle("huge", std::string(21 << 20, 'a'))).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

}  // namespace
}  // namespace chronicle::testing
