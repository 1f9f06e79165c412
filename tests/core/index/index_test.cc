#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/common/compression.h"
#include "core/feed/change_applier.h"
#include "core/index/document_builder.h"
#include "core/index/index_layout.h"
#include "core/index/index_reader.h"
#include "core/index/index_writer.h"
#include "core/index/page_token.h"
#include "core/index/reader_pool.h"
#include "core/index/record_compression.h"
#include "core/index/schema.h"
#include "core/index/snippet.h"
#include "core/index/stored_events_scan.h"
#include "core/index/timeline_cache.h"
#include "core/timeline/event.h"
#include "tests/core/index/feed_changes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

using ::chronicle::feed::ChangeApplier;
using ::chronicle::feed::ChangeApplierOptions;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

std::string FreshDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::path(::testing::TempDir()) /
             (std::string("index.") + info->test_suite_name() + "." + info->name());
  std::filesystem::remove_all(dir);
  return dir.string();
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDir();
    auto writer = IndexWriter::Open({.path = path_});
    ASSERT_TRUE(writer.ok()) << writer.status();
    writer_ = *std::move(writer);
  }
  void ApplyAll(std::initializer_list<v1::Change> changes) { ApplyAll(std::vector<v1::Change>(changes)); }
  void ApplyAll(const std::vector<v1::Change>& changes) {
    for (const v1::Change& change : changes) ASSERT_TRUE(writer_->Apply(change).ok());
    ASSERT_TRUE(writer_->Commit().ok());
  }
  std::unique_ptr<IndexReader> Reader() {
    auto reader = IndexReader::Open(path_);
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? *std::move(reader) : nullptr;
  }
  v1::SearchResponse Search(const std::string& query, int page_size = 10,
                            const std::string& token = "") {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_page_token(token);
    auto response = reader_->Search(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::SearchResponse();
  }

  // Every citation of every entry of the timeline, in order.
  std::vector<v1::Citation> TimelineCitations(const v1::TimelineRequest& request) {
    std::vector<v1::Citation> found;
    auto timeline = reader_->Timeline(request);
    EXPECT_TRUE(timeline.ok()) << timeline.status();
    if (!timeline.ok()) return found;
    for (const auto& entry : timeline->entries()) {
      found.insert(found.end(), entry.citations().begin(), entry.citations().end());
    }
    return found;
  }

  std::string path_;
  std::unique_ptr<IndexWriter> writer_;
  std::unique_ptr<IndexReader> reader_;
};

TEST_F(IndexTest, CommittedChangesAreSearchableWithAppliedSequence) {
  ApplyAll({Upsert(1, "a", "Harbor reopens", "The harbor reopened after the storm."),
            Upsert(2, "b", "Budget vote", "The council voted on the budget.")});
  reader_ = Reader();
  EXPECT_EQ(reader_->applied_sequence(), 2);
  v1::SearchResponse response = Search("harbor");
  ASSERT_THAT(response.results(), SizeIs(1));
  EXPECT_EQ(response.results(0).article_id(), "a");
  EXPECT_EQ(response.results(0).source(), "Harbor Times");
  EXPECT_THAT(response.results(0).snippet(), HasSubstr("harbor"));
  EXPECT_THAT(response.results(0).snippet_highlights(), SizeIs(1));
  EXPECT_EQ(response.applied_sequence(), 2);
}

TEST_F(IndexTest, StemmingMatchesOtherFormsOfAWord) {
  ApplyAll({Upsert(1, "a", "Votes", "The council voted on the budget.")});
  reader_ = Reader();
  EXPECT_THAT(Search("voting").results(), SizeIs(1));
}

TEST_F(IndexTest, ReopenedWriterResumesAndIgnoresReplayedChanges) {
  ApplyAll({Upsert(1, "a", "One", "first article"), Upsert(2, "b", "Two", "second article")});
  writer_.reset();
  auto reopened = IndexWriter::Open({.path = path_});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  writer_ = *std::move(reopened);
  EXPECT_EQ(writer_->applied_sequence(), 2);
  // A feed replayed from the start changes nothing already applied.
  ApplyAll({Upsert(1, "a", "One", "first article"), Upsert(2, "b", "Two", "second article"),
            Upsert(3, "c", "Three", "third article")});
  EXPECT_EQ(writer_->CountDocuments(schema::kArticleType), 3);
  EXPECT_EQ(writer_->committed_sequence(), 3);
}

TEST_F(IndexTest, SegmentsLeftBehindByACrashAreReplayedWithoutDuplicates) {
  ApplyAll({Upsert(1, "a", "One", "harbor article"), Upsert(2, "b", "Two", "harbor notice"),
            Delete(3, "a"), Upsert(4, "c", "Three", "harbor news")});
  writer_.reset();
  // As if the process died between the duplicates' commit and the
  // articles': the articles hold nothing, the duplicates are at 4.
  std::filesystem::remove_all(SegmentsPath(path_));
  auto reopened = IndexWriter::Open({.path = path_});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  writer_ = *std::move(reopened);
  EXPECT_EQ(writer_->applied_sequence(), 0);  // resumes from the store behind
  reader_ = Reader();
  EXPECT_EQ(reader_->applied_sequence(), 0);
  ApplyAll({Upsert(1, "a", "One", "harbor article"), Upsert(2, "b", "Two", "harbor notice"),
            Delete(3, "a"), Upsert(4, "c", "Three", "harbor news"), Upsert(5, "d", "Four", "harbor day")});
  EXPECT_EQ(writer_->CountDocuments(schema::kArticleType), 3);
  reader_ = Reader();
  EXPECT_EQ(reader_->applied_sequence(), 5);
  v1::SearchResponse response = Search("harbor");
  std::vector<std::string> ids;
  for (const auto& result : response.results()) ids.push_back(result.article_id());
  EXPECT_THAT(ids, UnorderedElementsAre("b", "c", "d"));
  EXPECT_EQ(response.total_size(), 3);
  EXPECT_FALSE(response.total_size_is_estimate());
}

TEST_F(IndexTest, UncommittedChangesAreLostAndReappliedAfterReopen) {
  ApplyAll({Upsert(1, "a", "One", "first article")});
  ASSERT_TRUE(writer_->Apply(Upsert(2, "b", "Two", "second article")).ok());
  writer_.reset();  // no commit: as if the process died here
  auto reopened = IndexWriter::Open({.path = path_});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->applied_sequence(), 1);
  // Closing the writer discarded the change instead of committing it without
  // its sequence (which would apply it twice on replay).
  EXPECT_EQ((*reopened)->CountDocuments(schema::kArticleType), 1);
}

