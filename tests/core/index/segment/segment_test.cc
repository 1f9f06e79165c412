// The segment engine against a brute-force scorer: postings decode to what
// was written, each block's impacts bound every document of the block, and
// top-k search returns exactly what scoring every document returns, on
// random segments and random queries.
#include <filesystem>
#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/index/segment/bm25.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/impact_tier.h"
#include "core/index/segment/merge.h"
#include "core/index/segment/posting_list.h"
#include "core/index/segment/query_tree.h"
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
      const PostingListBuilder::Encoded encoded = std::move(builder).Finish();
      const PostingList list = encoded.view();
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

// A block lists the documents whose count of positions is not their
// frequency when they are few, and keeps a count for every document when
// they are many. Either way each document's positions read back as they
// were added.
TEST(PostingListTest, PositionsOfOneDocumentAreFoundInItsBlock) {
  // Every n-th document (none for 0) has fewer positions than occurrences:
  // none at all (a stem), or one for a title word weighted three times.
  for (const int every : {0, 5, 2}) {
    SCOPED_TRACE(absl::StrCat("every ", every));
    std::mt19937 random(11);
    PostingListBuilder builder;
    std::map<uint32_t, std::vector<uint32_t>> expected;
    uint32_t doc = 0;
    for (int i = 0; i < 300; ++i) {
      doc += 1 + random() % 4;
      std::vector<uint32_t> positions;
      const bool fewer = every != 0 && i % every == 0;
      const uint32_t count = fewer && i % 3 == 0 ? 0 : 1 + random() % 6;
      uint32_t position = random() % 50;
      for (uint32_t k = 0; k < count; ++k) positions.push_back(position += 1 + random() % 40);
      builder.Add(doc, fewer ? count + 2 : count, 100, positions);
      expected[doc] = positions;
    }
    const PostingListBuilder::Encoded encoded = std::move(builder).Finish();
    const PostingList list = encoded.view();
    for (size_t b = 0; b < list.block_count(); ++b) {
      EXPECT_EQ(list.block(b).count_exceptions(), every != 2) << "block " << b;
    }
    for (const auto& [d, positions] : expected) {
      ASSERT_EQ(list.PositionsIn(d), positions) << "document " << d;
      EXPECT_TRUE(list.PositionsIn(d + 1).empty() || expected.count(d + 1)) << "document " << d + 1;
    }
    EXPECT_TRUE(list.PositionsIn(doc + 1).empty());
    // The gaps a phrase check decodes sum to the same positions.
    for (size_t b = 0; b < list.block_count(); ++b) {
      uint32_t docs[kBlockSize], freqs[kBlockSize], starts[kBlockSize], counts[kBlockSize];
      list.DecodeBlock(b, docs, freqs);
      std::vector<uint32_t> gaps;
      list.DecodePositionGaps(b, freqs, gaps, starts, counts);
      for (uint32_t j = 0; j < list.BlockLength(b); ++j) {
        std::vector<uint32_t> summed(gaps.begin() + starts[j], gaps.begin() + starts[j] + counts[j]);
        for (size_t k = 1; k < summed.size(); ++k) summed[k] += summed[k - 1];
        ASSERT_EQ(summed, expected[docs[j]]) << "document " << docs[j];
      }
    }
  }
  EXPECT_TRUE(PostingList().PositionsIn(0).empty());
}

