// A new replica's index copied from a serving one's (index_seed.h): the copy
// answers as the original did, resumes from its sequence, and a copy that is
// damaged or cut short leaves no index behind.
#include "core/index/index_seed.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/index/index_layout.h"
#include "core/index/index_reader.h"
#include "core/index/index_writer.h"
#include "gmock/gmock.h"
#include "tests/core/index/feed_changes.h"
#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// Per test: CTest runs each test of the binary as a process of its own, in
// parallel.
std::string FreshDir(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(::testing::TempDir()) / absl::StrCat("index-seed.", test->name(), ".", name);
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(dir.string() + ".seeding");
  return dir.string();
}

// An article with one event, a day of its own; a duplicate of `duplicate_of`
// when given.
v1::Change DatedUpsert(int64_t sequence, const std::string& id, const std::string& body,
                       const std::string& duplicate_of = "") {
  v1::Change change = Upsert(sequence, id, "Harbor " + id, body);
  AddEvent(change, body, 1577836800 + sequence * 86400, 1577836800 + (sequence + 1) * 86400, v1::DAY, "2020");
  change.mutable_article()->set_duplicate_of(duplicate_of);
  return change;
}

// The source: articles over several commits (several segments), one
// replaced and one deleted (deletion bitmaps), and duplicates.
std::string BuildSource() {
  const std::string path = FreshDir("source");
  auto writer = IndexWriter::Open({.path = path});
  EXPECT_TRUE(writer.ok()) << writer.status();
  int64_t sequence = 0;
  for (int commit = 0; commit < 3; ++commit) {
    for (int i = 0; i < 20; ++i) {
      const int n = commit * 20 + i;
      EXPECT_TRUE((*writer)->Apply(DatedUpsert(++sequence, absl::StrCat("a", n), absl::StrCat("The harbor ship ", n,
                                                                                            " docked at dawn.")))
                      .ok());
    }
    EXPECT_TRUE((*writer)->Commit().ok());
  }
  EXPECT_TRUE((*writer)->Apply(DatedUpsert(++sequence, "a3", "The harbor ship three docked again.")).ok());
  v1::Change removed;
  removed.set_sequence(++sequence);
  removed.set_kind(v1::Change::DELETE);
  removed.set_article_id("a5");
  EXPECT_TRUE((*writer)->Apply(removed).ok());
  EXPECT_TRUE((*writer)->Apply(DatedUpsert(++sequence, "copy-1", "The harbor ship 7 docked at dawn.", "a7")).ok());
  EXPECT_TRUE((*writer)->Apply(DatedUpsert(++sequence, "copy-2", "The harbor ship 7 docked at dawn!", "a7")).ok());
  EXPECT_TRUE((*writer)->Commit().ok());
  return path;
}

// Sends `source`'s current view to `seeder` as the service does, in
// chunks of `chunk` bytes.
void Send(IndexReader& source, IndexSeeder& seeder, size_t chunk) {
  for (const auto& [snapshot, part] : {std::pair{source.duplicates_snapshot(), IndexPart::kDuplicates},
                                       std::pair{source.articles_snapshot(), IndexPart::kArticles}}) {
    for (const segment::IndexSnapshot::Part& segment : snapshot->segments()) {
      absl::string_view bytes = segment.segment->bytes();
      while (!bytes.empty()) {
        const size_t size = std::min(bytes.size(), chunk);
        ASSERT_TRUE(seeder.Append(part, bytes.substr(0, size)).ok());
        bytes.remove_prefix(size);
      }
      ASSERT_TRUE(
          seeder.EndSegment(part, segment.deletions->empty() ? "" : segment.deletions->Serialize()).ok());
    }
    ASSERT_TRUE(seeder.EndPart(part, snapshot->applied_sequence()).ok());
  }
}

std::vector<std::string> Ids(IndexReader& reader, const std::string& query) {
  v1::SearchRequest request;
  request.set_query(query);
  request.set_page_size(100);
  auto response = reader.Search(request);
  EXPECT_TRUE(response.ok()) << response.status();
  std::vector<std::string> ids;
  if (!response.ok()) return ids;
  for (const v1::SearchResult& result : response->results()) {
    ids.push_back(absl::StrCat(result.article_id(), "/", result.similar_count()));
  }
  return ids;
}

