// Duplicate detection keys for articles.
//
// Exact duplicates share ContentHash (SHA-256 of the normalised title and
// body). Near duplicates (the same story re-sent with a new headline, an added
// line, a fixed typo) have SimHash fingerprints within a small Hamming
// distance; the store finds candidates by indexing SimHashBands, which by the
// pigeonhole principle share at least one band whenever the distance is at
// most kNearDuplicateMaxDistance. The threshold was chosen by measurement:
// see docs/parsing.md ("Duplicate fingerprints").
#ifndef CHRONICLE_CORE_DEDUP_FINGERPRINT_H_
#define CHRONICLE_CORE_DEDUP_FINGERPRINT_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::dedup {

// Number of words per shingle fed into SimHash.
inline constexpr int kShingleWords = 3;

// Largest Hamming distance between two SimHash values that still counts as a
// near duplicate. Measured on Reuters-21578 (docs/parsing.md): the largest
// value with no false match among 132 million pairs of distinct stories; at it
// an added sentence stays within the threshold for 83% of 100-299-word stories
// and 98% of longer ones.
inline constexpr int kNearDuplicateMaxDistance = 7;

// kNearDuplicateMaxDistance + 1 bands (8 bands of 8 bits), so two
// fingerprints within the threshold agree on at least one whole band. A lookup
// by the 8 band keys returns about 8/256 = 1/32 of the stored articles as
// candidates, which are then checked with IsNearDuplicate.
inline constexpr int kSimHashBandCount = kNearDuplicateMaxDistance + 1;

// Hex (lowercase, 64 characters) SHA-256 of the title and body after Unicode
// NFC and white-space normalisation (runs of white space become one space;
// paragraph breaks count as white space), so re-sent copies that differ only in
// spacing or composed/decomposed accents share the key. Case is kept: a text
// that differs in case is not an exact duplicate. Inputs must be valid UTF-8.
std::string ContentHash(absl::string_view title, absl::string_view body);

// The words SimHash works on: `text` split at white space, each word lowercased
// (Unicode) with every character that is not a letter or digit removed
// ("Japan’s" -> "japans", "U.S." -> "us"); words left empty are dropped.
std::vector<std::string> SimHashWords(absl::string_view text);

// 64-bit SimHash over `shingle_words`-word shingles of SimHashWords(body),
// each shingle weighted by its count. A text shorter than one shingle is hashed
// as one shingle; a text with no word at all has fingerprint 0. Stable across
// runs, builds and machines (no seeded hashing), so it may be stored. Only
// fingerprints made with the same shingle size can be compared.
uint64_t SimHash(absl::string_view body, int shingle_words = kShingleWords);

// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// True when HammingDistance(a, b) <= max_distance.
bool IsNearDuplicate(uint64_t a, uint64_t b, int max_distance = kNearDuplicateMaxDistance);

// Splits `simhash` into kSimHashBandCount bands of consecutive bits, lowest
// bits first (8 bits each for 8 bands), and returns one lookup key per band: the band's index in
// the top byte and its bits below, so keys of different bands never collide
// and the store can keep them all in one indexed column.
std::array<uint64_t, kSimHashBandCount> SimHashBands(uint64_t simhash);

}  // namespace chronicle::dedup

#endif  // CHRONICLE_CORE_DEDUP_FINGERPRINT_H_