TEST(PostingListTest, ImpactsDominateEveryDocumentOfTheirBlockAndOnlyTheFrontierIsKept) {
  std::mt19937 random(11);
  const std::vector<Posting> postings = RandomPostings(random, 1000, 5);
  PostingListBuilder builder;
  for (const Posting& p : postings) builder.Add(p.doc, p.frequency, p.length);
  const PostingListBuilder::Encoded encoded = std::move(builder).Finish();
  const PostingList list = encoded.view();
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

// The impacts in the order and with the pairs a sort of the whole block
// gives, whether the frequencies fit the builder's array or not.
TEST(PostingListTest, ImpactsAreThoseOfSortingTheBlock) {
  std::mt19937 random(17);
  for (uint32_t max_frequency : {1u, 3u, 255u, 256u, 100000u}) {
    std::vector<Posting> postings;
    uint32_t doc = 0;
    for (int i = 0; i < 700; ++i) {
      doc += 1 + random() % 3;
      // Boolean postings (frequency 0) among them, and lengths that repeat.
      postings.push_back({doc, static_cast<uint32_t>(random() % (max_frequency + 1)),
                          1 + static_cast<uint32_t>(random() % 300)});
    }
    PostingListBuilder builder;
    for (const Posting& p : postings) builder.Add(p.doc, p.frequency, p.length);
    const PostingListBuilder::Encoded encoded = std::move(builder).Finish();
    const PostingList list = encoded.view();
    for (size_t b = 0; b < list.block_count(); ++b) {
      std::vector<Impact> pairs;
      for (uint32_t i = 0; i < list.BlockLength(b); ++i) {
        const Posting& p = postings[b * kBlockSize + i];
        pairs.push_back({p.frequency, p.length});
      }
      std::sort(pairs.begin(), pairs.end(), [](const Impact& x, const Impact& y) {
        return x.frequency != y.frequency ? x.frequency > y.frequency : x.length < y.length;
      });
      std::vector<std::pair<uint32_t, uint32_t>> expected;
      for (const Impact& pair : pairs) {
        if (expected.empty() || pair.length < expected.back().second) expected.emplace_back(pair.frequency, pair.length);
      }
      std::vector<std::pair<uint32_t, uint32_t>> got;
      for (const Impact* impact = list.ImpactsBegin(b); impact != list.ImpactsEnd(b); ++impact) {
        got.emplace_back(impact->frequency, impact->length);
      }
      EXPECT_EQ(got, expected) << "frequencies up to " << max_frequency << ", block " << b;
    }
  }
}

// A builder cleared and used again encodes a list as a new builder does.
TEST(PostingListTest, AClearedBuilderEncodesAsANewOne) {
  std::mt19937 random(19);
  PostingListBuilder reused;
  for (int count : {300, 1, 129, 40}) {
    PostingListBuilder fresh;
    reused.Clear();
    uint32_t doc = 0;
    for (int i = 0; i < count; ++i) {
      doc += 1 + random() % 5;
      const uint32_t frequency = 1 + random() % 4;
      std::vector<uint32_t> positions;
      for (uint32_t k = 0, at = 0; k < (i % 3 == 0 ? 0 : frequency); ++k) positions.push_back(at += 1 + random() % 9);
      const uint32_t length = 50 + random() % 50;
      fresh.Add(doc, frequency, length, positions);
      reused.Add(doc, frequency, length, positions);
    }
    const PostingListBuilder::Encoded& got = reused.FinishInPlace();
    const PostingListBuilder::Encoded expected = std::move(fresh).Finish();
    EXPECT_EQ(got.document_count, expected.document_count);
    EXPECT_EQ(got.bytes, expected.bytes) << count;
    EXPECT_EQ(got.positions, expected.positions) << count;
    ASSERT_EQ(got.blocks.size(), expected.blocks.size());
    for (size_t b = 0; b < got.blocks.size(); ++b) {
      EXPECT_EQ(got.blocks[b].last_doc, expected.blocks[b].last_doc);
      EXPECT_EQ(got.blocks[b].byte_offset, expected.blocks[b].byte_offset);
      EXPECT_EQ(got.blocks[b].impacts_begin, expected.blocks[b].impacts_begin);
      EXPECT_EQ(got.blocks[b].position_offset, expected.blocks[b].position_offset);
      EXPECT_EQ(got.blocks[b].position_values, expected.blocks[b].position_values);
    }
    ASSERT_EQ(got.impacts.size(), expected.impacts.size()) << count;
    for (size_t i = 0; i < got.impacts.size(); ++i) {
      EXPECT_EQ(got.impacts[i].frequency, expected.impacts[i].frequency);
      EXPECT_EQ(got.impacts[i].length, expected.impacts[i].length);
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

TEST(SegmentTest, MonthOfTimeAgreesWithTheCivilCalendar) {
  for (int64_t seconds = -80000LL * 86400 * 10; seconds <= 3000000LL * 86400; seconds += 86400 * 13 + 3607) {
    const absl::CivilSecond civil = absl::ToCivilSecond(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
    ASSERT_EQ(MonthOfTime(seconds), civil.year() * 100 + civil.month()) << seconds;
  }
  EXPECT_EQ(MonthOfTime(0), 197001);
  EXPECT_EQ(MonthOfTime(-1), 196912);
  EXPECT_EQ(MonthOfTime(1577836799), 201912);  // 2019-12-31T23:59:59Z
}

// A random collection kept twice: as a segment and as plain per-document
// term frequencies for the brute-force scorer.
struct Collection {
  Segment segment;
  std::vector<std::map<std::string, uint32_t>> documents;
  std::vector<std::map<std::string, std::vector<uint32_t>>> positions;
  std::vector<int64_t> published;
  std::vector<std::string> sources;
  std::vector<std::vector<std::string>> tags;
};

// With `bursty`, documents are at least 40 words long and a tenth of a
// less common term's occurrences are bursts of 6-12: the shape in which a
// term's impact tier (impact_tier.h) holds its best documents.
Collection RandomCollection(std::mt19937& random, int documents, int vocabulary, bool bursty = false) {
  Collection collection;
  SegmentBuilder builder;
  // Term i appears in a document with probability ~ 1/(i+1): a few terms in
  // most documents, many in a few, like words.
  std::uniform_real_distribution<double> unit(0, 1);
  const std::vector<std::string> source_names = {"Reuters", "BBC", "AP", ""};
  for (int d = 0; d < documents; ++d) {
    std::map<std::string, uint32_t> terms;
    for (int t = 0; t < vocabulary; ++t) {
      if (unit(random) >= 0.9 / (t + 1)) continue;
      uint32_t frequency = 1 + random() % (t < 3 ? 12 : 3);
      if (bursty && t >= 3 && random() % 10 == 0) frequency = 6 + random() % 7;
      terms[absl::StrCat("t", t)] = frequency;
    }
    if (d % 17 == 0) terms.clear();  // some documents hold no query term
    terms["filler"] = bursty ? 40 + random() % 360 : 1 + random() % 400;  // lengths vary widely
    terms[absl::StrCat("b", random() % 5)] = 0;  // a boolean term, for filters
    if (random() % 3 == 0) terms[absl::StrCat("b", 5 + random() % 2)] = 0;
    // The words in a random order: each term's positions.
    std::vector<std::string> words;
    for (const auto& [term, frequency] : terms) words.insert(words.end(), frequency, term);
    std::shuffle(words.begin(), words.end(), random);
    std::map<std::string, std::vector<uint32_t>> positions;
    for (uint32_t p = 0; p < words.size(); ++p) positions[words[p]].push_back(p);
    // Stems, without positions, as the index gives words: s<j> holds the
    // forms t<i> with i % 5 == j, and as often as they together occur.
    std::map<std::string, uint32_t> stems;
    for (const auto& [term, frequency] : terms) {
      if (term[0] == 't') stems[absl::StrCat("s", std::stoi(term.substr(1)) % 5)] += frequency;
    }
    terms.insert(stems.begin(), stems.end());
    std::vector<SegmentBuilder::TermFrequency> list;
    for (const auto& [term, frequency] : terms) list.push_back({term, frequency, positions[term]});
    collection.positions.push_back(std::move(positions));
    const int64_t published = d % 23 == 0 ? kNoTime : static_cast<int64_t>(random() % 20000) * 86400 + random() % 86400;
    const std::string& source = source_names[random() % source_names.size()];
    std::vector<std::string> tags;
    for (int tag = 0; tag < 5; ++tag) {
      if (random() % 3 == 0) tags.push_back(absl::StrCat("entity-", tag));
    }
    EXPECT_EQ(builder.AddDocument(list, published, source, "", tags), static_cast<uint32_t>(d));
    collection.tags.push_back(std::move(tags));
    collection.documents.push_back(std::move(terms));
    collection.published.push_back(published);
    collection.sources.push_back(source);
  }
  absl::StatusOr<Segment> segment = std::move(builder).Finish();
  EXPECT_TRUE(segment.ok()) << segment.status();
  if (segment.ok()) collection.segment = *std::move(segment);
  return collection;
}

SearchResult BruteForce(const Collection& collection, const SegmentQuery& query, const SearchOptions& options) {
  const Segment& segment = collection.segment;
  SearchResult result;
  result.source_counts.assign(segment.source_names().size(), 0);
  result.tag_counts.assign(segment.tag_names().size(), 0);
  std::vector<Hit> hits;
  for (uint32_t d = 0; d < collection.documents.size(); ++d) {
    if (!options.deleted.empty() && (options.deleted[d / 64] >> (d % 64) & 1) != 0) continue;
    const auto& terms = collection.documents[d];
    double score = 0;
    bool all = !query.clauses.empty() || !query.phrases.empty();
    for (const std::vector<std::string>& clause : query.clauses) {
      bool any = false;
      for (const std::string& term : clause) {
        auto it = terms.find(term);
        if (it == terms.end()) continue;
        any = true;
        const Bm25Term bm25(segment.document_count(), segment.Find(term).document_count(),
                            segment.average_length(), options.bm25);
        score += bm25.Score(it->second, segment.lengths()[d]);
      }
      all = all && any;
    }
    for (const std::vector<std::string>& filter : query.filters) {
      all = all && std::any_of(filter.begin(), filter.end(),
                               [&](const std::string& term) { return terms.count(term) > 0; });
    }
    for (const std::vector<std::string>& phrase : query.phrases) {
      if (!all) break;
      const auto& positions = collection.positions[d];
      bool found = false;
      auto first = positions.find(phrase.front());
      for (uint32_t start : first == positions.end() ? std::vector<uint32_t>() : first->second) {
        bool here = true;
        for (size_t j = 1; j < phrase.size() && here; ++j) {
          auto it = positions.find(phrase[j]);
          here = it != positions.end() && std::binary_search(it->second.begin(), it->second.end(), start + j);
        }
        found = found || here;
      }
      all = all && found;
      if (!all) break;
      for (const std::string& term : phrase) {
        const Bm25Term bm25(segment.document_count(), segment.Find(term).document_count(),
                            segment.average_length(), options.bm25);
        score += bm25.Score(terms.at(term), segment.lengths()[d]);
      }
    }
    all = all && std::none_of(query.excluded.begin(), query.excluded.end(),
                              [&](const std::string& term) { return terms.count(term) > 0; });
    if (!all) continue;
    const int64_t published = collection.published[d];
    const bool bounded = query.published_min != std::numeric_limits<int64_t>::min() ||
                         query.published_max != std::numeric_limits<int64_t>::max();
    if (bounded && (published == kNoTime || published < query.published_min || published > query.published_max)) {
      continue;
    }
    ++result.matches;
    ++result.source_counts[segment.sources()[d]];
    // The document's tags as written, found by name among the segment's.
    for (const std::string& tag : collection.tags[d]) {
      const auto& names = segment.tag_names();
      ++result.tag_counts[std::find(names.begin(), names.end(), tag) - names.begin()];
    }
    if (published != kNoTime) ++result.month_counts[MonthOfTime(published)];
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
    // Frequent terms, so that some documents hold them side by side.
    std::vector<std::string> phrase;
    for (int t = 0, n = 2 + random() % 2; t < n; ++t) {
      phrase.push_back(random() % 3 == 0 ? "filler" : absl::StrCat("t", random() % 3));
    }
    query.phrases.push_back(std::move(phrase));
    if (random() % 2 == 0) query.clauses.clear();
  }
  if (random() % 3 == 0) {
    // A word through its stem and one or two of its forms, the stem
    // covering them.
    const int stem = random() % 5;
    std::vector<std::string> clause = {absl::StrCat("s", stem), absl::StrCat("t", stem + 5 * (random() % 3))};
    if (random() % 2 == 0) clause.push_back(absl::StrCat("t", stem + 5 * (random() % 8)));
    query.first_term_covers.resize(query.clauses.size(), false);
    query.first_term_covers.push_back(true);
    query.clauses.push_back(std::move(clause));
  }
  const int filters = random() % 4 == 0 ? 1 + random() % 2 : 0;
  for (int f = 0; f < filters; ++f) {
    std::vector<std::string> filter;
    for (int t = 0, n = 1 + random() % 2; t < n; ++t) filter.push_back(absl::StrCat("b", random() % 8));
    query.filters.push_back(std::move(filter));
  }
  if (random() % 3 == 0) {
    query.published_min = static_cast<int64_t>(random() % 15000) * 86400 + random() % 86400;
    query.published_max = query.published_min + static_cast<int64_t>(random() % 8000) * 86400;
  }
  return query;
}

std::string Describe(const SegmentQuery& query, const SearchOptions& options) {
  std::string text = absl::StrCat("k=", options.k, " count_all=", options.count_all,
                                  " deletions=", !options.deleted.empty(), " published ", query.published_min,
                                  "..", query.published_max, ":");
  for (size_t c = 0; c < query.clauses.size(); ++c) {
    const auto& clause = query.clauses[c];
    const bool covered = c < query.first_term_covers.size() && query.first_term_covers[c];
    absl::StrAppend(&text, covered ? " covered(" : " (");
    for (const auto& term : clause) absl::StrAppend(&text, " ", term);
    absl::StrAppend(&text, " )");
  }
  for (const auto& phrase : query.phrases) {
    absl::StrAppend(&text, " \"");
    for (const auto& term : phrase) absl::StrAppend(&text, " ", term);
    absl::StrAppend(&text, " \"");
  }
  for (const auto& filter : query.filters) {
    absl::StrAppend(&text, " filter(");
    for (const auto& term : filter) absl::StrAppend(&text, " ", term);
    absl::StrAppend(&text, " )");
  }
  return text;
}

TEST(SegmentSearchTest, TopKAndCountsAreThoseOfScoringEveryDocument) {
  std::mt19937 random(20261204);
  int queries = 0, phrases_found = 0, covered = 0;
  int tier_searches = 0;
  for (int round = 0; round < 8; ++round) {
    const int documents = round < 2 ? 300 : 6000;
    const int vocabulary = 40;
    const Collection collection = RandomCollection(random, documents, vocabulary, /*bursty=*/round >= 6);
    for (int q = 0; q < 150; ++q, ++queries) {
      const SegmentQuery query = RandomQuery(random, vocabulary);
      covered += std::count(query.first_term_covers.begin(), query.first_term_covers.end(), true) > 0;
      SearchOptions options;
      options.k = std::vector<int>{1, 10, 100, 0}[random() % 4];
      options.count_all = random() % 4 == 0;
      options.count_tags = true;
      // Sometimes a share of the documents deleted, among them the best
      // ones of common terms (deletions must not leave holes in the page).
      std::vector<uint64_t> deleted;
      if (random() % 3 == 0) {
        deleted.assign((documents + 63) / 64, 0);
        const int share = 1 + random() % 60;
        for (int d = 0; d < documents; ++d) {
          if (static_cast<int>(random() % 100) < share) deleted[d / 64] |= uint64_t{1} << (d % 64);
        }
        options.deleted = deleted;
      }
      const SearchResult expected = BruteForce(collection, query, options);
      const SearchResult got = Search(collection.segment, query, options);
      tier_searches += got.stats.tier_candidates > 0;
      const std::string what = Describe(query, options);
      if (!query.phrases.empty() && !expected.hits.empty()) ++phrases_found;
      ASSERT_EQ(got.hits.size(), expected.hits.size()) << what;
      for (size_t i = 0; i < got.hits.size(); ++i) {
        ASSERT_EQ(got.hits[i].doc, expected.hits[i].doc) << what << " rank " << i;
        ASSERT_DOUBLE_EQ(got.hits[i].score, expected.hits[i].score) << what << " rank " << i;
      }
      if (options.count_all) {
        EXPECT_EQ(got.matches, expected.matches) << what;
        EXPECT_EQ(got.source_counts, expected.source_counts) << what;
        EXPECT_EQ(got.tag_counts, expected.tag_counts) << what;
        EXPECT_EQ(got.month_counts, expected.month_counts) << what;
      } else {
        EXPECT_LE(got.matches, expected.matches) << what;
      }
    }
  }
  EXPECT_EQ(queries, 1200);
  EXPECT_GT(phrases_found, 20) << "too few phrase queries matched anything to test them";
  EXPECT_GT(covered, 200) << "too few queries with a stem covering its forms";
  // The larger collections' mid-frequency terms and stems have impact
  // tiers, and pruned searches led by them walk the tiers.
  EXPECT_GT(tier_searches, 3) << "too few searches walked an impact tier to test them";
}

// A segment whose term "w" is in every document, as often and in documents
// as long as the document number says: what the impact tier rule keeps is
// known for each.
uint32_t WordFrequency(uint32_t d) { return d % 10 == 0 ? 4 + d % 3 : 1 + d % 3; }
uint32_t FillerFrequency(uint32_t d) { return d % 13 == 0 ? 20 : 90; }
std::vector<SegmentBuilder::TermFrequency> TieredDocument(uint32_t d) {
  std::vector<SegmentBuilder::TermFrequency> terms = {{"filler", FillerFrequency(d)}, {"w", WordFrequency(d)}};
  if (d % 5 == 0) terms.push_back({"rare", 1});                       // 1 document in 5: too few for a tier
  terms.push_back({"mostly", d % 10 == 0 ? 1u : 5u});                 // a tier holding most of the list
  terms.push_back({absl::StrCat("flag", d % 2), 0});                  // boolean
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.term < b.term; });
  return terms;
}

std::vector<uint32_t> Documents(const PostingList& list) {
  std::vector<uint32_t> docs;
  uint32_t block_docs[kBlockSize], freqs[kBlockSize];
  for (size_t b = 0; b < list.block_count(); ++b) {
    list.DecodeBlock(b, block_docs, freqs);
    docs.insert(docs.end(), block_docs, block_docs + list.BlockLength(b));
  }
  return docs;
}

TEST(ImpactTierTest, ALongListsTierHoldsExactlyThePostingsTheRuleKeeps) {
  constexpr uint32_t kDocuments = 3000;
  SegmentBuilder builder;
  std::vector<uint32_t> expected;
  for (uint32_t d = 0; d < kDocuments; ++d) {
    builder.AddDocument(TieredDocument(d), kNoTime, "");
    const uint32_t length = FillerFrequency(d) + WordFrequency(d) + (d % 5 == 0) + (d % 10 == 0 ? 1 : 5);
    if (InImpactTier(WordFrequency(d), length)) expected.push_back(d);
  }
  const Segment segment = *std::move(builder).Finish();
  ASSERT_GT(expected.size(), 300u);
  ASSERT_LT(expected.size(), kDocuments / 2);
  const PostingList tier = segment.Find(ImpactTierKey("w"));
  EXPECT_EQ(Documents(tier), expected);
  // Its frequencies are the word's (a search scores the word from it).
  uint32_t docs[kBlockSize], freqs[kBlockSize];
  tier.DecodeBlock(0, docs, freqs);
  for (uint32_t j = 0; j < tier.BlockLength(0); ++j) EXPECT_EQ(freqs[j], WordFrequency(docs[j])) << docs[j];
  // No tier: a short list, a boolean term, a tier that would hold most of
  // the list.
  EXPECT_EQ(segment.Find(ImpactTierKey("rare")).document_count(), 0u);
  EXPECT_EQ(segment.Find(ImpactTierKey("flag0")).document_count(), 0u);
  EXPECT_EQ(segment.Find(ImpactTierKey("mostly")).document_count(), 0u);
  // A tier is not a word: listings by prefix and the term walk leave it
  // out, unless the walk asks for tiers (term_count() counts them).
  EXPECT_THAT(TermsWithPrefix(segment, "w"), testing::ElementsAre("w"));
  uint64_t walked = 0;
  for (auto cursor = segment.Terms(); !cursor.done(); cursor.Next(), ++walked) {
    EXPECT_FALSE(IsImpactTierKey(cursor.term()));
  }
  EXPECT_EQ(segment.Terms("w").term(), "w");
  EXPECT_TRUE(segment.Terms(ImpactTierKey("w")).done());  // "w" sorts last here
  uint64_t with_tiers = 0;
  for (auto cursor = segment.Terms({}, /*with_tiers=*/true); !cursor.done(); cursor.Next()) ++with_tiers;
  EXPECT_EQ(with_tiers, segment.term_count());
  EXPECT_EQ(with_tiers, walked + 1);  // the one tier, "w"'s
}

TEST(ImpactTierTest, AMergeBuildsTheTiersOfTheMergedLists) {
  // Three segments too small for tiers of their own, merged with some
  // documents deleted: the merged "w" is long enough, and its tier is what
  // building the surviving documents in one segment gives.
  std::vector<Segment> parts;
  std::vector<Deletions> deletions;
  SegmentBuilder whole;
  for (uint32_t part = 0; part < 3; ++part) {
    SegmentBuilder builder;
    Deletions deleted(800);
    for (uint32_t i = 0; i < 800; ++i) {
      const uint32_t d = part * 800 + i;
      builder.AddDocument(TieredDocument(d), kNoTime, "");
      if (d % 7 == 3) {
        deleted.Delete(i);
      } else {
        whole.AddDocument(TieredDocument(d), kNoTime, "");
      }
    }
    parts.push_back(*std::move(builder).Finish());
    deletions.push_back(std::move(deleted));
    ASSERT_EQ(parts.back().Find(ImpactTierKey("w")).document_count(), 0u);
  }
  std::vector<MergeInput> inputs;
  for (size_t i = 0; i < parts.size(); ++i) inputs.push_back({&parts[i], &deletions[i]});
  const Segment merged = *MergeSegments(inputs, 1);
  const Segment built = *std::move(whole).Finish();
  const std::vector<uint32_t> tier = Documents(merged.Find(ImpactTierKey("w")));
  ASSERT_FALSE(tier.empty());
  EXPECT_EQ(tier, Documents(built.Find(ImpactTierKey("w"))));
  // Merged again with a segment that has a tier: the inputs' tiers are not
  // copied, so the result holds one tier, the merged list's.
  const MergeInput again[] = {{&merged, nullptr}, {&built, nullptr}};
  const Segment twice = *MergeSegments(again, 2);
  std::vector<uint32_t> expected = tier;
  for (uint32_t d : tier) expected.push_back(d + merged.document_count());
  EXPECT_EQ(Documents(twice.Find(ImpactTierKey("w"))), expected);
  EXPECT_EQ(twice.term_count(), merged.term_count());
}

TEST(ImpactTierTest, SearchesLedByTieredTermsRankAsScoringEveryDocument) {
  // Queries whose lead has a tier (a bursty term or its stem), alone or
  // with a common term, a covered form, a filter, deletions: the top k are
  // those of the brute-force scorer, and most searches walk the tier.
  std::mt19937 random(20261207);
  const int documents = 6000;
  const Collection collection = RandomCollection(random, documents, 40, /*bursty=*/true);
  int tiered = 0;
  for (int q = 0; q < 400; ++q) {
    SegmentQuery query;
    const int lead = 3 + random() % 2;  // t3, t4: a tenth of their postings in bursts
    if (random() % 3 == 0) {
      query.clauses.push_back({absl::StrCat("s", lead), absl::StrCat("t", lead)});
      query.first_term_covers = {true};
    } else {
      query.clauses.push_back({absl::StrCat("t", lead)});
    }
    if (random() % 4 != 0) query.clauses.push_back({absl::StrCat("t", random() % 3)});
    if (random() % 5 == 0) query.filters.push_back({absl::StrCat("b", random() % 5)});
    if (random() % 5 == 0) query.excluded.push_back(absl::StrCat("t", 5 + random() % 5));
    SearchOptions options;
    options.k = std::vector<int>{1, 10, 30}[random() % 3];
    options.count_at_least = std::vector<int64_t>{0, 0, 100}[random() % 3];
    std::vector<uint64_t> deleted;
    if (random() % 4 == 0) {
      deleted.assign((documents + 63) / 64, 0);
      for (int d = 0; d < documents; ++d) {
        if (random() % 10 == 0) deleted[d / 64] |= uint64_t{1} << (d % 64);
      }
      options.deleted = deleted;
    }
    const SearchResult expected = BruteForce(collection, query, options);
    const SearchResult got = Search(collection.segment, query, options);
    tiered += got.stats.tier_candidates > 0;
    const std::string what = Describe(query, options);
    ASSERT_EQ(got.hits.size(), expected.hits.size()) << what;
    for (size_t i = 0; i < got.hits.size(); ++i) {
      ASSERT_EQ(got.hits[i].doc, expected.hits[i].doc) << what << " rank " << i;
      ASSERT_DOUBLE_EQ(got.hits[i].score, expected.hits[i].score) << what << " rank " << i;
    }
    EXPECT_GE(got.matches, std::min<int64_t>(options.count_at_least, expected.matches)) << what;
  }
  EXPECT_GT(tiered, 100) << "too few searches walked a tier to test it";
}

TEST(ImpactTierTest, APrunedSearchWalksTheTierAndRanksAsTheWholeList) {
  // Two words in every document: the best documents hold "w" often, so
  // once the top 10 are known, only the tier can beat them.
  constexpr uint32_t kDocuments = 20000;
  SegmentBuilder builder;
  for (uint32_t d = 0; d < kDocuments; ++d) builder.AddDocument(TieredDocument(d), kNoTime, "");
  const Segment segment = *std::move(builder).Finish();
  SegmentQuery query;
  query.clauses = {{"w"}, {"filler"}};
  SearchOptions options;
  options.k = 10;
  const SearchResult result = Search(segment, query, options);
  EXPECT_GT(result.stats.tier_candidates, 0);
  EXPECT_LT(result.stats.tier_candidates, segment.Find(ImpactTierKey("w")).document_count() + 1);
  // The same ranking as scoring every document: the best ones hold "w"
  // 6 times in the shortest documents, then 5, then 4 (ties by number).
  std::vector<Hit> expected;
  const Bm25Term w(kDocuments, kDocuments, segment.average_length());
  const Bm25Term filler(kDocuments, kDocuments, segment.average_length());
  for (uint32_t d = 0; d < kDocuments; ++d) {
    const uint32_t length = segment.lengths()[d];
    expected.push_back({d, w.Score(WordFrequency(d), length) + filler.Score(FillerFrequency(d), length)});
  }
  std::sort(expected.begin(), expected.end(),
            [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; });
  ASSERT_EQ(result.hits.size(), 10u);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(result.hits[i].doc, expected[i].doc) << i;
    EXPECT_DOUBLE_EQ(result.hits[i].score, expected[i].score) << i;
  }
}

TEST(SegmentSearchTest, PhrasesMatchConsecutivePositionsOnly) {
  SegmentBuilder builder;
  // "new york times", "york new", "new ... york".
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"new", 1, {0}}, {"york", 1, {1}}, {"times", 1, {2}}},
                      kNoTime, "");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"york", 1, {0}}, {"new", 1, {1}}}, kNoTime, "");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"new", 2, {0, 5}}, {"york", 1, {3}}}, kNoTime, "");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"new", 2, {4, 9}}, {"york", 2, {2, 10}}}, kNoTime, "");
  const Segment segment = *std::move(builder).Finish();
  auto docs = [&](std::vector<std::string> phrase) {
    SegmentQuery query;
    query.phrases = {std::move(phrase)};
    std::vector<uint32_t> found;
    for (const Hit& hit : Search(segment, query, SearchOptions()).hits) found.push_back(hit.doc);
    std::sort(found.begin(), found.end());
    return found;
  };
  EXPECT_THAT(docs({"new", "york"}), testing::ElementsAre(0u, 3u));
  EXPECT_THAT(docs({"york", "new"}), testing::ElementsAre(1u));
  EXPECT_THAT(docs({"new", "york", "times"}), testing::ElementsAre(0u));
  EXPECT_THAT(docs({"new", "times"}), testing::IsEmpty());
  EXPECT_THAT(docs({"new", "missing"}), testing::IsEmpty());
}

