#include "core/dedup/fingerprint.h"

#include <algorithm>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "unicode/uchar.h"

namespace chronicle::dedup {
namespace {

using ::testing::ElementsAre;

std::string ReadFixture(const std::string& name) {
  const char* root = std::getenv("CHRONICLE_SOURCE_DIR");
  const std::string path =
      std::string(root != nullptr ? root : CHRONICLE_SOURCE_DIR_DEFAULT) + "/tests/fixtures/articles/" + name;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_FALSE(buffer.str().empty()) << "missing fixture " << path;
  return buffer.str();
}

TEST(ContentHashTest, IsHexSha256) {
  // SHA-256 of "\n" (empty title, newline separator, empty body).
  EXPECT_EQ(ContentHash("", ""), "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b");
  EXPECT_EQ(ContentHash("Title", "Body text.").size(), 64u);
}

TEST(ContentHashTest, IgnoresSpacingAndUnicodeComposition) {
  EXPECT_EQ(ContentHash("Caf\xc3\xa9 opens", "One line.\n\nTwo  lines."),
            ContentHash("Cafe\xcc\x81 opens ", "One line. Two lines."));
}

TEST(ContentHashTest, DiffersOnAnyWordOrCase) {
  EXPECT_NE(ContentHash("Title", "The port reopened."), ContentHash("Title", "The port closed."));
  EXPECT_NE(ContentHash("Title", "The port reopened."), ContentHash("Title", "the port reopened."));
  EXPECT_NE(ContentHash("A", "B C"), ContentHash("A B", "C"));
}

TEST(SimHashWordsTest, LowercasesAndStripsPunctuation) {
  EXPECT_THAT(SimHashWords("Japan’s U.S. TALKS, 2.5% — Über!"),
              ElementsAre("japans", "us", "talks", "25", "über"));
  EXPECT_TRUE(SimHashWords(" -- … ").empty());
}

// Each ASCII character separates words, belongs to a word (lowercased) or
// is dropped exactly as ICU's properties say: SimHashWords reads ASCII
// without ICU.
TEST(SimHashWordsTest, AsciiFollowsIcu) {
  for (int c = 0; c < 128; ++c) {
    const std::string text = std::string("ab") + static_cast<char>(c) + "cd";
    std::vector<std::string> expected;
    if (u_isUWhiteSpace(c)) {
      expected = {"ab", "cd"};
    } else if (u_isalnum(c)) {
      expected = {absl::StrCat("ab", std::string(1, static_cast<char>(u_tolower(c))), "cd")};
    } else {
      expected = {"abcd"};
    }
    EXPECT_EQ(SimHashWords(text), expected) << "character " << c;
  }
}

// Fingerprints are stored: these values were computed by the first
// implementation and may never change.
TEST(SimHashTest, FingerprintsNeverChange) {
  const std::string ferry =
      "The harbour authority said on Sunday that the ferry link to the island would reopen in March, after two "
      "years of repairs to the pier and the breakwater. Officials expect 40,000 passengers in the first season; "
      "the operator, Nordic Lines, has ordered two new vessels.";
  const std::string ruling =
      "Seoul\u2019s SUPREME Court ruled in 2018 that Japanese firms must pay \u20ac1,000 \u2014 "
      "\u00dcber-compensation \u2026 for forced labor\tduring\nthe\r\ncolonial period (1910\u20131945); Tokyo "
      "called the ruling \"unacceptable\".";
  EXPECT_EQ(SimHash(ferry), 17895638590191102716u);
  EXPECT_EQ(NearDuplicateFingerprint(ferry), 17895638590191102716u);
  EXPECT_EQ(SimHash(ruling), 11624795695569737392u);
  EXPECT_EQ(NearDuplicateFingerprint(ruling), 0u) << "fewer than kMinWordsForNearDuplicates words";
}

// The fingerprint as defined: FNV-1a over each shingle of three words (each
// followed by a space), finished by a 64-bit mix; a bit is set when more
// shingles' hashes have it set than not. Written plainly, a bit at a time,
// to check the counting SimHash does on texts long enough to carry its
// counters over (hundreds and thousands of shingles).
uint64_t PlainSimHash(absl::string_view text) {
  const std::vector<std::string> words = SimHashWords(text);
  if (words.empty()) return 0;
  int64_t weights[64] = {};
  auto add = [&](const std::string& shingle) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : shingle) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    for (int bit = 0; bit < 64; ++bit) weights[bit] += ((h >> bit) & 1) ? 1 : -1;
  };
  if (words.size() < 3) {
    std::string shingle;
    for (const std::string& w : words) shingle.append(w).push_back(' ');
    add(shingle);
  } else {
    for (size_t start = 0; start + 3 <= words.size(); ++start) {
      add(words[start] + " " + words[start + 1] + " " + words[start + 2] + " ");
    }
  }
  uint64_t fingerprint = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) fingerprint |= uint64_t{1} << bit;
  }
  return fingerprint;
}

TEST(SimHashTest, LongTextsFingerprintAsDefined) {
  std::mt19937 random(29);
  const std::vector<std::string> vocabulary = {"ferry", "harbour", "island", "pier", "vessel", "season",
                                               "council", "vote", "budget", "storm", "road", "bridge"};
  for (int words : {1, 2, 3, 40, 254, 255, 256, 257, 258, 600, 3000}) {
    std::string text;
    for (int w = 0; w < words; ++w) {
      text += vocabulary[random() % vocabulary.size()];
      text += random() % 7 == 0 ? ". " : " ";
    }
    EXPECT_EQ(SimHash(text), PlainSimHash(text)) << words << " words";
  }
}