TEST_F(IndexTest, ChangeOfUnknownKindIsRefusedWithoutFailingTheWriter) {
  ApplyAll({Upsert(1, "a", "One", "first article")});
  v1::Change unknown = Upsert(2, "b", "Two", "second article");
  unknown.set_kind(static_cast<v1::Change::Kind>(99));
  // A change the writer cannot understand is refused without failing it.
  EXPECT_EQ(writer_->Apply(unknown).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(writer_->failed());
  EXPECT_TRUE(writer_->Commit().ok());
}

TEST_F(IndexTest, DeleteRemovesArticleAndItsEvents) {
  v1::Change change = Upsert(1, "a", "Summit", "Leaders met in December.");
  AddEvent(change, "Leaders met in December.", 1575158400, 1577836800, v1::MONTH, "2019-12");
  ApplyAll({change});
  EXPECT_EQ(writer_->CountDocuments(schema::kEventType), 1);
  ApplyAll({Delete(2, "a")});
  EXPECT_EQ(writer_->CountDocuments(schema::kArticleType), 0);
  EXPECT_EQ(writer_->CountDocuments(schema::kEventType), 0);
}

TEST_F(IndexTest, DuplicatesAreNotSearchableButCanBeFetched) {
  v1::Change duplicate = Upsert(2, "copy", "Harbor reopens", "The harbor reopened after the storm.");
  duplicate.mutable_article()->set_duplicate_of("a");
  ApplyAll({Upsert(1, "a", "Harbor reopens", "The harbor reopened after the storm."), duplicate});
  reader_ = Reader();
  EXPECT_THAT(Search("harbor").results(), SizeIs(1));
  auto fetched = reader_->GetArticle("copy", v1::GetArticleRequest::FULL);
  ASSERT_TRUE(fetched.ok() && fetched->has_value());
  EXPECT_EQ((*fetched)->duplicate_of(), "a");
}

TEST_F(IndexTest, FullArticleComesBackWithTheTextsItsBodyHolds) {
  v1::Change change = Upsert(1, "a", "Harbour reopens", "The harbour reopened on Sunday. Ships lined up at dawn.");
  v1::Article& article = *change.mutable_article()->mutable_article();
  for (auto [begin, end] : {std::pair{0, 31}, std::pair{32, 55}}) {
    v1::Sentence* sentence = article.add_sentences();
    sentence->set_begin(begin);
    sentence->set_end(end);
    sentence->set_text(article.body().substr(begin, end - begin));
  }
  v1::TemporalExpression* sunday = article.add_temporal_expressions();
  sunday->set_begin(24);
  sunday->set_end(30);
  sunday->set_text("Sunday");
  v1::Mention* mention = article.add_entities()->add_mentions();
  mention->set_begin(4);
  mention->set_end(11);
  mention->set_text("harbour");
  ApplyAll({change});
  reader_ = Reader();
  auto fetched = reader_->GetArticle("a", v1::GetArticleRequest::FULL);
  ASSERT_TRUE(fetched.ok() && fetched->has_value());
  EXPECT_EQ((*fetched)->article().SerializeAsString(), article.SerializeAsString());
}

// A news-like article of its own words: six sentences, an event on the
// first, an entity; enough text for dictionaries to learn from.
v1::Change NewsArticle(int64_t sequence) {
  static const char* const kWords[] = {
      "harbor", "council", "minister", "strike", "dockers", "ceasefire", "budget", "storm", "ships", "talks",
      "resumed", "ended", "officials", "said", "on", "Sunday", "after", "the", "port", "authority", "vote",
      "week", "city", "workers", "union", "agreed", "rejected", "plan", "government", "announced"};
  std::mt19937 random(static_cast<uint32_t>(sequence));
  std::string body;
  std::vector<std::pair<uint32_t, uint32_t>> sentences;
  for (int s = 0; s < 6; ++s) {
    if (!body.empty()) body += " ";
    const auto begin = static_cast<uint32_t>(body.size());
    const int words = 8 + static_cast<int>(random() % 8);
    for (int w = 0; w < words; ++w) {
      std::string word = kWords[random() % 30];
      if (w == 0) word[0] = static_cast<char>(std::toupper(word[0]));
      body += (w == 0 ? "" : " ") + word;
    }
    body += ".";
    sentences.emplace_back(begin, static_cast<uint32_t>(body.size()));
  }
  v1::Change change = Upsert(sequence, absl::StrCat("n", sequence), absl::StrCat("Harbor report ", sequence), body,
                             1577836800 + sequence * 3600);
  v1::Article& article = *change.mutable_article()->mutable_article();
  for (auto [begin, end] : sentences) {
    v1::Sentence& sentence = *article.add_sentences();
    sentence.set_begin(begin);
    sentence.set_end(end);
    sentence.set_text(body.substr(begin, end - begin));
  }
  AddEvent(change, body.substr(sentences[0].first, sentences[0].second - sentences[0].first),
           1577836800 + sequence * 86400, 1577923200 + sequence * 86400, v1::DAY, "2020-01-01");
  v1::Event& event = *article.mutable_events(0);
  event.set_begin(sentences[0].first);
  event.set_end(sentences[0].second);
  event.add_entity_ids("org:port-authority");
  v1::Entity& entity = *article.add_entities();
  entity.set_id("org:port-authority");
  entity.set_name("Port Authority");
  return change;
}

// Once the index holds enough articles its records are compressed with
// dictionaries trained on them, which its segments carry: records are
// smaller, and everything reads back whole — before and after training,
// and after the writer is reopened (it keeps the dictionaries it finds).
TEST(IndexDictionaryTest, RecordsAfterTrainingAreSmallerAndReadBackWhole) {
  const std::string path = FreshDir();
  IndexWriterOptions options{.path = path, .train_dictionaries_at = 150, .dictionary_samples = 150};
  std::vector<v1::Change> written;
  auto apply = [&](IndexWriter& writer, int64_t first, int64_t last) {
    for (int64_t sequence = first; sequence <= last; ++sequence) {
      written.push_back(NewsArticle(sequence));
      ASSERT_TRUE(writer.Apply(written.back()).ok());
      if (sequence % 50 == 0) {
        ASSERT_TRUE(writer.Commit().ok());
      }
    }
    ASSERT_TRUE(writer.Commit().ok());
  };
  {
    auto writer = IndexWriter::Open(options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    apply(**writer, 1, 300);
  }
  {
    auto writer = IndexWriter::Open(options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    apply(**writer, 301, 350);
  }
  auto reader = IndexReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  // Which records name a dictionary, and their sizes.
  std::set<uint32_t> body_dictionaries;
  size_t plain_bytes = 0, plain_records = 0, compressed_bytes = 0, compressed_records = 0;
  std::set<std::string> attachment_names;
  for (const segment::IndexSnapshot::Part& part : (*reader)->articles_snapshot()->segments()) {
    for (const segment::Attachment& attachment : part.segment->attachments()) {
      attachment_names.insert(std::string(attachment.name));
    }
    for (uint32_t doc = 0; doc < part.segment->document_count(); ++doc) {
      ScannedArticle record;
      ASSERT_TRUE(ScanStoredArticle(part.segment->stored(doc), record).ok());
      const uint32_t id = FrameDictionaryId(record.compressed_body);
      const size_t bytes = record.compressed_body.size() + record.compressed_article.size();
      if (id == 0) {
        plain_bytes += bytes;
        ++plain_records;
      } else {
        body_dictionaries.insert(id);
        EXPECT_NE(FrameDictionaryId(record.compressed_article), 0u);
        compressed_bytes += bytes;
        ++compressed_records;
        // The segment carries what its record needs.
        EXPECT_NE(part.segment->FindAttachment(absl::StrCat(kBodyDictionary, id)), nullptr);
      }
    }
  }
  // Trained once, at the commit that reached 150 articles; the reopened
  // writer went on with the same dictionaries.
  EXPECT_EQ(plain_records, 150u);
  EXPECT_EQ(compressed_records, 200u);
  EXPECT_THAT(body_dictionaries, SizeIs(1));
  EXPECT_THAT(attachment_names, SizeIs(2));
  EXPECT_LT(compressed_bytes / compressed_records, plain_bytes / plain_records * 9 / 10);

  for (const v1::Change& change : written) {
    auto fetched = (*reader)->GetArticle(change.article_id(), v1::GetArticleRequest::FULL);
    ASSERT_TRUE(fetched.ok() && fetched->has_value()) << change.article_id();
    EXPECT_EQ((*fetched)->article().SerializeAsString(), change.article().article().SerializeAsString())
        << change.article_id();
  }
  // Snippets and cited sentences come from the bodies, of both kinds.
  v1::SearchRequest search;
  search.set_query("harbor report");
  search.set_page_size(100);
  int results = 0;
  do {
    auto found = (*reader)->Search(search);
    ASSERT_TRUE(found.ok()) << found.status();
    for (const v1::SearchResult& result : found->results()) EXPECT_FALSE(result.snippet().empty());
    results += found->results_size();
    search.set_page_token(found->next_page_token());
  } while (!search.page_token().empty());
  EXPECT_EQ(results, 350);
  v1::TimelineRequest timeline;
  timeline.set_granularity(v1::TimelineRequest::DAY);
  timeline.set_page_size(100);
  int citations = 0;
  do {
    auto page = (*reader)->Timeline(timeline);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::TimelineEntry& entry : page->entries()) {
      ASSERT_GT(entry.citations_size(), 0);
      EXPECT_EQ(entry.headline(), entry.citations(0).sentence());
      for (const v1::Citation& citation : entry.citations()) {
        const int64_t sequence = std::stoll(citation.article_id().substr(1));
        const std::string& body = written[sequence - 1].article().article().body();
        EXPECT_EQ(citation.sentence(), body.substr(citation.begin(), citation.end() - citation.begin()));
        ++citations;
      }
    }
    timeline.set_page_token(page->next_page_token());
  } while (!timeline.page_token().empty());
  EXPECT_EQ(citations, 350);
}

TEST_F(IndexTest, TimelineCitesTheSentencesItsArticlesBodiesHold) {
  // Events whose sentence is the body's text at their offsets: the index
  // keeps the offsets alone and the answer reads the sentence back.
  v1::Change change = Upsert(1, "a", "Harbour reopens", "The harbour reopened on Sunday. Ships lined up at dawn.");
  AddEvent(change, "The harbour reopened on Sunday.", 1575158400, 1575244800, v1::DAY, "2019-12-01");
  AddEvent(change, "Ships lined up at dawn.", 1575244800, 1575331200, v1::DAY, "2019-12-02");
  v1::Article& article = *change.mutable_article()->mutable_article();
  article.mutable_events(0)->set_end(31);
  article.mutable_events(1)->set_begin(32);
  article.mutable_events(1)->set_end(55);
  ApplyAll({change});
  reader_ = Reader();
  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  auto timeline = reader_->Timeline(request);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  ASSERT_THAT(timeline->entries(), SizeIs(2));
  EXPECT_EQ(timeline->entries(0).headline(), "The harbour reopened on Sunday.");
  EXPECT_EQ(timeline->entries(0).citations(0).sentence(), "The harbour reopened on Sunday.");
  EXPECT_EQ(timeline->entries(1).headline(), "Ships lined up at dawn.");
  EXPECT_EQ(timeline->entries(1).citations(0).sentence(), "Ships lined up at dawn.");
}

TEST_F(IndexTest, PagesNeitherSkipNorRepeatWhenArticlesArriveBetweenPages) {
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(writer_->Apply(Upsert(i, "n" + std::to_string(i), "Storm", "storm news " +
                                                                         std::to_string(i)))
                    .ok());
  }
  ASSERT_TRUE(writer_->Commit().ok());
  reader_ = Reader();
  v1::SearchResponse first = Search("storm", 2);
  ASSERT_THAT(first.results(), SizeIs(2));
  ASSERT_FALSE(first.next_page_token().empty());

  ApplyAll({Upsert(6, "n6", "Storm", "storm storm storm news, very relevant")});
  ASSERT_TRUE(reader_->Refresh().ok());

  std::set<std::string> seen;
  for (const auto& result : first.results()) seen.insert(result.article_id());
  std::string token = first.next_page_token();
  while (!token.empty()) {
    v1::SearchResponse page = Search("storm", 2, token);
    for (const auto& result : page.results()) {
      EXPECT_TRUE(seen.insert(result.article_id()).second) << "repeated " << result.article_id();
    }
    token = page.next_page_token();
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen.count("n6"), 0u);
}

TEST_F(IndexTest, MalformedOrForeignPageTokenIsInvalidArgument) {
  ApplyAll({Upsert(1, "a", "One", "storm"), Upsert(2, "b", "Two", "storm")});
  reader_ = Reader();
  v1::SearchRequest request;
  request.set_query("storm");
  request.set_page_size(1);
  request.set_page_token("garbage!");
  EXPECT_EQ(reader_->Search(request).status().code(), absl::StatusCode::kInvalidArgument);

  request.set_page_token(Search("storm", 1).next_page_token());
  request.set_query("other words");
  auto foreign = reader_->Search(request);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(foreign.status().message(), HasSubstr("page_token"));
}

TEST_F(IndexTest, FiltersBySourceAndPublicationDate) {
  v1::Change other = Upsert(2, "b", "Storm", "storm", 1577836800);  // 2020-01-01
  other.mutable_article()->mutable_article()->mutable_metadata()->set_source("Valley Post");
  ApplyAll({Upsert(1, "a", "Storm", "storm", 1546300800), other});  // 2019-01-01
  reader_ = Reader();
  v1::SearchRequest request;
  request.set_query("storm");
  request.mutable_filter()->add_sources("valley post");
  auto by_source = reader_->Search(request);
  ASSERT_TRUE(by_source.ok());
  ASSERT_THAT(by_source->results(), SizeIs(1));
  EXPECT_EQ(by_source->results(0).article_id(), "b");

  request.mutable_filter()->clear_sources();
  request.mutable_filter()->set_published_until("2019");
  auto by_date = reader_->Search(request);
  ASSERT_TRUE(by_date.ok());
  ASSERT_THAT(by_date->results(), SizeIs(1));
  EXPECT_EQ(by_date->results(0).article_id(), "a");

  request.mutable_filter()->set_published_until("last tuesday");
  EXPECT_THAT(reader_->Search(request).status().message(), HasSubstr("filter.published_until"));
}

TEST_F(IndexTest, TimelineOrdersEventsByEventDateAndKeepsCoarseDatesCoarse) {
  v1::Change change = Upsert(1, "a", "Relations", "history");
  AddEvent(change, "Leaders met on December 24.", 1577145600, 1577232000, v1::DAY, "2019-12-24");
  AddEvent(change, "Rule lasted from 1910 to 1945.", -1893456000, -757382400, v1::YEAR, "1910/1945");
  AddEvent(change, "A treaty was signed in 1965.", -157766400, -126230400, v1::YEAR, "1965");
  ApplyAll({change});
  reader_ = Reader();
  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  auto timeline = reader_->Timeline(request);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  std::vector<std::string> dates;
  for (const auto& entry : timeline->entries()) dates.push_back(entry.date());
  EXPECT_THAT(dates, ElementsAre("1910/1945", "1965", "2019-12-24"));
  EXPECT_EQ(timeline->entries(2).citations(0).article_id(), "a");

  request.set_start("1960");
  request.set_end("1970");
  auto ranged = reader_->Timeline(request);
  ASSERT_TRUE(ranged.ok());
  ASSERT_THAT(ranged->entries(), SizeIs(1));
  EXPECT_EQ(ranged->entries(0).date(), "1965");
}

// Timelines leave out filters that match everything; what they keep must
// still return events only (never an article or a duplicate), of the entity,
// the range and the matching articles asked for.
TEST_F(IndexTest, TimelineFiltersReturnOnlyTheEventsAskedFor) {
  v1::Change a = Upsert(1, "a", "Treaty talks",
                        "Treaty history. A treaty was signed in 1965. Leaders met at a summit on December 24.");
  a.mutable_article()->mutable_article()->add_entities()->set_id("person:park");
  AddEvent(a, "A treaty was signed in 1965.", -157766400, -126230400, v1::YEAR, "1965");
  AddEvent(a, "Leaders met at a summit on December 24.", 1577145600, 1577232000, v1::DAY, "2019-12-24");
  a.mutable_article()->mutable_article()->mutable_events(0)->add_entity_ids("person:park");
  v1::Change b = Upsert(2, "b", "Festival", "Culture. A summit of chefs opened the festival on December 24.");
  AddEvent(b, "A summit of chefs opened the festival on December 24.", 1577145600, 1577232000, v1::DAY,
           "2019-12-24");
  v1::Change c = Upsert(3, "c", "Treaty talks", "treaty history");
  c.mutable_article()->set_duplicate_of("a");
  ApplyAll({a, b, c});
  reader_ = Reader();
  auto citations = [&](const v1::TimelineRequest& request) {
    std::vector<std::string> found;
    for (const v1::Citation& citation : TimelineCitations(request)) {
      EXPECT_FALSE(citation.sentence().empty()) << "not an event: " << citation.article_id();
      found.push_back(absl::StrCat(citation.article_id(), " ", citation.date_value()));
    }
    return found;
  };
  v1::TimelineRequest request;
  EXPECT_THAT(citations(request), UnorderedElementsAre("a 1965", "a 2019-12-24", "b 2019-12-24"));
  request.set_entity("person:park");
  EXPECT_THAT(citations(request), ElementsAre("a 1965"));
  request.clear_entity();
  request.set_query("summit");
  EXPECT_THAT(citations(request), UnorderedElementsAre("a 2019-12-24", "b 2019-12-24"));
  request.set_start("2019");
  request.set_end("2019");
  EXPECT_THAT(citations(request), UnorderedElementsAre("a 2019-12-24", "b 2019-12-24"));
  request.set_start("1900");
  request.set_end("1970");
  EXPECT_THAT(citations(request), ElementsAre());
  request.clear_start();
  request.clear_end();
  request.set_query("treaty");
  request.set_match_article(true);
  EXPECT_THAT(citations(request), UnorderedElementsAre("a 1965", "a 2019-12-24"));
  request.set_query("");
  EXPECT_THAT(citations(request), UnorderedElementsAre("a 1965", "a 2019-12-24", "b 2019-12-24"));
}

// An entity's timeline reads the articles naming it a batch at a time, in
// index order, until enough of their events name it: events far past the
// first batch are found, and the range still applies.
TEST_F(IndexTest, EntityTimelineFindsEventsPastTheFirstArticlesNamingIt) {
  // Meetings 50 days apart from 1900-01-01: too far apart to be one entry.
  const int64_t day = 86400, first = -2208988800;
  std::vector<v1::Change> changes;
  for (int i = 0; i < 700; ++i) {
    v1::Change change = Upsert(i + 1, absl::StrCat("a", i), "Port news", "The port committee met.");
    change.mutable_article()->mutable_article()->add_entities()->set_id("org:port");
    AddEvent(change, absl::StrCat("The committee met for session ", i, "."), first + i * 50 * day,
             first + (i * 50 + 1) * day, v1::DAY, "1900");
    // Only the last articles' events name the port themselves.
    if (i >= 690) change.mutable_article()->mutable_article()->mutable_events(0)->add_entity_ids("org:port");
    changes.push_back(std::move(change));
  }
  ApplyAll(changes);
  reader_ = Reader();
  auto articles = [&](const v1::TimelineRequest& request) {
    std::vector<std::string> found;
    for (const v1::Citation& citation : TimelineCitations(request)) {
      EXPECT_EQ(citation.title(), "Port news");
      EXPECT_EQ(citation.source(), "Harbor Times");
      found.push_back(citation.article_id());
    }
    return found;
  };
  v1::TimelineRequest request;
  request.set_entity("org:port");
  request.set_granularity(v1::TimelineRequest::DAY);
  EXPECT_THAT(articles(request),
              ElementsAre("a690", "a691", "a692", "a693", "a694", "a695", "a696", "a697", "a698", "a699"));
  // Session 697 met on 1995-06-02.
  request.set_start("1995-06-02");
  EXPECT_THAT(articles(request), ElementsAre("a697", "a698", "a699"));
}

// Past the events a timeline weighs (5,000), which ones it keeps must not
// depend on the order the articles were indexed in: the same articles
// indexed forwards and backwards give the same timeline.
TEST_F(IndexTest, EntityTimelineDependsOnTheArticlesNotOnTheirIngestOrder) {
  constexpr int kArticles = 1800;  // 3 events each: past the 5,000 weighed
  const int64_t day = 86400, first = 946684800;  // 2000-01-01
  std::vector<v1::Change> changes;
  for (int i = 0; i < kArticles; ++i) {
    v1::Change change = Upsert(0, absl::StrCat("a", i), "Port news", "The port committee met.",
                               first + i * 3600);
    change.mutable_article()->mutable_article()->add_entities()->set_id("org:port");
    for (int e = 0; e < 3; ++e) {
      const int64_t start = first + (i * 3 + e) * 7 * day;
      AddEvent(change, absl::StrCat("The committee met for session ", i, "-", e, "."), start, start + day, v1::DAY,
               "2000");
      change.mutable_article()->mutable_article()->mutable_events(e)->add_entity_ids("org:port");
    }
    changes.push_back(std::move(change));
  }
  auto timeline_of = [&](const std::string& path, bool backwards) {
    auto writer = IndexWriter::Open({.path = path, .threads = 2});
    EXPECT_TRUE(writer.ok()) << writer.status();
    for (int i = 0; i < kArticles; ++i) {
      v1::Change change = changes[backwards ? kArticles - 1 - i : i];
      change.set_sequence(i + 1);
      EXPECT_TRUE((*writer)->Apply(change).ok());
    }
    EXPECT_TRUE((*writer)->Commit().ok());
    auto reader = IndexReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    v1::TimelineRequest request;
    request.set_entity("org:port");
    request.set_granularity(v1::TimelineRequest::DAY);
    request.set_page_size(200);
    auto timeline = (*reader)->Timeline(request);
    EXPECT_TRUE(timeline.ok()) << timeline.status();
    v1::TimelineResponse response = timeline.ok() ? *timeline : v1::TimelineResponse();
    response.clear_applied_sequence();
    return response;
  };
  writer_.reset();
  // (Left behind by an earlier run, it would hold that run's articles.)
  const std::string backwards_path = path_ + ".backwards";
  std::filesystem::remove_all(backwards_path);
  const v1::TimelineResponse forwards = timeline_of(path_, false);
  const v1::TimelineResponse backwards = timeline_of(backwards_path, true);
  std::filesystem::remove_all(backwards_path);
  ASSERT_THAT(forwards.entries(), SizeIs(200));
  EXPECT_EQ(forwards.SerializeAsString(), backwards.SerializeAsString());
  // The events weighed are those of the most recently published articles:
  // the oldest articles' sessions are left out.
  int64_t events = 0;
  for (const v1::HistogramBucket& bucket : forwards.histogram()) events += bucket.count();
  EXPECT_EQ(events, 5000);
  for (const v1::TimelineEntry& entry : forwards.entries()) {
    for (const v1::Citation& citation : entry.citations()) {
      int article = 0;
      ASSERT_TRUE(absl::SimpleAtoi(absl::string_view(citation.article_id()).substr(1), &article));
      EXPECT_GE(article, kArticles - 5000 / 3 - 1) << citation.article_id();
    }
  }
}

constexpr int64_t kDay = 86400;
constexpr int64_t kFirstStrikeDay = 1577836800;  // 2020-01-01

// Six days of a ferry strike ten days apart from 2020-01-01, one article
// each (a0..a5), with sequences 1..6.
std::vector<v1::Change> FerryStrikeDays() {
  std::vector<v1::Change> changes;
  for (int i = 0; i < 6; ++i) {
    v1::Change change = Upsert(i + 1, absl::StrCat("a", i), "Ferry strike", "The ferry strike went on.");
    AddEvent(change, "The ferry strike went on.", kFirstStrikeDay + i * 10 * kDay,
             kFirstStrikeDay + (i * 10 + 1) * kDay, v1::DAY, "2020");
    changes.push_back(std::move(change));
  }
  return changes;
}

// A strike day a hundred days before those (a6, sequence 7).
v1::Change EarlierFerryStrikeDay() {
  v1::Change earlier = Upsert(7, "a6", "Ferry strike", "The ferry strike went on.");
  AddEvent(earlier, "The ferry strike went on.", kFirstStrikeDay - 100 * kDay, kFirstStrikeDay - 99 * kDay,
           v1::DAY, "2019");
  return earlier;
}

// The strike's timeline by day, three entries a page.
v1::TimelineRequest FerryStrikeTimeline() {
  v1::TimelineRequest request;
  request.set_query("ferry strike");
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_page_size(3);
  return request;
}

// Later pages of a timeline read the segments the first page read, as long
// as they are retained: an article indexed between the pages does not shift
// them.
TEST_F(IndexTest, TimelinePagesReadTheFirstPagesIndex) {
  ApplyAll(FerryStrikeDays());
  reader_ = Reader();
  v1::TimelineRequest request = FerryStrikeTimeline();
  auto page = reader_->Timeline(request);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_THAT(page->entries(), SizeIs(3));
  ASSERT_FALSE(page->next_page_token().empty());

  // An earlier strike day arrives: a fresh request starts with it.
  ApplyAll({EarlierFerryStrikeDay()});
  ASSERT_TRUE(reader_->Refresh().ok());
  request.set_page_token(page->next_page_token());
  auto second = reader_->Timeline(request);
  ASSERT_TRUE(second.ok()) << second.status();
  std::vector<std::string> articles;
  for (const auto& entry : second->entries()) articles.push_back(entry.citations(0).article_id());
  EXPECT_THAT(articles, ElementsAre("a3", "a4", "a5"));
  request.clear_page_token();
  auto fresh = reader_->Timeline(request);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->entries(0).citations(0).article_id(), "a6");
}

