#include "core/dedup/fingerprint.h"

#include <bitset>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "core/text/encoding.h"
#include "openssl/evp.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace chronicle::dedup {
namespace {

// FNV-1a followed by the MurmurHash3 finaliser: fixed constants (fingerprints
// are stored, so the hash may never change with a library or build) and good
// bit avalanche, which SimHash needs from its feature hashes.
uint64_t StableHash64(absl::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

void AppendUtf8(UChar32 c, std::string& out) {
  char buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<size_t>(length));
}

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &digest_length, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(2 * digest_length);
  static constexpr char kHexDigits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < digest_length; ++i) {
    hex.push_back(kHexDigits[digest[i] >> 4]);
    hex.push_back(kHexDigits[digest[i] & 0x0f]);
  }
  return hex;
}

std::string ContentHash(absl::string_view title, absl::string_view body) {
  std::string normalized = text::CollapseWhitespace(text::NormalizeNfc(title));
  normalized.push_back('\n');
  normalized += text::CollapseWhitespace(text::NormalizeNfc(body));
  return Sha256Hex(normalized);
}

std::vector<std::string> SimHashWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    // ASCII, most of a news text, skips ICU's tables (the same answers:
    // SimHashWordsTest.AsciiFollowsIcu checks each character).
    if (data[i] < 0x80) {
      const char c = static_cast<char>(data[i++]);
      if (text::IsAsciiWhiteSpace(c)) {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else if (absl::ascii_isalnum(c)) {
        word.push_back(absl::ascii_tolower(c));
      }
      continue;
    }
    UChar32 c = -1;
    U8_NEXT(data, i, length, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else if (c >= 0 && u_isalnum(c)) {
      AppendUtf8(u_tolower(c), word);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

namespace {

// kSpread[b]: bit k of b in byte k.
constexpr std::array<uint64_t, 256> Spread() {
  std::array<uint64_t, 256> spread{};
  for (int b = 0; b < 256; ++b) {
    for (int k = 0; k < 8; ++k) {
      if ((b >> k) & 1) spread[b] |= uint64_t{1} << (8 * k);
    }
  }
  return spread;
}
constexpr std::array<uint64_t, 256> kSpread = Spread();

// Counts, for each of the 64 bits, how many of the hashes added have it set.
// A bit at a time was most of a fingerprint's cost (64 steps per shingle);
// this adds eight bits at once: kSpread[b] holds bit k of b in its byte k,
// so adding it to a 64-bit word adds to eight byte-wide counters, which are
// emptied into the full counts before they can overflow.
class BitCounts {
 public:
  void Add(uint64_t hash) {
    for (int byte = 0; byte < 8; ++byte) lanes_[byte] += kSpread[(hash >> (8 * byte)) & 0xff];
    ++added_;
    if (++pending_ == kMaxPending) Flush();
  }

  // Whether more than half of the hashes added have `bit` set.
  uint64_t Majority() {
    Flush();
    uint64_t majority = 0;
    for (int bit = 0; bit < 64; ++bit) {
      if (2 * counts_[bit] > added_) majority |= uint64_t{1} << bit;
    }
    return majority;
  }

 private:
  static constexpr int kMaxPending = 255;  // a byte-wide counter's largest count

  void Flush() {
    for (int byte = 0; byte < 8; ++byte) {
      for (int k = 0; k < 8; ++k) counts_[8 * byte + k] += (lanes_[byte] >> (8 * k)) & 0xff;
      lanes_[byte] = 0;
    }
    pending_ = 0;
  }

  uint64_t lanes_[8] = {};
  uint64_t counts_[64] = {};
  uint64_t added_ = 0;
  int pending_ = 0;
};

uint64_t SimHashOfWords(const std::vector<std::string>& words, int shingle_words) {
  if (words.empty()) return 0;
  // Each bit of the fingerprint is set when more shingles' hashes have it
  // set than not.
  BitCounts counts;
  auto add = [&counts](uint64_t h) { counts.Add(h); };
  const size_t n = static_cast<size_t>(shingle_words < 1 ? 1 : shingle_words);
  std::string shingle;
  if (words.size() < n) {
    for (const std::string& w : words) shingle.append(w).push_back(' ');
    add(StableHash64(shingle));
  } else {
    for (size_t start = 0; start + n <= words.size(); ++start) {
      shingle.clear();
      for (size_t k = 0; k < n; ++k) shingle.append(words[start + k]).push_back(' ');
      add(StableHash64(shingle));
    }
  }
  return counts.Majority();
}

}  // namespace

uint64_t SimHash(absl::string_view body, int shingle_words) { return SimHashOfWords(SimHashWords(body), shingle_words); }

uint64_t NearDuplicateFingerprint(absl::string_view body) {
  const std::vector<std::string> words = SimHashWords(body);
  if (words.size() < static_cast<size_t>(kMinWordsForNearDuplicates)) return 0;
  return SimHashOfWords(words, kShingleWords);
}

int HammingDistance(uint64_t a, uint64_t b) { return static_cast<int>(std::bitset<64>(a ^ b).count()); }

bool IsNearDuplicate(uint64_t a, uint64_t b, int max_distance) {
  return HammingDistance(a, b) <= max_distance;
}

namespace {

uint64_t BlockKey(int block, uint64_t bits) { return (static_cast<uint64_t>(block) << 56) | bits; }

uint64_t BlockBits(uint64_t simhash, int block) { return (simhash >> (16 * block)) & 0xffff; }

}  // namespace

std::array<uint64_t, kSimHashBlockCount> SimHashIndexKeys(uint64_t simhash) {
  std::array<uint64_t, kSimHashBlockCount> keys{};
  for (int block = 0; block < kSimHashBlockCount; ++block) {
    keys[static_cast<size_t>(block)] = BlockKey(block, BlockBits(simhash, block));
  }
  return keys;
}

std::array<uint64_t, kSimHashProbeCount> SimHashProbeKeys(uint64_t simhash) {
  std::array<uint64_t, kSimHashProbeCount> keys{};
  size_t next = 0;
  for (int block = 0; block < kSimHashBlockCount; ++block) {
    const uint64_t bits = BlockBits(simhash, block);
    keys[next++] = BlockKey(block, bits);
    for (int flip = 0; flip < 16; ++flip) keys[next++] = BlockKey(block, bits ^ (uint64_t{1} << flip));
  }
  return keys;
}

}  // namespace chronicle::dedup
