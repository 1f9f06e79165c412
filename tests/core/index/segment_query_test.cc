// The segment engine's query compiler against Xapian's: the same articles,
// as DocumentBuilder makes them, in a Xapian database and in a segment;
// every query of the language must then find the same articles in the same order
// (prefixes: the same articles, since Xapian weighs their expansion as one
// synonym).
#include "core/index/segment_query.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/index/document_builder.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment/posting_list.h"
#include "core/index/segment/query_tree.h"
#include "core/index/segment/segment.h"
#include "gtest/gtest.h"
#include "xapian.h"

namespace chronicle::index {
namespace {

struct Doc {
  std::string id, title, body, source;
  absl::CivilDay published;
  std::vector<std::string> entities;
};

const std::vector<Doc>& Docs() {
  static const auto* docs = new std::vector<Doc>{
      {"chips", "Chip exports curbed", "Semiconductor materials need licences, the ministry said on Monday.",
       "Harbor Journal", absl::CivilDay(2019, 7, 1), {"org:ministry-of-trade"}},
      {"ferry", "Ferry strike ends", "Crossings resume after the strike; the ferry union accepted the offer.",
       "Asia Pulse Daily", absl::CivilDay(2019, 12, 24), {}},
      {"both", "Strike hits chip plant", "Workers at a semiconductor plant went on strike over chip quotas.",
       "Harbor Journal", absl::CivilDay(2020, 1, 2), {"person:yoon-suk-yeol"}},
      {"summit", "Summit in Chengdu", "Leaders met at the summit in Chengdu; trade and chips were discussed.",
       "Seoul Daily", absl::CivilDay(2019, 12, 23), {"person:yoon-suk-yeol", "org:ministry-of-trade"}},
      {"court", "Court ruling", "The court ruled on forced labor; the ruling angered the ministry.",
       "Seoul Daily", absl::CivilDay(2018, 10, 30), {}},
      {"rulings", "Rulings pile up", "Courts issued rulings on labor and trade; strikes followed the rulings.",
       "Asia Pulse Daily", absl::CivilDay(2021, 3, 5), {}},
  };
  return *docs;
}

v1::StoredArticle StoredOf(const Doc& doc) {
  v1::StoredArticle stored;
  v1::Article* article = stored.mutable_article();
  article->set_id(doc.id);
  article->set_body(doc.body);
  article->mutable_metadata()->set_title(doc.title);
  article->mutable_metadata()->set_source(doc.source);
  article->mutable_metadata()->set_language("en");
  article->mutable_metadata()->mutable_published()->mutable_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(doc.published, absl::UTCTimeZone())));
  for (const std::string& id : doc.entities) article->add_entities()->set_id(id);
  return stored;
}

class SegmentQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Per process: ctest runs each test of the suite in a process of its
    // own, in parallel, and one's teardown must not remove another's
    // database.
    path_ = new std::string(
        (std::filesystem::path(::testing::TempDir()) / absl::StrCat("segment-query-", getpid())).string());
    std::filesystem::remove_all(*path_);
    // Xapian's reference and the segment: the same documents, as the index
    // writer makes them for each engine.
    Xapian::WritableDatabase reference(*path_, Xapian::DB_CREATE_OR_OVERWRITE);
    DocumentBuilder documents;
    segment::SegmentBuilder builder;
    int64_t sequence = 0;
    for (const Doc& doc : Docs()) {
      const v1::StoredArticle stored = StoredOf(doc);
      const Xapian::Document document = documents.BuildArticle(stored, ++sequence);
      reference.add_document(document);
      const segment::IndexDocument indexed = DocumentBuilder::SegmentDocument(stored, document);
      builder.AddDocument(indexed.terms, indexed.published, indexed.source, indexed.key, indexed.tags);
    }
    reference.commit();
    db_ = new Xapian::Database(*path_);
    absl::StatusOr<segment::Segment> built = std::move(builder).Finish();
    ASSERT_TRUE(built.ok()) << built.status();
    segment_ = new segment::Segment(*std::move(built));
  }
  static void TearDownTestSuite() {
    delete segment_;
    delete db_;
    std::filesystem::remove_all(*path_);
    delete path_;
  }

  // Ids best first, and their scores, from each engine.
  static std::vector<std::pair<std::string, double>> Xapian(const std::string& text) {
    const Xapian::Stem stemmer("english");
    const EntityResolver resolver = Resolver();
    const QueryContext context{db_, &stemmer, &resolver, ""};
    absl::StatusOr<Xapian::Query> query = ParseTextQuery(text, "query", context);
    EXPECT_TRUE(query.ok()) << query.status();
    Xapian::Enquire enquire(*db_);
    enquire.set_query(*query);
    std::vector<std::pair<std::string, double>> ranked;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document document = it.get_document();
      for (Xapian::TermIterator term = document.termlist_begin(); term != document.termlist_end(); ++term) {
        if (absl::StartsWith(*term, schema::kIdPrefix)) {
          ranked.emplace_back((*term).substr(schema::kIdPrefix.size()), it.get_weight());
        }
      }
    }
    return ranked;
  }
  static std::vector<std::pair<std::string, double>> Segment(const std::string& text) {
    const Xapian::Stem stemmer("english");
    const EntityResolver resolver = Resolver();
    SegmentQueryContext context;
    context.stemmer = &stemmer;
    context.resolve_entity = &resolver;
    context.expand_prefix = [](absl::string_view prefix, size_t limit) {
      std::vector<std::string> terms;
      for (const std::string& term : segment::TermsWithPrefix(*segment_, prefix)) terms.emplace_back(term);
      if (terms.size() > limit) terms.resize(limit);
      return terms;
    };
    absl::StatusOr<segment::QueryTree> tree = ParseSegmentQuery(text, "query", context);
    EXPECT_TRUE(tree.ok()) << tree.status();
    segment::SearchOptions options;
    options.k = 100;
    const segment::SearchResult result = segment::SearchTree(*segment_, *tree, options);
    std::vector<std::pair<std::string, double>> ranked;
    for (const segment::Hit& hit : result.hits) ranked.emplace_back(segment_->key(hit.doc), hit.score);
    return ranked;
  }
  static EntityResolver Resolver() {
    return [](absl::string_view name) {
      if (name == "Yoon Suk-yeol") return std::vector<std::string>{"person:yoon-suk-yeol"};
      return std::vector<std::string>{};
    };
  }

  static std::string* path_;
  static Xapian::Database* db_;
  static segment::Segment* segment_;
};

