#include "core/http/json_mapping.h"

#include "chronicle/v1/search.pb.h"
#include "chronicle/v1/timeline.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::http {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(QueryParametersTest, SetFieldsByNameNestedAndRepeated) {
  v1::SearchRequest request;
  ASSERT_TRUE(MergeQueryParameters({{"query", "forced labor"},
                                    {"page_size", "10"},
                                    {"facets", "source"},
                                    {"facets", "entity"},
                                    {"filter.sources", "Gazette"},
                                    {"filter.sources", "Herald"},
                                    {"filter.publishedFrom", "2019-01-01"},
                                    {"orderBy", "NEWEST"},
                                    {"highlight_markup", "true"},
                                    {"min_sequence", "9007199254740993"}},
                                   &request)
                  .ok());
  EXPECT_EQ(request.query(), "forced labor");
  EXPECT_EQ(request.page_size(), 10);
  EXPECT_THAT(request.facets(), ::testing::ElementsAre("source", "entity"));
  EXPECT_THAT(request.filter().sources(), ::testing::ElementsAre("Gazette", "Herald"));
  EXPECT_EQ(request.filter().published_from(), "2019-01-01");
  EXPECT_EQ(request.order_by(), v1::SearchRequest::NEWEST);
  EXPECT_TRUE(request.highlight_markup());
  EXPECT_EQ(request.min_sequence(), 9007199254740993);  // beyond a double's integers: kept exact
}

TEST(QueryParametersTest, TextIsTakenAsItIsWhateverItHolds) {
  const std::string text = "say \"hi\" \\ back\x01slash\ttab, caf\xC3\xA9 {\"json\": 1}";
  v1::SearchRequest request;
  ASSERT_TRUE(MergeQueryParameters({{"query", text}, {"filter.sources", text}}, &request).ok());
  EXPECT_EQ(request.query(), text);
  EXPECT_EQ(request.filter().sources(0), text);
}

TEST(QueryParametersTest, EnumsByNumberAndEmptyFormFieldsLeaveFieldsUnset) {
  v1::TimelineRequest request;
  ASSERT_TRUE(MergeQueryParameters(
                  {{"granularity", "3"}, {"max_entries", ""}, {"match_article", ""}, {"entity", ""}}, &request)
                  .ok());
  EXPECT_EQ(request.granularity(), v1::TimelineRequest::MONTH);
  EXPECT_EQ(request.max_entries(), 0);
  EXPECT_FALSE(request.match_article());
}

TEST(QueryParametersTest, BadParametersAreNamedInTheError) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> parameters;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{{{{"no_such", "1"}}, "no_such"},
                                         {{{"filter.no_such", "1"}}, "filter.no_such"},
                                         {{{"filter", "x"}}, "filter"},
                                         {{{"query.deeper", "x"}}, "query.deeper"},
                                         {{{"highlight_markup", "perhaps"}}, "highlight_markup"},
                                         {{{"page_size", "ten"}}, "page_size"},
                                         {{{"order_by", "SIDEWAYS"}}, "order_by"}}) {
    v1::SearchRequest request;
    const absl::Status status = MergeQueryParameters(c.parameters, &request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(std::string(status.message()), StartsWith(c.field + ": ")) << status;
  }
}

TEST(JsonBodyTest, ParsesEitherNameStyleAndNamesWhatIsWrong) {
  v1::SearchRequest request;
  ASSERT_TRUE(MergeJsonBody(R"({"query": "summit", "page_size": 5, "filter": {"sources": ["Gazette"]}})", &request)
                  .ok());
  EXPECT_EQ(request.page_size(), 5);
  EXPECT_EQ(request.filter().sources(0), "Gazette");
  EXPECT_TRUE(MergeJsonBody("  ", &request).ok());  // an empty body is an empty request

  const absl::Status broken = MergeJsonBody(R"({"query": )", &request);
  EXPECT_EQ(broken.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(broken.message()), StartsWith("body: "));
  const absl::Status unknown = MergeJsonBody(R"({"nope": 1})", &request);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("nope"));
}

TEST(ToJsonTest, PrintsAsProtojsonDoes) {
  v1::SearchResponse response;
  response.set_total_size(12);
  response.add_results()->set_article_id("a-1");
  EXPECT_EQ(ToJson(response), R"({"results":[{"articleId":"a-1"}],"totalSize":"12"})");
}

TEST(HttpStatusTest, GrpcCodesMapAsGoogleApisDo) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kOk), 200);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kCancelled), 499);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDataLoss), 500);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnimplemented), 501);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
}

}  // namespace
}  // namespace chronicle::http
