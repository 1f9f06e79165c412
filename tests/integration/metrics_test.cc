// Both services' /metrics endpoints, scraped while they work: the counters
// and gauges an operator watches move with the traffic.
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;

// The value of one series ("name{labels}" exactly as rendered), or -1.
double Value(const std::string& text, const std::string& series) {
  const std::string prefix = series + " ";
  size_t at = 0;
  while ((at = text.find(prefix, at)) != std::string::npos) {
    if (at == 0 || text[at - 1] == '\n') return std::strtod(text.c_str() + at + prefix.size(), nullptr);
    at += prefix.size();
  }
  return -1;
}

std::string Scrape(const ServiceProcess& process) {
  absl::StatusOr<std::string> text = HttpGet(process.metrics_address(), "/metrics");
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

std::string Handled(const std::string& service, const std::string& method, const std::string& code) {
  return absl::StrCat("grpc_server_handled_total{grpc_service=\"chronicle.v1.", service, "\",grpc_method=\"",
                      method, "\",grpc_type=\"unary\",grpc_code=\"", code, "\"}");
}

TEST(MetricsTest, CountersAndGaugesFollowTheTraffic) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest({"--metrics_listen=127.0.0.1:0"}).ok());
  ASSERT_TRUE(cluster.StartQuery(0, {"--metrics_listen=127.0.0.1:0"}).ok());
  ASSERT_FALSE(cluster.ingest().metrics_address().empty());
  ASSERT_FALSE(cluster.query().metrics_address().empty());

  const std::string before = Scrape(cluster.ingest());
  EXPECT_THAT(before, HasSubstr("# TYPE chronicle_ingest_writes_total counter"));
  EXPECT_EQ(Value(before, "chronicle_ingest_writes_total{outcome=\"CREATED\"}"), 0);
  EXPECT_EQ(Value(before, "chronicle_ingest_last_sequence"), 0);

  auto ingest = cluster.IngestStub();
  int64_t last_sequence = 0;
  const std::vector<v1::IngestArticleRequest> requests = {
      TextArticle("m-1", "Bridge opens\n\nThe river bridge opened to traffic on Monday.", "2024-05-06"),
      TextArticle("m-2", "Harbour dredged\n\nWork to deepen the harbour began in March.", "2024-04-01"),
      TextArticle("m-3", "Library extends hours\n\nThe city library stays open until ten.", "2024-02-02"),
      TextArticle("m-1", "Bridge opens\n\nThe river bridge opened to traffic on Monday.", "2024-05-06")};
  for (const v1::IngestArticleRequest& request : requests) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    ASSERT_TRUE(ingest->IngestArticle(&context, request, &response).ok());
    last_sequence = std::max(last_sequence, response.sequence());
  }
  auto query = cluster.QueryStub();
  {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::SearchRequest request;
    request.set_query("bridge");
    request.set_min_sequence(last_sequence);
    v1::SearchResponse response;
    ASSERT_TRUE(query->Search(&context, request, &response).ok());
  }
  // The same timeline twice: built, then (unless a merge made a new
  // snapshot in between) answered from the cache.
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::TimelineRequest request;
    request.set_query("harbour");
    request.set_min_sequence(last_sequence);
    v1::TimelineResponse response;
    ASSERT_TRUE(query->Timeline(&context, request, &response).ok());
  }
  {
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::GetArticleRequest request;
    request.set_article_id("no-such-article");
    v1::StoredArticle response;
    EXPECT_EQ(query->GetArticle(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  }

  const std::string ingest_text = Scrape(cluster.ingest());
  EXPECT_EQ(Value(ingest_text, "chronicle_ingest_writes_total{outcome=\"CREATED\"}"), 3);
  EXPECT_EQ(Value(ingest_text, "chronicle_ingest_writes_total{outcome=\"UNCHANGED\"}"), 1);
  EXPECT_EQ(Value(ingest_text, "chronicle_ingest_last_sequence"), last_sequence);
  EXPECT_EQ(Value(ingest_text, "chronicle_ingest_queue_depth"), 0);
  EXPECT_GT(Value(ingest_text, "chronicle_ingest_store_bytes"), 0);
  EXPECT_EQ(Value(ingest_text, Handled("IngestService", "IngestArticle", "OK")), 4);
  EXPECT_EQ(Value(ingest_text, "grpc_server_handling_seconds_count{grpc_service=\"chronicle.v1.IngestService\","
                               "grpc_method=\"IngestArticle\",grpc_type=\"unary\"}"),
            4);
  // The replica's feed stream is open on the ingest side.
  EXPECT_EQ(Value(ingest_text, "grpc_server_in_flight{grpc_service=\"chronicle.v1.IngestService\","
                               "grpc_method=\"WatchChanges\"}"),
            1);

  const std::string query_text = Scrape(cluster.query());
  EXPECT_EQ(Value(query_text, "chronicle_query_applied_sequence"), last_sequence);
  EXPECT_EQ(Value(query_text, "chronicle_query_ingest_head_sequence"), last_sequence);
  EXPECT_EQ(Value(query_text, "chronicle_query_feed_lag"), 0);
  EXPECT_EQ(Value(query_text, "chronicle_query_caught_up"), 1);
  EXPECT_EQ(Value(query_text, "chronicle_query_index_documents{type=\"article\"}"), 3);
  EXPECT_GE(Value(query_text, "chronicle_query_feed_changes_applied_total"), 3);
  EXPECT_GE(Value(query_text, "chronicle_query_index_commit_seconds_count"), 1);
  EXPECT_EQ(Value(query_text, Handled("QueryService", "Search", "OK")), 1);
  EXPECT_EQ(Value(query_text, "chronicle_query_timeline_cache_lookups_total{result=\"hit\"}") +
                Value(query_text, "chronicle_query_timeline_cache_lookups_total{result=\"miss\"}"),
            2);
  EXPECT_GE(Value(query_text, "chronicle_query_timeline_cache_lookups_total{result=\"miss\"}"), 1);
  EXPECT_GT(Value(query_text, "chronicle_query_timeline_cache_bytes"), 0);
  EXPECT_EQ(Value(query_text, Handled("QueryService", "GetArticle", "NOT_FOUND")), 1);
}

TEST(MetricsTest, RequestIdIsEchoedOrMade) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  auto ingest = cluster.IngestStub();
  for (const std::string& sent : {std::string("caller-chose-this-id"), std::string()}) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    if (!sent.empty()) context.AddMetadata("x-request-id", sent);
    v1::GetStoredArticleRequest request;
    request.set_article_id("absent");
    v1::StoredArticle response;
    EXPECT_EQ(ingest->GetStoredArticle(&context, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
    const auto& metadata = context.GetServerInitialMetadata();
    auto found = metadata.find("x-request-id");
    ASSERT_NE(found, metadata.end());
    const std::string echoed(found->second.data(), found->second.size());
    if (sent.empty()) {
      EXPECT_FALSE(echoed.empty());
    } else {
      EXPECT_EQ(echoed, sent);
    }
  }
}

TEST(MetricsTest, MetricsAreOffUnlessAsked) {
  Cluster cluster;
  ASSERT_TRUE(cluster.StartIngest().ok());
  EXPECT_TRUE(cluster.ingest().metrics_address().empty());
}

}  // namespace
}  // namespace chronicle::testing
