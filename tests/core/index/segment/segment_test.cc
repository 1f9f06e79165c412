// The segment engine against a brute-force scorer: postings decode to what
// was written, each block's impacts bound every document of the block, and
// top-k search returns exactly what scoring every document returns, on
// random segments and random queries.
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/index/segment/bm25.h"
#include "core/index/segment/posting_list.h"
#include "core/index/segment/search.h"
#include "core/index/segment/segment.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::index::segment {
namespace {

struct Posting {
  uint32_t doc;
  uint32_t frequency;
  uint32_t length;
};

std::vector<Posting> RandomPostings(std::mt19937& random, int count, uint32_t max_gap) {
  std::vector<Posting> postings;
  uint32_t doc = 0;
  for (int i = 0; i < count; ++i) {
    doc += 1 + random() % max_gap;
    postings.push_back({doc, 1 + static_cast<uint32_t>(random() % 20), 1 + static_cast<uint32_t>(random() % 5000)});
  }
  return postings;
}

TEST(PostingListTest, BlocksDecodeToWhatWasAdded) {
  std::mt19937 random(7);
  for (int count : {1, 127, 128, 129, 1000, 5000}) {
    for (uint32_t max_gap : {1u, 3u, 70000u}) {
      const std::vector<Posting> postings = RandomPostings(random, count, max_gap);
      PostingListBuilder builder;
      for (const Posting& p : postings) builder.Add(p.doc, p.frequency, p.length);
      const PostingList list = std::move(builder).Finish();
      ASSERT_EQ(list.document_count(), static_cast<uint32_t>(count));
      ASSERT_EQ(list.block_count(), (static_cast<size_t>(count) + kBlockSize - 1) / kBlockSize);
      size_t next = 0;
      for (size_t b = 0; b < list.block_count(); ++b) {
        uint32_t docs[kBlockSize], freqs[kBlockSize];
        list.DecodeBlock(b, docs, freqs);
        for (uint32_t i = 0; i < list.BlockLength(b); ++i, ++next) {
          ASSERT_EQ(docs[i], postings[next].doc) << "block " << b << " entry " << i;
          ASSERT_EQ(freqs[i], postings[next].frequency);
        }
        EXPECT_EQ(list.block(b).last_doc, docs[list.BlockLength(b) - 1]);
      }
      EXPECT_EQ(next, postings.size());
    }
  }
}

TEST(PostingListTest, ImpactsDominateEveryDocumentOfTheirBlockAndOnlyTheFrontierIsKept) {
  std::mt19937 random(11);
  const std::vector<Posting> postings = RandomPostings(random, 1000, 5);
  PostingListBuilder builder;
  for (const Posting& p : postings) builder.Add(p.doc, p.frequency, p.length);
  const PostingList list = std::move(builder).Finish();
  for (size_t b = 0; b < list.block_count(); ++b) {
    std::vector<Impact> impacts(list.ImpactsBegin(b), list.ImpactsEnd(b));
    ASSERT_FALSE(impacts.empty());
    for (uint32_t i = 0; i < list.BlockLength(b); ++i) {
      const Posting& p = postings[b * kBlockSize + i];
      EXPECT_TRUE(std::any_of(impacts.begin(), impacts.end(), [&](const Impact& impact) {
        return impact.frequency >= p.frequency && impact.length <= p.length;
      })) << "block " << b << " doc " << p.doc;
    }
    for (const Impact& a : impacts) {
      for (const Impact& other : impacts) {
        if (&a == &other) continue;
        EXPECT_FALSE(other.frequency >= a.frequency && other.length <= a.length)
            << "impact (" << a.frequency << ", " << a.length << ") is dominated";
      }
    }
  }
}

TEST(SegmentTest, YearOfDayAgreesWithTheCivilCalendar) {
  for (int32_t day = -800000; day <= 3000000; day += 97) {
    const absl::Time time = absl::UnixEpoch() + absl::Hours(24) * day;
    ASSERT_EQ(YearOfDay(day), absl::ToCivilYear(time, absl::UTCTimeZone()).year()) << day;
  }
  EXPECT_EQ(YearOfDay(0), 1970);
  EXPECT_EQ(YearOfDay(-1), 1969);
  EXPECT_EQ(YearOfDay(18261), 2019);  // 2019-12-31
  EXPECT_EQ(YearOfDay(18262), 2020);
}

// A random collection kept twice: as a segment and as plain per-document
// term frequencies for the brute-force scorer.
struct Collection {
  Segment segment;
  std::vector<std::map<std::string, uint32_t>> documents;
  std::vector<int32_t> days;
  std::vector<std::string> sources;
};

Collection RandomCollection(std::mt19937& random, int documents, int vocabulary) {
  Collection collection;
  SegmentBuilder builder;
  // Term i appears in a document with probability ~ 1/(i+1): a few terms in
  // most documents, many in a few, like words.
  std::uniform_real_distribution<double> unit(0, 1);
  const std::vector<std::string> source_names = {"Reuters", "BBC", "AP", ""};
  for (int d = 0; d < documents; ++d) {
    std::map<std::string, uint32_t> terms;
    for (int t = 0; t < vocabulary; ++t) {
      if (unit(random) < 0.9 / (t + 1)) terms[absl::StrCat("t", t)] = 1 + random() % (t < 3 ? 12 : 3);
    }
    if (d % 17 == 0) terms.clear();  // some documents hold no query term
    terms["filler"] = 1 + random() % 400;  // lengths vary widely
    std::vector<SegmentBuilder::TermFrequency> list;
    for (const auto& [term, frequency] : terms) list.push_back({term, frequency});
    const int32_t day = d % 23 == 0 ? kNoDay : static_cast<int32_t>(random() % 20000);
    const std::string& source = source_names[random() % source_names.size()];
    EXPECT_EQ(builder.AddDocument(list, day, source), static_cast<uint32_t>(d));
    collection.documents.push_back(std::move(terms));
    collection.days.push_back(day);
    collection.sources.push_back(source);
  }
  collection.segment = std::move(builder).Finish();
  return collection;
}

SearchResult BruteForce(const Collection& collection, const SegmentQuery& query, const SearchOptions& options) {
  const Segment& segment = collection.segment;
  SearchResult result;
  result.source_counts.assign(segment.source_names().size(), 0);
  std::vector<Hit> hits;
  for (uint32_t d = 0; d < collection.documents.size(); ++d) {
    const auto& terms = collection.documents[d];
    double score = 0;
    bool all = !query.clauses.empty();
    for (const std::vector<std::string>& clause : query.clauses) {
      bool any = false;
      for (const std::string& term : clause) {
        auto it = terms.find(term);
        if (it == terms.end()) continue;
        any = true;
        const Bm25Term bm25(segment.document_count(), segment.Find(term)->document_count(),
                            segment.average_length(), options.bm25);
        score += bm25.Score(it->second, segment.lengths()[d]);
      }
      all = all && any;
    }
    if (!all) continue;
    const int32_t day = collection.days[d];
    const bool bounded = query.first_day != std::numeric_limits<int32_t>::min() ||
                         query.last_day != std::numeric_limits<int32_t>::max();
    if (bounded && (day == kNoDay || day < query.first_day || day > query.last_day)) continue;
    ++result.matches;
    ++result.source_counts[segment.sources()[d]];
    if (day != kNoDay) ++result.year_counts[YearOfDay(day)];
    hits.push_back({d, score});
  }
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; });
  if (hits.size() > static_cast<size_t>(options.k)) hits.resize(options.k);
  result.hits = std::move(hits);
  return result;
}

