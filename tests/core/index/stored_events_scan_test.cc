#include "core/index/stored_events_scan.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/index/stored_events.pb.h"
#include "core/timeline/event.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

StoredEvents RandomRecord(std::mt19937& random) {
  std::uniform_int_distribution<int> events(0, 6), entities(0, 3), percent(0, 99);
  std::uniform_int_distribution<int64_t> seconds(-62135596800, 253402300799);
  StoredEvents record;
  if (percent(random) < 90) {
    v1::Citation& article = *record.mutable_article();
    article.set_article_id(absl::StrCat("article-", percent(random)));
    article.set_title("A title with \"quotes\" and <markup>");
    article.set_source("wire");
    if (percent(random) < 70) article.mutable_published_at()->set_seconds(seconds(random));
  }
  const int n = events(random);
  for (int i = 0; i < n; ++i) {
    StoredEvent& event = *record.add_events();
    v1::Citation& citation = *event.mutable_citation();
    citation.set_sentence(absl::StrCat("Sentence ", i, " of a stored record."));
    citation.set_begin(static_cast<uint32_t>(percent(random)));
    citation.set_end(static_cast<uint32_t>(100 + percent(random)));
    citation.set_date_value("2019-12-24");
    if (percent(random) < 90) {
      v1::TimeInterval& interval = *citation.mutable_interval();
      // Absent, zero, negative and positive seconds alike.
      if (percent(random) < 85) interval.mutable_start()->set_seconds(seconds(random));
      if (percent(random) < 85) interval.mutable_end()->set_seconds(seconds(random));
      if (percent(random) < 50) interval.mutable_end()->set_nanos(percent(random));
      interval.set_granularity(v1::DAY);
    }
    const int k = entities(random);
    for (int e = 0; e < k; ++e) citation.add_entity_ids(absl::StrCat("person:p", percent(random)));
    std::vector<uint32_t> hashes;
    for (int w = 0; w < percent(random) % 8; ++w) hashes.push_back(static_cast<uint32_t>(random()));
    event.set_terms(timeline::PackTermHashes(std::move(hashes)));
    event.set_has_place(percent(random) < 50);
    event.set_sentence(static_cast<uint32_t>(i));
  }
  if (percent(random) < 80) record.set_url(absl::StrCat("https://example.test/", percent(random)));
  if (percent(random) < 80) record.set_compressed_body(std::string(percent(random), 'b'));
  if (percent(random) < 80) record.set_compressed_article(std::string(percent(random), 'a'));
  record.set_texts_in_body(percent(random) < 50);
  record.set_events_in_records(percent(random) < 50);
  return record;
}

TEST(StoredEventsScanTest, FindsTheArticleFieldsAFullParseReads) {
  std::mt19937 random(1910);
  ScannedArticle scanned;
  for (int round = 0; round < 500; ++round) {
    const StoredEvents record = RandomRecord(random);
    const std::string bytes = record.SerializeAsString();
    ASSERT_TRUE(ScanStoredArticle(bytes, scanned).ok()) << round;
    v1::Citation article;
    ASSERT_TRUE(article.ParseFromArray(scanned.citation.data(), static_cast<int>(scanned.citation.size())));
    EXPECT_EQ(article.SerializeAsString(), record.article().SerializeAsString());
    EXPECT_EQ(scanned.url, record.url());
    EXPECT_EQ(scanned.compressed_body, record.compressed_body());
    EXPECT_EQ(scanned.compressed_article, record.compressed_article());
    EXPECT_EQ(scanned.texts_in_body, record.texts_in_body());
    EXPECT_EQ(scanned.events_in_records, record.events_in_records());
  }
  // Damaged: cut anywhere inside a field, the scan refuses, as a parse does.
  const std::string bytes = RandomRecord(random).SerializeAsString();
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    StoredEvents parsed;
    if (parsed.ParseFromArray(bytes.data(), static_cast<int>(cut))) continue;
    EXPECT_FALSE(ScanStoredArticle(absl::string_view(bytes).substr(0, cut), scanned).ok()) << cut;
  }
}

