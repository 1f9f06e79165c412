#include "core/common/compression.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace chronicle {
namespace {

std::string Text(size_t bytes, uint32_t seed) {
  static const char* const kWords[] = {"the ", "minister ", "said ", "on ", "Sunday ", "that ", "talks ", "ended "};
  std::mt19937 random(seed);
  std::string text;
  while (text.size() < bytes) text += kWords[random() % 8];
  text.resize(bytes);
  return text;
}

TEST(CompressionTest, RoundTripsAndShrinksText) {
  for (size_t bytes : {size_t{0}, size_t{1}, size_t{100}, size_t{10000}, size_t{300000}}) {
    const std::string text = Text(bytes, static_cast<uint32_t>(bytes));
    const std::string compressed = Compress(text);
    if (bytes >= 10000) EXPECT_LT(compressed.size(), text.size() / 3) << bytes;
    absl::StatusOr<std::string> back = Decompress(compressed);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, text);
  }
}

// A kept context must give each text the frame a fresh one gives, whatever
// came before it (larger, smaller, empty).
TEST(CompressionTest, CompressorKeepsItsContextAndGivesTheSameFrames) {
  Compressor compressor;
  for (size_t bytes : {size_t{300000}, size_t{0}, size_t{100}, size_t{10000}, size_t{1}, size_t{10000}}) {
    const std::string text = Text(bytes, static_cast<uint32_t>(bytes) + 1);
    const std::string compressed = compressor.Compress(text);
    EXPECT_EQ(compressed, Compress(text)) << bytes;
    absl::StatusOr<std::string> back = Decompress(compressed);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, text);
  }
}

TEST(CompressionTest, RefusesDamagedFrames) {
  const std::string compressed = Compress(Text(5000, 7));
  EXPECT_EQ(Decompress("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Decompress("not zstd at all").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Decompress(compressed.substr(0, compressed.size() - 1)).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Decompress(compressed + "x").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Decompress(compressed, 4999).status().code(), absl::StatusCode::kDataLoss);
  // Every single flipped byte is refused or decompresses to the original
  // size without a crash: frames carry no checksum of their own (a flip
  // inside a literal changes only the text), since the segment's CRC-32s
  // cover the stored bytes already.
  for (size_t i = 0; i < compressed.size(); ++i) {
    std::string damaged = compressed;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    absl::StatusOr<std::string> back = Decompress(damaged);
    if (back.ok()) EXPECT_EQ(back->size(), 5000u) << i;
  }
}

}  // namespace
}  // namespace chronicle
