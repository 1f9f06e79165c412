// Stream VByte decoding with SSSE3 byte shuffles.
//
// Postings are written with libstreamvbyte (streamvbyte_encode and
// streamvbyte_delta_encode), whose format is one control byte per four
// values, two bits each giving a value's byte count less one, then the
// values' bytes, little-endian. Debian builds the library for the baseline
// x86-64, which has no byte shuffle, so it decodes a byte at a time; a
// phrase search at a million articles spent a third of its time there.
// These decode the same bytes four values per shuffle (Lemire, Kurz and
// Rupp's method) when the processor has SSSE3, and a value at a time
// otherwise; tests check them against the library.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_STREAM_VBYTE_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_STREAM_VBYTE_H_

#include <cstddef>
#include <cstdint>

namespace chronicle::index::segment {

// Decodes `count` values from `in` into `out`, as streamvbyte_decode does,
// reading no byte at or past `end` (a shuffle loads 16 bytes at once, so the
// caller says how far the memory goes; the encoded values themselves must
// lie before `end`). Returns the bytes the values took, control bytes
// included.
size_t DecodeStreamVByte(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t count);

// The same for differences (streamvbyte_delta_decode): out[i] is
// `previous` plus the first i + 1 decoded values, modulo 2^32.
size_t DecodeStreamVByteDelta(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t count,
                              uint32_t previous);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_STREAM_VBYTE_H_