// A timeline asked for again on the same snapshot is answered from the
// pool's cache, whole (its next page too); once a commit changes the index
// the answer is built again and holds the change.
TEST_F(IndexTest, TimelineAnsweredAgainFromTheCacheUntilTheIndexChanges) {
  ApplyAll(FerryStrikeDays());
  auto shared = std::make_shared<SharedSegments>(path_, /*timeline_cache_bytes=*/1 << 20);
  auto opened = IndexReader::Open(path_, nullptr, shared);
  ASSERT_TRUE(opened.ok()) << opened.status();
  reader_ = *std::move(opened);
  const TimelineCache& cache = *shared->timelines;
  v1::TimelineRequest request = FerryStrikeTimeline();
  auto built = reader_->Timeline(request);
  ASSERT_TRUE(built.ok()) << built.status();
  ASSERT_THAT(built->entries(), SizeIs(3));
  EXPECT_EQ(cache.stats().misses, 1);
  auto again = reader_->Timeline(request);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(cache.stats().hits, 1);
  EXPECT_EQ(again->SerializeAsString(), built->SerializeAsString());

  // A bad request is refused as before, and nothing is kept for it.
  v1::TimelineRequest bad = request;
  bad.set_start("not a date");
  EXPECT_EQ(reader_->Timeline(bad).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cache.stats().entries, 1u);

  // The index changes: the cached first page's next page still reads the
  // snapshot it came from, and a fresh request sees the new article.
  ApplyAll({EarlierFerryStrikeDay()});
  ASSERT_TRUE(reader_->Refresh().ok());
  v1::TimelineRequest next = request;
  next.set_page_token(again->next_page_token());
  auto second = reader_->Timeline(next);
  ASSERT_TRUE(second.ok()) << second.status();
  std::vector<std::string> articles;
  for (const auto& entry : second->entries()) articles.push_back(entry.citations(0).article_id());
  EXPECT_THAT(articles, ElementsAre("a3", "a4", "a5"));
  auto fresh = reader_->Timeline(request);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->entries(0).citations(0).article_id(), "a6");
  EXPECT_EQ(fresh->applied_sequence(), 7);
  EXPECT_EQ(cache.stats().hits, 1);
}