TEST(StoredEventsScanTest, FindsWhatAFullParseReads) {
  std::mt19937 random(1965);
  ScannedRecord scanned;
  for (int round = 0; round < 500; ++round) {
    const StoredEvents record = RandomRecord(random);
    const std::string bytes = record.SerializeAsString();
    ASSERT_TRUE(ScanStoredEvents(bytes, scanned).ok()) << round;
    ASSERT_EQ(scanned.events.size(), static_cast<size_t>(record.events_size()));
    v1::Citation article;
    ASSERT_TRUE(article.ParseFromArray(scanned.article.data(), static_cast<int>(scanned.article.size())));
    EXPECT_EQ(article.SerializeAsString(), record.article().SerializeAsString());
    for (int i = 0; i < record.events_size(); ++i) {
      const StoredEvent& expected = record.events(i);
      const ScannedEvent& got = scanned.events[i];
      EXPECT_EQ(got.start_seconds, expected.citation().interval().start().seconds());
      EXPECT_EQ(got.end_seconds, expected.citation().interval().end().seconds());
      ASSERT_EQ(got.entity_ids.size(), static_cast<size_t>(expected.citation().entity_ids_size()));
      for (size_t e = 0; e < got.entity_ids.size(); ++e) {
        EXPECT_EQ(got.entity_ids[e], expected.citation().entity_ids(static_cast<int>(e)));
      }
      StoredEvent parsed;
      ASSERT_TRUE(parsed.ParseFromArray(got.bytes.data(), static_cast<int>(got.bytes.size())));
      EXPECT_EQ(parsed.SerializeAsString(), expected.SerializeAsString());
    }
    // Without intervals: the same events and entities, no seconds.
    ScannedRecord without;
    ASSERT_TRUE(ScanStoredEvents(bytes, without, /*intervals=*/false).ok()) << round;
    ASSERT_EQ(without.events.size(), scanned.events.size());
    EXPECT_EQ(without.article, scanned.article);
    for (size_t i = 0; i < without.events.size(); ++i) {
      EXPECT_EQ(without.events[i].bytes, scanned.events[i].bytes);
      EXPECT_EQ(without.events[i].start_seconds, 0);
      EXPECT_EQ(without.events[i].end_seconds, 0);
      EXPECT_EQ(without.events[i].entity_ids, scanned.events[i].entity_ids);
    }
  }
}

TEST(StoredEventsScanTest, NamingLeavesOutExactlyTheEventsThatCannotNameTheIds) {
  std::mt19937 random(2019);
  std::uniform_int_distribution<int> percent(0, 99);
  ScannedRecord all;
  ScannedRecord named;
  int left_out = 0;
  int kept_naming_none = 0;
  for (int round = 0; round < 500; ++round) {
    const std::string bytes = RandomRecord(random).SerializeAsString();
    // "person:p1" is also inside "person:p17": such events are kept,
    // scanned, and name neither id.
    const std::vector<std::string> ids = {absl::StrCat("person:p", percent(random)),
                                          absl::StrCat("person:p", percent(random) % 10)};
    for (bool intervals : {true, false}) {
      ASSERT_TRUE(ScanStoredEvents(bytes, all, intervals).ok()) << round;
      ASSERT_TRUE(ScanStoredEvents(bytes, named, intervals, ids).ok()) << round;
      EXPECT_EQ(named.article, all.article);
      size_t next = 0;
      for (const ScannedEvent& event : all.events) {
        const bool may_name = absl::StrContains(event.bytes, ids[0]) || absl::StrContains(event.bytes, ids[1]);
        if (!may_name) {
          ++left_out;
          continue;
        }
        ASSERT_LT(next, named.events.size()) << round;
        const ScannedEvent& got = named.events[next++];
        EXPECT_EQ(got.bytes, event.bytes);
        EXPECT_EQ(got.start_seconds, event.start_seconds);
        EXPECT_EQ(got.end_seconds, event.end_seconds);
        EXPECT_EQ(got.entity_ids, event.entity_ids);
        if (std::find(got.entity_ids.begin(), got.entity_ids.end(), ids[0]) == got.entity_ids.end() &&
            std::find(got.entity_ids.begin(), got.entity_ids.end(), ids[1]) == got.entity_ids.end()) {
          ++kept_naming_none;
        }
      }
      EXPECT_EQ(next, named.events.size()) << round;
    }
  }
  EXPECT_GT(left_out, 1000);
  EXPECT_GT(kept_naming_none, 10);
  // No ids: every event, as without the argument.
  const std::string bytes = RandomRecord(random).SerializeAsString();
  ASSERT_TRUE(ScanStoredEvents(bytes, all).ok());
  ASSERT_TRUE(ScanStoredEvents(bytes, named, true, {}).ok());
  EXPECT_EQ(named.events.size(), all.events.size());
}

