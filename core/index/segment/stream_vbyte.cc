#include "core/index/segment/stream_vbyte.h"

#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace chronicle::index::segment {
namespace {

// The data bytes of the four values under control byte c.
constexpr std::array<uint8_t, 256> QuadLengths() {
  std::array<uint8_t, 256> lengths{};
  for (int c = 0; c < 256; ++c) {
    lengths[c] = static_cast<uint8_t>(4 + (c & 3) + (c >> 2 & 3) + (c >> 4 & 3) + (c >> 6 & 3));
  }
  return lengths;
}
constexpr std::array<uint8_t, 256> kQuadLengths = QuadLengths();

// For control byte c, where each of the 16 output bytes (four values,
// little-endian) comes from in the quad's data; 0x80 makes a byte zero.
constexpr std::array<std::array<uint8_t, 16>, 256> Shuffles() {
  std::array<std::array<uint8_t, 16>, 256> shuffles{};
  for (int c = 0; c < 256; ++c) {
    int from = 0;
    for (int value = 0; value < 4; ++value) {
      const int length = ((c >> (2 * value)) & 3) + 1;
      for (int byte = 0; byte < 4; ++byte) {
        shuffles[c][4 * value + byte] = byte < length ? static_cast<uint8_t>(from + byte) : 0x80;
      }
      from += length;
    }
  }
  return shuffles;
}
constexpr std::array<std::array<uint8_t, 16>, 256> kShuffles = Shuffles();

// Values [first, count) one at a time, from `data`; returns where they end.
template <bool kDelta>
const uint8_t* DecodeScalar(const uint8_t* control, const uint8_t* data, uint32_t* out, uint32_t first,
                            uint32_t count, uint32_t previous) {
  for (uint32_t i = first; i < count; ++i) {
    const int length = ((control[i / 4] >> (2 * (i % 4))) & 3) + 1;
    uint32_t value = 0;
    for (int byte = 0; byte < length; ++byte) value |= static_cast<uint32_t>(data[byte]) << (8 * byte);
    data += length;
    if (kDelta) {
      previous += value;
      value = previous;
    }
    out[i] = value;
  }
  return data;
}

#if defined(__x86_64__)
// Whole quads with a shuffle each while 16 bytes can be loaded before
// `end`; returns the values done and advances `data` (and `previous`).
template <bool kDelta>
__attribute__((target("ssse3"))) uint32_t DecodeQuads(const uint8_t* control, const uint8_t*& data,
                                                      const uint8_t* end, uint32_t* out, uint32_t count,
                                                      uint32_t& previous) {
  uint32_t i = 0;
  __m128i carry = _mm_set1_epi32(static_cast<int>(previous));
  for (; i + 4 <= count && end - data >= 16; i += 4) {
    const uint8_t c = control[i / 4];
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data));
    __m128i values =
        _mm_shuffle_epi8(bytes, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kShuffles[c].data())));
    if (kDelta) {
      // Running sums within the four lanes, then the last value before them.
      values = _mm_add_epi32(values, _mm_slli_si128(values, 4));
      values = _mm_add_epi32(values, _mm_slli_si128(values, 8));
      values = _mm_add_epi32(values, carry);
      carry = _mm_shuffle_epi32(values, 0xff);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), values);
    data += kQuadLengths[c];
  }
  if (kDelta) previous = static_cast<uint32_t>(_mm_cvtsi128_si32(carry));
  return i;
}
#endif

template <bool kDelta>
size_t Decode(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t count, uint32_t previous) {
  const uint8_t* control = in;
  const uint8_t* data = in + (count + 3) / 4;
  uint32_t done = 0;
#if defined(__x86_64__)
  if (__builtin_cpu_supports("ssse3")) done = DecodeQuads<kDelta>(control, data, end, out, count, previous);
#else
  (void)end;
#endif
  data = DecodeScalar<kDelta>(control, data, out, done, count, previous);
  return static_cast<size_t>(data - in);
}

}  // namespace

size_t DecodeStreamVByte(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t count) {
  return Decode<false>(in, end, out, count, 0);
}

size_t DecodeStreamVByteDelta(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t count,
                              uint32_t previous) {
  return Decode<true>(in, end, out, count, previous);
}

}  // namespace chronicle::index::segment