TEST(SegmentSearchTest, SkipsBlocksOnACommonTerm) {
  std::mt19937 random(3);
  const Collection collection = RandomCollection(random, 20000, 10);
  SegmentQuery query;
  query.clauses = {{"t0"}};
  SearchOptions options;
  const SearchResult result = Search(collection.segment, query, options);
  ASSERT_EQ(result.hits.size(), 10u);
  const uint32_t postings = collection.segment.Find("t0").document_count();
  // The pruning is the point of the engine: most postings are never scored.
  EXPECT_GT(result.stats.blocks_skipped, 0);
  EXPECT_LT(result.stats.scored, postings / 2) << "scored " << result.stats.scored << " of " << postings;
}

TEST(SegmentTest, AverageLengthAndColumnsAreKept) {
  SegmentBuilder builder;
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 2}, {"b", 1}}, 10, "X", "k1", {}, "first");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 5}}, kNoTime, "Y", "k2");
  builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"c", 1}}, 12, "X", "k3", {},
                      std::string("th\0rd", 5));
  absl::StatusOr<Segment> finished = std::move(builder).Finish(42);
  ASSERT_TRUE(finished.ok()) << finished.status();
  const Segment& segment = *finished;
  EXPECT_EQ(segment.applied_sequence(), 42);
  EXPECT_EQ(segment.document_count(), 3u);
  EXPECT_DOUBLE_EQ(segment.average_length(), 3.0);
  EXPECT_THAT(segment.lengths(), testing::ElementsAre(3u, 5u, 1u));
  EXPECT_THAT(segment.published(), testing::ElementsAre(10, kNoTime, 12));
  EXPECT_THAT(segment.sources(), testing::ElementsAre(0u, 1u, 0u));
  EXPECT_THAT(segment.source_names(), testing::ElementsAre("X", "Y"));
  EXPECT_EQ(segment.Find("a").document_count(), 2u);
  EXPECT_EQ(segment.Find("zzz").document_count(), 0u);
  EXPECT_EQ(segment.Find("").document_count(), 0u);
  EXPECT_EQ(segment.term_count(), 3u);
  EXPECT_EQ(segment.stored(0), "first");
  EXPECT_EQ(segment.stored(1), "");
  EXPECT_EQ(segment.stored(2), std::string("th\0rd", 5));
  EXPECT_EQ(segment.ByteSize().stored, 4 * 8 + 10u);
}

