#include "core/index/segment/bit_packing.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace chronicle::index::segment {
namespace {

// Each value from the eight bytes that start at its first bit's byte: a
// value of at most 32 bits shifted by at most 7 fits in them. With the width
// known at compile time the mask is a constant and the offsets cheap; the
// caller has checked that the last load stays in bounds.
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

#if defined(__x86_64__)
// AVX2 unpacks eight values at once. Eight values of w bits take w bytes, so
// each group of eight starts on a byte. Its first four values lie in the 16
// bytes from the group's start, its last four in the 16 from byte 4w/8
// (for w <= kMaxVectorWidth); a byte shuffle puts each value's four bytes in
// its 32-bit lane, a shift by lane drops the bits before it (at most 7:
// 7 + w <= 32) and a mask the bits after.
constexpr int kMaxVectorWidth = 25;

struct VectorTables {
  // Per width: the shuffle of the two 16-byte loads (low lane: values 0-3,
  // high lane: 4-7) and each lane's shift.
  std::array<std::array<uint8_t, 32>, kMaxVectorWidth + 1> shuffles{};
  std::array<std::array<uint32_t, 8>, kMaxVectorWidth + 1> shifts{};
};

constexpr VectorTables MakeVectorTables() {
  VectorTables tables{};
  for (int w = 1; w <= kMaxVectorWidth; ++w) {
    for (int j = 0; j < 8; ++j) {
      const int lane_start = j < 4 ? 0 : 4 * w / 8;
      const int byte = j * w / 8 - lane_start;
      for (int k = 0; k < 4; ++k) tables.shuffles[w][4 * j + k] = static_cast<uint8_t>(byte + k);
      tables.shifts[w][j] = static_cast<uint32_t>(j * w % 8);
    }
  }
  return tables;
}
constexpr VectorTables kVectorTables = MakeVectorTables();

// The whole groups of eight whose loads stay before `end`; returns how many
// values it unpacked.
__attribute__((target("avx2"))) uint32_t UnpackGroups(const uint8_t* in, const uint8_t* end, uint32_t count,
                                                      int width, uint32_t* out) {
  const __m256i shuffle = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kVectorTables.shuffles[width].data()));
  const __m256i shift = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kVectorTables.shifts[width].data()));
  const __m256i mask = _mm256_set1_epi32(static_cast<int>((uint64_t{1} << width) - 1));
  const size_t high_start = static_cast<size_t>(4 * width / 8);
  uint32_t done = 0;
  for (; done + 8 <= count; done += 8) {
    const uint8_t* group = in + done / 8 * static_cast<size_t>(width);
    if (end - group < static_cast<std::ptrdiff_t>(high_start + 16)) break;
    const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(group));
    const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(group + high_start));
    __m256i values = _mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1);
    values = _mm256_shuffle_epi8(values, shuffle);
    values = _mm256_and_si256(_mm256_srlv_epi32(values, shift), mask);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + done), values);
  }
  return done;
}
#endif

// A run's width byte; a missing or impossible one (RunBytes refuses it)
// reads as 0.
int RunWidth(const uint8_t* in, const uint8_t* end) { return in < end && *in <= kMaxBitWidth ? *in : 0; }

}  // namespace

int BitWidth(const uint32_t* values, uint32_t count) {
  uint32_t all = 0;
  for (uint32_t i = 0; i < count; ++i) all |= values[i];
  return all == 0 ? 0 : kMaxBitWidth - __builtin_clz(all);
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

void AppendRun(const uint32_t* values, uint32_t count, std::vector<uint8_t>& out) {
  const int width = BitWidth(values, count);
  const size_t at = out.size();
  out.resize(at + 1 + PackedBytes(count, width));
  out[at] = static_cast<uint8_t>(width);
  PackBits(values, count, width, out.data() + at + 1);
}

size_t RunBytes(const uint8_t* in, size_t available, uint32_t count) {
  if (available == 0 || *in > kMaxBitWidth) return SIZE_MAX;
  const size_t bytes = 1 + PackedBytes(count, *in);
  return bytes > available ? SIZE_MAX : bytes;
}

const uint8_t* UnpackRun(const uint8_t* in, const uint8_t* end, uint32_t count, uint32_t* out) {
  const int width = RunWidth(in, end);
  UnpackBits(in + 1, end, count, width, out);
  return in + 1 + PackedBytes(count, width);
}

const uint8_t* UnpackAscendingRun(const uint8_t* in, const uint8_t* end, uint32_t count, uint32_t first,
                                  uint32_t* out) {
  const int width = RunWidth(in, end);
  UnpackAscending(in + 1, end, count, width, first, out);
  return in + 1 + PackedBytes(count, width);
}

void UnpackBits(const uint8_t* in, const uint8_t* end, uint32_t count, int width, uint32_t* out) {
  if (width == 0) {
    std::fill_n(out, count, 0u);
    return;
  }
  uint32_t done = 0;
#if defined(__x86_64__)
  if (width <= kMaxVectorWidth && __builtin_cpu_supports("avx2")) done = UnpackGroups(in, end, count, width, out);
#endif
  if (done == count) return;
  // The rest start on a byte (done is a multiple of eight).
  in += PackedBytes(done, width);
  out += done;
  count -= done;
  // The last value's load reads bytes [its first byte, that + 8).
  const uint64_t last_load = (uint64_t{count - 1} * static_cast<uint64_t>(width) >> 3) + 8;
  if (last_load <= static_cast<uint64_t>(end - in)) {
    kUnpack[width - 1](in, count, out);
  } else {
    UnpackSlowly(in, count, width, out);
  }
}

void UnpackAscending(const uint8_t* in, const uint8_t* end, uint32_t count, int width, uint32_t first,
                     uint32_t* out) {
  UnpackBits(in, end, count, width, out);
  // out[j] = first - 1 + the sum of (gap + 1) up to j, modulo 2^32.
  uint32_t sum = first - 1;
  uint32_t j = 0;
#if defined(__SSE2__)
  // Running sums four lanes at a time, carrying the last lane.
  __m128i carry = _mm_set1_epi32(static_cast<int>(sum));
  const __m128i one = _mm_set1_epi32(1);
  for (; j + 4 <= count; j += 4) {
    __m128i values = _mm_add_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(out + j)), one);
    values = _mm_add_epi32(values, _mm_slli_si128(values, 4));
    values = _mm_add_epi32(values, _mm_slli_si128(values, 8));
    values = _mm_add_epi32(values, carry);
    carry = _mm_shuffle_epi32(values, 0xff);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j), values);
  }
  sum = static_cast<uint32_t>(_mm_cvtsi128_si32(carry));
#endif
  for (; j < count; ++j) {
    sum += 1 + out[j];
    out[j] = sum;
  }
}

}  // namespace chronicle::index::segment
