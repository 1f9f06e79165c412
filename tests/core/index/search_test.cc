// Search features end to end over a real Xapian index: the query language,
// ranking, filters, facets, collapsed duplicates, ordering and pagination.
#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/query/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/index_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

int64_t Day(int year, int month, int day) {
  return absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone()));
}

// Fields after `body` have defaults, so a test names only those it needs.
struct Doc {
  std::string id, title, body;
  std::string source = "";
  int64_t published = 0;
  std::vector<std::string> entities = {};
  std::string duplicate_of = "";
};

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = (std::filesystem::path(::testing::TempDir()) / (std::string("search.") + info->name())).string();
    std::filesystem::remove_all(path_);
  }

  void Index(const std::vector<Doc>& docs) {
    auto writer = IndexWriter::Open({.path = path_});
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (const Doc& doc : docs) {
      v1::Change change;
      change.set_sequence(++sequence_);
      change.set_kind(v1::Change::UPSERT);
      v1::StoredArticle* stored = change.mutable_article();
      stored->set_duplicate_of(doc.duplicate_of);
      v1::Article* article = stored->mutable_article();
      article->set_id(doc.id);
      article->set_body(doc.body);
      article->mutable_metadata()->set_title(doc.title);
      article->mutable_metadata()->set_source(doc.source);
      article->mutable_metadata()->set_language("en");
      if (doc.published != 0) {
        article->mutable_metadata()->mutable_published()->mutable_time()->set_seconds(doc.published);
      }
      for (const std::string& id : doc.entities) article->add_entities()->set_id(id);
      ASSERT_TRUE((*writer)->Apply(change).ok());
    }
    ASSERT_TRUE((*writer)->Commit().ok());
    EntityResolver resolver = [](absl::string_view name) {
      if (name == "Yoon Suk-yeol" || name == "yoon suk yeol") return std::vector<std::string>{"person:yoon-suk-yeol"};
      return std::vector<std::string>{};
    };
    auto reader = IndexReader::Open(path_, resolver);
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = *std::move(reader);
  }

  absl::StatusOr<v1::SearchResponse> Run(v1::SearchRequest request) { return reader_->Search(request); }

  std::vector<std::string> Ids(const std::string& query, v1::SearchRequest::Order order = v1::SearchRequest::RELEVANCE) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_order_by(order);
    request.set_page_size(100);
    auto response = Run(request);
    EXPECT_TRUE(response.ok()) << response.status();
    std::vector<std::string> ids;
    if (response.ok()) {
      for (const auto& result : response->results()) ids.push_back(result.article_id());
    }
    return ids;
  }

  std::string path_;
  int64_t sequence_ = 0;
  std::unique_ptr<IndexReader> reader_;
};

TEST_F(SearchTest, StemmingFindsOtherFormsButTheTypedFormRanksFirst) {
  Index({{"ruled", "Court", "The court ruled against the firms after a long hearing."},
         {"ruling", "Court", "The court ruling went against the firms after a long hearing."}});
  EXPECT_THAT(Ids("ruling"), ElementsAre("ruling", "ruled"));
  EXPECT_THAT(Ids("ruled"), ElementsAre("ruled", "ruling"));
}

TEST_F(SearchTest, PhrasesKeepStopWordsAndOrder) {
  Index({{"a", "Summit", "Leaders met at the summit in Chengdu on Tuesday."},
         {"b", "Summit", "A summit, Chengdu officials said, would come later."}});
  EXPECT_THAT(Ids("\"summit in Chengdu\""), ElementsAre("a"));
  EXPECT_THAT(Ids("summit Chengdu"), UnorderedElementsAre("a", "b"));
}