TEST_F(IndexTest, TimelineClustersOneHappeningAcrossArticlesByStemmedTerms) {
  const int64_t dec24 = 1577145600, dec25 = 1577232000;
  v1::Change first =
      Upsert(1, "a", "Talks", "Negotiators agreed on tariffs in Geneva. A ferry strike ended in Busan.");
  AddEvent(first, "Negotiators agreed on tariffs in Geneva.", dec24, dec25, v1::DAY, "2019-12-24");
  AddEvent(first, "A ferry strike ended in Busan.", dec24, dec25, v1::DAY, "2019-12-24");
  v1::Change second = Upsert(2, "b", "Deal", "Negotiator agrees tariff at Geneva.");
  // Only the stems the index made ("negoti", "agre", "tariff") match the
  // first article's words.
  AddEvent(second, "Negotiator agrees tariff at Geneva.", dec24, dec25, v1::DAY, "2019-12-24");
  v1::Change third = Upsert(3, "c", "Deal", "Negotiators agreed on tariffs in Geneva.");
  AddEvent(third, "Negotiators agreed on tariffs in Geneva.", dec24 - 86400, dec24, v1::DAY, "2019-12-23");
  ApplyAll({first, second, third});
  reader_ = Reader();
  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  auto timeline = reader_->Timeline(request);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  ASSERT_THAT(timeline->entries(), SizeIs(2));
  const v1::TimelineEntry& talks = timeline->entries(0);
  EXPECT_EQ(talks.date(), "2019-12-24");
  EXPECT_EQ(talks.source_count(), 3);
  EXPECT_THAT(talks.conflicting_dates(), ElementsAre("2019-12-23", "2019-12-24"));
  EXPECT_EQ(timeline->entries(1).source_count(), 1);
  ASSERT_THAT(timeline->histogram(), SizeIs(2));
  EXPECT_EQ(timeline->histogram(1).date(), "2019-12-24");
  EXPECT_EQ(timeline->histogram(1).count(), 3);

  request.set_query("tariff");
  auto matched = reader_->Timeline(request);
  ASSERT_TRUE(matched.ok()) << matched.status();
  ASSERT_THAT(matched->entries(), SizeIs(1));
  EXPECT_EQ(matched->entries(0).source_count(), 3);
}

