// Tests of the benchmark harness's own logic: no timings are checked here.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "bench/system/corpus.h"
#include "bench/system/generator.h"
#include "bench/system/load.h"
#include "bench/system/query_mix.h"
#include "bench/system/report.h"
#include "bench/system/sources.h"
#include "core/dedup/fingerprint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

// A few short made-up wire stories, dated a few days apart.
std::vector<CorpusArticle> Seeds() {
  const char* bodies[] = {
      "The harbour authority approved a new ferry terminal on Monday. Work will start in the spring. "
      "The council expects the terminal to open within two years. Fishermen asked for a second berth.",
      "Grain exports rose sharply in March, the ministry said. Wheat shipments led the increase. "
      "Maize exports were flat compared with a year earlier. Traders expect the rise to continue.",
      "The central bank left its key interest rate unchanged. Inflation slowed for a third month. "
      "Economists had expected a cut of a quarter point. The bank meets again in six weeks.",
      "A storm closed the coastal road for two days. Crews cleared fallen trees on Tuesday. "
      "Schools in the district reopened on Wednesday. The weather service warned of more rain.",
      "Copper prices fell on weaker demand from builders. Stocks in warehouses rose again. "
      "Mining companies said output would stay steady. Analysts cut their price forecasts.",
      "The railway union called off a planned strike. Talks with the operator will resume. "
      "Commuters had feared a week of cancelled trains. The operator offered a higher wage rise.",
  };
  std::vector<CorpusArticle> seeds;
  for (int i = 0; i < 6; ++i) {
    seeds.push_back({absl::StrCat("seed-", i), absl::StrCat("Seed story ", i), absl::StrCat("2020-03-0", i + 1),
                     "Wire", bodies[i]});
  }
  return seeds;
}

std::vector<CorpusArticle> Generate(int64_t count, uint64_t seed) {
  GeneratorOptions options;
  options.articles = count;
  options.seed = seed;
  std::vector<CorpusArticle> out;
  GeneratorStats stats;
  EXPECT_TRUE(GenerateCorpus(Seeds(), options,
                             [&](const CorpusArticle& a) {
                               out.push_back(a);
                               return absl::OkStatus();
                             },
                             &stats)
                  .ok());
  return out;
}

TEST(GeneratorTest, SameSeedSameCorpus) {
  const std::vector<CorpusArticle> a = Generate(40, 7);
  const std::vector<CorpusArticle> b = Generate(40, 7);
  ASSERT_THAT(a, SizeIs(40));
  ASSERT_THAT(b, SizeIs(40));
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(ToNdjsonLine(a[i]), ToNdjsonLine(b[i]));
  EXPECT_NE(ToNdjsonLine(Generate(40, 8)[5]), ToNdjsonLine(a[5]));
}

TEST(GeneratorTest, NoExactOrNearDuplicates) {
  const std::vector<CorpusArticle> articles = Generate(60, 1);
  std::set<std::string> bodies;
  std::vector<uint64_t> fingerprints;
  for (const CorpusArticle& article : articles) {
    EXPECT_TRUE(bodies.insert(article.body).second) << article.id;
    const uint64_t fingerprint = dedup::NearDuplicateFingerprint(article.body);
    if (fingerprint == 0) continue;
    for (uint64_t other : fingerprints) EXPECT_FALSE(dedup::IsNearDuplicate(fingerprint, other)) << article.id;
    fingerprints.push_back(fingerprint);
  }
}

TEST(GeneratorTest, LaterRoundsMoveTheDateByWholeYearsOfWeeks) {
  // Six seeds: article 6 reuses article 0's anchor, moved back 364 days.
  const std::vector<CorpusArticle> articles = Generate(7, 3);
  ASSERT_THAT(articles, SizeIs(7));
  absl::CivilDay first, again;
  ASSERT_TRUE(absl::ParseCivilTime(articles[0].published_at, &first));
  ASSERT_TRUE(absl::ParseCivilTime(articles[6].published_at, &again));
  EXPECT_EQ(first - again, 364);
  EXPECT_EQ(articles[0].source, articles[6].source);
  EXPECT_EQ(articles[6].id, "gen-0000006");
}

