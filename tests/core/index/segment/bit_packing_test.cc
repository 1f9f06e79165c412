#include "core/index/segment/bit_packing.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace chronicle::index::segment {
namespace {

// The format spelled out a bit at a time: value i's bit b is bit
// i * width + b of the bytes, counted from the first byte's lowest bit.
std::vector<uint8_t> ReferencePack(const std::vector<uint32_t>& values, int width) {
  std::vector<uint8_t> bytes(PackedBytes(static_cast<uint32_t>(values.size()), width), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    for (int b = 0; b < width; ++b) {
      const uint64_t at = i * static_cast<uint64_t>(width) + b;
      if ((values[i] >> b) & 1) bytes[at / 8] |= static_cast<uint8_t>(1u << (at % 8));
    }
  }
  return bytes;
}

// Values below 2^width, its extremes among them.
std::vector<uint32_t> RandomValues(std::mt19937& random, uint32_t count, int width) {
  const uint64_t limit = uint64_t{1} << width;
  std::vector<uint32_t> values(count);
  for (uint32_t& value : values) {
    switch (random() % 6) {
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

TEST(BitPackingTest, WidthIsTheBitsOfTheLargestValue) {
  const std::vector<uint32_t> zeros(5, 0);
  EXPECT_EQ(BitWidth(zeros.data(), 5), 0);
  EXPECT_EQ(BitWidth(nullptr, 0), 0);
  const std::vector<uint32_t> values = {1, 0, 3, 2};
  EXPECT_EQ(BitWidth(values.data(), 4), 2);
  const std::vector<uint32_t> four = {4};
  EXPECT_EQ(BitWidth(four.data(), 1), 3);
  const std::vector<uint32_t> top = {7, 0x80000000u};
  EXPECT_EQ(BitWidth(top.data(), 2), 32);
}

TEST(BitPackingTest, PacksAsTheFormatSaysAndUnpacksAtEveryWidthAndCount) {
  std::mt19937 random(77);
  for (int width = 0; width <= kMaxBitWidth; ++width) {
    for (uint32_t count : {0u, 1u, 2u, 7u, 8u, 9u, 31u, 127u, 128u, 300u}) {
      const std::vector<uint32_t> values = RandomValues(random, count, width);
      const std::vector<uint8_t> expected = ReferencePack(values, width);
      std::vector<uint8_t> packed(expected.size() + 1, 0xAB);  // the byte after must stay untouched
      PackBits(values.data(), count, width, packed.data());
      EXPECT_EQ(packed.back(), 0xAB) << width << " " << count;
      packed.pop_back();
      ASSERT_EQ(packed, expected) << width << " " << count;

      // Unpacked from a buffer of exactly the packed bytes (a read past
      // them is a read past the allocation, which the sanitizer run
      // catches) and from one with room for the 16-byte loads, which on a
      // processor with AVX2 take the vector path for widths up to 25.
      std::vector<uint8_t> exact(packed);
      exact.shrink_to_fit();
      std::vector<uint32_t> out(count + 1, 99);
      UnpackBits(exact.data(), exact.data() + exact.size(), count, width, out.data());
      EXPECT_EQ(out.back(), 99u);
      out.pop_back();
      EXPECT_EQ(out, values) << width << " " << count;

      std::vector<uint8_t> roomy(packed);
      roomy.resize(packed.size() + 32, 0xFF);  // garbage after the values is not read into them
      std::vector<uint32_t> fast(count);
      UnpackBits(roomy.data(), roomy.data() + roomy.size(), count, width, fast.data());
      EXPECT_EQ(fast, values) << width << " " << count;
    }
  }
}

TEST(BitPackingTest, AscendingValuesAreTheGapsLessOneSummed) {
  std::mt19937 random(5);
  for (int width : {0, 1, 3, 7, 13, 20, 25, 26, 32}) {
    for (uint32_t count : {1u, 3u, 8u, 13u, 128u}) {
      const std::vector<uint32_t> gaps = RandomValues(random, count, width);
      // From 0, from the middle, and from just below 2^32 (the sums wrap).
      for (uint32_t first : {0u, 1000u, 0xFFFFFFF0u}) {
        std::vector<uint32_t> expected(count);
        uint32_t value = first;
        for (uint32_t j = 0; j < count; ++j) {
          value = j == 0 ? first + gaps[0] : value + 1 + gaps[j];
          expected[j] = value;
        }
        std::vector<uint8_t> packed(PackedBytes(count, width) + 32);
        PackBits(gaps.data(), count, width, packed.data());
        std::vector<uint32_t> out(count);
        UnpackAscending(packed.data(), packed.data() + packed.size(), count, width, first, out.data());
        EXPECT_EQ(out, expected) << width << " " << count << " " << first;
      }
    }
  }
}

TEST(BitPackingTest, RunsCarryTheirWidthAndRefuseWhatDoesNotFit) {
  const std::vector<uint32_t> values = {1, 5, 0, 2, 7, 1, 1, 3, 6};
  std::vector<uint8_t> bytes = {0xEE};  // a run appends after what is there
  AppendRun(values.data(), 9, bytes);
  ASSERT_EQ(bytes.size(), 1 + 1 + PackedBytes(9, 3));
  EXPECT_EQ(bytes[1], 3);
  EXPECT_EQ(RunBytes(bytes.data() + 1, bytes.size() - 1, 9), bytes.size() - 1);
  std::vector<uint32_t> out(9);
  EXPECT_EQ(UnpackRun(bytes.data() + 1, bytes.data() + bytes.size(), 9, out.data()), bytes.data() + bytes.size());
  EXPECT_EQ(out, values);

  // Cut short, missing, or wider than 32 bits: refused.
  EXPECT_EQ(RunBytes(bytes.data() + 1, bytes.size() - 2, 9), SIZE_MAX);
  EXPECT_EQ(RunBytes(bytes.data() + 1, 0, 9), SIZE_MAX);
  const uint8_t too_wide[8] = {33};
  EXPECT_EQ(RunBytes(too_wide, sizeof(too_wide), 1), SIZE_MAX);

  // An ascending run: documents 10, 11, 15 as gaps less one from 10.
  const std::vector<uint32_t> gaps = {0, 0, 3};
  std::vector<uint8_t> docs;
  AppendRun(gaps.data(), 3, docs);
  std::vector<uint32_t> ascending(3);
  UnpackAscendingRun(docs.data(), docs.data() + docs.size(), 3, 10, ascending.data());
  EXPECT_EQ(ascending, (std::vector<uint32_t>{10, 11, 15}));
}

}  // namespace
}  // namespace chronicle::index::segment