SegmentQuery RandomQuery(std::mt19937& random, int vocabulary) {
  SegmentQuery query;
  const int clauses = 1 + random() % 3;
  for (int c = 0; c < clauses; ++c) {
    std::vector<std::string> clause;
    const int terms = 1 + random() % 3;
    for (int t = 0; t < terms; ++t) {
      // Mostly frequent terms (the hard case for pruning), sometimes one no
      // document holds.
      const int index = random() % 4 == 0 ? random() % (vocabulary + 5) : random() % 6;
      clause.push_back(absl::StrCat("t", index));
    }
    query.clauses.push_back(std::move(clause));
  }
  if (random() % 3 == 0) {
    query.first_day = static_cast<int32_t>(random() % 15000);
    query.last_day = query.first_day + static_cast<int32_t>(random() % 8000);
  }
  return query;
}

std::string Describe(const SegmentQuery& query, const SearchOptions& options) {
  std::string text = absl::StrCat("k=", options.k, " count_all=", options.count_all, " days ", query.first_day,
                                  "..", query.last_day, ":");
  for (const auto& clause : query.clauses) {
    absl::StrAppend(&text, " (");
    for (const auto& term : clause) absl::StrAppend(&text, " ", term);
    absl::StrAppend(&text, " )");
  }
  return text;
}