// Most of a segment's terms are in one or two documents: such a term costs
// its block, its impact, its streams and a 32-byte entry, with no padding of
// its own; and every term still decodes, the last one's streams included.
TEST(SegmentTest, ATermInOneDocumentCostsItsStreamsAndAnEntry) {
  constexpr uint32_t kDocuments = 1000;
  SegmentBuilder builder;
  size_t text = 0;
  for (uint32_t d = 0; d < kDocuments; ++d) {
    const std::string term = absl::StrCat("u", d);
    text += term.size();
    builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{term, 1 + d % 3}}, 0, "S",
                        absl::StrCat("k", d));
  }
  absl::StatusOr<Segment> built = std::move(builder).Finish(1);
  ASSERT_TRUE(built.ok()) << built.status();
  // Per term six one-byte varints, its block's last document (up to two
  // bytes) and position count (one), and the bytes it does not share with
  // the term before; per kTermsPerBlock terms a 16-byte entry of the term
  // index.
  const size_t blocks = (kDocuments + Segment::kTermsPerBlock - 1) / Segment::kTermsPerBlock;
  EXPECT_LE(built->ByteSize().dictionary, blocks * 16 + kDocuments * 9 + text);
  EXPECT_LT(built->ByteSize().dictionary, blocks * 16 + kDocuments * 9 + text / 2);
  // An impact (8), a document (a control byte and up to 2 bytes) and a
  // frequency (2 bytes); the block is in the entry.
  EXPECT_LE(built->ByteSize().postings, kDocuments * (8 + 3 + 2));
  absl::StatusOr<Segment> checked =
      Segment::Open(std::make_shared<const std::string>(built->bytes()), /*verify_checksums=*/false);
  ASSERT_TRUE(checked.ok()) << checked.status();
  for (uint32_t d = 0; d < kDocuments; ++d) {
    const PostingList list = checked->Find(absl::StrCat("u", d));
    ASSERT_EQ(list.document_count(), 1u);
    uint32_t docs[kBlockSize], freqs[kBlockSize];
    list.DecodeBlock(0, docs, freqs);
    ASSERT_EQ(docs[0], d);
    ASSERT_EQ(freqs[0], 1 + d % 3);
  }
}

