#include "core/index/segment/bit_packing.h"

#include <algorithm>
#include <cstring>

namespace chronicle::index::segment {
namespace {

// Each value from the eight bytes that start at its first bit's byte: a
// value of at most 32 bits shifted by at most 7 fits in them. With the width
// known at compile time the shifts and masks are constants and the loop
// unrolls; the caller has checked that the last load stays in bounds.
template <int kWidth>
void UnpackWithLoads(const uint8_t* in, uint32_t count, uint32_t* out) {
  constexpr uint64_t kMask = (uint64_t{1} << kWidth) - 1;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t bit = uint64_t{i} * kWidth;
    uint64_t word;
    std::memcpy(&word, in + (bit >> 3), sizeof(word));
    out[i] = static_cast<uint32_t>((word >> (bit & 7)) & kMask);
  }
}

template <int... kWidths>
struct Unpackers {
  static constexpr void (*kTable[])(const uint8_t*, uint32_t, uint32_t*) = {&UnpackWithLoads<kWidths + 1>...};
};

template <int... kIndices>
constexpr auto MakeUnpackers(std::integer_sequence<int, kIndices...>) {
  return Unpackers<kIndices...>{};
}

// kUnpack[w - 1] unpacks values of w bits, w in 1..32.
constexpr auto kUnpack = MakeUnpackers(std::make_integer_sequence<int, kMaxBitWidth>{}).kTable;

// A byte at a time, never past the packed bytes: for the end of a buffer.
void UnpackSlowly(const uint8_t* in, uint32_t count, int width, uint32_t* out) {
  const uint64_t mask = (uint64_t{1} << width) - 1;
  uint64_t buffer = 0;
  int buffered = 0;
  for (uint32_t i = 0; i < count; ++i) {
    while (buffered < width) {
      buffer |= uint64_t{*in++} << buffered;
      buffered += 8;
    }
    out[i] = static_cast<uint32_t>(buffer & mask);
    buffer >>= width;
    buffered -= width;
  }
}

}  // namespace

int BitWidth(const uint32_t* values, uint32_t count) {
  uint32_t all = 0;
  for (uint32_t i = 0; i < count; ++i) all |= values[i];
  int width = 0;
  while (width < kMaxBitWidth && (all >> width) != 0) ++width;
  return width;
}

void PackBits(const uint32_t* values, uint32_t count, int width, uint8_t* out) {
  if (width == 0) return;
  uint64_t buffer = 0;
  int buffered = 0;
  for (uint32_t i = 0; i < count; ++i) {
    buffer |= uint64_t{values[i]} << buffered;
    buffered += width;
    while (buffered >= 8) {
      *out++ = static_cast<uint8_t>(buffer);
      buffer >>= 8;
      buffered -= 8;
    }
  }
  if (buffered > 0) *out = static_cast<uint8_t>(buffer);
}

void UnpackBits(const uint8_t* in, const uint8_t* end, uint32_t count, int width, uint32_t* out) {
  if (width == 0) {
    std::fill_n(out, count, 0u);
    return;
  }
  if (count == 0) return;
  // The last value's load reads bytes [its first byte, that + 8).
  const uint64_t last_load = (uint64_t{count - 1} * static_cast<uint64_t>(width) >> 3) + 8;
  if (last_load <= static_cast<uint64_t>(end - in)) {
    kUnpack[width - 1](in, count, out);
  } else {
    UnpackSlowly(in, count, width, out);
  }
}

}  // namespace chronicle::index::segment