TEST(SegmentSearchTest, TopKAndCountsAreThoseOfScoringEveryDocument) {
  std::mt19937 random(20261204);
  int queries = 0;
  for (int round = 0; round < 6; ++round) {
    const int documents = round < 2 ? 300 : 6000;
    const int vocabulary = 40;
    const Collection collection = RandomCollection(random, documents, vocabulary);
    for (int q = 0; q < 150; ++q, ++queries) {
      const SegmentQuery query = RandomQuery(random, vocabulary);
      SearchOptions options;
      options.k = std::vector<int>{1, 10, 100, 0}[random() % 4];
      options.count_all = random() % 4 == 0;
      const SearchResult expected = BruteForce(collection, query, options);
      const SearchResult got = Search(collection.segment, query, options);
      const std::string what = Describe(query, options);
      ASSERT_EQ(got.hits.size(), expected.hits.size()) << what;
      for (size_t i = 0; i < got.hits.size(); ++i) {
        ASSERT_EQ(got.hits[i].doc, expected.hits[i].doc) << what << " rank " << i;
        ASSERT_DOUBLE_EQ(got.hits[i].score, expected.hits[i].score) << what << " rank " << i;
      }
      if (options.count_all) {
        EXPECT_EQ(got.matches, expected.matches) << what;
        EXPECT_EQ(got.source_counts, expected.source_counts) << what;
        EXPECT_EQ(got.year_counts, expected.year_counts) << what;
      } else {
        EXPECT_LE(got.matches, expected.matches) << what;
      }
    }
  }
  EXPECT_EQ(queries, 900);
}

TEST(SegmentSearchTest, SkipsBlocksOnACommonTerm) {
  std::mt19937 random(3);
  const Collection collection = RandomCollection(random, 20000, 10);
  SegmentQuery query;
  query.clauses = {{"t0"}};
  SearchOptions options;
  const SearchResult result = Search(collection.segment, query, options);
  ASSERT_EQ(result.hits.size(), 10u);
  const uint32_t postings = collection.segment.Find("t0")->document_count();
  // The pruning is the point of the engine: most postings are never scored.
  EXPECT_GT(result.stats.blocks_skipped, 0);
  EXPECT_LT(result.stats.scored, postings / 2) << "scored " << result.stats.scored << " of " << postings;
}

TEST(SegmentTest, AverageLengthAndColumnsAreKept) {
  SegmentBuilder builder;
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 2}, {"b", 1}}, 10, "X");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 5}}, kNoDay, "Y");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"c", 1}}, 12, "X");
  const Segment segment = std::move(builder).Finish();
  EXPECT_EQ(segment.document_count(), 3u);
  EXPECT_DOUBLE_EQ(segment.average_length(), 3.0);
  EXPECT_THAT(segment.lengths(), testing::ElementsAre(3u, 5u, 1u));
  EXPECT_THAT(segment.days(), testing::ElementsAre(10, kNoDay, 12));
  EXPECT_THAT(segment.sources(), testing::ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(segment.source_names(), testing::ElementsAre("X", "Y"));
  EXPECT_EQ(segment.Find("a")->document_count(), 2u);
  EXPECT_EQ(segment.Find("zzz"), nullptr);
  EXPECT_EQ(segment.term_count(), 3u);
}

}  // namespace
}  // namespace chronicle::index::segment