TEST_F(SearchTest, OperatorsPrefixesAndFields) {
  Index({{"chips", "Chip exports curbed", "Semiconductor materials need licences.", "Harbor Journal"},
         {"ferry", "Ferry strike ends", "Crossings resume after the strike.", "Asia Pulse Daily"},
         {"both", "Strike hits chip plant", "Workers at a semiconductor plant went on strike.", "Harbor Journal"}});
  EXPECT_THAT(Ids("semicond*"), UnorderedElementsAre("chips", "both"));
  EXPECT_THAT(Ids("strike -semiconductor"), ElementsAre("ferry"));
  EXPECT_THAT(Ids("strike NOT semiconductor"), ElementsAre("ferry"));
  EXPECT_THAT(Ids("ferry OR licences"), UnorderedElementsAre("ferry", "chips"));
  EXPECT_THAT(Ids("(ferry OR plant) strike"), UnorderedElementsAre("ferry", "both"));
  EXPECT_THAT(Ids("title:strike"), UnorderedElementsAre("ferry", "both"));
  EXPECT_THAT(Ids("title:chip*"), UnorderedElementsAre("chips", "both"));
  EXPECT_THAT(Ids("source:\"asia pulse daily\""), ElementsAre("ferry"));
  EXPECT_THAT(Ids("strike source:\"Harbor Journal\""), ElementsAre("both"));
  EXPECT_THAT(Ids("lang:en strike"), UnorderedElementsAre("ferry", "both"));
}

TEST_F(SearchTest, EntityFieldResolvesNamesAndAcceptsIds) {
  Index({{"yoon", "Visit", "The president visited Tokyo.", "", 0, {"person:yoon-suk-yeol"}},
         {"moon", "Visit", "The president visited Beijing.", "", 0, {"person:moon-jae-in"}}});
  EXPECT_THAT(Ids("entity:\"Yoon Suk-yeol\""), ElementsAre("yoon"));
  EXPECT_THAT(Ids("entity:person:moon-jae-in visited"), ElementsAre("moon"));
  v1::SearchRequest request;
  request.mutable_filter()->add_entities("yoon suk yeol");
  auto filtered = Run(request);
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->results_size(), 1);
  EXPECT_EQ(filtered->results(0).article_id(), "yoon");
}

TEST_F(SearchTest, PublishedRangesAndOrdering) {
  Index({{"old", "Trade", "trade talks", "", Day(2015, 3, 1)},
         {"mid", "Trade", "trade talks", "", Day(2019, 7, 4)},
         {"new", "Trade", "trade talks", "", Day(2023, 6, 30)}});
  EXPECT_THAT(Ids("trade published:2019..2023-06"), UnorderedElementsAre("mid", "new"));
  EXPECT_THAT(Ids("trade published:..2019"), UnorderedElementsAre("old", "mid"));
  EXPECT_THAT(Ids("published:2019-07-04"), ElementsAre("mid"));
  EXPECT_THAT(Ids("trade", v1::SearchRequest::NEWEST), ElementsAre("new", "mid", "old"));
  EXPECT_THAT(Ids("trade", v1::SearchRequest::OLDEST), ElementsAre("old", "mid", "new"));
}

// Published filters match whole years and months through their terms and
// only the edge months through the value: the result must be exactly what
// comparing each article's time with [start, end) gives, at every edge.
TEST_F(SearchTest, PublishedFiltersMatchExactlyTheRangeAtEveryMonthAndYearEdge) {
  std::vector<Doc> docs;
  std::vector<std::pair<std::string, int64_t>> times;
  const std::vector<absl::CivilSecond> moments = {
      absl::CivilSecond(2018, 12, 31, 23, 59, 59), absl::CivilSecond(2019, 1, 1, 0, 0, 0),
      absl::CivilSecond(2019, 1, 31, 12, 0, 0),    absl::CivilSecond(2019, 2, 1, 0, 0, 0),
      absl::CivilSecond(2019, 2, 28, 23, 59, 59),  absl::CivilSecond(2019, 3, 15, 8, 0, 0),
      absl::CivilSecond(2019, 6, 30, 23, 0, 0),    absl::CivilSecond(2019, 12, 31, 23, 59, 59),
      absl::CivilSecond(2020, 1, 1, 0, 0, 0),      absl::CivilSecond(2020, 2, 29, 12, 0, 0),
      absl::CivilSecond(2021, 7, 4, 0, 0, 0),      absl::CivilSecond(2023, 1, 1, 0, 0, 1)};
  for (size_t i = 0; i < moments.size(); ++i) {
    const int64_t at = absl::ToUnixSeconds(absl::FromCivil(moments[i], absl::UTCTimeZone()));
    const std::string id = absl::StrCat("t", i);
    docs.push_back({id, "Port report", "port traffic figures", "", at});
    times.emplace_back(id, at);
  }
  docs.push_back({"undated", "Port report", "port traffic figures"});
  docs.push_back({"copy", "Port report", "port traffic figures", "", times[5].second, {}, "t5"});
  Index(docs);
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"2019-01-01", "2019-12-31"}, {"2019-01-02", "2019-12-30"}, {"2019-02", "2019-02"}, {"2019-01-31", "2019-02-01"},
      {"2018-12-31", "2020-01-01"}, {"2019", "2021"},             {"2019-03-15", "2019-03-15"}, {"2017", "2030"},
      {"2019-06", "2020-02"},       {"2020-02-29", "2023-01-01"}};
  for (const auto& [from, until] : ranges) {
    SCOPED_TRACE(absl::StrCat(from, " .. ", until));
    auto period = query::ParseDateRange(from, "from", until, "until");
    ASSERT_TRUE(period.ok()) << period.status();
    std::vector<std::string> expected;
    for (const auto& [id, at] : times) {
      const absl::Time time = absl::FromUnixSeconds(at);
      if (time >= period->start && time < period->end) expected.push_back(id);
    }
    for (const std::string& text : {std::string("port"), std::string()}) {
      v1::SearchRequest request;
      request.set_query(text);
      request.set_page_size(100);
      request.mutable_filter()->set_published_from(from);
      request.mutable_filter()->set_published_until(until);
      auto response = Run(request);
      ASSERT_TRUE(response.ok()) << response.status();
      std::vector<std::string> found;
      for (const auto& result : response->results()) found.push_back(result.article_id());
      EXPECT_THAT(found, ::testing::UnorderedElementsAreArray(expected)) << "query \"" << text << "\"";
    }
    EXPECT_THAT(Ids(absl::StrCat("port published:", from, "..", until)), ::testing::UnorderedElementsAreArray(expected));
  }
}

