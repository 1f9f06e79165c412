#include "core/index/segment/stream_vbyte.h"

#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "streamvbyte.h"
#include "streamvbytedelta.h"

namespace chronicle::index::segment {
namespace {

// Values of every byte length, the extremes of each among them.
std::vector<uint32_t> RandomValues(std::mt19937& random, uint32_t count) {
  std::vector<uint32_t> values(count);
  for (uint32_t& value : values) {
    const int bytes = static_cast<int>(random() % 4) + 1;
    const uint64_t limit = uint64_t{1} << (8 * bytes);
    switch (random() % 8) {
      case 0:
        value = 0;
        break;
      case 1:
        value = static_cast<uint32_t>(limit - 1);
        break;
      default:
        value = static_cast<uint32_t>(random() % limit);
    }
  }
  return values;
}

// Encoded by the library into a buffer of exactly the encoded size, so that
// a read past the end is a read past the allocation (the sanitizer run
// catches it) and the last values are decoded one at a time.
std::vector<uint8_t> Encoded(const std::vector<uint32_t>& values, bool delta, uint32_t previous) {
  std::vector<uint8_t> bytes(streamvbyte_max_compressedbytes(static_cast<uint32_t>(values.size())) + 1);
  const size_t written =
      delta ? streamvbyte_delta_encode(values.data(), static_cast<uint32_t>(values.size()), bytes.data(), previous)
            : streamvbyte_encode(values.data(), static_cast<uint32_t>(values.size()), bytes.data());
  bytes.resize(written);
  bytes.shrink_to_fit();
  return bytes;
}

TEST(StreamVByteTest, DecodesWhatTheLibraryEncodesAsTheLibraryDecodesIt) {
  std::mt19937 random(2024);
  for (uint32_t count : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 15u, 16u, 17u, 31u, 64u, 127u, 128u, 129u, 300u, 1000u}) {
    for (int round = 0; round < 20; ++round) {
      const std::vector<uint32_t> values = RandomValues(random, count);
      const std::vector<uint8_t> bytes = Encoded(values, false, 0);
      std::vector<uint32_t> ours(count + 1), theirs(count + 1);
      const uint8_t* in = bytes.data();
      const size_t read = DecodeStreamVByte(in, in + bytes.size(), ours.data(), count);
      EXPECT_EQ(read, streamvbyte_decode(in, theirs.data(), count)) << count;
      EXPECT_EQ(read, bytes.size()) << count;
      ours.resize(count);
      EXPECT_EQ(ours, values) << count;
    }
  }
}

TEST(StreamVByteTest, DecodesDifferencesAsTheLibraryDoes) {
  std::mt19937 random(1998);
  for (uint32_t count : {0u, 1u, 4u, 6u, 9u, 33u, 128u, 131u, 500u}) {
    for (int round = 0; round < 20; ++round) {
      // Increasing values, as postings are, and wrapping ones, which the
      // sums must wrap alike.
      std::vector<uint32_t> values = RandomValues(random, count);
      const uint32_t previous = round % 2 == 0 ? static_cast<uint32_t>(random()) : 0;
      if (round % 3 == 0) {
        uint32_t at = previous;
        for (uint32_t& value : values) value = at += static_cast<uint32_t>(random() % 1000);
      }
      const std::vector<uint8_t> bytes = Encoded(values, true, previous);
      std::vector<uint32_t> ours(count + 1), theirs(count + 1);
      const uint8_t* in = bytes.data();
      const size_t read = DecodeStreamVByteDelta(in, in + bytes.size(), ours.data(), count, previous);
      EXPECT_EQ(read, streamvbyte_delta_decode(in, theirs.data(), count, previous)) << count;
      EXPECT_EQ(read, bytes.size()) << count;
      ours.resize(count);
      EXPECT_EQ(ours, values) << count;
    }
  }
}

TEST(StreamVByteTest, ValuesFollowedByOtherBytesDecodeAlike) {
  // Blocks lie back to back: the shuffles then load bytes of what follows,
  // which must not change the values.
  std::mt19937 random(77);
  const std::vector<uint32_t> values = RandomValues(random, 128);
  std::vector<uint8_t> bytes = Encoded(values, false, 0);
  const size_t length = bytes.size();
  for (int i = 0; i < 64; ++i) bytes.push_back(static_cast<uint8_t>(random()));
  std::vector<uint32_t> ours(128);
  EXPECT_EQ(DecodeStreamVByte(bytes.data(), bytes.data() + bytes.size(), ours.data(), 128), length);
  EXPECT_EQ(ours, values);
}

}  // namespace
}  // namespace chronicle::index::segment
