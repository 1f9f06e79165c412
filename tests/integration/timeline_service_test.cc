// Timelines through the query service on the sample articles (written for
// this project): a topic's timeline keeps the events about the topic, and a
// summary the best-attested dates.
#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/sample_articles.h"

namespace chronicle::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

class TimelineServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.StartIngest().ok());
    ASSERT_TRUE(cluster_.StartQuery().ok());
    for (const v1::RawArticle& article : SampleArticles()) {
      absl::StatusOr<int64_t> sequence = cluster_.Ingest(article);
      ASSERT_TRUE(sequence.ok()) << sequence.status();
      last_sequence_ = std::max(last_sequence_, *sequence);
    }
    ASSERT_GT(last_sequence_, 5);
  }

  v1::TimelineResponse Timeline(v1::TimelineRequest request) {
    request.set_min_sequence(last_sequence_);
    grpc::ClientContext context;
    SetTestDeadline(context);
    v1::TimelineResponse response;
    const grpc::Status status = cluster_.QueryStub()->Timeline(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  Cluster cluster_;
  int64_t last_sequence_ = 0;
};

std::vector<std::string> Dates(const v1::TimelineResponse& response) {
  std::vector<std::string> dates;
  for (const v1::TimelineEntry& entry : response.entries()) dates.push_back(entry.date());
  return dates;
}

std::vector<std::string> Sentences(const v1::TimelineResponse& response) {
  std::vector<std::string> sentences;
  for (const v1::TimelineEntry& entry : response.entries()) {
    for (const v1::Citation& citation : entry.citations()) sentences.push_back(citation.sentence());
  }
  return sentences;
}

TEST_F(TimelineServiceTest, ATopicTimelineKeepsTheEventsAboutTheTopic) {
  v1::TimelineRequest request;
  request.set_query("forced labor");
  request.set_granularity(v1::TimelineRequest::DAY);
  const v1::TimelineResponse topic = Timeline(request);
  // The colonial period, the treaty that Japan says settled the claims and
  // the court ruling: told in sentences around the words, not in them.
  EXPECT_THAT(Dates(topic), IsSupersetOf({"1910/1945", "1965", "2018"}));
  // A defence ministers' meeting in an article that names forced labor
  // once, far from it, is not about the topic...
  const std::string unrelated = "60th anniversary";
  EXPECT_THAT(Sentences(topic), Not(Contains(HasSubstr(unrelated))));
  // ... though every event of a matching article is there when asked for.
  request.set_match_article(true);
  const v1::TimelineResponse articles = Timeline(request);
  EXPECT_THAT(Sentences(articles), Contains(HasSubstr(unrelated)));
  EXPECT_GT(articles.entries_size(), topic.entries_size());
}

TEST_F(TimelineServiceTest, ASummaryKeepsTheBestAttestedDatesInDateOrder) {
  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  const v1::TimelineResponse full = Timeline(request);
  request.set_max_entries(3);
  const v1::TimelineResponse summary = Timeline(request);
  ASSERT_EQ(summary.entries_size(), 3);
  std::vector<std::string> dates = Dates(summary);
  EXPECT_TRUE(std::is_sorted(dates.begin(), dates.end())) << ::testing::PrintToString(dates);
  EXPECT_TRUE(std::adjacent_find(dates.begin(), dates.end()) == dates.end()) << "one entry per date";
  for (const v1::TimelineEntry& entry : summary.entries()) {
    EXPECT_GT(entry.importance(), 0) << entry.date();
    EXPECT_EQ(entry.date().size(), 10u) << "days before coarser dates: " << entry.date();
  }
  EXPECT_TRUE(summary.next_page_token().empty());
  EXPECT_EQ(summary.histogram_size(), full.histogram_size());
}

}  // namespace
}  // namespace chronicle::testing
