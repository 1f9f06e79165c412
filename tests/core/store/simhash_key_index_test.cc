#include "core/store/simhash_key_index.h"

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "absl/numeric/bits.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Pair = std::pair<uint64_t, uint64_t>;

TEST(SimHashKeyIndexTest, FindsThePairsUnderTheKeysWithinTheDistance) {
  SimHashKeyIndex index;
  index.Add(1, 0xff);  // 8 bits from 0, 7 from 0x80
  index.Add(1, 0x80);  // 1 bit from 0
  index.Add(2, 0x01);  // under a key not probed
  index.Add(1, 0xff);  // again: one pair
  EXPECT_EQ(index.pair_count(), 3);
  EXPECT_THAT(index.Near({1}, 0, 7), ElementsAre(Pair{1, 0x80}));
  EXPECT_THAT(index.Near({1, 3}, 0x80, 7), ElementsAre(Pair{1, 0x80}, Pair{1, 0xff}));
  EXPECT_THAT(index.Near({3}, 0x80, 64), IsEmpty());
  // A key probed twice gives its pairs once.
  EXPECT_THAT(index.Near({2, 2}, 0, 1), ElementsAre(Pair{2, 0x01}));
}

TEST(SimHashKeyIndexTest, AnswersAsAScanOfEveryPairDoes) {
  std::mt19937_64 random(1965);
  SimHashKeyIndex index;
  std::set<Pair> pairs;
  for (int i = 0; i < 3000; ++i) {
    // Few keys and fingerprints that share most bits, so that near pairs
    // are common.
    const uint64_t key = random() % 40;
    const uint64_t simhash = 0xf0f0f0f0f0f0f0f0ULL ^ (uint64_t{1} << (random() % 64)) ^ (random() & random() & random());
    index.Add(key, simhash);
    pairs.insert({key, simhash});
  }
  EXPECT_EQ(index.pair_count(), pairs.size());
  for (int round = 0; round < 200; ++round) {
    const std::vector<uint64_t> probe = {random() % 40, random() % 40, random() % 40};
    const uint64_t simhash = 0xf0f0f0f0f0f0f0f0ULL ^ (random() & random());
    const int distance = static_cast<int>(random() % 12);
    std::vector<Pair> expected;
    for (const Pair& pair : pairs) {
      const bool probed = pair.first == probe[0] || pair.first == probe[1] || pair.first == probe[2];
      if (probed && absl::popcount(pair.second ^ simhash) <= distance) expected.push_back(pair);
    }
    EXPECT_EQ(index.Near(probe, simhash, distance), expected) << round;
  }
}

}  // namespace
}  // namespace chronicle::store
