#include "core/index/stored_events_scan.h"

#include "core/common/status_macros.h"

namespace chronicle::index {
namespace {

// Field numbers of stored_events.proto and the messages it holds.
constexpr uint32_t kRecordArticle = 1;       // StoredEvents.article
constexpr uint32_t kRecordEvents = 2;        // StoredEvents.events
constexpr uint32_t kRecordUrl = 3;           // StoredEvents.url
constexpr uint32_t kRecordBody = 4;          // StoredEvents.compressed_body
constexpr uint32_t kRecordRest = 5;          // StoredEvents.compressed_article
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

class WireReader {
 public:
  explicit WireReader(absl::string_view message) : rest_(message) {}

  // The next field, or false at the end; DATA_LOSS when malformed.
  absl::StatusOr<bool> Next(Field& field) {
    if (rest_.empty()) return false;
    // A tag is a 32-bit varint of at most five bytes; as protobuf reads
    // it, bits beyond 32 in the fifth byte are dropped.
    uint64_t wide_tag = 0;
    const size_t before = rest_.size();
    RETURN_IF_ERROR(ReadVarint(wide_tag));
    if (before - rest_.size() > 5) return Malformed();
    const auto tag = static_cast<uint32_t>(wide_tag);
    field.number = tag >> 3;
    field.wire_type = tag & 7;
    if (field.number == 0) return Malformed();
    switch (field.wire_type) {
      case kVarint:
        RETURN_IF_ERROR(ReadVarint(field.varint));
        return true;
      case kFixed64:
        return Skip(8);
      case kFixed32:
        return Skip(4);
      case kLengthDelimited: {
        uint64_t length = 0;
        RETURN_IF_ERROR(ReadVarint(length));
        if (length > rest_.size()) return Malformed();
        field.bytes = rest_.substr(0, length);
        rest_.remove_prefix(length);
        return true;
      }
      default:
        return Malformed();
    }
  }

 private:
  static absl::Status Malformed() { return absl::DataLossError("a stored event record is malformed"); }

  absl::Status ReadVarint(uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty()) return Malformed();
      const auto byte = static_cast<uint8_t>(rest_.front());
      rest_.remove_prefix(1);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return absl::OkStatus();
    }
    return Malformed();
  }

  absl::StatusOr<bool> Skip(size_t bytes) {
    if (bytes > rest_.size()) return Malformed();
    rest_.remove_prefix(bytes);
    return true;
  }

  absl::string_view rest_;
};

// Calls `visit(field)` for every field of `message`, in order, stopping at
// the first error (the visitor's, or DATA_LOSS for malformed bytes).
template <typename Visit>
absl::Status ForEachField(absl::string_view message, Visit visit) {
  WireReader reader(message);
  Field field;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(field));
    if (!more) return absl::OkStatus();
    RETURN_IF_ERROR(visit(field));
  }
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

absl::Status ScanCitation(absl::string_view citation, ScannedEvent& event) {
  return ForEachField(citation, [&](const Field& field) {
    if (field.wire_type != kLengthDelimited) return absl::OkStatus();
    if (field.number == kCitationInterval) return ScanInterval(field.bytes, event);
    if (field.number == kCitationEntityIds) event.entity_ids.push_back(field.bytes);
    return absl::OkStatus();
  });
}

absl::Status ScanEvent(absl::string_view bytes, ScannedEvent& event) {
  event.bytes = bytes;
  return ForEachField(bytes, [&](const Field& field) {
    if (field.number != kEventCitation || field.wire_type != kLengthDelimited) return absl::OkStatus();
    return ScanCitation(field.bytes, event);
  });
}

}  // namespace

absl::Status ScanStoredEvents(absl::string_view record, ScannedRecord& out) {
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
      return ScanEvent(field.bytes, out.events.emplace_back());
    }
    return absl::OkStatus();
  });
}

absl::Status ScanStoredArticle(absl::string_view record, ScannedArticle& out) {
  out = ScannedArticle();
  return ForEachField(record, [&](const Field& field) {
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