// The dictionary is front-coded in blocks: walking it gives every term in
// order with its own postings, and seeking lands on the first term not
// below the key, inside a block, at a block's first term, before the first
// term and past the last.
TEST(SegmentTest, TermsAreWalkedAndSoughtAcrossBlocks) {
  std::mt19937 random(41);
  std::set<std::string> terms;
  const std::string letters = "abz\xc3\xa9";
  while (terms.size() < 700) {
    std::string term;
    const int length = 1 + static_cast<int>(random() % 9);
    for (int i = 0; i < length; ++i) term += letters[random() % letters.size()];
    terms.insert(term);
  }
  // Document d holds the terms whose rank is d modulo 5, so that each term's
  // documents tell which term its postings are.
  SegmentBuilder builder;
  const std::vector<std::string> ordered(terms.begin(), terms.end());
  for (uint32_t d = 0; d < 5; ++d) {
    std::vector<SegmentBuilder::TermFrequency> held;
    for (size_t t = d; t < ordered.size(); t += 5) held.push_back({ordered[t], 1 + static_cast<uint32_t>(t % 7)});
    builder.AddDocument(held, 0, "S", absl::StrCat("k", d));
  }
  absl::StatusOr<Segment> built = std::move(builder).Finish(1);
  ASSERT_TRUE(built.ok()) << built.status();
  ASSERT_EQ(built->term_count(), ordered.size());
  auto check_postings = [&](const PostingList& list, size_t t) {
    ASSERT_EQ(list.document_count(), 1u) << ordered[t];
    uint32_t docs[kBlockSize], freqs[kBlockSize];
    list.DecodeBlock(0, docs, freqs);
    EXPECT_EQ(docs[0], t % 5) << ordered[t];
    EXPECT_EQ(freqs[0], 1 + t % 7) << ordered[t];
  };
  size_t t = 0;
  for (Segment::TermCursor cursor = built->Terms(); !cursor.done(); cursor.Next(), ++t) {
    ASSERT_LT(t, ordered.size());
    ASSERT_EQ(cursor.term(), ordered[t]);
    check_postings(cursor.postings(), t);
  }
  EXPECT_EQ(t, ordered.size());
  // Every term, and keys just below and just above each.
  for (size_t i = 0; i < ordered.size(); ++i) {
    check_postings(built->Find(ordered[i]), i);
    for (const std::string& key : {ordered[i], ordered[i].substr(0, ordered[i].size() - 1) + "\x01",
                                   ordered[i] + std::string(1, '\0'), ordered[i] + "\xff"}) {
      const auto expected = terms.lower_bound(key);
      const Segment::TermCursor cursor = built->Terms(key);
      if (expected == terms.end()) {
        EXPECT_TRUE(cursor.done()) << key;
      } else {
        ASSERT_FALSE(cursor.done()) << key;
        EXPECT_EQ(cursor.term(), *expected) << key;
      }
      if (expected == terms.end() || *expected != key) {
        EXPECT_EQ(built->Find(key).document_count(), 0u) << key;
      }
    }
  }
  EXPECT_EQ(built->Terms("").term(), ordered.front());
  EXPECT_TRUE(built->Terms("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff").done());
}

