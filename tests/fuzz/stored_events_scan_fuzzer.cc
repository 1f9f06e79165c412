// A timeline scans the event records stored in segments (stored_events_scan.h)
// before parsing any: for any bytes the scan must answer OK or DATA_LOSS,
// point only inside the bytes, and, whenever protobuf parses the same bytes
// as a StoredEvents too, find the same events with the same dates and
// entities (when asked for events naming given ids: those of them whose
// bytes hold one). Results and GetArticle decompress the record's body and article
// (core/common/compression.h): OK or DATA_LOSS there too, and what comes out
// stays within the size its frame claims; putting the article's texts and
// events back from its body (body_texts.h, ArticleOfRecord) is OK or
// DATA_LOSS for any offsets. An event's terms read as whole hashes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "chronicle/v1/article.pb.h"
#include "core/common/compression.h"
#include "core/index/body_texts.h"
#include "core/index/document_builder.h"
#include "core/index/stored_events.pb.h"
#include "core/index/stored_events_scan.h"
#include "core/timeline/event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  chronicle::index::ScannedRecord scanned;
  const absl::Status status = chronicle::index::ScanStoredEvents(bytes, scanned);
  // Stepping over the intervals reads less of the bytes: it fails only
  // where the full scan does, and then finds the same events and entities.
  chronicle::index::ScannedRecord without;
  const absl::Status without_status = chronicle::index::ScanStoredEvents(bytes, without, /*intervals=*/false);
  if (!without_status.ok() && without_status.code() != absl::StatusCode::kDataLoss) __builtin_trap();
  if (status.ok() && !without_status.ok()) __builtin_trap();
  if (!status.ok()) {
    if (status.code() != absl::StatusCode::kDataLoss) __builtin_trap();
    return 0;
  }
  if (without.article != scanned.article || without.events.size() != scanned.events.size()) __builtin_trap();
  for (size_t i = 0; i < without.events.size(); ++i) {
    const chronicle::index::ScannedEvent& a = without.events[i];
    const chronicle::index::ScannedEvent& b = scanned.events[i];
    if (a.bytes != b.bytes || a.entity_ids != b.entity_ids || a.start_seconds != 0 || a.end_seconds != 0) {
      __builtin_trap();
    }
  }
  // Naming entities steps over the events that cannot name them: it fails
  // only where the full scan does, and keeps exactly the events whose bytes
  // hold one of the ids, as the full scan reads them.
  const std::string ids[] = {"person:p1", std::string(bytes.substr(0, 3))};
  chronicle::index::ScannedRecord named;
  const absl::Status named_status = chronicle::index::ScanStoredEvents(bytes, named, true, ids);
  if (!named_status.ok() && named_status.code() != absl::StatusCode::kDataLoss) __builtin_trap();
  if (status.ok() && !named_status.ok()) __builtin_trap();
  size_t next = 0;
  for (const chronicle::index::ScannedEvent& event : scanned.events) {
    if (!absl::StrContains(event.bytes, ids[0]) && !absl::StrContains(event.bytes, ids[1])) continue;
    if (next == named.events.size()) __builtin_trap();
    const chronicle::index::ScannedEvent& got = named.events[next++];
    if (got.bytes != event.bytes || got.entity_ids != event.entity_ids || got.start_seconds != event.start_seconds ||
        got.end_seconds != event.end_seconds) {
      __builtin_trap();
    }
  }
  if (next != named.events.size()) __builtin_trap();
  auto inside = [&](absl::string_view view) {
    return view.empty() || (view.data() >= bytes.data() && view.data() + view.size() <= bytes.data() + size);
  };
  if (!inside(scanned.article)) __builtin_trap();
  for (const chronicle::index::ScannedEvent& event : scanned.events) {
    if (!inside(event.bytes)) __builtin_trap();
    for (absl::string_view id : event.entity_ids) {
      if (!inside(id)) __builtin_trap();
    }
  }
  chronicle::index::ScannedArticle article;
  const absl::Status article_status = chronicle::index::ScanStoredArticle(bytes, article);
  if (!article_status.ok() && article_status.code() != absl::StatusCode::kDataLoss) __builtin_trap();
  if (article_status.ok() && (!inside(article.citation) || !inside(article.url) ||
                              !inside(article.compressed_body) || !inside(article.compressed_article))) {
    __builtin_trap();
  }
  chronicle::index::StoredEvents record;
  if (!record.ParseFromArray(data, static_cast<int>(size))) return 0;
  // (A record holding its article twice parses, merged, and is refused.)
  if (article_status.ok() && (article.url != record.url() || article.compressed_body != record.compressed_body() ||
                              article.compressed_article != record.compressed_article() ||
                              article.texts_in_body != record.texts_in_body())) {
    __builtin_trap();
  }
  std::string frames[2];
  bool decompressed = true;
  for (int f = 0; f < 2; ++f) {
    const std::string& frame = f == 0 ? record.compressed_body() : record.compressed_article();
    absl::StatusOr<std::string> bytes = chronicle::Decompress(frame, 1 << 20);
    if (!bytes.ok() && bytes.status().code() != absl::StatusCode::kDataLoss) __builtin_trap();
    if (bytes.ok() && bytes->size() > (1 << 20)) __builtin_trap();
    if (bytes.ok()) frames[f] = *std::move(bytes);
    decompressed = decompressed && bytes.ok();
  }
  // What GetArticle does with the two: texts come back from the body, or
  // the record is refused, whatever offsets the article holds.
  chronicle::v1::StoredArticle stored;
  if (decompressed && stored.ParseFromString(frames[1])) {
    const absl::Status restored = chronicle::index::RestoreTextsFromBody(*stored.mutable_article(), frames[0]);
    if (!restored.ok() && restored.code() != absl::StatusCode::kDataLoss) __builtin_trap();
  }
  for (bool full : {false, true}) {
    const absl::StatusOr<chronicle::v1::StoredArticle> read = chronicle::index::ArticleOfRecord(
        bytes, full, [](absl::string_view frame) { return chronicle::Decompress(frame, 1 << 20); });
    if (!read.ok() && read.status().code() != absl::StatusCode::kDataLoss) __builtin_trap();
    if (read.ok() && !full && !read->article().body().empty()) __builtin_trap();
  }
  if (article_status.ok() && article.events_in_records != record.events_in_records()) __builtin_trap();
  if (record.events_size() != static_cast<int>(scanned.events.size())) __builtin_trap();
  for (int i = 0; i < record.events_size(); ++i) {
    const chronicle::v1::Citation& citation = record.events(i).citation();
    const chronicle::index::ScannedEvent& event = scanned.events[i];
    if (event.start_seconds != citation.interval().start().seconds()) __builtin_trap();
    if (event.end_seconds != citation.interval().end().seconds()) __builtin_trap();
    if (static_cast<int>(event.entity_ids.size()) != citation.entity_ids_size()) __builtin_trap();
    for (int e = 0; e < citation.entity_ids_size(); ++e) {
      if (event.entity_ids[e] != citation.entity_ids(e)) __builtin_trap();
    }
    // An event's terms, as a timeline reads them: whole 4-byte terms within
    // the bytes, found again by the search relevance uses whenever they
    // are in order (a damaged record may not be).
    const std::string& terms = record.events(i).terms();
    const size_t count = chronicle::timeline::TermCount(terms);
    if (4 * count > terms.size() || terms.size() - 4 * count >= 4) __builtin_trap();
    bool ascending = true;
    for (size_t t = 1; t < count; ++t) {
      ascending = ascending && chronicle::timeline::TermAt(terms, t - 1) < chronicle::timeline::TermAt(terms, t);
    }
    for (size_t t = 0; ascending && t < count; ++t) {
      if (!chronicle::timeline::HoldsTerm(terms, chronicle::timeline::TermAt(terms, t))) __builtin_trap();
    }
  }
  return 0;
}
