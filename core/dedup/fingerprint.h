// Duplicate detection keys for articles.
//
// Exact duplicates share ContentHash (SHA-256 of the normalised title and
// body). Near duplicates (the same story re-sent with a new headline, an added
// line, a fixed typo) have SimHash fingerprints within a small Hamming
// distance; the store finds candidates through SimHashIndexKeys and SimHashProbeKeys, which by the
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

// Candidate lookup splits the 64 bits into 4 blocks of 16. Two fingerprints
// within kNearDuplicateMaxDistance (7) bits differ by at most one bit in at
// least one block (if every block differed by two or more, the distance would
// be at least 8). So the store indexes each original under its 4 block keys
// and a lookup probes each block's value and its 16 one-bit neighbours: 68
// keys, each matching about 1/65536 of random fingerprints, so about 1/960 of
// the originals come back as candidates for IsNearDuplicate to check.
inline constexpr int kSimHashBlockCount = 4;
inline constexpr int kSimHashProbeCount = kSimHashBlockCount * 17;

// Lowercase hex SHA-256 of `bytes` (64 characters).
std::string Sha256Hex(absl::string_view bytes);

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

// Bodies with fewer words get no near-duplicate fingerprint: in a short text
// one changed word (a different number, a different name) barely moves the
// SimHash, so distinct short notices would match each other. The threshold
// was measured on bodies of at least this length (docs/parsing.md). Exact
// copies of short texts are still caught by ContentHash.
inline constexpr int kMinWordsForNearDuplicates = 40;

// SimHash(body) for bodies of at least kMinWordsForNearDuplicates words, else
// 0, which means "no fingerprint" to the writer.
uint64_t NearDuplicateFingerprint(absl::string_view body);

// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// True when HammingDistance(a, b) <= max_distance.
bool IsNearDuplicate(uint64_t a, uint64_t b, int max_distance = kNearDuplicateMaxDistance);

// The keys an original is stored under: one per 16-bit block, the block's
// index in the top byte and its bits below, so keys of different blocks never
// collide and the store can keep them in one indexed column.
std::array<uint64_t, kSimHashBlockCount> SimHashIndexKeys(uint64_t simhash);

// The keys to look up for `simhash`: every index key of a fingerprint that
// matches one of its blocks exactly or with one bit flipped. Every original
// within kNearDuplicateMaxDistance has at least one of its index keys here.
std::array<uint64_t, kSimHashProbeCount> SimHashProbeKeys(uint64_t simhash);

}  // namespace chronicle::dedup

#endif  // CHRONICLE_CORE_DEDUP_FINGERPRINT_H_