TEST(GeneratorTest, RejectedAndRepeatedCleanBodiesAreAssembledAgain) {
  GeneratorOptions options;
  options.articles = 10;
  int calls = 0;
  // Every third article "would be rejected" by the service.
  options.clean = [&calls](const CorpusArticle& a) -> absl::StatusOr<std::string> {
    if (++calls % 3 == 0) return absl::InvalidArgumentError("content: no article text left");
    return a.body;
  };
  GeneratorStats stats;
  int written = 0;
  ASSERT_TRUE(GenerateCorpus(Seeds(), options, [&](const CorpusArticle&) { return ++written, absl::OkStatus(); },
                             &stats)
                  .ok());
  EXPECT_EQ(written, 10);
  EXPECT_GE(stats.rejected_retries, 3);
}

TEST(CorpusTest, NdjsonRoundTrip) {
  const CorpusArticle article{"a-1", "Title \"quoted\"", "2021-05-06", "Wire", "Line one.\n\nZürich, tab\there."};
  absl::StatusOr<CorpusArticle> back = FromNdjsonLine(ToNdjsonLine(article));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->title, article.title);
  EXPECT_EQ(back->body, article.body);
  EXPECT_FALSE(FromNdjsonLine("[1,2]").ok());
}

TEST(CorpusTest, WriterAndReaderAgreeWithAndWithoutGzip) {
  for (const char* name : {"c.ndjson", "c.ndjson.gz"}) {
    const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
    absl::StatusOr<CorpusWriter> writer = CorpusWriter::Open(path);
    ASSERT_TRUE(writer.ok());
    for (const CorpusArticle& seed : Seeds()) ASSERT_TRUE(writer->Write(seed).ok());
    ASSERT_TRUE(writer->Close().ok());
    absl::StatusOr<std::vector<CorpusArticle>> read = ReadCorpus(path);
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_THAT(*read, SizeIs(6));
    EXPECT_EQ((*read)[3].body, Seeds()[3].body);
  }
}

TEST(SourcesTest, DetokenizeUndoesTreebankSpacing) {
  EXPECT_EQ(Detokenize("he said , `` it 's -LRB- not -RRB- over '' ."), "he said, \"it's (not) over\".");
  EXPECT_EQ(Detokenize("prices rose 5 % to $ 3"), "prices rose 5% to $3");
}

TEST(LoadTest, NearestRankPercentiles) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i);
  EXPECT_EQ(Percentile(sorted, 0.50), 50);
  EXPECT_EQ(Percentile(sorted, 0.99), 99);
  EXPECT_EQ(Percentile({7}, 0.99), 7);
  EXPECT_EQ(Percentile({}, 0.5), 0);
  EXPECT_THAT(ParseIntList("8,x,64,0"), ElementsAre(8, 64));
}

TEST(LoadTest, ClosedLoopStopsAtTheRequestLimit) {
  LoadOptions options;
  options.concurrency = 3;
  options.duration = absl::ZeroDuration();
  options.max_requests = 30;
  LatencyRun run = RunClosedLoop(options, [](int, int64_t sequence) { return sequence % 10 != 0; });
  EXPECT_EQ(run.count + run.errors, 30);
  EXPECT_EQ(run.errors, 3);
}

TEST(ReportTest, SummarizeTakesTheMedianOverRuns) {
  const nlohmann::json runs = nlohmann::json::parse(R"([{"x": 3}, {"x": 1}, {"x": 10}, {"y": 4}])");
  const nlohmann::json summary = Summarize(runs, "x");
  EXPECT_EQ(summary["median"], 3);
  EXPECT_EQ(summary["min"], 1);
  EXPECT_EQ(summary["max"], 10);
  EXPECT_TRUE(Summarize(runs, "z").is_null());
}

TEST(QueryMixTest, JsonRoundTripKeepsEveryField) {
  QueryMix mix;
  mix.corpus_articles = 12;
  BenchQuery query;
  query.text = "\"ferry terminal\"";
  query.published_from = "2020-01-01";
  query.facets = true;
  query.offset = 90;
  mix.classes.push_back({"phrase", false, {query}});
  absl::StatusOr<QueryMix> back = QueryMixFromJson(QueryMixToJson(mix));
  ASSERT_TRUE(back.ok());
  ASSERT_THAT(back->classes, SizeIs(1));
  const BenchQuery& q = back->classes[0].queries[0];
  EXPECT_EQ(q.text, query.text);
  EXPECT_EQ(q.published_from, "2020-01-01");
  EXPECT_TRUE(q.facets);
  EXPECT_EQ(q.offset, 90);
  EXPECT_THAT(QueryMixToTsv(mix), ::testing::HasSubstr("phrase\t0\t\"ferry terminal\"\t2020-01-01\t\t1\t90\t\n"));
}

}  // namespace
}  // namespace chronicle::bench
