// The segment index as a whole: merging, and a writer driven through random
// adds, replacements, deletions, commits, merges (some running on a thread
// beside the commits) and reopenings, whose every snapshot must answer as a
// brute-force scorer over the documents that should be live.
#include "core/index/segment/segment_index.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/index/segment/merge.h"
#include "core/index/segment/search_internal.h"
#include "gtest/gtest.h"

namespace chronicle::index::segment {
namespace {

// A document as the tests know it: what the index is given.
struct TestDocument {
  std::string key;
  std::map<std::string, uint32_t> terms;
  std::map<std::string, std::vector<uint32_t>> positions;
  int64_t published = kNoTime;
  std::string source;
  std::vector<std::string> tags;
  std::string stored;

  std::vector<SegmentBuilder::TermFrequency> TermList() const {
    std::vector<SegmentBuilder::TermFrequency> list;
    for (const auto& [term, frequency] : terms) list.push_back({term, frequency, positions.at(term)});
    return list;
  }
  uint32_t length() const {
    uint32_t length = 0;
    for (const auto& [term, frequency] : terms) length += frequency;
    return length;
  }
};

// Words drawn so that a few are in most documents and many in a few.
TestDocument RandomDocument(std::mt19937& random, std::string key) {
  TestDocument document;
  document.key = std::move(key);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int t = 0; t < 30; ++t) {
    if (unit(random) < 0.9 / (t + 1)) document.terms[absl::StrCat("t", t)] = 1 + random() % (t < 3 ? 8 : 3);
  }
  document.terms["filler"] = 1 + random() % 200;
  document.terms[absl::StrCat("b", random() % 4)] = 0;
  std::vector<std::string> words;
  for (const auto& [term, frequency] : document.terms) words.insert(words.end(), frequency, term);
  std::shuffle(words.begin(), words.end(), random);
  for (const auto& [term, frequency] : document.terms) document.positions[term];
  for (uint32_t p = 0; p < words.size(); ++p) document.positions[words[p]].push_back(p);
  document.published =
      random() % 13 == 0 ? kNoTime : static_cast<int64_t>(random() % 20000) * 86400 + random() % 86400;
  for (int tag = 0; tag < 6; ++tag) {
    if (random() % 4 == 0) document.tags.push_back(absl::StrCat("tag", tag));
  }
  document.source = std::vector<std::string>{"Reuters", "BBC", "AP", ""}[random() % 4];
  // Stored bytes of any length, none for some, a NUL among them.
  if (random() % 5 != 0) document.stored = std::string(random() % 300, static_cast<char>('a' + random() % 26));
  if (!document.stored.empty() && random() % 2 == 0) document.stored[random() % document.stored.size()] = '\0';
  return document;
}

SegmentQuery RandomQuery(std::mt19937& random) {
  SegmentQuery query;
  for (int c = 0, n = 1 + random() % 2; c < n; ++c) {
    std::vector<std::string> clause;
    for (int t = 0, m = 1 + random() % 2; t < m; ++t) {
      clause.push_back(absl::StrCat("t", random() % 4 == 0 ? random() % 34 : random() % 5));
    }
    query.clauses.push_back(std::move(clause));
  }
  if (random() % 4 == 0) {
    query.phrases.push_back({absl::StrCat("t", random() % 3), random() % 2 == 0 ? "filler" : "t0"});
    if (random() % 2 == 0) query.clauses.clear();
  }
  if (random() % 4 == 0) query.filters.push_back({absl::StrCat("b", random() % 4)});
  if (random() % 4 == 0) {
    query.published_min = static_cast<int64_t>(random() % 15000) * 86400 + random() % 86400;
    query.published_max = query.published_min + static_cast<int64_t>(random() % 8000) * 86400;
  }
  return query;
}

// Scores every live document, given in index order, with `statistics`.
IndexSearchResult BruteForce(const std::vector<const TestDocument*>& live, const CollectionStatistics& statistics,
                             const SegmentQuery& query, const SearchOptions& options) {
  IndexSearchResult result;
  auto weigh = [&](const std::string& term, const TestDocument& document) {
    const auto held = statistics.term_documents.find(term);
    const Bm25Term bm25(statistics.documents, held == statistics.term_documents.end() ? 0 : held->second,
                        statistics.average_length, options.bm25);
    return bm25.Score(document.terms.at(term), document.length());
  };
  std::vector<IndexHit> hits;
  for (uint32_t i = 0; i < live.size(); ++i) {
    const TestDocument& document = *live[i];
    double score = 0;
    bool all = !query.clauses.empty() || !query.phrases.empty();
    for (const auto& clause : query.clauses) {
      bool any = false;
      for (const std::string& term : clause) {
        if (document.terms.count(term) == 0) continue;
        any = true;
        score += weigh(term, document);
      }
      all = all && any;
    }
    for (const auto& filter : query.filters) {
      all = all && std::any_of(filter.begin(), filter.end(),
                               [&](const std::string& term) { return document.terms.count(term) > 0; });
    }
    for (const auto& phrase : query.phrases) {
      if (!all) break;
      bool found = false;
      for (const std::string& term : phrase) all = all && document.terms.count(term) > 0;
      if (!all) break;
      for (uint32_t start : document.positions.at(phrase.front())) {
        bool here = true;
        for (size_t j = 1; j < phrase.size() && here; ++j) {
          const std::vector<uint32_t>& at = document.positions.at(phrase[j]);
          here = std::binary_search(at.begin(), at.end(), start + static_cast<uint32_t>(j));
        }
        found = found || here;
      }
      all = all && found;
      for (const std::string& term : phrase) score += weigh(term, document);
    }
    const bool bounded = query.published_min != std::numeric_limits<int64_t>::min() ||
                         query.published_max != std::numeric_limits<int64_t>::max();
    if (!all || (bounded && (document.published == kNoTime || document.published < query.published_min ||
                             document.published > query.published_max))) {
      continue;
    }
    ++result.matches;
    ++result.source_counts[document.source];
    for (const std::string& tag : document.tags) ++result.tag_counts[tag];
    if (document.published != kNoTime) {
      ++result.year_counts[YearOfTime(document.published)];
      ++result.month_counts[MonthOfTime(document.published)];
    }
    hits.push_back({0, i, score});  // `doc` here: the position in index order
  }
  std::stable_sort(hits.begin(), hits.end(), [](const IndexHit& a, const IndexHit& b) { return a.score > b.score; });
  if (hits.size() > static_cast<size_t>(options.k)) hits.resize(options.k);
  result.hits = std::move(hits);
  return result;
}

// A tree over words, phrases, filters and publication ranges, up to `depth` deep.
QueryTree RandomTree(std::mt19937& random, int depth) {
  const int pick = static_cast<int>(random() % 20);
  if (depth == 0 || pick < 8) {
    if (pick < 12 && pick % 4 != 3) {
      return QueryTree::Term(absl::StrCat("t", random() % 5 == 0 ? random() % 34 : random() % 6));
    }
    switch (random() % 5) {
      case 0:
        return QueryTree::Phrase({absl::StrCat("t", random() % 3), random() % 2 == 0 ? "filler" : "t0"});
      case 1:
        return QueryTree::Filter(QueryTree::Term(absl::StrCat("b", random() % 5)));
      case 2: {
        const int64_t first = static_cast<int64_t>(random() % 15000) * 86400 + random() % 86400;
        return QueryTree::Published(first, first + static_cast<int64_t>(random() % 8000) * 86400);
      }
      case 3:
        return random() % 2 == 0 ? QueryTree::Everything() : QueryTree::Nothing();
      default:
        return QueryTree::Term(absl::StrCat("t", random() % 3));
    }
  }
  std::vector<QueryTree> children;
  for (int c = 0, n = 1 + static_cast<int>(random() % 3); c < n; ++c) children.push_back(RandomTree(random, depth - 1));
  switch (random() % 5) {
    case 0:
    case 1:
      return QueryTree::All(std::move(children));
    case 2:
      return QueryTree::Any(std::move(children));
    case 3: {
      QueryTree base = RandomTree(random, depth - 1);
      return QueryTree::Except(std::move(base), std::move(children));
    }
    default:
      return QueryTree::Filter(QueryTree::Any(std::move(children)));
  }
}

// Whether the tree matches the document, and its weight there.
std::pair<bool, double> Evaluate(const QueryTree& tree, const TestDocument& document,
                                 const CollectionStatistics& statistics, bool weighted) {
  auto weigh = [&](const std::string& term) {
    if (!weighted) return 0.0;
    const auto held = statistics.term_documents.find(term);
    const Bm25Term bm25(statistics.documents, held == statistics.term_documents.end() ? 0 : held->second,
                        statistics.average_length);
    return bm25.Score(document.terms.at(term), document.length());
  };
  switch (tree.kind) {
    case QueryTree::Kind::kNothing:
      return {false, 0};
    case QueryTree::Kind::kEverything:
      return {true, 0};
    case QueryTree::Kind::kPublished:
      return {document.published != kNoTime && document.published >= tree.published_min &&
                  document.published <= tree.published_max,
              0};
    case QueryTree::Kind::kTerm:
      if (document.terms.count(tree.term) == 0) return {false, 0};
      return {true, weigh(tree.term)};
    case QueryTree::Kind::kPhrase: {
      for (const std::string& term : tree.terms) {
        if (document.terms.count(term) == 0) return {false, 0};
      }
      bool found = false;
      for (uint32_t start : document.positions.at(tree.terms.front())) {
        bool here = true;
        for (size_t j = 1; j < tree.terms.size() && here; ++j) {
          const std::vector<uint32_t>& at = document.positions.at(tree.terms[j]);
          here = std::binary_search(at.begin(), at.end(), start + static_cast<uint32_t>(j));
        }
        found = found || here;
      }
      if (!found) return {false, 0};
      double score = 0;
      for (const std::string& term : tree.terms) score += weigh(term);
      return {true, score};
    }
    case QueryTree::Kind::kAll:
    case QueryTree::Kind::kAny: {
      const bool all = tree.kind == QueryTree::Kind::kAll;
      bool matched = all && !tree.children.empty();
      double score = 0;
      for (const QueryTree& child : tree.children) {
        const auto [child_matched, child_score] = Evaluate(child, document, statistics, weighted);
        matched = all ? matched && child_matched : matched || child_matched;
        if (child_matched) score += child_score;
      }
      return {matched, matched ? score : 0};
    }
    case QueryTree::Kind::kExcept: {
      const auto [matched, score] = Evaluate(tree.children.front(), document, statistics, weighted);
      for (size_t i = 1; i < tree.children.size(); ++i) {
        if (Evaluate(tree.children[i], document, statistics, false).first) return {false, 0};
      }
      return {matched, score};
    }
    case QueryTree::Kind::kFilter:
      return {Evaluate(tree.children.front(), document, statistics, false).first, 0};
  }
  return {false, 0};
}

IndexSearchResult BruteForceTree(const std::vector<const TestDocument*>& live, const CollectionStatistics& statistics,
                                 const QueryTree& tree, const SearchOptions& options) {
  IndexSearchResult result;
  std::vector<IndexHit> hits;
  for (uint32_t i = 0; i < live.size(); ++i) {
    const auto [matched, score] = Evaluate(tree, *live[i], statistics, true);
    if (!matched) continue;
    ++result.matches;
    ++result.source_counts[live[i]->source];
    for (const std::string& tag : live[i]->tags) ++result.tag_counts[tag];
    if (live[i]->published != kNoTime) {
      ++result.year_counts[YearOfTime(live[i]->published)];
      ++result.month_counts[MonthOfTime(live[i]->published)];
    }
    hits.push_back({0, i, score});
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const IndexHit& a, const IndexHit& b) {
    if (options.order != Order::kRelevance) {
      const int64_t when_a = live[a.doc]->published, when_b = live[b.doc]->published;
      if (when_a != when_b) return options.order == Order::kNewest ? when_a > when_b : when_a < when_b;
    }
    return a.score > b.score;
  });
  if (hits.size() > static_cast<size_t>(options.k)) hits.resize(options.k);
  result.hits = std::move(hits);
  return result;
}

