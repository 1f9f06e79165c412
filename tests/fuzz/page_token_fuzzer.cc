// Page tokens come back from clients: anything must decode or be rejected,
// and what decodes must re-encode to an accepted token.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/index/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint32_t fingerprint = data[0] | (data[1] << 8) | (data[2] << 16) | (static_cast<uint32_t>(data[3]) << 24);
  const absl::string_view token(reinterpret_cast<const char*>(data + 4), size - 4);
  auto decoded = chronicle::index::DecodePageToken(token, fingerprint);
  if (!decoded.ok()) {
    if (decoded.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  if (decoded->offset < 0 || decoded->snapshot_sequence < 0) __builtin_trap();
  const std::string again = chronicle::index::EncodePageToken(*decoded);
  if (!chronicle::index::DecodePageToken(again, fingerprint).ok()) __builtin_trap();
  return 0;
}