std::string* SegmentQueryTest::path_ = nullptr;
Xapian::Database* SegmentQueryTest::db_ = nullptr;
segment::Segment* SegmentQueryTest::segment_ = nullptr;

TEST_F(SegmentQueryTest, EveryShapeRanksAsXapianDoes) {
  int matched = 0;
  for (const std::string text :
       {"strike", "rulings", "ruled", "chip strike", "\"summit in Chengdu\"", "\"chip plant\"", "strike -semiconductor",
        "strike NOT semiconductor", "ferry OR licences", "(ferry OR plant) strike", "title:strike",
        "title:\"chip plant\"", "source:\"asia pulse daily\"", "strike source:\"Harbor Journal\"",
        "lang:en strike", "entity:\"Yoon Suk-yeol\"", "entity:org:ministry-of-trade trade", "trade -entity:org:ministry-of-trade",
        "published:2019 trade", "published:2019-12..2020 strike OR summit", "published:..2019-07 labor OR chips",
        "NOT strike", "Japan-Korea", "...", "(labor OR trade) (court OR ministry) -chips", "missingword"}) {
    const auto xapian = Xapian(text);
    const auto segment = Segment(text);
    ASSERT_EQ(segment.size(), xapian.size()) << text;
    for (size_t i = 0; i < xapian.size(); ++i) {
      EXPECT_EQ(segment[i].first, xapian[i].first) << text << " rank " << i;
      EXPECT_NEAR(segment[i].second, xapian[i].second, 1e-9) << text << " rank " << i;
    }
    matched += !xapian.empty();
  }
  EXPECT_GT(matched, 18);
}

