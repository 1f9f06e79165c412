#include "core/index/stored_events_scan.h"

#include <cstddef>
#include <cstdint>

#include "absl/strings/match.h"
#include "core/common/status_macros.h"

namespace chronicle::index {
namespace {

// Field numbers of stored_events.proto and the messages it holds.
constexpr uint32_t kRecordArticle = 1;       // StoredEvents.article
constexpr uint32_t kRecordEvents = 2;        // StoredEvents.events
constexpr uint32_t kRecordUrl = 3;           // StoredEvents.url
constexpr uint32_t kRecordBody = 4;          // StoredEvents.compressed_body
constexpr uint32_t kRecordRest = 5;          // StoredEvents.compressed_article
constexpr uint32_t kRecordTextsInBody = 6;   // StoredEvents.texts_in_body
constexpr uint32_t kRecordEventsInRecords = 7;  // StoredEvents.events_in_records
constexpr uint32_t kEventCitation = 1;       // StoredEvent.citation
constexpr uint32_t kCitationInterval = 9;    // Citation.interval
constexpr uint32_t kCitationEntityIds = 10;  // Citation.entity_ids
constexpr uint32_t kIntervalStart = 1;       // TimeInterval.start
constexpr uint32_t kIntervalEnd = 2;         // TimeInterval.end
constexpr uint32_t kTimestampSeconds = 1;    // Timestamp.seconds

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// One field of a message: its number, and its value as a varint or as the
// bytes of a length-delimited field (fixed-width fields are skipped over).
struct Field {
  uint32_t number = 0;
  uint32_t wire_type = 0;
  uint64_t varint = 0;
  absl::string_view bytes;
};

absl::Status Malformed() { return absl::DataLossError("a stored event record is malformed"); }

// Reads a message's fields one after the other. A timeline scans a few
// dozen fields of every event it looks at, so this reports the end and
// malformed bytes through a bool and a flag rather than a Status per field.
class WireReader {
 public:
  explicit WireReader(absl::string_view message) : next_(message.data()), end_(message.data() + message.size()) {}

  // The next field into `field`; false at the end of the message or at
  // malformed bytes (then malformed() is true).
  bool Next(Field& field) {
    if (next_ == end_) return false;
    // A tag is a 32-bit varint of at most five bytes; as protobuf reads
    // it, bits beyond 32 in the fifth byte are dropped.
    const char* tag_start = next_;
    uint64_t wide_tag = 0;
    if (!ReadVarint(wide_tag) || next_ - tag_start > 5) return Fail();
    const auto tag = static_cast<uint32_t>(wide_tag);
    field.number = tag >> 3;
    field.wire_type = tag & 7;
    if (field.number == 0) return Fail();
    switch (field.wire_type) {
      case kVarint:
        return ReadVarint(field.varint) || Fail();
      case kFixed64:
        return Skip(8);
      case kFixed32:
        return Skip(4);
      case kLengthDelimited: {
        uint64_t length = 0;
        if (!ReadVarint(length) || length > static_cast<uint64_t>(end_ - next_)) return Fail();
        field.bytes = absl::string_view(next_, static_cast<size_t>(length));
        next_ += length;
        return true;
      }
      default:
        return Fail();
    }
  }

  bool malformed() const { return malformed_; }

 private:
  bool Fail() {
    malformed_ = true;
    next_ = end_;
    return false;
  }

