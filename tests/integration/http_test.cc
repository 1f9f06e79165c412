// The query service's HTTP face (--http_listen) against the real binaries:
// the JSON API answers what gRPC answers, in protojson, with google.rpc.Status
// errors and HTTP codes mapped from gRPC's; the pages render the sample
// articles, keep hostile article text inert, and ask for the reader token
// when the service has tokens.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/sample_articles.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// An article whose every field tries to get markup onto a page.
constexpr char kHostileTitle[] = "Harbour <script>alert('title')</script> reopens";
constexpr char kHostileBody[] =
    "The harbour reopened on 14 March 2021 after the storm, \"><img src=x onerror=alert(1)> officials said.\n\n"
    "Ships <b>returned</b> on 15 March 2021 and the mayor said <script>alert(2)</script> nothing more.";

std::string ProtoJson(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

class HttpTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra_args = {}, const std::string& authorization = "") {
    std::vector<std::string> query_args = extra_args;
    query_args.push_back("--http_listen=127.0.0.1:0");
    ASSERT_TRUE(cluster_.StartIngest(extra_args).ok());
    if (!authorization.empty()) query_args.push_back("--ingest_token_file=" + token_dir_ + "/reader.tokens");
    ASSERT_TRUE(cluster_.StartQuery(0, query_args).ok());
    http_ = cluster_.query().http_address();
    ASSERT_FALSE(http_.empty());
    authorization_ = authorization;
    for (const v1::RawArticle& article : SampleArticles()) ASSERT_NO_FATAL_FAILURE(Ingest(article));
    v1::RawArticle hostile;
    hostile.set_id("hostile-1");
    hostile.set_content_type("text/plain");
    hostile.set_content(absl::StrCat(kHostileTitle, "\n\n", kHostileBody));
    hostile.set_source("Harbour <i>Gazette</i>");
    hostile.set_published_at("2021-03-16T08:00:00Z");
    Ingest(hostile);
  }

  void Ingest(const v1::RawArticle& article) {
    absl::StatusOr<int64_t> sequence = cluster_.Ingest(article, authorization_.empty() ? "" : writer_authorization_);
    ASSERT_TRUE(sequence.ok()) << sequence.status();
    last_sequence_ = std::max(last_sequence_, *sequence);
  }

  HttpReply Get(const std::string& path) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!authorization_.empty()) headers.emplace_back("Authorization", authorization_);
    absl::StatusOr<HttpReply> reply = HttpExchange(http_, "GET", path, headers);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply();
  }

  HttpReply Post(const std::string& path, const std::string& body) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
    if (!authorization_.empty()) headers.emplace_back("Authorization", authorization_);
    absl::StatusOr<HttpReply> reply = HttpExchange(http_, "POST", path, headers, body);
    EXPECT_TRUE(reply.ok()) << reply.status();
    return reply.ok() ? *reply : HttpReply();
  }

  // The google.rpc.Status of an error reply, and its one field violation.
  static void ExpectFieldViolation(const HttpReply& reply, int http_status, const std::string& field) {
    EXPECT_EQ(reply.status, http_status) << reply.body;
    EXPECT_EQ(reply.Header("content-type"), "application/json");
    google::rpc::Status status;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &status).ok()) << reply.body;
    EXPECT_EQ(status.code(), 3) << reply.body;
    ASSERT_EQ(status.details_size(), 1) << reply.body;
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(status.details(0).UnpackTo(&bad_request)) << reply.body;
    ASSERT_EQ(bad_request.field_violations_size(), 1) << reply.body;
    EXPECT_EQ(bad_request.field_violations(0).field(), field) << reply.body;
  }

  std::string Sequence() const { return absl::StrCat("min_sequence=", last_sequence_); }

  Cluster cluster_;
  std::string http_;
  std::string token_dir_;
  std::string authorization_, writer_authorization_;
  int64_t last_sequence_ = 0;
};