TEST(IndexSeedTest, ACopyAnswersAsTheOriginalAndResumesFromItsSequence) {
  const std::string source_path = BuildSource();
  auto source = IndexReader::Open(source_path);
  ASSERT_TRUE(source.ok()) << source.status();
  ASSERT_GT((*source)->articles_snapshot()->segments().size(), 1u);

  const std::string path = FreshDir("copy");
  auto seeder = IndexSeeder::Start(path);
  ASSERT_TRUE(seeder.ok()) << seeder.status();
  Send(**source, **seeder, 777);
  ASSERT_TRUE((*seeder)->Finish().ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".seeding"));

  auto copy = IndexReader::Open(path);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->applied_sequence(), (*source)->applied_sequence());
  for (absl::string_view type : {schema::kArticleType, schema::kDuplicateType, schema::kEventType}) {
    EXPECT_EQ((*copy)->CountDocuments(type), (*source)->CountDocuments(type)) << type;
  }
  EXPECT_EQ((*copy)->CountDocuments(schema::kArticleType), 59);
  EXPECT_THAT(Ids(**copy, "harbor ship"), ElementsAreArray(Ids(**source, "harbor ship")));
  EXPECT_THAT(Ids(**copy, "docked again"), ::testing::ElementsAre("a3/0"));
  auto duplicate = (*copy)->GetArticle("copy-2", v1::GetArticleRequest::FULL);
  ASSERT_TRUE(duplicate.ok() && duplicate->has_value());
  EXPECT_EQ((*duplicate)->article().body(), "The harbor ship 7 docked at dawn!");

  // The writer resumes after the copy's sequence and follows the feed.
  auto writer = IndexWriter::Open({.path = path});
  ASSERT_TRUE(writer.ok()) << writer.status();
  const int64_t next = (*copy)->applied_sequence() + 1;
  EXPECT_EQ((*writer)->committed_sequence(), next - 1);
  ASSERT_TRUE((*writer)->Apply(DatedUpsert(next, "late", "A late harbor ship docked.")).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  ASSERT_TRUE((*copy)->Refresh().ok());
  EXPECT_EQ((*copy)->CountDocuments(schema::kArticleType), 60);
}

TEST(IndexSeedTest, ADamagedOrUnfinishedCopyLeavesNoIndex) {
  const std::string source_path = BuildSource();
  auto source = IndexReader::Open(source_path);
  ASSERT_TRUE(source.ok()) << source.status();
  const std::string path = FreshDir("damaged");
  {
    auto seeder = IndexSeeder::Start(path);
    ASSERT_TRUE(seeder.ok()) << seeder.status();
    std::string bytes(source->get()->articles_snapshot()->segments()[0].segment->bytes());
    bytes[bytes.size() / 2] ^= 0x20;
    ASSERT_TRUE((*seeder)->Append(IndexPart::kArticles, bytes).ok());
    EXPECT_EQ((*seeder)->EndSegment(IndexPart::kArticles, "").code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ((*seeder)->Finish().code(), absl::StatusCode::kFailedPrecondition);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".seeding"));

  // Cut short (the process died): the next start removes what was left.
  {
    auto seeder = IndexSeeder::Start(path);
    ASSERT_TRUE(seeder.ok()) << seeder.status();
    ASSERT_TRUE((*seeder)->Append(IndexPart::kDuplicates, "half a segment").ok());
    std::filesystem::copy(path + ".seeding", path + ".left", std::filesystem::copy_options::recursive);
  }
  std::filesystem::rename(path + ".left", path + ".seeding");
  auto again = IndexSeeder::Start(path);
  ASSERT_TRUE(again.ok()) << again.status();
  Send(**source, **again, 1 << 16);
  ASSERT_TRUE((*again)->Finish().ok());
  auto copy = IndexReader::Open(path);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->CountDocuments(schema::kArticleType), 59);

  // An index already there is never overwritten.
  auto refused = IndexSeeder::Start(path);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("already holds one"));
}

}  // namespace
}  // namespace chronicle::index