// The engine walks only a word's stem when the compiler says the stem
// covers the form typed, and bounds a candidate as if the form were there
// as often as the stem: both must hold for every word indexed, in the
// segment the index writer builds (ArticleDocument) as in the reference.
TEST_F(SegmentQueryTest, AWordMarkedCoveredHasEveryFormDocumentInItsStem) {
  DocumentBuilder documents;
  segment::SegmentBuilder writer_builder;
  for (const Doc& doc : Docs()) {
    const segment::IndexDocument indexed = documents.ArticleDocument(StoredOf(doc));
    writer_builder.AddDocument(indexed.terms, indexed.published, indexed.source, indexed.key, indexed.tags);
  }
  absl::StatusOr<segment::Segment> as_written = std::move(writer_builder).Finish();
  ASSERT_TRUE(as_written.ok()) << as_written.status();

  // Each document of the term, with how often it holds the term.
  auto documents_of = [](const segment::Segment& segment, const std::string& term) {
    std::map<uint32_t, uint32_t> held;
    const segment::PostingList list = segment.Find(term);
    uint32_t docs[segment::kBlockSize], freqs[segment::kBlockSize];
    for (size_t b = 0; b < list.block_count(); ++b) {
      list.DecodeBlock(b, docs, freqs);
      for (uint32_t i = 0; i < list.BlockLength(b); ++i) held[docs[i]] = freqs[i];
    }
    return held;
  };
  const Xapian::Stem stemmer("english");
  SegmentQueryContext context;
  context.stemmer = &stemmer;
  int covered = 0, checked = 0, more_often = 0;
  for (const segment::Segment* segment : {segment_, &*as_written}) {
    for (const Doc& doc : Docs()) {
      for (const std::string& text : {doc.title, doc.body}) {
        for (const std::string& word : ExactTerms(text)) {
          for (const std::string& query : {word, "title:" + word}) {
            absl::StatusOr<segment::QueryTree> tree = ParseSegmentQuery(query, "query", context);
            ASSERT_TRUE(tree.ok()) << tree.status();
            ++checked;
            if (!tree->first_covers_rest) continue;
            ++covered;
            ASSERT_EQ(tree->children.size(), 2u) << query;
            const std::map<uint32_t, uint32_t> stem = documents_of(*segment, tree->children[0].term);
            for (const auto& [d, frequency] : documents_of(*segment, tree->children[1].term)) {
              const auto in_stem = stem.find(d);
              ASSERT_TRUE(in_stem != stem.end()) << query << ": document " << d << " has the form, not the stem";
              EXPECT_LE(frequency, in_stem->second) << query << ": document " << d << " has the form more often";
              more_often += frequency < in_stem->second;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(covered, 200) << "of " << checked;
  // Some stem holds a document more often than a form of it (other forms
  // there too), so the frequencies are compared where they differ.
  EXPECT_GT(more_often, 0);
  // A number takes no stem in the index: both lists are walked.
  absl::StatusOr<segment::QueryTree> number = ParseSegmentQuery("2019", "query", context);
  ASSERT_TRUE(number.ok());
  EXPECT_FALSE(number->first_covers_rest);
}

TEST_F(SegmentQueryTest, PrefixesFindTheSameArticles) {
  for (const std::string text : {"semicond*", "title:chip*", "rul*", "court rul*", "zz*"}) {
    std::set<std::string> xapian, segment;
    for (const auto& [id, score] : Xapian(text)) xapian.insert(id);
    for (const auto& [id, score] : Segment(text)) segment.insert(id);
    EXPECT_EQ(segment, xapian) << text;
  }
}

TEST(PublishedFilterTest, CutsAtTheInstantNotTheDay) {
  // Three articles: a second apart around 10:00 on one day, and undated.
  const int64_t ten = absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2019, 12, 23, 10, 0, 0),
                                                          absl::UTCTimeZone()));
  // As DocumentBuilder indexes them: with their year and month terms.
  const std::vector<segment::SegmentBuilder::TermFrequency> dated = {
      {"word", 1, {}},
      {schema::BooleanTerm(schema::kMonthPrefix, "2019-12"), 0, {}},
      {schema::BooleanTerm(schema::kYearPrefix, "2019"), 0, {}}};
  segment::SegmentBuilder builder;
  builder.AddDocument(dated, ten - 1, "", "before");
  builder.AddDocument(dated, ten, "", "at");
  builder.AddDocument({{"word", 1, {}}}, segment::kNoTime, "", "undated");
  const segment::Segment segment = *std::move(builder).Finish();
  auto found = [&](absl::Time start, absl::Time end) {
    std::vector<segment::QueryTree> parts;
    parts.push_back(segment::QueryTree::Term("word"));
    parts.push_back(PublishedFilter(start, end));
    segment::SearchOptions options;
    options.k = 10;
    std::set<std::string> keys;
    for (const segment::Hit& hit : segment::SearchTree(segment, segment::QueryTree::All(std::move(parts)), options).hits) {
      keys.emplace(segment.key(hit.doc));
    }
    return keys;
  };
  const absl::Time at = absl::FromUnixSeconds(ten);
  using Keys = std::set<std::string>;
  EXPECT_EQ(found(at, at + absl::Seconds(1)), Keys({"at"}));
  EXPECT_EQ(found(at - absl::Milliseconds(500), at), Keys());
  EXPECT_EQ(found(at - absl::Milliseconds(1500), at), Keys({"before"}));
  EXPECT_EQ(found(at - absl::Seconds(1), at + absl::Nanoseconds(1)), Keys({"before", "at"}));
  EXPECT_EQ(found(absl::InfinitePast(), at), Keys({"before"}));
  EXPECT_EQ(found(at, absl::InfiniteFuture()), Keys({"at"}));
  EXPECT_EQ(found(at, at), Keys());
  // Whole days: the month's term matches both, the times tell them apart.
  const absl::Time day = absl::FromCivil(absl::CivilDay(2019, 12, 23), absl::UTCTimeZone());
  EXPECT_EQ(found(day, day + absl::Hours(24)), Keys({"before", "at"}));
  EXPECT_EQ(found(day + absl::Hours(24), day + absl::Hours(48)), Keys());
  EXPECT_EQ(found(day - absl::Hours(24), day), Keys());
}

}  // namespace
}  // namespace chronicle::index