// A summary keeps the dates most articles give, one entry each, in date
// order and on one page; its importance is set, its citations name their
// articles, the histogram still counts every event.
TEST_F(IndexTest, TimelineSummaryKeepsTheBestAttestedDates) {
  const int64_t day = 86400, mar1 = 1583020800;  // 2020-03-01
  std::vector<v1::Change> changes;
  const std::vector<std::pair<int, int>> mentions = {{0, 1}, {4, 3}, {9, 2}};  // day offset, articles
  int sequence = 0;
  for (const auto& [offset, articles] : mentions) {
    for (int i = 0; i < articles; ++i) {
      ++sequence;
      v1::Change change = Upsert(sequence, absl::StrCat("a", sequence), "Harbour", "harbour news");
      // Each day its own happening, so that no two read as one the sources
      // date differently.
      const std::string sentences[] = {"The harbour crane collapsed onto the quay.",
                                       "Dockers voted to strike over night shifts.",
                                       "A tanker ran aground off the northern breakwater."};
      AddEvent(change, sentences[offset % 3], mar1 + offset * day, mar1 + (offset + 1) * day, v1::DAY, "");
      changes.push_back(std::move(change));
    }
  }
  ApplyAll(changes);
  reader_ = Reader();
  v1::TimelineRequest request;
  request.set_granularity(v1::TimelineRequest::DAY);
  request.set_max_entries(2);
  request.set_page_size(1);  // a summary is one page whatever the page size
  auto summary = reader_->Timeline(request);
  ASSERT_TRUE(summary.ok()) << summary.status();
  std::vector<std::string> dates;
  for (const auto& entry : summary->entries()) {
    dates.push_back(entry.date());
    EXPECT_GT(entry.importance(), 0);
    for (const v1::Citation& citation : entry.citations()) {
      EXPECT_EQ(citation.title(), "Harbour");
      EXPECT_EQ(citation.source(), "Harbor Times");
      EXPECT_FALSE(citation.sentence().empty());
    }
  }
  EXPECT_THAT(dates, ElementsAre("2020-03-05", "2020-03-10"));
  EXPECT_TRUE(summary->next_page_token().empty());
  EXPECT_THAT(summary->histogram(), SizeIs(3));

  request.set_max_entries(201);
  EXPECT_THAT(reader_->Timeline(request).status().message(), HasSubstr("max_entries"));
  request.set_max_entries(-1);
  EXPECT_EQ(reader_->Timeline(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IndexTest, EventWordsAreKeptApartFromArticleWords) {
  v1::Change change = Upsert(1, "a", "Talks", "The talks went on.");
  AddEvent(change, "The talks moved to Geneva.", 1577145600, 1577232000, v1::DAY, "2019-12-24");
  ApplyAll({change});
  // Article searches read the articles' words only; an event's words are
  // its sentence's, which the article's body holds where it has them.
  reader_ = Reader();
  EXPECT_THAT(Search("geneva").results(), SizeIs(0));
  // A timeline by query is built from the articles the query matches: the
  // event's own words do not make its article match.
  v1::TimelineRequest request;
  request.set_query("geneva");
  auto timeline = reader_->Timeline(request);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  EXPECT_THAT(timeline->entries(), SizeIs(0));
  request.set_query("talks");
  timeline = reader_->Timeline(request);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  EXPECT_THAT(timeline->entries(), SizeIs(1));
}

// The body is indexed sentence by sentence to learn where each sentence's
// words are; the words and their positions must be those of one pass over
// the whole body, whatever the text between and inside the sentences.
TEST(DocumentBuilderTest, IndexingBySentenceNumbersWordsAsOnePassDoes) {
  v1::StoredArticle stored;
  v1::Article& article = *stored.mutable_article();
  article.set_id("a");
  article.mutable_metadata()->set_title("Port talks resume");
  const std::vector<std::string> sentences = {"The U.S. envoy met dockers' leaders on Monday.",
                                              "Talks—after 3.5 weeks—resumed at the Café Nord!",
                                              "Nobody said more."};
  std::string body = "  Intro line\n\n";
  for (const std::string& sentence : sentences) {
    v1::Sentence* added = article.add_sentences();
    added->set_begin(static_cast<uint32_t>(body.size()));
    body += sentence;
    added->set_end(static_cast<uint32_t>(body.size()));
    body += " (aside) ";
  }
  article.set_body(body);

  DocumentBuilder builder;
  std::vector<DocumentBuilder::WordSpan> spans;
  const Xapian::Document pieces = builder.BuildArticle(stored, 1, &spans);
  const Xapian::Document whole = DocumentBuilder().BuildArticle(stored, 1);
  auto words = [](const Xapian::Document& doc) {
    std::vector<std::string> listed;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      std::string entry = absl::StrCat(*term, " ", term.get_wdf(), ":");
      for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
        absl::StrAppend(&entry, " ", *position);
      }
      listed.push_back(entry);
    }
    return listed;
  };
  EXPECT_EQ(words(pieces), words(whole));
  ASSERT_THAT(spans, SizeIs(3));
  EXPECT_EQ(spans[2].last - spans[2].first, 2u) << "\"Nobody said more\" is three words";
  EXPECT_EQ(spans[1].first, spans[0].last + 2) << "one word, \"aside\", between the sentences";
  auto at = [&](const std::string& term) {
    Xapian::TermIterator found = pieces.termlist_begin();
    found.skip_to(term);
    return *found.positionlist_begin();
  };
  EXPECT_EQ(at("nobody"), spans[2].first);

  // Sentences out of body order: indexed in one pass, no spans.
  std::swap(*article.mutable_sentences(0), *article.mutable_sentences(1));
  builder.BuildArticle(stored, 1, &spans);
  EXPECT_THAT(spans, SizeIs(0));
}