TEST_F(HttpTest, JsonAnswersWhatGrpcAnswers) {
  ASSERT_NO_FATAL_FAILURE(Start());
  v1::SearchRequest search;
  search.set_query("forced labor");
  search.add_facets("source");
  search.set_min_sequence(last_sequence_);
  grpc::ClientContext search_context;
  SetTestDeadline(search_context);
  v1::SearchResponse search_reply;
  ASSERT_TRUE(cluster_.QueryStub()->Search(&search_context, search, &search_reply).ok());
  ASSERT_GT(search_reply.results_size(), 0);

  const HttpReply get = Get("/v1/search?query=forced+labor&facets=source&" + Sequence());
  EXPECT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.Header("content-type"), "application/json");
  EXPECT_EQ(get.body, ProtoJson(search_reply));
  // The same request as a JSON body, with lowerCamelCase names.
  const HttpReply post = Post("/v1/search", absl::StrCat(R"({"query": "forced labor", "facets": ["source"], )",
                                                         R"("minSequence": ")", last_sequence_, R"("})"));
  EXPECT_EQ(post.status, 200) << post.body;
  EXPECT_EQ(post.body, get.body);

  v1::TimelineRequest timeline;
  timeline.set_query("forced labor");
  timeline.set_granularity(v1::TimelineRequest::DAY);
  timeline.set_min_sequence(last_sequence_);
  grpc::ClientContext timeline_context;
  SetTestDeadline(timeline_context);
  v1::TimelineResponse timeline_reply;
  ASSERT_TRUE(cluster_.QueryStub()->Timeline(&timeline_context, timeline, &timeline_reply).ok());
  ASSERT_GT(timeline_reply.entries_size(), 0);
  const HttpReply timeline_get = Get("/v1/timeline?query=forced%20labor&granularity=DAY&" + Sequence());
  EXPECT_EQ(timeline_get.status, 200) << timeline_get.body;
  EXPECT_EQ(timeline_get.body, ProtoJson(timeline_reply));

  const std::string id = search_reply.results(0).article_id();
  v1::GetArticleRequest get_article;
  get_article.set_article_id(id);
  grpc::ClientContext article_context;
  SetTestDeadline(article_context);
  v1::StoredArticle article;
  ASSERT_TRUE(cluster_.QueryStub()->GetArticle(&article_context, get_article, &article).ok());
  const HttpReply article_get = Get("/v1/articles/" + id);
  EXPECT_EQ(article_get.status, 200) << article_get.body;
  EXPECT_EQ(article_get.body, ProtoJson(article));

  const HttpReply status = Get("/v1/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_THAT(status.body, HasSubstr("\"appliedSequence\""));
}

TEST_F(HttpTest, ErrorsAreRpcStatusesWithMappedHttpCodes) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ExpectFieldViolation(Get("/v1/search?query=x&page_token=not-a-token"), 400, "page_token");
  ExpectFieldViolation(Get("/v1/timeline?query=x&start=yesterday-ish"), 400, "start");
  ExpectFieldViolation(Get("/v1/search?query=x&no_such_field=1"), 400, "no_such_field");
  ExpectFieldViolation(Get("/v1/search?query=x&highlight_markup=perhaps"), 400, "highlight_markup");
  ExpectFieldViolation(Get("/v1/search?filter=x"), 400, "filter");
  ExpectFieldViolation(Post("/v1/search", "{\"query\": "), 400, "body");
  const HttpReply missing = Get("/v1/articles/no-such-article");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_THAT(missing.body, HasSubstr("\"code\":5"));
  EXPECT_EQ(Get("/v1/nothing-here").status, 404);
  absl::StatusOr<HttpReply> put = HttpExchange(http_, "PUT", "/v1/search");
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->status, 405);
  // A body over the limit is refused before it is read whole.
  absl::StatusOr<HttpReply> huge = HttpExchange(http_, "POST", "/v1/search", {}, std::string(2 << 20, ' '));
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->status, 413);
  // Nested fields by dotted name, repeated fields by repetition.
  const HttpReply filtered = Get("/v1/search?query=summit&filter.sources=nowhere&filter.sources=elsewhere&" +
                                 Sequence());
  EXPECT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_THAT(filtered.body, Not(HasSubstr("articleId")));
}