TEST(StoredEventsScanTest, AFieldGivenTwiceReadsAsAParserMergesIt) {
  StoredEvent first;
  first.mutable_citation()->mutable_interval()->mutable_start()->set_seconds(100);
  first.mutable_citation()->mutable_interval()->mutable_end()->set_seconds(200);
  first.mutable_citation()->add_entity_ids("person:a");
  StoredEvent second;
  second.mutable_citation()->mutable_interval()->mutable_end()->set_seconds(300);
  second.mutable_citation()->add_entity_ids("person:b");
  // Concatenated messages merge: the end is replaced, the ids collected.
  const std::string event_bytes = first.SerializeAsString() + second.SerializeAsString();
  StoredEvents record;
  record.add_events()->ParseFromString(event_bytes);
  ScannedRecord scanned;
  // The record as written holds the merged event; written by hand it holds
  // the two halves in one field.
  std::string bytes;
  bytes.push_back(static_cast<char>((2 << 3) | 2));
  bytes.push_back(static_cast<char>(event_bytes.size()));
  bytes += event_bytes;
  for (const std::string& candidate : {record.SerializeAsString(), bytes}) {
    ASSERT_TRUE(ScanStoredEvents(candidate, scanned).ok());
    ASSERT_EQ(scanned.events.size(), 1u);
    EXPECT_EQ(scanned.events[0].start_seconds, 100);
    EXPECT_EQ(scanned.events[0].end_seconds, 300);
    EXPECT_EQ(std::vector<std::string>(scanned.events[0].entity_ids.begin(), scanned.events[0].entity_ids.end()),
              (std::vector<std::string>{"person:a", "person:b"}));
  }
}

TEST(StoredEventsScanTest, DamagedRecordsAreDataLossOrViewsInsideTheRecord) {
  std::mt19937 random(2018);
  ScannedRecord scanned;
  int refused = 0;
  for (int round = 0; round < 50; ++round) {
    std::string bytes;
    while (bytes.size() < 20) bytes = RandomRecord(random).SerializeAsString();
    for (size_t cut = 0; cut < bytes.size(); cut += 3) {
      std::string damaged = bytes.substr(0, cut);
      if (cut % 2 == 1) damaged += bytes.substr(cut + 1);  // a byte taken out of the middle
      const absl::Status status = ScanStoredEvents(damaged, scanned);
      if (!status.ok()) {
        EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
        ++refused;
        continue;
      }
      for (const ScannedEvent& event : scanned.events) {
        EXPECT_GE(event.bytes.data(), damaged.data());
        EXPECT_LE(event.bytes.data() + event.bytes.size(), damaged.data() + damaged.size());
      }
    }
  }
  EXPECT_GT(refused, 100);
  // Wire types a record never holds.
  EXPECT_EQ(ScanStoredEvents(std::string("\x0b", 1), scanned).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ScanStoredEvents(std::string("\x12\x05\x0a", 3), scanned).code(), absl::StatusCode::kDataLoss);
  // A five-byte tag whose bits beyond 32 are dropped, as protobuf reads it
  // (field 2, an empty event); a sixth byte is too many.
  ASSERT_TRUE(ScanStoredEvents(std::string("\x92\x80\x80\x80\x20\x00", 6), scanned).ok());
  EXPECT_EQ(scanned.events.size(), 1u);
  EXPECT_EQ(ScanStoredEvents(std::string("\x92\x80\x80\x80\xa0\x00\x00", 7), scanned).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_TRUE(ScanStoredEvents("", scanned).ok());
  EXPECT_TRUE(scanned.events.empty());
}

}  // namespace
}  // namespace chronicle::index