  // False when the bytes end inside the varint or it runs past ten bytes.
  bool ReadVarint(uint64_t& value) {
    // Most tags and lengths here fit in one byte.
    if (next_ != end_ && (static_cast<uint8_t>(*next_) & 0x80) == 0) {
      value = static_cast<uint8_t>(*next_++);
      return true;
    }
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (next_ == end_) return false;
      const auto byte = static_cast<uint8_t>(*next_++);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

  bool Skip(size_t bytes) {
    if (bytes > static_cast<size_t>(end_ - next_)) return Fail();
    next_ += bytes;
    return true;
  }

  const char* next_;
  const char* end_;
  bool malformed_ = false;
};

// Calls `visit(field)` for every field of `message`, in order, stopping at
// the first error (the visitor's, or DATA_LOSS for malformed bytes).
template <typename Visit>
absl::Status ForEachField(absl::string_view message, Visit visit) {
  WireReader reader(message);
  Field field;
  while (reader.Next(field)) RETURN_IF_ERROR(visit(field));
  return reader.malformed() ? Malformed() : absl::OkStatus();
}

// Timestamp.seconds of a serialized Timestamp, into `seconds` when present.
absl::Status ScanSeconds(absl::string_view timestamp, int64_t& seconds) {
  return ForEachField(timestamp, [&](const Field& field) {
    if (field.number == kTimestampSeconds && field.wire_type == kVarint) seconds = static_cast<int64_t>(field.varint);
    return absl::OkStatus();
  });
}

absl::Status ScanInterval(absl::string_view interval, ScannedEvent& event) {
  return ForEachField(interval, [&](const Field& field) {
    if (field.wire_type != kLengthDelimited) return absl::OkStatus();
    if (field.number == kIntervalStart) return ScanSeconds(field.bytes, event.start_seconds);
    if (field.number == kIntervalEnd) return ScanSeconds(field.bytes, event.end_seconds);
    return absl::OkStatus();
  });
}

absl::Status ScanCitation(absl::string_view citation, bool intervals, ScannedEvent& event) {
  return ForEachField(citation, [&](const Field& field) {
    if (field.wire_type != kLengthDelimited) return absl::OkStatus();
    if (field.number == kCitationInterval) return intervals ? ScanInterval(field.bytes, event) : absl::OkStatus();
    if (field.number == kCitationEntityIds) event.entity_ids.push_back(field.bytes);
    return absl::OkStatus();
  });
}

absl::Status ScanEvent(absl::string_view bytes, bool intervals, ScannedEvent& event) {
  event.bytes = bytes;
  return ForEachField(bytes, [&](const Field& field) {
    if (field.number != kEventCitation || field.wire_type != kLengthDelimited) return absl::OkStatus();
    return ScanCitation(field.bytes, intervals, event);
  });
}

// Whether `event` (a serialized StoredEvent) may name one of `ids`: an
// entity id is a field's bytes, so it is a substring of the event's.
bool MayName(absl::string_view event, absl::Span<const std::string> ids) {
  for (const std::string& id : ids) {
    if (absl::StrContains(event, id)) return true;
  }
  return false;
}

}  // namespace

absl::Status ScanStoredEvents(absl::string_view record, ScannedRecord& out, bool intervals,
                              absl::Span<const std::string> naming) {
  out.article = absl::string_view();
  out.events.clear();
  return ForEachField(record, [&](const Field& field) {
    if (field.wire_type != kLengthDelimited) return absl::OkStatus();
    if (field.number == kRecordArticle) {
      // Written once; a second copy would merge into the first, which no
      // writer of ours does.
      if (!out.article.empty()) return absl::DataLossError("a stored event record holds its article twice");
      out.article = field.bytes;
    } else if (field.number == kRecordEvents) {
      if (!naming.empty() && !MayName(field.bytes, naming)) return absl::OkStatus();
      return ScanEvent(field.bytes, intervals, out.events.emplace_back());
    }
    return absl::OkStatus();
  });
}

absl::Status ScanStoredArticle(absl::string_view record, ScannedArticle& out) {
  out = ScannedArticle();
  return ForEachField(record, [&](const Field& field) {
    if (field.wire_type == kVarint) {
      // A bool as a parse reads it: any nonzero value is true.
      if (field.number == kRecordTextsInBody) out.texts_in_body = field.varint != 0;
      if (field.number == kRecordEventsInRecords) out.events_in_records = field.varint != 0;
      return absl::OkStatus();
    }
    if (field.wire_type != kLengthDelimited) return absl::OkStatus();
    switch (field.number) {
      case kRecordArticle:
        if (!out.citation.empty()) return absl::DataLossError("a stored record holds its article twice");
        out.citation = field.bytes;
        break;
      // A string or bytes field given twice takes its last value, as a
      // parse would.
      case kRecordUrl:
        out.url = field.bytes;
        break;
      case kRecordBody:
        out.compressed_body = field.bytes;
        break;
      case kRecordRest:
        out.compressed_article = field.bytes;
        break;
      default:
        break;
    }
    return absl::OkStatus();
  });
}

}  // namespace chronicle::index
