// Reads what decides whether an event enters a timeline — its interval and
// the entities it names — straight from a serialized StoredEvents record
// (stored_events.proto), without parsing the rest.
//
// A timeline by entity reads the record of every article naming the entity,
// and most of such an article's events name other things: parsing each
// whole (the sentence, the stems, the citation's strings) was a third of the
// request. Scanning the wire format finds each event's bytes and its key
// without copying; only the events a timeline keeps are then parsed.
#ifndef CHRONICLE_CORE_INDEX_STORED_EVENTS_SCAN_H_
#define CHRONICLE_CORE_INDEX_STORED_EVENTS_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chronicle::index {

// One event of a record: its serialized StoredEvent and the fields a
// timeline filters on, as a full parse would read them (absent fields are
// 0 and empty; a field given twice takes its last value, a repeated one
// collects every value).
struct ScannedEvent {
  absl::string_view bytes;
  int64_t start_seconds = 0;  // citation.interval.start.seconds
  int64_t end_seconds = 0;    // citation.interval.end.seconds
  absl::InlinedVector<absl::string_view, 4> entity_ids;  // citation.entity_ids
};

struct ScannedRecord {
  absl::string_view article;  // the serialized article Citation (empty when absent)
  std::vector<ScannedEvent> events;
};

// What a search result and GetArticle read of a record, views into it:
// fields 1, 3, 4, 5, 6 and 7 of StoredEvents, the events stepped over.
struct ScannedArticle {
  absl::string_view citation;            // the serialized article Citation
  absl::string_view url;
  absl::string_view compressed_body;     // zstd frames (core/common/compression.h)
  absl::string_view compressed_article;
  bool texts_in_body = false;
  bool events_in_records = false;
};

// Reads `record`'s article fields without parsing its events. Errors:
// DATA_LOSS as ScanStoredEvents.
absl::Status ScanStoredArticle(absl::string_view record, ScannedArticle& out);

// Splits `record` into its parts, views into `record`. `out` is the
// caller's, reused (cleared first). With `intervals` false the events'
// intervals are stepped over and their seconds left 0: a timeline without a
// date range filters on entities alone, and stepping over the nested
// interval and timestamps of events it does not keep (most of those a
// timeline by entity reads) saves about 4% of it. When `naming` is not
// empty, an event whose bytes contain none of its strings is stepped over
// and left out of `out.events`: it cannot name one of them as an entity,
// and a timeline by entity keeps only the events that do (most events of
// the articles it reads name other things, and scanning each one's fields
// was a fifth of the request). The events left in may still name none.
// Errors: DATA_LOSS when the bytes are not a well-formed StoredEvents (a
// truncated field, an unknown wire type; inside an interval or an event
// stepped over, only its length is checked).
absl::Status ScanStoredEvents(absl::string_view record, ScannedRecord& out, bool intervals = true,
                              absl::Span<const std::string> naming = {});

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_STORED_EVENTS_SCAN_H_