// Timelines read the events the segments store with each article: with the
// article's own fields, each must cite what the article says of it, with
// its sentence's stems and place.
TEST(DocumentBuilderTest, EventRecordHoldsEachEventsCitationStemsAndPlace) {
  v1::StoredArticle stored;
  v1::Article& article = *stored.mutable_article();
  article.set_id("a");
  article.mutable_metadata()->set_title("Port talks");
  article.mutable_metadata()->set_source("Harbor Times");
  article.mutable_metadata()->mutable_published()->mutable_time()->set_seconds(1577836800);
  article.set_body("Intro. Dockers walked out on Monday. Talks resumed in Busan on Friday.");
  for (const auto& [begin, end] : std::vector<std::pair<uint32_t, uint32_t>>{{0, 6}, {7, 36}, {37, 70}}) {
    v1::Sentence* sentence = article.add_sentences();
    sentence->set_begin(begin);
    sentence->set_end(end);
  }
  for (int i : {1, 2}) {
    v1::Event* event = article.add_events();
    const v1::Sentence& sentence = article.sentences(i);
    event->set_text(article.body().substr(sentence.begin(), sentence.end() - sentence.begin()));
    event->set_sentence(i);
    event->set_begin(sentence.begin());
    event->set_end(sentence.end());
    event->set_date_value(i == 1 ? "2019-12-30" : "2020-01-03");
    event->mutable_when()->mutable_start()->set_seconds(1577664000 + (i - 1) * 4 * 86400);
    event->mutable_when()->mutable_end()->set_seconds(1577750400 + (i - 1) * 4 * 86400);
    event->mutable_when()->set_granularity(v1::DAY);
    if (i == 2) event->add_entity_ids("place:busan");
  }

  DocumentBuilder builder;
  std::vector<DocumentBuilder::WordSpan> spans;
  builder.BuildArticle(stored, 1, &spans);
  StoredEvents record;
  ASSERT_TRUE(record.ParseFromString(builder.SegmentRecord(stored, builder.BuildEventRecord(stored, spans))));
  ASSERT_THAT(record.events(), SizeIs(2));
  EXPECT_EQ(record.article().article_id(), "a");
  EXPECT_EQ(record.article().title(), "Port talks");
  EXPECT_EQ(record.article().source(), "Harbor Times");
  EXPECT_EQ(record.article().published_at().seconds(), 1577836800);
  for (int i = 0; i < 2; ++i) {
    const v1::Event& event = article.events(i);
    const v1::Citation& cited = record.events(i).citation();
    // The body holds the sentence at the citation's offsets: only those
    // are stored (a timeline reads the sentence back from the body).
    EXPECT_EQ(cited.sentence(), "") << "event " << i;
    EXPECT_EQ(article.body().substr(cited.begin(), cited.end() - cited.begin()), event.text()) << "event " << i;
    EXPECT_EQ(cited.begin(), event.begin());
    EXPECT_EQ(cited.end(), event.end());
    EXPECT_EQ(cited.date_value(), event.date_value());
    EXPECT_EQ(cited.interval().SerializeAsString(), event.when().SerializeAsString());
    EXPECT_EQ(cited.entity_ids().size(), event.entity_ids().size());
    ASSERT_TRUE(record.events(i).has_place());
    EXPECT_EQ(record.events(i).sentence(), static_cast<uint32_t>(i + 1));
    EXPECT_EQ(record.events(i).first_word(), spans[i + 1].first);
    EXPECT_EQ(record.events(i).last_word(), spans[i + 1].last);
  }
  // The stems of the sentence's words, as article words are stemmed, as
  // hashes; stop words and words for dates are left out.
  const std::string& first_terms = record.events(0).terms();
  for (const char* stem : {"docker", "walk"}) {
    EXPECT_TRUE(timeline::HoldsTerm(first_terms, timeline::TermHash(stem))) << stem;
  }
  for (const char* left_out : {"monday", "on", "out"}) {
    EXPECT_FALSE(timeline::HoldsTerm(first_terms, timeline::TermHash(left_out))) << left_out;
  }
  EXPECT_TRUE(timeline::HoldsTerm(record.events(1).terms(), timeline::TermHash("busan")));
  // Ascending, each once, 4 bytes each.
  for (const StoredEvent& event : record.events()) {
    EXPECT_EQ(event.terms().size() % 4, 0u);
    for (size_t t = 1; t < timeline::TermCount(event.terms()); ++t) {
      EXPECT_LT(timeline::TermAt(event.terms(), t - 1), timeline::TermAt(event.terms(), t));
    }
  }

  // A sentence the body does not hold at its offsets is stored as it is.
  article.mutable_events(0)->set_text("Dockers walked out on Monday morning.");
  EXPECT_EQ(builder.BuildEventRecord(stored, spans).events(0).citation().sentence(),
            "Dockers walked out on Monday morning.");

  // A duplicate has no events of its own.
  stored.set_duplicate_of("b");
  EXPECT_THAT(builder.BuildEventRecord(stored, spans).events(), SizeIs(0));
}

// The stored record gives back the whole article: its body and the rest,
// each compressed on its own, and its events from their citations.
TEST(DocumentBuilderTest, RecordHoldsTheWholeArticle) {
  v1::StoredArticle stored;
  v1::Article& article = *stored.mutable_article();
  article.set_id("a");
  article.set_url("https://example.test/a");
  article.set_body("The harbor reopened after the storm. Ships lined up at dawn. 2019 12 24");
  article.mutable_metadata()->set_title("Harbor reopens");
  article.add_sentences()->set_end(36);
  v1::Sentence& second = *article.add_sentences();
  second.set_begin(37);
  second.set_end(59);
  stored.set_content_type("text/plain");
  StoredEvents record;
  ASSERT_TRUE(record.ParseFromString(DocumentBuilder().SegmentRecord(stored, StoredEvents())));
  EXPECT_EQ(record.url(), "https://example.test/a");
  absl::StatusOr<std::string> body = Decompress(record.compressed_body());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, article.body());
  absl::StatusOr<std::string> rest = Decompress(record.compressed_article());
  ASSERT_TRUE(rest.ok()) << rest.status();
  v1::StoredArticle back;
  ASSERT_TRUE(back.ParseFromString(*rest));
  back.mutable_article()->set_body(*body);
  EXPECT_EQ(back.SerializeAsString(), stored.SerializeAsString());

  // Events of every kind a citation keeps differently: a sentence the body
  // holds, one it does not, one without stems (its text is kept), an empty
  // one, and one without an interval.
  auto add_event = [&](uint32_t begin, uint32_t end, std::string text, uint32_t anchor) -> v1::Event& {
    v1::Event& event = *article.add_events();
    event.set_begin(begin);
    event.set_end(end);
    event.set_text(std::move(text));
    event.set_anchor(anchor);
    event.set_sentence(anchor % 2);
    event.set_date_value(absl::StrCat("2019-12-", 20 + anchor));
    event.mutable_when()->mutable_start()->set_seconds(1576800000 + anchor * 86400);
    event.mutable_when()->mutable_end()->set_seconds(1576886400 + anchor * 86400);
    event.mutable_when()->set_granularity(v1::DAY);
    return event;
  };
  add_event(0, 36, "The harbor reopened after the storm.", 0).add_entity_ids("place:harbor");
  add_event(37, 59, "Ships lined up at noon.", 1).add_entity_ids("org:ships");
  add_event(60, 70, "2019 12 24", 2);
  add_event(59, 59, "", 3);
  add_event(0, 36, "The harbor reopened after the storm.", 4).clear_when();
  auto record_of = [](const v1::StoredArticle& article) {
    DocumentBuilder builder;
    std::vector<DocumentBuilder::WordSpan> spans;
    builder.BuildArticle(article, 1, &spans);
    return builder.SegmentRecord(article, builder.BuildEventRecord(article, spans));
  };
  const std::string with_events = record_of(stored);
  ASSERT_TRUE(record.ParseFromString(with_events));
  EXPECT_TRUE(record.events_in_records());
  rest = Decompress(record.compressed_article());
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_TRUE(back.ParseFromString(*rest));
  EXPECT_THAT(back.article().events(), SizeIs(0));  // kept once, in the records
  auto plain = [](absl::string_view frame) { return Decompress(frame); };
  absl::StatusOr<v1::StoredArticle> read = ArticleOfRecord(with_events, true, plain);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), stored.SerializeAsString());

  // An empty text over a non-empty range could not be told from one the
  // body holds: the article keeps its events then.
  add_event(0, 36, "", 5);
  const std::string ambiguous = record_of(stored);
  ASSERT_TRUE(record.ParseFromString(ambiguous));
  EXPECT_FALSE(record.events_in_records());
  read = ArticleOfRecord(ambiguous, true, plain);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->SerializeAsString(), stored.SerializeAsString());

  // The BASIC view: the metadata without the analysis.
  read = ArticleOfRecord(with_events, false, plain);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->article().metadata().title(), "Harbor reopens");
  EXPECT_EQ(read->article().body(), "");
  EXPECT_THAT(read->article().events(), SizeIs(0));
  EXPECT_THAT(read->article().sentences(), SizeIs(0));

  // A citation past the body is refused, not read out of bounds.
  ASSERT_TRUE(record.ParseFromString(with_events));
  record.mutable_events(0)->mutable_citation()->set_end(500);
  read = ArticleOfRecord(record.SerializeAsString(), true, plain);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ArticleOfRecord("\xff", true, plain).status().code(), absl::StatusCode::kDataLoss);
}

TEST(PageTokenTest, RoundTripsAndRejectsTampering) {
  const std::string encoded = EncodePageToken({20, 7, 1234});
  auto decoded = DecodePageToken(encoded, 1234);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->offset, 20);
  EXPECT_EQ(decoded->snapshot_sequence, 7);
  std::string tampered = encoded;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(DecodePageToken(tampered, 1234).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePageToken(encoded, 99).status().code(), absl::StatusCode::kInvalidArgument);
}

// The highlighted words of `text`, in order.
std::vector<std::string> Highlighted(const HighlightedText& text) {
  std::vector<std::string> words;
  for (const v1::Highlight& highlight : text.highlights) {
    words.push_back(text.text.substr(highlight.begin(), highlight.end() - highlight.begin()));
  }
  return words;
}

TEST(HighlighterTest, MarksFormsAndStemsAndEscapesMarkup) {
  const Xapian::Stem stemmer("english");
  // "ruling" as typed and as its stem, "court" by form only.
  const Highlighter highlighter(&stemmer, {"ruling", "Zrule", "court", "XSreuters", "Sbudget"});
  const HighlightedText snippet = highlighter.Snippet("The Court <ruled> & the rulings stood; Ruling-party.", 240);
  EXPECT_EQ(snippet.text, "The Court <ruled> & the rulings stood; Ruling-party.");
  EXPECT_THAT(Highlighted(snippet), ElementsAre("Court", "ruled", "rulings", "Ruling"));
  EXPECT_EQ(snippet.markup,
            "The <b>Court</b> &lt;<b>ruled</b>&gt; &amp; the <b>rulings</b> stood; <b>Ruling</b>-party.");
  // Title words count in titles only; a filter's terms never.
  EXPECT_THAT(Highlighted(highlighter.MarkTitle("Budget court: Reuters")), ElementsAre("Budget", "court"));
  EXPECT_THAT(Highlighted(highlighter.Snippet("Budget by Reuters", 240)), ElementsAre());
}