// The statistics over every document the snapshot's segments hold, deleted
// ones included, counted here without IndexSnapshot's help.
CollectionStatistics CountStatistics(const IndexSnapshot& snapshot, const QueryTree& tree) {
  CollectionStatistics statistics;
  uint64_t length = 0;
  for (const IndexSnapshot::Part& part : snapshot.segments()) {
    statistics.documents += part.segment->document_count();
    for (uint32_t value : part.segment->lengths()) length += value;
  }
  statistics.average_length = statistics.documents > 0 ? static_cast<double>(length) / statistics.documents : 0;
  for (const std::string& term : tree.WeightedTerms()) {
    int64_t& held = statistics.term_documents[term];
    held = 0;
    for (const IndexSnapshot::Part& part : snapshot.segments()) held += part.segment->Find(term).document_count();
  }
  return statistics;
}

// The statistics over every document the snapshot's segments hold, deleted
// ones included, counted here without IndexSnapshot's help.
CollectionStatistics CountStatistics(const IndexSnapshot& snapshot, const SegmentQuery& query) {
  CollectionStatistics statistics;
  uint64_t length = 0;
  for (const IndexSnapshot::Part& part : snapshot.segments()) {
    statistics.documents += part.segment->document_count();
    for (uint32_t value : part.segment->lengths()) length += value;
  }
  statistics.average_length = statistics.documents > 0 ? static_cast<double>(length) / statistics.documents : 0;
  for (const auto* groups : {&query.clauses, &query.phrases}) {
    for (const auto& terms : *groups) {
      for (const std::string& term : terms) {
        int64_t& held = statistics.term_documents[term];
        held = 0;
        for (const IndexSnapshot::Part& part : snapshot.segments()) held += part.segment->Find(term).document_count();
      }
    }
  }
  return statistics;
}

class SegmentIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = ::testing::TempDir() + "/segment-index-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name();
    options_.merge_factor = 4;
    options_.min_merge_documents = 20;
    std::filesystem::remove_all(options_.path);
  }
  void TearDown() override { std::filesystem::remove_all(options_.path); }

  std::unique_ptr<SegmentIndexWriter> OpenOrDie() {
    absl::StatusOr<std::unique_ptr<SegmentIndexWriter>> writer = SegmentIndexWriter::Open(options_);
    EXPECT_TRUE(writer.ok()) << writer.status();
    return writer.ok() ? *std::move(writer) : nullptr;
  }

  SegmentIndexOptions options_;
};

// SelectedHits keeps what a heap of the k best keeps, in the same order,
// whether hits come in the order they rank (the newest-first walk of a
// segment in publication order), against it, or mixed with ties that only
// the score and then the document break; and it drops what the floor drops.
TEST(SelectedHitsTest, KeepsTheHitsAHeapKeeps) {
  std::mt19937 random(1965);
  for (int pattern = 0; pattern < 3; ++pattern) {
    for (size_t k : {1, 2, 7, 100, 5000}) {
      for (double floor : {-1.0, 0.5}) {
        const uint32_t n = 4000;
        std::vector<int64_t> published(n);
        std::vector<Hit> offered;
        for (uint32_t doc = 0; doc < n; ++doc) {
          published[doc] = pattern == 0 ? doc : pattern == 1 ? n - doc : random() % 50;
          offered.push_back({doc, static_cast<double>(random() % 8) / 4});
        }
        const ByDate newest{published.data(), true};
        RankedHits<ByDate> heap(k, floor, newest);
        SelectedHits<ByDate> selected(k, floor, newest);
        for (const Hit& hit : offered) {
          heap.Offer(hit);
          selected.Offer(hit);
        }
        const std::vector<Hit> expected = std::move(heap).Sorted();
        const std::vector<Hit> got = std::move(selected).Sorted();
        ASSERT_EQ(got.size(), expected.size()) << pattern << " k=" << k << " floor=" << floor;
        for (size_t i = 0; i < got.size(); ++i) {
          ASSERT_EQ(got[i].doc, expected[i].doc) << pattern << " k=" << k << " floor=" << floor << " rank " << i;
          ASSERT_EQ(got[i].score, expected[i].score);
        }
        if (floor >= 0) {
          for (const Hit& hit : got) EXPECT_GT(hit.score, floor);
        }
      }
    }
  }
}

