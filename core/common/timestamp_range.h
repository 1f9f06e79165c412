// The range a google.protobuf.Timestamp may hold: 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59.999999999Z. Protobuf's JSON mapping refuses any other
// value, so a reply holding one cannot be decoded by a protojson client (buf
// curl, grpc-gateway, the HTTP/JSON endpoints): the caller gets no reply at
// all. Every Timestamp Chronicle writes goes through these helpers.
#ifndef CHRONICLE_CORE_COMMON_TIMESTAMP_RANGE_H_
#define CHRONICLE_CORE_COMMON_TIMESTAMP_RANGE_H_

#include <algorithm>
#include <cstdint>

#include "absl/time/time.h"

namespace chronicle {

inline constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z

inline bool InTimestampRange(absl::Time time) {
  return time >= absl::FromUnixSeconds(kMinTimestampSeconds) &&
         time < absl::FromUnixSeconds(kMaxTimestampSeconds + 1);
}

// `time` moved into the range: an interval such as "the 12th millennium"
// keeps its place at the edge of what can be written.
inline absl::Time ClampToTimestampRange(absl::Time time) {
  return std::clamp(time, absl::FromUnixSeconds(kMinTimestampSeconds),
                    absl::FromUnixSeconds(kMaxTimestampSeconds) + absl::Nanoseconds(999999999));
}

// Writes `time`, clamped, into a google.protobuf.Timestamp (a template so
// that this header needs no protobuf).
template <typename Timestamp>
void SetTimestampInRange(absl::Time time, Timestamp* timestamp) {
  const absl::Time clamped = ClampToTimestampRange(time);
  const int64_t seconds = absl::ToUnixSeconds(clamped);  // rounds down
  timestamp->set_seconds(seconds);
  timestamp->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(clamped - absl::FromUnixSeconds(seconds))));
}

}  // namespace chronicle

#endif  // CHRONICLE_CORE_COMMON_TIMESTAMP_RANGE_H_