// A one-block list holds its block itself: copies and assignments read their
// own, never the one they were copied from (gone here before they are read).
TEST(SegmentTest, AOneBlockListsCopiesHoldTheirOwnBlock) {
  PostingListBuilder builder;
  for (uint32_t d = 0; d < 5; ++d) builder.Add(3 * d, 1 + d, 10 + d);
  const PostingListBuilder::Encoded encoded = std::move(builder).Finish();
  ASSERT_EQ(encoded.blocks.size(), 1u);
  std::vector<PostingList> copies;
  PostingList assigned;
  {
    auto original = std::make_unique<PostingList>(encoded.document_count, encoded.blocks.front(), encoded.impacts,
                                                   encoded.bytes, encoded.positions);
    copies.push_back(*original);
    assigned = *original;
    for (int i = 0; i < 20; ++i) copies.push_back(copies.back());  // the vector moves them as it grows
  }
  for (const PostingList* list : {&copies.front(), &copies.back(), &assigned}) {
    ASSERT_EQ(list->block_count(), 1u);
    EXPECT_EQ(list->block(0).last_doc, 12u);
    // Its block is inside the list object.
    const auto* at = reinterpret_cast<const char*>(list->blocks().data());
    EXPECT_TRUE(at >= reinterpret_cast<const char*>(list) && at < reinterpret_cast<const char*>(list + 1));
    uint32_t docs[kBlockSize], freqs[kBlockSize];
    list->DecodeBlock(0, docs, freqs);
    EXPECT_EQ(docs[4], 12u);
    EXPECT_EQ(freqs[4], 5u);
  }
}