TEST_F(HttpTest, PagesRenderTheArticlesAndKeepHostileTextInert) {
  ASSERT_NO_FATAL_FAILURE(Start());
  // Wait for everything to be applied through the API before reading pages.
  ASSERT_EQ(Get("/v1/search?query=harbour&" + Sequence()).status, 200);

  const HttpReply home = Get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_THAT(home.Header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(home.Header("content-security-policy"), HasSubstr("default-src 'none'"));
  EXPECT_THAT(home.body, HasSubstr("<form"));

  const HttpReply results = Get("/?query=harbour");
  EXPECT_EQ(results.status, 200) << results.body;
  EXPECT_THAT(results.body, HasSubstr("/articles/hostile-1"));
  const HttpReply timeline = Get("/timeline?query=forced+labor&granularity=DAY");
  EXPECT_EQ(timeline.status, 200);
  EXPECT_THAT(timeline.body, HasSubstr("<svg"));
  EXPECT_THAT(timeline.body, HasSubstr("2019"));
  const HttpReply harbour_timeline = Get("/timeline?query=harbour");
  const HttpReply article = Get("/articles/hostile-1");
  EXPECT_EQ(article.status, 200) << article.body;
  for (const HttpReply* page : {&results, &harbour_timeline, &article}) {
    EXPECT_THAT(page->body, Not(HasSubstr("<script>alert")));
    EXPECT_THAT(page->body, Not(HasSubstr("<img src=x")));
    EXPECT_THAT(page->body, Not(HasSubstr("<i>Gazette")));
  }
  EXPECT_THAT(article.body, HasSubstr("&lt;script&gt;"));
  const HttpReply missing = Get("/articles/no-such-article");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.Header("content-type"), HasSubstr("text/html"));
  const HttpReply bad = Get("/?query=x&order_by=SIDEWAYS");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("order_by"));
}

TEST_F(HttpTest, TokensAreAskedForOnPagesAndJson) {
  token_dir_ = FreshTestDir("tokens");
  std::ofstream(token_dir_ + "/writer.tokens") << "writer-secret-0000000001\n";
  std::ofstream(token_dir_ + "/reader.tokens") << "reader-secret-0000000001\n";
  writer_authorization_ = "Bearer writer-secret-0000000001";
  ASSERT_NO_FATAL_FAILURE(Start({"--writer_token_file=" + token_dir_ + "/writer.tokens",
                                 "--reader_token_file=" + token_dir_ + "/reader.tokens"},
                                "Bearer reader-secret-0000000001"));
  EXPECT_EQ(Get("/v1/search?query=summit&" + Sequence()).status, 200);
  EXPECT_EQ(Get("/timeline?query=summit").status, 200);

  authorization_.clear();
  const HttpReply json = Get("/v1/search?query=summit");
  EXPECT_EQ(json.status, 401);
  EXPECT_THAT(json.Header("www-authenticate"), HasSubstr("Bearer"));
  EXPECT_THAT(json.body, HasSubstr("\"code\":16"));
  const HttpReply page = Get("/?query=summit");
  EXPECT_EQ(page.status, 401);
  EXPECT_THAT(page.Header("www-authenticate"), HasSubstr("Basic"));

  authorization_ = "Bearer not-a-known-secret-000001";
  EXPECT_EQ(Get("/v1/search?query=summit").status, 401);
  // A browser's answer to the Basic challenge: any user, the token as password.
  authorization_ = "Basic " + absl::Base64Escape("reader:reader-secret-0000000001");
  EXPECT_EQ(Get("/?query=summit").status, 200);
  EXPECT_EQ(Get("/v1/timeline?query=summit").status, 200);
}

}  // namespace
}  // namespace chronicle::testing