// Without words of their own, queries keep the type filter: duplicates (and
// events) never come back as results.
TEST_F(SearchTest, QueriesWithoutArticleWordsStillReturnOnlyArticles) {
  Index({{"a", "Ferry strike", "Crossings resume after the strike.", "Harbor Journal", Day(2020, 5, 1)},
         {"b", "Ferry strike", "Crossings resume after the strike.", "Harbor Journal", Day(2020, 5, 1), {}, "a"},
         {"c", "Chip plant", "A semiconductor plant opened.", "Asia Pulse Daily", Day(2020, 6, 1)}});
  EXPECT_THAT(Ids(""), UnorderedElementsAre("a", "c"));
  EXPECT_THAT(Ids("-semiconductor"), ElementsAre("a"));
  EXPECT_THAT(Ids("source:\"Harbor Journal\""), ElementsAre("a"));
  EXPECT_THAT(Ids("published:2020-05"), ElementsAre("a"));
  EXPECT_THAT(Ids("strike OR source:\"Asia Pulse Daily\""), UnorderedElementsAre("a", "c"));
  EXPECT_THAT(Ids("strike"), ElementsAre("a"));
}

// Readers on different threads share nothing, not even the queries that
// match everything ("-word", open date ranges, no text): copying Xapian's own
// Query::MatchAll from two threads corrupted its reference count and crashed
// the query service under load. The race is timing-dependent in a plain build;
// under ThreadSanitizer (tools/test.sh tsan) it is reported on every run.
TEST_F(SearchTest, ReadersOnSeveralThreadsShareNoQueryState) {
  Index({{"old", "Trade", "trade talks stall", "", Day(2015, 3, 1)},
         {"new", "Ferry", "ferry strike ends", "", Day(2023, 6, 30)}});
  const std::vector<std::string> queries = {"-trade", "published:2015..", "trade OR -ferry", ""};
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto reader = IndexReader::Open(path_);
      if (!reader.ok()) {
        ++failures[t];
        return;
      }
      for (int i = 0; i < 200; ++i) {
        v1::SearchRequest request;
        request.set_query(queries[i % queries.size()]);
        request.add_facets("source");
        if (!(*reader)->Search(request).ok()) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ::testing::Each(0));
}

TEST_F(SearchTest, SyntaxErrorsAreInvalidArgumentWithTheOffset) {
  Index({{"a", "A", "text"}});
  v1::SearchRequest request;
  request.set_query("trade \"war");
  auto response = Run(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(response.status().message()), HasSubstr("query: unterminated quote at offset 6"));
  request.set_query("ok");
  request.add_facets("colour");
  EXPECT_THAT(std::string(Run(request).status().message()), HasSubstr("facets: unknown facet"));
}

