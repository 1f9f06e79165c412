// Dates in requests (timeline start/end, search filters): parse or reject,
// and a parsed range is never reversed.
#include <cstddef>
#include <cstdint>

#include "core/query/date_period.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t split = text.find('|');
  const absl::string_view from = split == absl::string_view::npos ? text : text.substr(0, split);
  const absl::string_view until = split == absl::string_view::npos ? absl::string_view() : text.substr(split + 1);
  auto range = chronicle::query::ParseDateRange(from, "start", until, "end");
  if (range.ok()) {
    if (range->end <= range->start) __builtin_trap();
  } else if (range.status().code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  return 0;
}