TEST(HighlighterTest, PicksThePassageWithTheMostQueryWordsFromItsSentence) {
  const Xapian::Stem stemmer("english");
  const Highlighter highlighter(&stemmer, {"harbor", "storm"});
  std::string text = "Opening words of the article.  ";
  for (int i = 0; i < 20; ++i) text += "Filler sentence number " + std::to_string(i) + " says nothing.\n";
  text += "A harbor here.\n\nThen the storm hit the harbor hard. ";
  for (int i = 0; i < 20; ++i) text += "More filler follows here. ";
  // Three matches of both words beat the two of the last sentence alone.
  const HighlightedText snippet = highlighter.Snippet(text, 60);
  EXPECT_EQ(snippet.text, "…A harbor here. Then the storm hit the harbor hard. More…");
  EXPECT_THAT(Highlighted(snippet), ElementsAre("harbor", "storm", "harbor"));
  EXPECT_LE(snippet.text.size(), 60 + 2 * std::string("…").size());
  // Nothing matches: the text's start, white space as single spaces.
  const HighlightedText none = highlighter.Snippet("Quiet\n\n day  at   sea, nothing else to report today.", 20);
  EXPECT_EQ(none.text, "Quiet day at…");
  EXPECT_THAT(none.highlights, SizeIs(0));
}

// Words as Xapian's own iterator and character tables split and lowercase
// them, a character at a time: what the highlighter must agree with.
struct ReferenceWord {
  size_t begin;
  size_t end;
  std::string form;
};
std::vector<ReferenceWord> ReferenceWords(const std::string& text) {
  std::vector<ReferenceWord> words;
  Xapian::Utf8Iterator it(text), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    ReferenceWord word{static_cast<size_t>(it.raw() - text.data()), 0, ""};
    for (; it != end && Xapian::Unicode::is_wordchar(*it); ++it) {
      Xapian::Unicode::append_utf8(word.form, Xapian::Unicode::tolower(*it));
    }
    word.end = it == end ? text.size() : static_cast<size_t>(it.raw() - text.data());
    words.push_back(std::move(word));
  }
  return words;
}

TEST(HighlighterTest, SplitsWordsAsXapianDoesOnAnyBytes) {
  // Every ASCII character that is not white space between letters, words
  // in other scripts and cases, and bytes that are not UTF-8 (read as
  // Latin-1), joined by single spaces so that the marked text is the text.
  std::vector<std::string> pieces = {"Zürich", "ZÜRICH", "naïve", "İstanbul", "ΑΘΗΝΑ", "日本語", "x\xffy", "\xc3",
                                     "caf\xc3", "\xe2\x80", "e\xcc\x81t\xc3\xa9", "__init__", "R2D2", "A.B.C"};
  for (int c = 1; c < 0x80; ++c) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') continue;
    pieces.push_back(std::string("ab") + static_cast<char>(c) + "Cd");
  }
  const Xapian::Stem stemmer("english");
  std::mt19937 random(20261206);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    for (int i = 0; i < 30; ++i) {
      if (!text.empty()) text += ' ';
      text += pieces[random() % pieces.size()];
    }
    const std::vector<ReferenceWord> words = ReferenceWords(text);
    std::vector<std::string> query;
    for (size_t w = round % 3; w < words.size(); w += 3) query.push_back(words[w].form);
    const Highlighter highlighter(&stemmer, query);
    std::vector<std::pair<uint32_t, uint32_t>> expected;
    for (const ReferenceWord& word : words) {
      if (std::find(query.begin(), query.end(), word.form) != query.end()) {
        expected.emplace_back(static_cast<uint32_t>(word.begin), static_cast<uint32_t>(word.end));
      }
    }
    const HighlightedText marked = highlighter.MarkTitle(text);
    ASSERT_EQ(marked.text, text);
    std::vector<std::pair<uint32_t, uint32_t>> got;
    for (const v1::Highlight& highlight : marked.highlights) got.emplace_back(highlight.begin(), highlight.end());
    ASSERT_EQ(got, expected) << text;
  }
}

TEST(ChangeApplierTest, CaughtUpCommitsAreSpacedAndADeferredOneComesWithTheNextMessage) {
  SequenceWatch applied;
  ChangeApplierOptions options;
  options.min_commit_spacing = absl::Milliseconds(200);
  auto applier = ChangeApplier::Open({.path = FreshDir()}, &applied, options);
  ASSERT_TRUE(applier.ok()) << applier.status();
  const absl::Time start = absl::FromUnixSeconds(1700000000);
  auto message = [](std::vector<v1::Change> changes) {
    v1::WatchChangesResponse response;
    for (v1::Change& change : changes) *response.add_changes() = std::move(change);
    response.set_caught_up(true);
    return response;
  };

  ASSERT_TRUE((*applier)->Apply(message({Upsert(1, "a", "One", "first")}), start).ok());
  EXPECT_EQ(applied.Get(), 1);  // quiet system: committed at once
  ASSERT_TRUE((*applier)->Apply(message({Upsert(2, "b", "Two", "second")}), start + absl::Milliseconds(50)).ok());
  EXPECT_EQ(applied.Get(), 1);  // too soon after the last commit
  ASSERT_TRUE((*applier)->Apply(message({}), start + absl::Milliseconds(250)).ok());  // a heartbeat
  EXPECT_EQ(applied.Get(), 2);
}

TEST(ChangeApplierTest, AQuietReplicaFinishesItsSegmentMergesAtTheHeartbeats) {
  SequenceWatch applied;
  const std::string path = FreshDir();
  auto applier = ChangeApplier::Open({.path = path}, &applied, ChangeApplierOptions());
  ASSERT_TRUE(applier.ok()) << applier.status();
  absl::Time now = absl::FromUnixSeconds(1700000000);
  auto message = [](std::vector<v1::Change> changes) {
    v1::WatchChangesResponse response;
    for (v1::Change& change : changes) *response.add_changes() = std::move(change);
    response.set_caught_up(true);
    return response;
  };
  // One small segment per commit, until the merge policy's ten are there.
  for (int i = 1; i <= 10; ++i) {
    now += absl::Seconds(1);
    ASSERT_TRUE((*applier)->Apply(message({Upsert(i, absl::StrCat("a", i), "Harbor", "harbor news")}), now).ok());
  }
  EXPECT_EQ(applied.Get(), 10);
  EXPECT_TRUE((*applier)->merging());
  ReaderPool pool(path);
  {
    auto before = pool.Acquire();
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_EQ((*before)->segment_count(), 10);
  }
  // Nothing new arrives; the heartbeats carry the merge to its commit.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while ((*applier)->merging() && absl::Now() < give_up) {
    now += absl::Seconds(1);
    ASSERT_TRUE((*applier)->Apply(message({}), now).ok());
    std::this_thread::yield();
  }
  EXPECT_FALSE((*applier)->merging());
  // The pool's reader, refreshed though the sequence did not move, reads
  // the merged segment.
  auto reader = pool.Acquire();
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->segment_count(), 1);
  EXPECT_EQ(applied.Get(), 10);
  v1::SearchRequest request;
  request.set_query("harbor");
  auto response = (*reader)->Search(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->total_size(), 10);
}

TEST(ChangeApplierTest, BehindTheFeedCommitsByIntervalOrByChanges) {
  SequenceWatch applied;
  ChangeApplierOptions options;
  options.commit_interval = absl::Seconds(5);
  options.max_uncommitted_changes = 6;
  auto applier = ChangeApplier::Open({.path = FreshDir(), .threads = 2}, &applied, options);
  ASSERT_TRUE(applier.ok()) << applier.status();
  const absl::Time start = absl::FromUnixSeconds(1700000000);
  int64_t sequence = 0;
  auto behind = [&](int changes) {
    v1::WatchChangesResponse response;
    for (int i = 0; i < changes; ++i) {
      ++sequence;
      *response.add_changes() = Upsert(sequence, "a" + std::to_string(sequence), "Title", "body");
    }
    response.set_caught_up(false);
    return response;
  };

  ASSERT_TRUE((*applier)->Apply(behind(2), start).ok());
  ASSERT_TRUE((*applier)->Apply(behind(2), start + absl::Seconds(4)).ok());
  EXPECT_EQ(applied.Get(), 0);  // behind the feed: batched
  ASSERT_TRUE((*applier)->Apply(behind(1), start + absl::Seconds(5)).ok());
  EXPECT_EQ(applied.Get(), 5);  // the interval since the first uncommitted change

  ASSERT_TRUE((*applier)->Apply(behind(5), start + absl::Seconds(6)).ok());
  EXPECT_EQ(applied.Get(), 5);
  ASSERT_TRUE((*applier)->Apply(behind(1), start + absl::Seconds(6)).ok());
  EXPECT_EQ(applied.Get(), 11);  // 6 changes held
}