TEST_F(SearchTest, FacetsCountTheWholeMatchSetNotJustThePage) {
  std::vector<Doc> docs;
  for (int i = 0; i < 30; ++i) {
    docs.push_back({"d" + std::to_string(i), "Port news", "harbour news item", i % 3 == 0 ? "Valley Post" : "Harbor Journal",
                    Day(i < 10 ? 2019 : 2020, 1 + i % 2, 5), {i < 4 ? "location:busan" : "location:incheon"}});
  }
  docs.push_back({"other", "Unrelated", "nothing to see", "Valley Post", Day(2021, 1, 1)});
  Index(docs);
  v1::SearchRequest request;
  request.set_query("harbour");
  request.set_page_size(2);
  for (const char* facet : {"source", "year", "month", "entity"}) request.add_facets(facet);
  auto response = Run(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->results_size(), 2);
  EXPECT_EQ(response->total_size(), 30);
  EXPECT_FALSE(response->total_size_is_estimate());
  ASSERT_EQ(response->facets_size(), 4);
  auto counts = [&](int facet) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const auto& value : response->facets(facet).values()) out.emplace_back(value.value(), value.count());
    return out;
  };
  using P = std::pair<std::string, int64_t>;
  EXPECT_THAT(counts(0), ElementsAre(P{"Harbor Journal", 20}, P{"Valley Post", 10}));
  EXPECT_THAT(counts(1), ElementsAre(P{"2020", 20}, P{"2019", 10}));
  EXPECT_THAT(counts(2), ElementsAre(P{"2020-01", 10}, P{"2020-02", 10}, P{"2019-01", 5}, P{"2019-02", 5}));
  EXPECT_THAT(counts(3), ElementsAre(P{"location:incheon", 26}, P{"location:busan", 4}));
}

TEST_F(SearchTest, NearDuplicatesCollapseIntoTheirOriginal) {
  Index({{"original", "Summit", "Leaders met in Chengdu."},
         {"copy-1", "Summit!", "Leaders met in Chengdu.", "", 0, {}, "original"},
         {"copy-2", "Summit?", "Leaders met in Chengdu.", "", 0, {}, "original"},
         {"alone", "Chengdu", "Chengdu weather."}});
  v1::SearchRequest request;
  request.set_query("chengdu");
  auto response = Run(request);
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(response->results_size(), 2);
  for (const auto& result : response->results()) {
    if (result.article_id() == "original") {
      EXPECT_EQ(result.similar_count(), 2);
      EXPECT_THAT(result.similar_ids(), UnorderedElementsAre("copy-1", "copy-2"));
    } else {
      EXPECT_EQ(result.similar_count(), 0);
    }
  }
}

