// Fixed-width bit packing of small integers, for a posting block's
// document gaps, frequencies and positions.
//
// Stream VByte spends a byte and two control bits on every value, however
// small: a block of 128 frequencies, nearly all 1 in news text, took 160
// bytes, and a boolean term's, all 0, the same. Packed at the width of the
// block's largest value they take 16 bytes and none (Lucene packs its blocks
// the same way). The format: `count` values of `width` bits each, the first
// value in the lowest bits of the first byte, little-endian, no padding
// between values; the last byte's unused high bits are zero.
//
// No Debian package packs bits (libstreamvbyte does byte lengths only), so
// this is written here and tested against a plain bit-at-a-time reference
// (tests/core/index/segment/bit_packing_test.cc) and by the segment fuzzer.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_BIT_PACKING_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_BIT_PACKING_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chronicle::index::segment {

inline constexpr int kMaxBitWidth = 32;

// The bits the largest of `values` needs: 0 when all are 0.
int BitWidth(const uint32_t* values, uint32_t count);

// The bytes `count` values of `width` bits take.
inline constexpr size_t PackedBytes(uint32_t count, int width) {
  return (uint64_t{count} * static_cast<uint64_t>(width) + 7) / 8;
}

// Writes `values` (each below 2^width; width <= kMaxBitWidth) at `out`,
// PackedBytes(count, width) bytes.
void PackBits(const uint32_t* values, uint32_t count, int width, uint8_t* out);

// Reads `count` values of `width` bits (width <= kMaxBitWidth) from `in`
// into `out`, reading no byte at or past `end` (the packed values
// themselves must lie before it: the fast paths load 16 or eight bytes at a
// time when the memory allows). With AVX2, widths up to 25 unpack eight
// values per byte shuffle and shift (about 2x Stream VByte's SSSE3 decoder
// on a block of 128); otherwise one value per eight-byte load.
void UnpackBits(const uint8_t* in, const uint8_t* end, uint32_t count, int width, uint32_t* out);

// Unpacks ascending values stored as gaps less one: out[0] = first + v[0],
// out[j] = out[j - 1] + 1 + v[j], modulo 2^32 (a block's documents).
void UnpackAscending(const uint8_t* in, const uint8_t* end, uint32_t count, int width, uint32_t first,
                     uint32_t* out);

// A run: one byte giving the width (BitWidth of the values), then the values
// packed at it. A posting block's documents, frequencies and positions are
// each a run (posting_list.h).

// Appends the run of `values` to `out`.
void AppendRun(const uint32_t* values, uint32_t count, std::vector<uint8_t>& out);

// The bytes the run of `count` values at `in` takes; SIZE_MAX when its width
// byte is missing or above kMaxBitWidth, or the run does not end within
// `available` bytes. For checking a run before unpacking it.
size_t RunBytes(const uint8_t* in, size_t available, uint32_t count);

// Unpacks the run of `count` values at `in` (UnpackBits, reading nothing at
// or past `end`) and returns where it ends. A width byte that is missing or
// above kMaxBitWidth (a run RunBytes refuses) reads as width 0.
const uint8_t* UnpackRun(const uint8_t* in, const uint8_t* end, uint32_t count, uint32_t* out);
// The same for a run of ascending values (UnpackAscending).
const uint8_t* UnpackAscendingRun(const uint8_t* in, const uint8_t* end, uint32_t count, uint32_t first,
                                  uint32_t* out);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_BIT_PACKING_H_