TEST(SimHashTest, EmptyAndStable) {
  EXPECT_EQ(SimHash(""), 0u);
  EXPECT_EQ(SimHash("... !!"), 0u);
  EXPECT_EQ(SimHash("Ferry link opens"), SimHash("ferry LINK opens."));
  EXPECT_NE(SimHash("Ferry link opens"), 0u);
}

TEST(SimHashTest, SameStoryWithAddedLineIsNearDuplicate) {
  const std::string story = ReadFixture("dateline_byline.txt");
  const std::string longer =
      story + "\nThe authority will publish the winter timetable next month.\n";
  EXPECT_TRUE(IsNearDuplicate(SimHash(story), SimHash(longer)))
      << HammingDistance(SimHash(story), SimHash(longer));
}

TEST(SimHashTest, SameStoryWithSmallEditsIsNearDuplicate) {
  const std::string story = ReadFixture("dateline_byline.txt");
  std::string edited = absl::StrReplaceAll(story, {{"six times a day", "six times daily"}});
  edited = absl::StrReplaceAll(edited, {{"\n\n", "\n"}});
  EXPECT_TRUE(IsNearDuplicate(SimHash(story), SimHash(edited)))
      << HammingDistance(SimHash(story), SimHash(edited));
}

TEST(SimHashTest, DifferentStoriesAreNotNearDuplicates) {
  const std::string names[] = {"dateline_byline.txt", "promo_follow_faq.txt", "repeated_title.txt",
                               "single_newline.txt", "bulleted_news.txt", "chatbot_disclaimer.txt"};
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      if (a >= b) continue;
      const int distance = HammingDistance(SimHash(ReadFixture(a)), SimHash(ReadFixture(b)));
      EXPECT_GT(distance, kNearDuplicateMaxDistance) << a << " vs " << b;
    }
  }
}

TEST(SimHashTest, SharedHeadlineAloneDoesNotMatch) {
  const std::string headline = "Mayors agree on regional water plan after long dispute\n\n";
  const std::string a = headline + ReadFixture("single_newline.txt");
  const std::string b = headline + ReadFixture("bulleted_news.txt");
  EXPECT_FALSE(IsNearDuplicate(SimHash(a), SimHash(b)));
}

TEST(HammingDistanceTest, CountsBits) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0001), 2);
  EXPECT_TRUE(IsNearDuplicate(0, 0x7f));    // 7 bits
  EXPECT_FALSE(IsNearDuplicate(0, 0xff));   // 8 bits
  EXPECT_TRUE(IsNearDuplicate(0, 0xff, 8));
}

TEST(NearDuplicateFingerprintTest, ShortBodiesGetNoFingerprint) {
  EXPECT_EQ(NearDuplicateFingerprint("Tide report number 5. Calm seas."), 0u);
  std::string long_body;
  for (int i = 0; i < kMinWordsForNearDuplicates; ++i) long_body += "word" + std::to_string(i) + " ";
  EXPECT_EQ(NearDuplicateFingerprint(long_body), SimHash(long_body));
  EXPECT_NE(NearDuplicateFingerprint(long_body), 0u);
}

TEST(SimHashKeysTest, IndexKeysCarryBlockIndexAndBits) {
  const auto keys = SimHashIndexKeys(0x1122334455667788ULL);
  ASSERT_EQ(keys.size(), 4u);
  EXPECT_EQ(keys[0], (uint64_t{0} << 56) | 0x7788);
  EXPECT_EQ(keys[3], (uint64_t{3} << 56) | 0x1122);
  EXPECT_NE(SimHashIndexKeys(0)[0], SimHashIndexKeys(0)[1]);
}

bool SharesAKey(uint64_t stored, uint64_t probed) {
  const auto index = SimHashIndexKeys(stored);
  const auto probes = SimHashProbeKeys(probed);
  for (uint64_t key : index) {
    if (std::find(probes.begin(), probes.end(), key) != probes.end()) return true;
  }
  return false;
}

TEST(SimHashKeysTest, EveryFingerprintWithinThresholdIsACandidate) {
  // Worst case for the pigeonhole argument: the differing bits spread so that
  // three blocks differ by two bits and one by one.
  const uint64_t base = 0x0123456789abcdefULL;
  const int spread[] = {0, 5, 16, 21, 32, 37, 48};
  uint64_t other = base;
  for (int bit : spread) other ^= uint64_t{1} << bit;
  ASSERT_EQ(HammingDistance(base, other), kNearDuplicateMaxDistance);
  EXPECT_TRUE(SharesAKey(base, other));
  EXPECT_TRUE(SharesAKey(other, base));

  // Random pairs at every distance up to the threshold are always found.
  uint64_t state = 42;
  auto next = [&state] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (int trial = 0; trial < 2000; ++trial) {
    const uint64_t stored = next();
    uint64_t probed = stored;
    const int distance = static_cast<int>(next() % (kNearDuplicateMaxDistance + 1));
    while (HammingDistance(stored, probed) < distance) probed ^= uint64_t{1} << (next() % 64);
    EXPECT_TRUE(SharesAKey(stored, probed)) << distance;
  }
}

TEST(SimHashKeysTest, DistantFingerprintsAreRarelyCandidates) {
  uint64_t state = 7;
  auto next = [&state] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  int candidates = 0;
  constexpr int kPairs = 200000;
  for (int i = 0; i < kPairs; ++i) candidates += SharesAKey(next(), next());
  // Expected share 68 * 4 / 4 / 65536 = about 1/964.
  EXPECT_LT(candidates, kPairs / 500);
}

}  // namespace
}  // namespace chronicle::dedup