TEST_F(SearchTest, PagesKeepWorkingPastTenThousandResults) {
  std::vector<Doc> docs;
  for (int i = 0; i < 10050; ++i) docs.push_back({"n" + std::to_string(i), "Note", "ledger entry"});
  Index(docs);
  v1::SearchRequest request;
  request.set_query("ledger");
  request.set_page_size(100);
  std::set<std::string> seen;
  int pages = 0;
  do {
    auto response = Run(request);
    ASSERT_TRUE(response.ok()) << response.status();
    for (const auto& result : response->results()) EXPECT_TRUE(seen.insert(result.article_id()).second);
    request.set_page_token(response->next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(seen.size(), 10050u);
  EXPECT_EQ(pages, 101);
}

// Every order and facet over a corpus of random words: the order holds,
// and the facets and total count what the whole match set holds.
TEST_F(SearchTest, OrdersAndFacetsAgreeWithTheMatchSet) {
  const std::vector<std::string> words = {"harbour", "strike", "ferry", "court", "ruling", "summit", "grain",
                                          "timber", "council", "budget", "storm", "ships", "workers", "plant"};
  const std::vector<std::string> sources = {"Harbor Journal", "Valley Post", "Asia Pulse Daily"};
  std::vector<Doc> docs;
  uint32_t state = 7;
  auto next = [&state](uint32_t bound) {
    state = state * 1103515245 + 12345;
    return (state >> 16) % bound;
  };
  for (int i = 0; i < 120; ++i) {
    std::string title = absl::StrCat(words[next(words.size())], " ", words[next(words.size())]);
    std::string body;
    const int length = 5 + static_cast<int>(next(40));
    for (int w = 0; w < length; ++w) absl::StrAppend(&body, w == 0 ? "" : " ", words[next(words.size())]);
    // Some undated, and some on the same day, for the date orders' ties.
    const int64_t published =
        i % 10 == 3 ? 0 : Day(2015 + static_cast<int>(next(8)), 1 + static_cast<int>(next(12)), 1);
    std::vector<std::string> entities;
    for (uint32_t e = next(4); e > 0; --e) entities.push_back(absl::StrCat("org:", words[next(6)]));
    std::sort(entities.begin(), entities.end());
    entities.erase(std::unique(entities.begin(), entities.end()), entities.end());
    docs.push_back({absl::StrCat("d", i), title, body + ".", sources[next(sources.size())], published, entities});
  }
  Index(docs);
  std::map<std::string, const Doc*> by_id;
  for (const Doc& doc : docs) by_id[doc.id] = &doc;
  for (const char* query : {"harbour", "strike ferry", "\"court ruling\"",
                            "(grain OR timber) source:\"Asia Pulse Daily\"", "storm -ships", "title:budget",
                            "council source:\"Valley Post\"", "summit published:2017..2019-06",
                            "(ferry OR plant) workers lang:en source:\"Harbor Journal\"", "published:2016"}) {
    std::set<std::string> matched;
    for (v1::SearchRequest::Order order :
         {v1::SearchRequest::RELEVANCE, v1::SearchRequest::NEWEST, v1::SearchRequest::OLDEST}) {
      const std::string what = absl::StrCat(query, " order ", order);
      v1::SearchRequest request;
      request.set_query(query);
      request.set_page_size(100);
      request.set_order_by(order);
      for (const char* facet : {"source", "year", "month", "entity"}) request.add_facets(facet);
      request.set_facet_size(100);
      auto response = Run(request);
      ASSERT_TRUE(response.ok()) << what << ": " << response.status();
      ASSERT_GT(response->results_size(), 0) << what;
      ASSERT_LT(response->results_size(), 100) << what;
      EXPECT_EQ(response->total_size(), response->results_size()) << what;
      EXPECT_FALSE(response->total_size_is_estimate()) << what;
      std::set<std::string> ids;
      std::map<std::string, int64_t> counts[4];
      for (int i = 0; i < response->results_size(); ++i) {
        const v1::SearchResult& result = response->results(i);
        ids.insert(result.article_id());
        const Doc& doc = *by_id.at(result.article_id());
        ++counts[0][doc.source];
        if (doc.published != 0) {
          const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixSeconds(doc.published), absl::UTCTimeZone());
          ++counts[1][absl::StrFormat("%04d", day.year())];
          ++counts[2][absl::StrFormat("%04d-%02d", day.year(), day.month())];
        }
        for (const std::string& entity : doc.entities) ++counts[3][entity];
        if (i == 0) continue;
        const v1::SearchResult& before = response->results(i - 1);
        const int64_t when = doc.published == 0 ? std::numeric_limits<int64_t>::min() : doc.published;
        const Doc& before_doc = *by_id.at(before.article_id());
        const int64_t before_when =
            before_doc.published == 0 ? std::numeric_limits<int64_t>::min() : before_doc.published;
        if (order == v1::SearchRequest::NEWEST) {
          EXPECT_GE(before_when, when) << what << " at " << i;
        } else if (order == v1::SearchRequest::OLDEST) {
          EXPECT_LE(before_when, when) << what << " at " << i;
        }
        if (order == v1::SearchRequest::RELEVANCE || before_when == when) {
          EXPECT_GE(before.score(), result.score()) << what << " at " << i;
        }
      }
      // Every order finds the same articles.
      if (matched.empty()) matched = ids;
      EXPECT_EQ(ids, matched) << what;
      ASSERT_EQ(response->facets_size(), 4) << what;
      for (int f = 0; f < 4; ++f) {
        std::map<std::string, int64_t> got;
        for (const v1::FacetValue& value : response->facets(f).values()) got[value.value()] = value.count();
        EXPECT_EQ(got, counts[f]) << what << " facet " << response->facets(f).name();
      }
    }
  }
}

}  // namespace
}  // namespace chronicle::index
