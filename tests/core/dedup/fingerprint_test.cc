#include "core/dedup/fingerprint.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

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

TEST(SimHashBandsTest, KeysCarryBandIndexAndBits) {
  const auto bands = SimHashBands(0x1122334455667788ULL);
  ASSERT_EQ(bands.size(), 8u);
  EXPECT_EQ(bands[0], (uint64_t{0} << 56) | 0x88);
  EXPECT_EQ(bands[1], (uint64_t{1} << 56) | 0x77);
  EXPECT_EQ(bands[7], (uint64_t{7} << 56) | 0x11);
  EXPECT_NE(SimHashBands(0)[0], SimHashBands(0)[1]);
}

TEST(SimHashBandsTest, FingerprintsWithinThresholdShareABand) {
  const uint64_t base = 0x0123456789abcdefULL;
  // Flip kNearDuplicateMaxDistance bits spread over different bands.
  uint64_t other = base;
  for (int i = 0; i < kNearDuplicateMaxDistance; ++i) other ^= uint64_t{1} << (i * 9 + 3);
  ASSERT_TRUE(IsNearDuplicate(base, other));
  const auto a = SimHashBands(base);
  const auto b = SimHashBands(other);
  int shared = 0;
  for (size_t i = 0; i < a.size(); ++i) shared += a[i] == b[i];
  EXPECT_GE(shared, 1);
}

}  // namespace
}  // namespace chronicle::dedup