TEST(SegmentKeysTest, EveryDocumentOfAKeyIsFoundAndNoOther) {
  SegmentBuilder builder;
  const std::vector<std::string> keys = {"m", "b", "zz", "b", "", "a", "m", "b"};
  for (const std::string& key : keys) builder.AddDocument({}, kNoTime, "", key);
  const Segment segment = *std::move(builder).Finish();
  for (uint32_t d = 0; d < keys.size(); ++d) EXPECT_EQ(segment.key(d), keys[d]);
  EXPECT_EQ(segment.DocumentsWithKey("b"), (std::vector<uint32_t>{1, 3, 7}));
  EXPECT_EQ(segment.DocumentsWithKey("m"), (std::vector<uint32_t>{0, 6}));
  EXPECT_EQ(segment.DocumentsWithKey(""), (std::vector<uint32_t>{4}));
  EXPECT_EQ(segment.DocumentsWithKey("zz"), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(segment.DocumentsWithKey("c").empty());
  EXPECT_TRUE(segment.DocumentsWithKey("zzz").empty());
  EXPECT_TRUE(SegmentBuilder().Finish()->DocumentsWithKey("a").empty());
}

TEST_F(SegmentIndexTest, PrefixesExpandToTheMostHeldTermsOfEverySegment) {
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  auto add = [&](const std::string& key, std::vector<std::string> words) {
    std::vector<SegmentBuilder::TermFrequency> terms;
    for (std::string& word : words) terms.push_back({std::move(word), 1, {}});
    writer->Add({key, std::move(terms), kNoTime, ""});
  };
  add("a", {"korea", "kor"});
  add("b", {"korean", "korea"});
  ASSERT_TRUE(writer->Commit(2).ok());
  add("c", {"koryo", "korean", "kore"});
  add("d", {"korean", "kos"});
  ASSERT_TRUE(writer->Commit(4).ok());
  const std::shared_ptr<const IndexSnapshot> snapshot = writer->snapshot();
  ASSERT_EQ(snapshot->segments().size(), 2u);
  EXPECT_EQ(snapshot->ExpandPrefix("kor", 100),
            (std::vector<std::string>{"kor", "kore", "korea", "korean", "koryo"}));
  // korean in 3 documents, korea in 2, then ties in term order.
  EXPECT_EQ(snapshot->ExpandPrefix("kor", 3), (std::vector<std::string>{"kor", "korea", "korean"}));
  EXPECT_TRUE(snapshot->ExpandPrefix("x", 10).empty());
  EXPECT_EQ(TermsWithPrefix(*snapshot->segments()[1].segment, "kore"),
            (std::vector<std::string>{"kore", "korean"}));
}

TEST(MergeTest, MergingIsBuildingFromTheLiveDocumentsInOrder) {
  std::mt19937 random(4120);
  for (int round = 0; round < 4; ++round) {
    std::vector<Segment> segments;
    std::vector<Deletions> deletions;
    std::vector<TestDocument> live;
    for (int s = 0; s < 3; ++s) {
      SegmentBuilder builder;
      const int documents = std::vector<int>{0, 1, 150, 700}[random() % 4];
      std::vector<TestDocument> made;
      for (int d = 0; d < documents; ++d) {
        made.push_back(RandomDocument(random, absl::StrCat("k", s, "-", d)));
        builder.AddDocument(made.back().TermList(), made.back().published, made.back().source, made.back().key,
                            made.back().tags, made.back().stored);
      }
      segments.push_back(*std::move(builder).Finish(7));
      Deletions deleted(documents);
      const int share = round == 0 ? 0 : static_cast<int>(random() % 100);
      for (int d = 0; d < documents; ++d) {
        if (static_cast<int>(random() % 100) < share) {
          deleted.Delete(d);
        } else {
          live.push_back(made[d]);
        }
      }
      deletions.push_back(std::move(deleted));
    }
    std::vector<MergeInput> inputs;
    for (size_t s = 0; s < segments.size(); ++s) inputs.push_back({&segments[s], &deletions[s]});
    absl::StatusOr<Segment> merged = MergeSegments(inputs, 42);
    ASSERT_TRUE(merged.ok()) << merged.status();
    ASSERT_TRUE(merged->CheckBlocks().ok());
    SegmentBuilder builder;
    for (const TestDocument& document : live) {
      builder.AddDocument(document.TermList(), document.published, document.source, document.key, document.tags,
                          document.stored);
    }
    absl::StatusOr<Segment> built = std::move(builder).Finish(42);
    ASSERT_TRUE(built.ok()) << built.status();
    EXPECT_EQ(merged->bytes(), built->bytes()) << "round " << round << ", " << live.size() << " live";
  }
  Deletions wrong_size(3);
  const Segment empty = *SegmentBuilder().Finish();
  const MergeInput input{&empty, &wrong_size};
  EXPECT_EQ(MergeSegments({input}, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SegmentIndexTest, EverySnapshotAnswersAsScoringEveryLiveDocument) {
  std::mt19937 random(20261204);
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  // The documents that should be live, by key, with the order in which
  // they were (last) added: the index keeps feed order.
  std::map<std::string, std::pair<int64_t, TestDocument>> model;
  int64_t sequence = 0;
  int queries = 0, merges = 0, max_segments = 0, concurrent_merges = 0;
  int tree_queries = 0, flat_trees = 0, matched_trees = 0;
  // A merge planned at one step runs on a thread of its own while a later
  // step's changes are committed, then finishes.
  std::unique_ptr<MergeTask> planned;
  for (int step = 0; step < 60; ++step) {
    if (planned == nullptr) planned = writer->PlanMerge();
    std::thread running;
    absl::Status run_status;
    if (planned != nullptr && random() % 2 == 0) {
      running = std::thread([&] { run_status = planned->Run(); });
    }
    // A commit's worth of changes: mostly new documents, some replacing or
    // deleting older ones (committed or still buffered).
    for (int change = 0, n = static_cast<int>(random() % 80); change < n; ++change) {
      ++sequence;
      const int kind = static_cast<int>(random() % 10);
      if (kind < 2 && !model.empty()) {
        auto it = std::next(model.begin(), static_cast<long>(random() % model.size()));
        writer->Delete(it->first);
        model.erase(it);
      } else {
        const std::string key = kind < 4 && !model.empty()
                                    ? std::next(model.begin(), static_cast<long>(random() % model.size()))->first
                                    : absl::StrCat("article-", sequence);
        TestDocument document = RandomDocument(random, key);
        IndexDocument indexed{key, document.TermList(), document.published, document.source, document.tags};
        indexed.stored = document.stored;
        writer->Add(std::move(indexed));
        model[key] = {sequence, std::move(document)};
      }
      if (random() % 50 == 0) writer->Delete("never-added");
    }
    ASSERT_TRUE(writer->Commit(sequence).ok());
    if (running.joinable()) {
      running.join();
      ASSERT_TRUE(run_status.ok()) << run_status;
      ASSERT_TRUE(writer->FinishMerge(std::move(planned)).ok());
      planned = nullptr;
      ++concurrent_merges;
    }
    if (random() % 3 == 0) {
      const size_t before = writer->snapshot()->segments().size();
      ASSERT_TRUE(writer->Merge().ok());
      const size_t after = writer->snapshot()->segments().size();
      merges += after < before;
      max_segments = std::max(max_segments, static_cast<int>(after));
    }
    if (random() % 8 == 0) {
      if (planned != nullptr) writer->AbandonMerge(*planned);
      planned = nullptr;
      writer.reset();
      writer = OpenOrDie();
      ASSERT_NE(writer, nullptr);
    }
    const std::shared_ptr<const IndexSnapshot> snapshot = writer->snapshot();
    ASSERT_EQ(snapshot->applied_sequence(), sequence);

    // Live documents in index order are the model's in order of addition.
    std::vector<const TestDocument*> live;
    std::vector<std::pair<int64_t, std::string>> expected_order;
    for (const auto& [key, entry] : model) expected_order.push_back({entry.first, key});
    std::sort(expected_order.begin(), expected_order.end());
    std::vector<std::string> index_order;
    for (const IndexSnapshot::Part& part : snapshot->segments()) {
      for (uint32_t d = 0; d < part.segment->document_count(); ++d) {
        if (part.deletions->contains(d)) continue;
        index_order.emplace_back(part.segment->key(d));
        // What was stored with the latest version, through every merge.
        const auto held = model.find(index_order.back());
        if (held != model.end()) {
          ASSERT_EQ(part.segment->stored(d), held->second.second.stored) << "step " << step;
        }
      }
    }
    ASSERT_EQ(index_order.size(), expected_order.size()) << "step " << step;
    for (size_t i = 0; i < index_order.size(); ++i) {
      ASSERT_EQ(index_order[i], expected_order[i].second) << "step " << step << " position " << i;
      live.push_back(&model.at(index_order[i]).second);
    }
    EXPECT_EQ(snapshot->live_documents(), static_cast<int64_t>(live.size()));

    // Trees of every shape, flat ones (block skipping) among them.
    for (int q = 0; q < 10; ++q, ++tree_queries) {
      const QueryTree tree = RandomTree(random, 3);
      flat_trees += Flatten(tree).has_value();
      SearchOptions options;
      options.k = std::vector<int>{1, 10, 50}[random() % 3];
      options.count_all = random() % 3 == 0;
      options.count_tags = true;
      options.order = std::vector<Order>{Order::kRelevance, Order::kNewest, Order::kOldest}[random() % 3];
      options.count_at_least = std::vector<int64_t>{0, 0, 5, 1000}[random() % 4];
      const IndexSearchResult expected = BruteForceTree(live, CountStatistics(*snapshot, tree), tree, options);
      const IndexSearchResult got = snapshot->Search(tree, options);
      ASSERT_EQ(got.hits.size(), expected.hits.size()) << "step " << step << " tree " << q;
      for (size_t i = 0; i < got.hits.size(); ++i) {
        ASSERT_EQ(snapshot->key(got.hits[i]), live[expected.hits[i].doc]->key)
            << "step " << step << " tree " << q << " rank " << i;
        ASSERT_DOUBLE_EQ(got.hits[i].score, expected.hits[i].score);
      }
      if (options.count_all) {
        EXPECT_EQ(got.matches, expected.matches);
        EXPECT_EQ(got.source_counts, expected.source_counts);
        EXPECT_EQ(got.tag_counts, expected.tag_counts);
        EXPECT_EQ(got.year_counts, expected.year_counts);
        EXPECT_EQ(got.month_counts, expected.month_counts);
      } else {
        EXPECT_LE(got.matches, expected.matches);
        // Below count_at_least (or short of k) nothing was skipped.
        if (got.matches_exact) {
          EXPECT_EQ(got.matches, expected.matches);
        }
      }
      matched_trees += !expected.hits.empty();
    }
    for (int q = 0; q < 10; ++q, ++queries) {
      const SegmentQuery query = RandomQuery(random);
      SearchOptions options;
      options.k = std::vector<int>{1, 10, 50}[random() % 3];
      options.count_all = random() % 3 == 0;
      options.count_tags = true;
      options.count_at_least = std::vector<int64_t>{0, 0, 5, 1000}[random() % 4];
      const CollectionStatistics statistics = CountStatistics(*snapshot, query);
      const IndexSearchResult expected = BruteForce(live, statistics, query, options);
      const IndexSearchResult got = snapshot->Search(query, options);
      ASSERT_EQ(got.hits.size(), expected.hits.size()) << "step " << step << " query " << q;
      for (size_t i = 0; i < got.hits.size(); ++i) {
        ASSERT_EQ(snapshot->key(got.hits[i]), live[expected.hits[i].doc]->key)
            << "step " << step << " query " << q << " rank " << i;
        ASSERT_DOUBLE_EQ(got.hits[i].score, expected.hits[i].score);
      }
      if (options.count_all) {
        EXPECT_EQ(got.matches, expected.matches);
        EXPECT_EQ(got.source_counts, expected.source_counts);
        EXPECT_EQ(got.tag_counts, expected.tag_counts);
        EXPECT_EQ(got.year_counts, expected.year_counts);
        EXPECT_EQ(got.month_counts, expected.month_counts);
      } else {
        EXPECT_LE(got.matches, expected.matches);
        // Below count_at_least (or short of k) nothing was skipped.
        if (got.matches_exact) {
          EXPECT_EQ(got.matches, expected.matches);
        }
      }
    }
  }
  EXPECT_EQ(queries, 600);
  EXPECT_EQ(tree_queries, 600);
  EXPECT_GT(flat_trees, 30) << "too few flat trees: block skipping untested through trees";
  EXPECT_LT(flat_trees, 500) << "too few other trees";
  EXPECT_GT(matched_trees, 200) << "too few trees matched anything to test them";
  EXPECT_GT(concurrent_merges, 3) << "too few merges ran beside commits to test them";
  EXPECT_GT(merges, 3) << "the policy never merged: the test did not exercise merging";
  // After merging, fewer than four (the factor) per size level, over a few
  // levels.
  EXPECT_LE(max_segments, 12);
}

TEST_F(SegmentIndexTest, AFullyMergedIndexWithoutDeletionsScoresOnLiveStatistics) {
  options_.merge_factor = 2;
  options_.min_merge_documents = 1;
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  std::mt19937 random(7);
  std::vector<TestDocument> documents;
  for (int commit = 0; commit < 4; ++commit) {
    for (int d = 0; d < 64; ++d) {
      documents.push_back(RandomDocument(random, absl::StrCat("a", commit, "-", d)));
      writer->Add({documents.back().key, documents.back().TermList(), documents.back().published, documents.back().source});
    }
    ASSERT_TRUE(writer->Commit(commit + 1).ok());
  }
  ASSERT_TRUE(writer->Merge().ok());
  const std::shared_ptr<const IndexSnapshot> snapshot = writer->snapshot();
  ASSERT_EQ(snapshot->segments().size(), 1u);
  // One segment built directly from the same documents ranks identically.
  SegmentBuilder builder;
  for (const TestDocument& document : documents) {
    builder.AddDocument(document.TermList(), document.published, document.source, document.key);
  }
  const Segment single = *std::move(builder).Finish(4);
  EXPECT_EQ(snapshot->segments()[0].segment->bytes(), single.bytes());
  SegmentQuery query;
  query.clauses = {{"t0", "t1"}, {"t2"}};
  SearchOptions options;
  options.k = 20;
  const IndexSearchResult got = snapshot->Search(query, options);
  const SearchResult expected = Search(single, query, options);
  ASSERT_EQ(got.hits.size(), expected.hits.size());
  for (size_t i = 0; i < got.hits.size(); ++i) {
    EXPECT_EQ(got.hits[i].doc, expected.hits[i].doc);
    EXPECT_EQ(got.hits[i].score, expected.hits[i].score);
  }
}

// Under a date order each segment keeps only hits that can still rank
// among the k kept over the segments searched before it. Documents here
// share a few publication seconds across segments, so the k-th hit ties
// with hits of later segments, which then rank by score and place: a
// segment that dropped the ties at the k-th second would lose them.
TEST_F(SegmentIndexTest, DateOrdersKeepTiesAtTheKthSecondAcrossSegments) {
  options_.min_merge_documents = 1000;  // no merges: one segment per commit
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  std::mt19937 random(11);
  std::vector<TestDocument> documents;
  for (int commit = 0; commit < 5; ++commit) {
    for (int d = 0; d < 40; ++d) {
      TestDocument document = RandomDocument(random, absl::StrCat("d", commit, "-", d));
      document.published = random() % 7 == 0 ? kNoTime : 1000 + static_cast<int64_t>(random() % 4);
      writer->Add({document.key, document.TermList(), document.published, document.source});
      documents.push_back(std::move(document));
    }
    ASSERT_TRUE(writer->Commit(commit + 1).ok());
  }
  const std::shared_ptr<const IndexSnapshot> snapshot = writer->snapshot();
  ASSERT_EQ(snapshot->segments().size(), 5u);
  std::vector<const TestDocument*> live;
  for (const TestDocument& document : documents) live.push_back(&document);
  int compared = 0;
  for (const Order order : {Order::kNewest, Order::kOldest}) {
    for (const int k : {1, 7, 30, 90, 150}) {
      for (const char* word : {"filler", "t0", "t1"}) {
        const QueryTree tree = QueryTree::Term(word);
        SearchOptions options;
        options.k = k;
        options.order = order;
        const IndexSearchResult expected = BruteForceTree(live, CountStatistics(*snapshot, tree), tree, options);
        const IndexSearchResult got = snapshot->Search(tree, options);
        ASSERT_EQ(got.hits.size(), expected.hits.size()) << word << " k " << k;
        for (size_t i = 0; i < got.hits.size(); ++i) {
          ASSERT_EQ(snapshot->key(got.hits[i]), live[expected.hits[i].doc]->key) << word << " k " << k << " rank " << i;
        }
        EXPECT_EQ(got.matches, expected.matches);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 30);
}

// The file /proc/self/maps names for the mapping holding `address`, or "" when
// no file mapping holds it (heap memory, for one).
std::string MappedFileHolding(const void* address) {
  std::ifstream maps("/proc/self/maps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  for (std::string line; std::getline(maps, line);) {
    uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx", &begin, &end) != 2 || at < begin || at >= end) continue;
    const size_t slash = line.find('/');
    return slash == std::string::npos ? "" : line.substr(slash);
  }
  return "";
}

// Segments are built in memory; once committed (and once merged) the
// writer's snapshots read them from their files, so the heap holds no second
// copy of the index beside the page cache.
TEST_F(SegmentIndexTest, CommittedSegmentsAreReadFromTheirFiles) {
  options_.merge_factor = 2;
  options_.min_merge_documents = 1;
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  std::mt19937 random(11);
  auto expect_mapped = [&](absl::string_view when) {
    const std::shared_ptr<const IndexSnapshot> snapshot = writer->snapshot();
    ASSERT_FALSE(snapshot->segments().empty()) << when;
    for (const IndexSnapshot::Part& part : snapshot->segments()) {
      EXPECT_EQ(MappedFileHolding(part.segment->bytes().data()),
                std::filesystem::canonical(options_.path + "/" + part.file).string())
          << when << ": " << part.file;
    }
  };
  for (int commit = 0; commit < 2; ++commit) {
    for (int d = 0; d < 16; ++d) {
      const TestDocument document = RandomDocument(random, absl::StrCat("m", commit, "-", d));
      writer->Add({document.key, document.TermList(), document.published, document.source});
    }
    ASSERT_TRUE(writer->Commit(commit + 1).ok());
    expect_mapped(absl::StrCat("after commit ", commit + 1));
  }
  ASSERT_TRUE(writer->Merge().ok());
  ASSERT_EQ(writer->snapshot()->segments().size(), 1u);
  expect_mapped("after the merge");
}

TEST_F(SegmentIndexTest, AFailedWriterRefusesUntilReopenedAndTheIndexKeepsItsLastCommit) {
  std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
  ASSERT_NE(writer, nullptr);
  std::mt19937 random(3);
  writer->Add({"a", RandomDocument(random, "a").TermList(), 100, "X"});
  ASSERT_TRUE(writer->Commit(1).ok());
  // The directory vanishes under the writer: its next commit cannot write.
  std::filesystem::remove_all(options_.path);
  writer->Add({"b", RandomDocument(random, "b").TermList(), 100, "X"});
  EXPECT_FALSE(writer->Commit(2).ok());
  EXPECT_TRUE(writer->failed());
  EXPECT_EQ(writer->Commit(2).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(writer->Merge().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(writer->snapshot()->applied_sequence(), 1);
}

TEST_F(SegmentIndexTest, ADamagedDeletionsFileIsDataLossAtOpen) {
  {
    std::unique_ptr<SegmentIndexWriter> writer = OpenOrDie();
    ASSERT_NE(writer, nullptr);
    std::mt19937 random(5);
    for (const char* key : {"a", "b", "c"}) writer->Add({key, RandomDocument(random, key).TermList(), 1, ""});
    ASSERT_TRUE(writer->Commit(3).ok());
    writer->Delete("b");
    ASSERT_TRUE(writer->Commit(4).ok());
    EXPECT_EQ(writer->snapshot()->live_documents(), 2);
  }
  std::string deletions_file;
  for (const auto& file : std::filesystem::directory_iterator(options_.path)) {
    if (file.path().filename().string().rfind("deletes-", 0) == 0) deletions_file = file.path().string();
  }
  ASSERT_FALSE(deletions_file.empty());
  std::string bytes;
  {
    std::ifstream in(deletions_file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[12] ^= 1;
  {
    std::ofstream out(deletions_file, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  EXPECT_EQ(SegmentIndexWriter::Open(options_).status().code(), absl::StatusCode::kDataLoss);
}

TEST(SegmentIndexReaderTest, FollowsCommitsAndKeepsRetainedSnapshotsForTheirTime) {
  const std::string path = (std::filesystem::path(::testing::TempDir()) / "segment_index_reader").string();
  std::filesystem::remove_all(path);
  SegmentIndexReader reader(path);
  auto empty = reader.Latest();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ((*empty)->generation(), 0);
  EXPECT_EQ((*empty)->live_documents(), 0);

  auto writer = SegmentIndexWriter::Open({path});
  ASSERT_TRUE(writer.ok()) << writer.status();
  auto add = [&](const std::string& key) {
    (*writer)->Add({key, {{"word", 1, {}}}, kNoTime, "Source"});
  };
  add("a");
  add("c");
  ASSERT_TRUE((*writer)->Commit(2).ok());
  auto first = reader.Latest();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ((*first)->applied_sequence(), 2);
  EXPECT_EQ((*first)->live_documents(), 2);
  auto again = reader.Latest();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get());  // nothing changed: the same snapshot

  const absl::Time now = absl::FromUnixSeconds(1000000);
  reader.Retain(*first, now);
  add("b");
  (*writer)->Delete("a");
  ASSERT_TRUE((*writer)->Commit(3).ok());
  auto second = reader.Latest();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*second)->applied_sequence(), 3);
  EXPECT_EQ((*second)->live_documents(), 2);
  // The first commit's segment is shared, not read again; its deletions are.
  ASSERT_EQ((*second)->segments().size(), 2u);
  EXPECT_EQ((*second)->segments()[0].segment, (*first)->segments()[0].segment);
  EXPECT_EQ((*second)->segments()[0].deletions->deleted_count(), 1u);

  EXPECT_EQ(reader.Retained((*first)->generation(), 2, now + absl::Minutes(4)), *first);
  EXPECT_EQ(reader.Retained((*first)->generation(), 7, now), nullptr);  // another index's generation
  EXPECT_EQ(reader.Retained((*second)->generation(), 3, now), nullptr);  // never retained
  EXPECT_EQ(reader.Retained((*first)->generation(), 2, now + SegmentIndexReader::kRetention), nullptr);
}

}  // namespace
}  // namespace chronicle::index::segment