// A segment builder lays out what encoding each term's postings on its own,
// in term order, gives: the same bytes.
TEST(SegmentTest, ABuilderLaysOutWhatEncodingTermByTermGives) {
  std::mt19937 random(23);
  struct Document {
    std::vector<SegmentBuilder::TermFrequency> terms;
    uint32_t length = 0;
  };
  std::vector<Document> documents(400);
  for (Document& document : documents) {
    std::set<std::string> names;
    const int count = 1 + static_cast<int>(random() % 40);
    // Common words, rare ones, and boolean terms.
    while (static_cast<int>(names.size()) < count) names.insert(absl::StrCat("w", random() % (random() % 2 ? 30 : 5000)));
    names.insert(absl::StrCat("Xyear", 2000 + random() % 3));
    for (const std::string& name : names) {
      SegmentBuilder::TermFrequency& term = document.terms.emplace_back();
      term.term = name;
      term.frequency = name[0] == 'X' ? 0 : 1 + static_cast<uint32_t>(random() % 4);
      if (term.frequency > 0 && random() % 4 != 0) {
        for (uint32_t k = 0, at = 0; k < term.frequency; ++k) term.positions.push_back(at += 1 + random() % 30);
      }
      document.length += term.frequency;
    }
  }
  SegmentBuilder builder;
  for (size_t d = 0; d < documents.size(); ++d) {
    builder.AddDocument(documents[d].terms, 1000 + static_cast<int64_t>(d), "S", absl::StrCat("k", d));
  }
  absl::StatusOr<Segment> built = std::move(builder).Finish(9);
  ASSERT_TRUE(built.ok()) << built.status();

  std::map<std::string, PostingListBuilder> by_term;
  std::vector<uint32_t> lengths;
  for (size_t d = 0; d < documents.size(); ++d) lengths.push_back(documents[d].length);
  for (size_t d = 0; d < documents.size(); ++d) {
    for (const SegmentBuilder::TermFrequency& term : documents[d].terms) {
      by_term[term.term].Add(static_cast<uint32_t>(d), term.frequency, lengths[d], term.positions);
    }
  }
  SegmentAssembler assembler;
  for (auto& [term, postings] : by_term) assembler.AddTerm(term, std::move(postings).Finish());
  std::vector<int64_t> published;
  std::vector<uint32_t> sources(documents.size(), 0), key_offsets{0}, tag_offsets(documents.size() + 1, 0);
  std::vector<uint64_t> stored_offsets(documents.size() + 1, 0);
  std::string keys;
  for (size_t d = 0; d < documents.size(); ++d) {
    published.push_back(1000 + static_cast<int64_t>(d));
    keys += absl::StrCat("k", d);
    key_offsets.push_back(static_cast<uint32_t>(keys.size()));
  }
  const std::vector<std::string> source_names = {"S"}, tag_names;
  SegmentAssembler::Columns columns;
  columns.lengths = lengths;
  columns.published = published;
  columns.sources = sources;
  columns.source_names = &source_names;
  columns.key_offsets = key_offsets;
  columns.keys = keys;
  columns.tag_offsets = tag_offsets;
  columns.tag_names = &tag_names;
  columns.stored_offsets = stored_offsets;
  absl::StatusOr<Segment> expected = std::move(assembler).Finish(columns, 9);
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(built->term_count(), by_term.size());
  EXPECT_TRUE(built->bytes() == expected->bytes());
}

Segment SmallSegment() {
  SegmentBuilder builder;
  std::mt19937 random(5);
  for (int d = 0; d < 300; ++d) {
    std::vector<SegmentBuilder::TermFrequency> terms = {{"common", 1 + static_cast<uint32_t>(random() % 5)},
                                                        {absl::StrCat("w", d % 7), 2},
                                                        {absl::StrCat("year", 2000 + d % 3), 0}};
    builder.AddDocument(terms, 10000 + d, d % 2 == 0 ? "Reuters" : "BBC", absl::StrCat("k", d), {},
                        std::string(d % 4, 's'));
  }
  return *std::move(builder).Finish(300);
}

