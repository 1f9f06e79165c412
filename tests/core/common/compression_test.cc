#include "core/common/compression.h"

#include <random>
#include <string>
#include <vector>

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

// Short texts of one kind: what the index stores per article.
std::vector<std::string> Records(int count, uint32_t seed) {
  static const char* const kWords[] = {"harbor ", "minister ", "strike ", "Sunday ", "ceasefire ", "dockers ",
                                       "talks ",  "budget ",   "storm ",  "vote ",   "ended ",     "resumed "};
  std::mt19937 random(seed);
  std::vector<std::string> records;
  for (int i = 0; i < count; ++i) {
    std::string record = "{\"source\": \"Harbor Times\", \"language\": \"en\", \"text\": \"";
    const int words = 20 + static_cast<int>(random() % 60);
    for (int w = 0; w < words; ++w) record += kWords[random() % 12];
    record += "\", \"entities\": [\"person:jane-doe\", \"org:port-authority\"]}";
    records.push_back(std::move(record));
  }
  return records;
}

TEST(CompressionTest, ADictionaryShrinksShortRecordsAndRoundTrips) {
  const std::vector<std::string> training = Records(500, 1);
  absl::StatusOr<std::string> trained = CompressionDictionary::Train(training, 16384);
  ASSERT_TRUE(trained.ok()) << trained.status();
  absl::StatusOr<std::shared_ptr<const CompressionDictionary>> dictionary = CompressionDictionary::Load(*trained);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status();
  EXPECT_NE((*dictionary)->id(), 0u);
  EXPECT_EQ((*dictionary)->bytes(), *trained);
  Compressor compressor;
  size_t plain = 0, with = 0;
  // Records it was not trained on.
  for (const std::string& record : Records(200, 2)) {
    const std::string frame = compressor.Compress(record, dictionary->get());
    EXPECT_EQ(FrameDictionaryId(frame), (*dictionary)->id());
    plain += compressor.Compress(record).size();
    with += frame.size();
    absl::StatusOr<std::string> back = Decompress(frame, dictionary->get());
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, record);
    // Without its dictionary, or with another, a frame is refused.
    EXPECT_EQ(Decompress(frame).status().code(), absl::StatusCode::kDataLoss);
  }
  EXPECT_LT(with, plain * 3 / 4);
  // Frames without a dictionary still read, with one given or not.
  const std::string plain_frame = Compress("no dictionary here");
  EXPECT_EQ(FrameDictionaryId(plain_frame), 0u);
  absl::StatusOr<std::string> back = Decompress(plain_frame, dictionary->get());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, "no dictionary here");
  EXPECT_EQ(compressor.Compress("no dictionary here", nullptr), plain_frame);

  absl::StatusOr<std::string> other = CompressionDictionary::Train(Records(500, 3), 16384);
  ASSERT_TRUE(other.ok()) << other.status();
  absl::StatusOr<std::shared_ptr<const CompressionDictionary>> other_dictionary =
      CompressionDictionary::Load(*other);
  ASSERT_TRUE(other_dictionary.ok()) << other_dictionary.status();
  if ((*other_dictionary)->id() != (*dictionary)->id()) {
    EXPECT_EQ(Decompress(compressor.Compress(training[0], dictionary->get()), other_dictionary->get())
                  .status()
                  .code(),
              absl::StatusCode::kDataLoss);
  }
}

// A kept decompression context reads every frame as a fresh one does,
// whatever it read before: with and without a dictionary, in turn, and
// after a damaged frame.
TEST(CompressionTest, DecompressorKeepsItsContextAndReadsEveryFrameAlike) {
  absl::StatusOr<std::string> trained = CompressionDictionary::Train(Records(500, 4), 16384);
  ASSERT_TRUE(trained.ok()) << trained.status();
  absl::StatusOr<std::shared_ptr<const CompressionDictionary>> dictionary = CompressionDictionary::Load(*trained);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status();
  Compressor compressor;
  Decompressor decompressor;
  const std::vector<std::string> records = Records(40, 5);
  for (size_t i = 0; i < records.size(); ++i) {
    const bool with = i % 3 != 0;
    const std::string frame = compressor.Compress(records[i], with ? dictionary->get() : nullptr);
    absl::StatusOr<std::string> back = decompressor.Decompress(frame, dictionary->get());
    ASSERT_TRUE(back.ok()) << i << ": " << back.status();
    EXPECT_EQ(*back, records[i]) << i;
    if (i % 5 == 0) {
      EXPECT_EQ(decompressor.Decompress(frame.substr(0, frame.size() - 1), dictionary->get()).status().code(),
                absl::StatusCode::kDataLoss);
      if (with) EXPECT_EQ(decompressor.Decompress(frame, nullptr).status().code(), absl::StatusCode::kDataLoss);
    }
  }
}

TEST(CompressionTest, ADictionaryIsRefusedWhenItIsNotOne) {
  EXPECT_EQ(CompressionDictionary::Load("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompressionDictionary::Load(std::string(1000, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompressionDictionary::Train({}, 16384).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CompressionDictionary::Train({"a", "b"}, 16384).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chronicle