TEST(ReaderPoolTest, RequestsBeyondTheCapWaitForAReaderUntilTheirDeadline) {
  const std::string path = FreshDir();
  {
    auto writer = IndexWriter::Open({.path = path});
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Apply(Upsert(1, "a", "One", "first article")).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  ReaderPool pool(path, nullptr, /*max_readers=*/1);
  auto first = pool.Acquire();
  ASSERT_TRUE(first.ok()) << first.status();
  absl::optional<ReaderPool::Lease> held(*std::move(first));

  auto refused = pool.Acquire(absl::Now() + absl::Milliseconds(20));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kDeadlineExceeded) << refused.status();

  // A waiting request gets the reader as soon as it comes back.
  int64_t seen = 0;
  std::thread waiter([&] {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    seen = (*lease)->applied_sequence();
  });
  held.reset();
  waiter.join();
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace chronicle::index

namespace chronicle::index {
namespace {

class UnusableIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDir();
    auto writer = IndexWriter::Open({.path = path_});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Apply(Upsert(1, "a", "One", "first article")).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  std::string path_;
};

TEST_F(UnusableIndexTest, DamagedIndexIsMovedAsideAndStartsAgainFromNothing) {
  std::ofstream(SegmentsPath(path_) + "/MANIFEST", std::ios::trunc) << "not a manifest";
  EXPECT_FALSE(IndexWriter::Open({.path = path_}).ok());

  SequenceWatch applied;
  auto refused = ChangeApplier::Open({.path = path_}, &applied, {.rebuild_unusable_index = false});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kDataLoss) << refused.status();

  auto rebuilt = ChangeApplier::Open({.path = path_}, &applied, {});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ((*rebuilt)->resume_after(), 0);  // the feed is replayed from the start
  EXPECT_TRUE(std::filesystem::exists(path_ + ".unusable/segments/MANIFEST"));
}

TEST_F(UnusableIndexTest, IndexFromAnotherSchemaVersionIsRebuilt) {
  std::ofstream(path_ + "/SCHEMA", std::ios::trunc) << "chronicle-index 999\n";
  auto writer = IndexWriter::Open({.path = path_});
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(writer.status().message()), HasSubstr("chronicle-index 999"));
  EXPECT_EQ(IndexReader::Open(path_).status().code(), absl::StatusCode::kFailedPrecondition);
  SequenceWatch applied;
  auto rebuilt = ChangeApplier::Open({.path = path_}, &applied, {});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ((*rebuilt)->resume_after(), 0);
  EXPECT_EQ((*rebuilt)->CountDocuments(schema::kArticleType), 0);
}

TEST(IndexLayoutTest, AnIndexOfTheEarlierLayoutIsRefusedAndRebuilt) {
  // Xapian's files and no SCHEMA: what a replica of an earlier version left.
  const std::string path = FreshDir();
  std::filesystem::create_directories(path + "/shard-0");
  std::ofstream(path + "/XAPIANDB") << "auto shard-0\n";
  auto writer = IndexWriter::Open({.path = path});
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kFailedPrecondition) << writer.status();
  EXPECT_THAT(std::string(writer.status().message()), HasSubstr("older layout"));
  EXPECT_EQ(IndexReader::Open(path).status().code(), absl::StatusCode::kFailedPrecondition);
  SequenceWatch applied;
  auto rebuilt = ChangeApplier::Open({.path = path}, &applied, {});
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ((*rebuilt)->resume_after(), 0);
  EXPECT_TRUE(std::filesystem::exists(path + ".unusable/XAPIANDB"));
  EXPECT_TRUE(IndexReader::Open(path).ok());
}

}  // namespace
}  // namespace chronicle::index

namespace chronicle::index {
namespace {

class ThreadedIndexTest : public ::testing::Test {
 protected:
  static constexpr int kThreads = 3;
  void SetUp() override {
    path_ = FreshDir();
    OpenWriter();
  }
  void OpenWriter(int threads = kThreads) {
    writer_.reset();
    auto writer = IndexWriter::Open({.path = path_, .threads = threads});
    ASSERT_TRUE(writer.ok()) << writer.status();
    writer_ = *std::move(writer);
  }
  // Articles "a0".."a{n-1}" at sequences first.., each with one event.
  void UpsertArticles(int n, int64_t first, const std::string& word) {
    for (int i = 0; i < n; ++i) {
      v1::Change change = Upsert(first + i, "a" + std::to_string(i), "Report " + word,
                                 "The harbor " + word + " was reported again.");
      AddEvent(change, "The harbor " + word + " was reported.", 1546300800, 1546387200, v1::DAY,
               "2019-01-01");
      ASSERT_TRUE(writer_->Apply(change).ok());
    }
  }
  int64_t Hits(IndexReader& reader, const std::string& query) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(100);
    auto response = reader.Search(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? response->results_size() : -1;
  }
  std::string path_;
  std::unique_ptr<IndexWriter> writer_;
};

TEST_F(ThreadedIndexTest, ArticlesBuiltOnThreadsAreIndexedInFeedOrder) {
  UpsertArticles(40, 1, "flood");
  ASSERT_TRUE(writer_->Commit().ok());
  auto reader = IndexReader::Open(path_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->applied_sequence(), 40);
  EXPECT_EQ((*reader)->CountDocuments(schema::kArticleType), 40);
  EXPECT_EQ((*reader)->CountDocuments(schema::kEventType), 40);
  EXPECT_EQ(Hits(**reader, "flood"), 40);
  // Equal scores rank in index order, which is the feed's whatever thread
  // built each article.
  v1::SearchRequest request;
  request.set_query("flood");
  request.set_page_size(100);
  auto response = (*reader)->Search(request);
  ASSERT_TRUE(response.ok()) << response.status();
  for (int i = 0; i < response->results_size(); ++i) EXPECT_EQ(response->results(i).article_id(), "a" + std::to_string(i));

  // Updates replace in place (their events too), deletes find their article.
  UpsertArticles(40, 41, "fire");
  ASSERT_TRUE(writer_->Apply(Delete(81, "a0")).ok());
  ASSERT_TRUE(writer_->Commit().ok());
  ASSERT_TRUE((*reader)->Refresh().ok());
  EXPECT_EQ((*reader)->applied_sequence(), 81);
  EXPECT_EQ((*reader)->CountDocuments(schema::kArticleType), 39);
  EXPECT_EQ((*reader)->CountDocuments(schema::kEventType), 39);
  EXPECT_EQ(Hits(**reader, "flood"), 0);
  EXPECT_EQ(Hits(**reader, "fire"), 39);

  // Another thread count reads and writes the same index.
  OpenWriter(1);
  EXPECT_EQ(writer_->committed_sequence(), 81);
}

TEST_F(ThreadedIndexTest, ArticlesLeftBehindByACrashAreReplayedWithoutDuplicates) {
  UpsertArticles(30, 1, "flood");
  ASSERT_TRUE(writer_->Commit().ok());
  writer_.reset();
  const std::string kept = path_ + ".articles-at-30";
  std::filesystem::remove_all(kept);
  std::filesystem::copy(SegmentsPath(path_), kept, std::filesystem::copy_options::recursive);
  OpenWriter();
  UpsertArticles(30, 31, "fire");
  v1::Change duplicate = Upsert(61, "copy", "Report fire", "The harbor fire was reported again.");
  duplicate.mutable_article()->set_duplicate_of("a1");
  ASSERT_TRUE(writer_->Apply(duplicate).ok());
  ASSERT_TRUE(writer_->Commit().ok());
  writer_.reset();
  // As if the process died after the duplicates committed sequence 61 and
  // before the articles did: their last commit was at 30.
  std::filesystem::remove_all(SegmentsPath(path_));
  std::filesystem::rename(kept, SegmentsPath(path_));
  auto reader = IndexReader::Open(path_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->applied_sequence(), 30);  // complete only up to the articles

  OpenWriter();
  EXPECT_EQ(writer_->committed_sequence(), 30);  // the feed resumes after 30
  UpsertArticles(30, 31, "fire");
  ASSERT_TRUE(writer_->Apply(duplicate).ok());
  ASSERT_TRUE(writer_->Commit().ok());
  ASSERT_TRUE((*reader)->Refresh().ok());
  EXPECT_EQ((*reader)->applied_sequence(), 61);
  EXPECT_EQ((*reader)->CountDocuments(schema::kArticleType), 30);
  EXPECT_EQ((*reader)->CountDocuments(schema::kDuplicateType), 1);
  EXPECT_EQ((*reader)->CountDocuments(schema::kEventType), 30);
  EXPECT_EQ(Hits(**reader, "fire"), 30);
}

}  // namespace
}  // namespace chronicle::index