std::vector<Hit> Top(const Segment& segment) {
  SegmentQuery query;
  query.clauses = {{"common", "w3"}};
  return Search(segment, query, SearchOptions()).hits;
}

TEST(SegmentFileTest, WrittenAndReadBackIsTheSameSegment) {
  const Segment segment = SmallSegment();
  const std::string path = testing::TempDir() + "/segment-round-trip";
  ASSERT_TRUE(segment.Write(path).ok());
  absl::StatusOr<Segment> read = Segment::Read(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->bytes(), segment.bytes());
  EXPECT_EQ(read->applied_sequence(), 300);
  EXPECT_EQ(read->document_count(), 300u);
  EXPECT_THAT(read->source_names(), testing::ElementsAre("Reuters", "BBC"));
  const std::vector<Hit> expected = Top(segment), got = Top(*read);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].doc, expected[i].doc);
  EXPECT_EQ(Segment::Read(path + "-missing").status().code(), absl::StatusCode::kNotFound);
}

TEST(SegmentFileTest, AWrittenSegmentReadBackWithoutChecksIsTheSameSegment) {
  const Segment segment = SmallSegment();
  const std::string path = testing::TempDir() + "/segment-read-written";
  ASSERT_TRUE(segment.Write(path).ok());
  absl::StatusOr<Segment> read = Segment::ReadWritten(path, segment);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_NE(read->bytes().data(), segment.bytes().data());
  EXPECT_EQ(read->bytes(), segment.bytes());
  const std::vector<Hit> expected = Top(segment), got = Top(*read);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].doc, expected[i].doc);
  // A file that is not what was written (here, cut short) is refused.
  std::filesystem::resize_file(path, segment.bytes().size() - 1);
  EXPECT_EQ(Segment::ReadWritten(path, segment).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Segment::ReadWritten(path + "-missing", segment).status().code(), absl::StatusCode::kNotFound);
}

TEST(SegmentFileTest, EveryDamagedByteAndEveryCutIsRefused) {
  const Segment segment = SmallSegment();
  const std::string bytes(segment.bytes());
  for (size_t at = 0; at < bytes.size(); at += 7) {
    auto damaged = std::make_shared<std::string>(bytes);
    (*damaged)[at] = static_cast<char>((*damaged)[at] ^ 0x5a);
    EXPECT_EQ(Segment::Open(damaged).status().code(), absl::StatusCode::kDataLoss) << "byte " << at;
  }
  for (size_t size : {size_t{0}, size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_EQ(Segment::Open(std::make_shared<std::string>(bytes.substr(0, size))).status().code(),
              absl::StatusCode::kDataLoss)
        << "cut at " << size;
  }
}

TEST(SegmentFileTest, StructureIsCheckedEvenWithoutChecksums) {
  const Segment segment = SmallSegment();
  // Damage inside the term table, then open without checksums: the offsets
  // and counts are checked before anything is read through them.
  int refused = 0, opened = 0;
  const std::string bytes(segment.bytes());
  for (size_t at = 0; at < bytes.size(); ++at) {
    auto damaged = std::make_shared<std::string>(bytes);
    (*damaged)[at] = static_cast<char>(0xff);
    absl::StatusOr<Segment> opened_segment = Segment::Open(damaged, /*verify_checksums=*/false);
    if (!opened_segment.ok()) {
      EXPECT_EQ(opened_segment.status().code(), absl::StatusCode::kDataLoss);
      ++refused;
      continue;
    }
    ++opened;
    Top(*opened_segment);  // must not read out of bounds (the sanitizers watch)
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(opened, 0);
}

// Attachments travel with a segment: written, read back, and carried by a
// merge (each name once, whichever inputs hold it), in name order.
TEST(SegmentTest, AttachmentsAreKeptAndMergesCarryEveryInputsAttachments) {
  auto build = [](absl::string_view key, std::vector<Attachment> attachments) {
    SegmentBuilder builder;
    builder.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 1}}, 10, "X", key, {}, "stored");
    return std::move(builder).Finish(1, attachments);
  };
  const std::string dictionary(3000, 'd');
  absl::StatusOr<Segment> first = build("k1", {{"zstd-body-7", dictionary}, {"zstd-rest-9", "rest"}});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->attachments().size(), 2u);
  EXPECT_EQ(first->attachments()[0].name, "zstd-body-7");
  EXPECT_EQ(first->attachments()[0].bytes, dictionary);
  ASSERT_NE(first->FindAttachment("zstd-rest-9"), nullptr);
  EXPECT_EQ(first->FindAttachment("zstd-rest-9")->bytes, "rest");
  EXPECT_EQ(first->FindAttachment("zstd-rest"), nullptr);
  EXPECT_EQ(first->ByteSize().attachments, 4 * 4 + 11 + 3000 + 11 + 4u);
  EXPECT_EQ(first->stored(0), "stored");

  const std::string path = testing::TempDir() + "/segment-attachments";
  ASSERT_TRUE(first->Write(path).ok());
  absl::StatusOr<Segment> read = Segment::Read(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->attachments().size(), 2u);
  EXPECT_EQ(read->attachments()[0].bytes, dictionary);

  absl::StatusOr<Segment> second = build("k2", {{"zstd-body-7", dictionary}, {"zstd-body-8", "newer"}});
  absl::StatusOr<Segment> bare = build("k3", {});
  ASSERT_TRUE(second.ok() && bare.ok());
  EXPECT_TRUE(bare->attachments().empty());
  const MergeInput inputs[] = {{&*bare, nullptr}, {&*read, nullptr}, {&*second, nullptr}};
  absl::StatusOr<Segment> merged = MergeSegments(inputs, 2);
  ASSERT_TRUE(merged.ok()) << merged.status();
  std::vector<std::string> names;
  for (const Attachment& attachment : merged->attachments()) names.emplace_back(attachment.name);
  EXPECT_THAT(names, testing::ElementsAre("zstd-body-7", "zstd-body-8", "zstd-rest-9"));
  EXPECT_EQ(merged->FindAttachment("zstd-body-7")->bytes, dictionary);
  EXPECT_EQ(merged->document_count(), 3u);

  // Out of order, or a name twice: refused by the writer.
  SegmentBuilder unordered;
  unordered.AddDocument(std::vector<SegmentBuilder::TermFrequency>{{"a", 1}}, 10, "X", "k");
  EXPECT_EQ(std::move(unordered).Finish(1, {{"b", ""}, {"a", ""}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chronicle::index::segment
