// Search through the real services: the query language, facets, highlights,
// GetArticle views, and pages that stay stable while articles keep arriving.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"

namespace chronicle::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class SearchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.StartIngest().ok());
    ASSERT_TRUE(cluster_.StartQuery().ok());
  }

  int64_t Ingest(const std::string& id, const std::string& text, const std::string& source = "",
                 const std::string& published_at = "") {
    v1::IngestArticleRequest request = TextArticle(id, text, published_at);
    if (!source.empty()) request.mutable_article()->set_source(source);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::IngestArticleResponse response;
    const grpc::Status status = cluster_.IngestStub()->IngestArticle(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.sequence();
  }

  grpc::Status Search(const v1::SearchRequest& request, v1::SearchResponse* response) {
    grpc::ClientContext context;
    SetTestDeadline(context);
    return cluster_.QueryStub()->Search(&context, request, response);
  }

  std::vector<std::string> Ids(const std::string& query, int64_t min_sequence) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_min_sequence(min_sequence);
    v1::SearchResponse response;
    EXPECT_TRUE(Search(request, &response).ok());
    std::vector<std::string> ids;
    for (const auto& result : response.results()) ids.push_back(result.article_id());
    return ids;
  }

  Cluster cluster_;
};

TEST_F(SearchServiceTest, QueryLanguageFacetsAndHighlights) {
  Ingest("curbs", "Japan curbs chip exports\n\nJapan restricted exports of semiconductor materials in 2019.",
         "Harbor Journal", "2019-07-04");
  Ingest("ferry", "Ferry strike ends\n\nThe Cedar Bay ferry strike ended after talks.", "Valley Post",
         "2021-03-02");
  const int64_t last = Ingest("summit", "Leaders meet in Chengdu\n\nThe summit in Chengdu discussed the export "
                                        "curbs and the strike of dock workers.", "Harbor Journal", "2019-12-24");
  EXPECT_THAT(Ids("semiconduct*", last), UnorderedElementsAre("curbs"));
  EXPECT_THAT(Ids("export -ferry", last), UnorderedElementsAre("curbs", "summit"));
  EXPECT_THAT(Ids("\"summit in Chengdu\" OR title:ferry", last), UnorderedElementsAre("summit", "ferry"));
  EXPECT_THAT(Ids("strike source:\"valley post\"", last), UnorderedElementsAre("ferry"));
  EXPECT_THAT(Ids("published:2019 export*", last), UnorderedElementsAre("curbs", "summit"));

  v1::SearchRequest request;
  request.set_query("strike OR export");
  request.add_facets("source");
  request.add_facets("year");
  request.set_highlight_markup(true);
  v1::SearchResponse response;
  ASSERT_TRUE(Search(request, &response).ok());
  ASSERT_EQ(response.facets_size(), 2);
  EXPECT_EQ(response.facets(0).values(0).value(), "Harbor Journal");
  EXPECT_EQ(response.facets(0).values(0).count(), 2);
  bool marked = false;
  for (const auto& result : response.results()) marked |= absl::StrContains(result.snippet_markup(), "<b>");
  EXPECT_TRUE(marked);

  request.set_query("(export");
  const grpc::Status bad = Search(request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("query: unmatched '(' at offset 0"));
}

TEST_F(SearchServiceTest, GetArticleViews) {
  const int64_t sequence = Ingest("view", "Harbour reopens\n\nThe harbour reopened on Monday after repairs.",
                                  "", "2024-03-12");
  v1::GetArticleRequest request;
  request.set_article_id("view");
  request.set_min_sequence(sequence);
  request.set_view(v1::GetArticleRequest::BASIC);
  v1::StoredArticle basic;
  {
    grpc::ClientContext context;
    SetTestDeadline(context);
    ASSERT_TRUE(cluster_.QueryStub()->GetArticle(&context, request, &basic).ok());
  }
  EXPECT_EQ(basic.article().metadata().title(), "Harbour reopens");
  EXPECT_TRUE(basic.article().body().empty());
  request.set_view(v1::GetArticleRequest::FULL);
  v1::StoredArticle full;
  grpc::ClientContext context;
  SetTestDeadline(context);
  ASSERT_TRUE(cluster_.QueryStub()->GetArticle(&context, request, &full).ok());
  EXPECT_THAT(full.article().body(), HasSubstr("reopened on Monday"));
  ASSERT_GE(full.article().events_size(), 1);
  EXPECT_EQ(full.article().events(0).date_value(), "2024-03-11");
}

TEST_F(SearchServiceTest, PagesNeitherSkipNorRepeatWhileArticlesArrive) {
  int64_t last = 0;
  for (int i = 0; i < 40; ++i) {
    last = Ingest(absl::StrCat("first-", i), absl::StrCat("Lighthouse log ", i, "\n\nLighthouse keeper entry ", i, "."));
  }
  v1::SearchRequest request;
  request.set_query("lighthouse");
  request.set_page_size(7);
  request.set_min_sequence(last);
  std::set<std::string> seen;
  std::atomic<bool> stop{false};
  std::thread writer;
  int pages = 0;
  do {
    v1::SearchResponse response;
    ASSERT_TRUE(Search(request, &response).ok());
    for (const auto& result : response.results()) {
      EXPECT_TRUE(seen.insert(result.article_id()).second) << "repeated " << result.article_id();
    }
    request.set_page_token(response.next_page_token());
    if (++pages == 1) {
      // New, highly relevant articles arrive while the client pages on.
      writer = std::thread([&] {
        for (int i = 0; !stop.load(); ++i) {
          Ingest(absl::StrCat("late-", i),
                 absl::StrCat("Lighthouse late ", i, "\n\nLighthouse lighthouse lighthouse ", i, "."));
        }
      });
    }
  } while (!request.page_token().empty());
  stop.store(true);
  writer.join();
  // Everything that existed at the first page, nothing that came later.
  EXPECT_EQ(seen.size(), 40u);
  for (const std::string& id : seen) EXPECT_THAT(id, ::testing::StartsWith("first-"));
  EXPECT_EQ(pages, 6);
}

}  // namespace
}  // namespace chronicle::testing
