// The segment directory's commit point: what a reopened directory reports
// is exactly what its files hold, after commits, cut-short commits and
// damage.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/index/segment/segment.h"
#include "core/index/segment/segment_directory.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/core/index/segment/segment_fixtures.h"

namespace chronicle::index::segment {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SegmentDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/segments-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(path_);
  }
  void TearDown() override { std::filesystem::remove_all(path_); }

  SegmentDirectory OpenOrDie() {
    absl::StatusOr<SegmentDirectory> directory = SegmentDirectory::Open(path_);
    EXPECT_TRUE(directory.ok()) << directory.status();
    return *std::move(directory);
  }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& file : std::filesystem::directory_iterator(path_)) names.push_back(file.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string path_;
};

TEST_F(SegmentDirectoryTest, ANewDirectoryHoldsNothingAtSequenceZero) {
  SegmentDirectory directory = OpenOrDie();
  EXPECT_EQ(directory.manifest().generation, 0);
  EXPECT_EQ(directory.manifest().applied_sequence, 0);
  EXPECT_THAT(directory.manifest().segments, IsEmpty());
  EXPECT_THAT(*directory.ReadSegments(), IsEmpty());
}

TEST_F(SegmentDirectoryTest, CommitsSurviveReopenAndDropWhatTheyNoLongerName) {
  const Segment first = SegmentOfDocuments(0, 5), second = SegmentOfDocuments(5, 3), merged = SegmentOfDocuments(0, 8);
  {
    SegmentDirectory directory = OpenOrDie();
    ASSERT_TRUE(directory.Commit({}, {&first}, 5).ok());
    const std::string first_name = directory.manifest().segments[0].file;
    ASSERT_TRUE(directory.Commit({first_name}, {&second}, 8).ok());
  }
  SegmentDirectory directory = OpenOrDie();
  EXPECT_EQ(directory.manifest().generation, 2);
  EXPECT_EQ(directory.manifest().applied_sequence, 8);
  absl::StatusOr<std::vector<Segment>> segments = directory.ReadSegments();
  ASSERT_TRUE(segments.ok()) << segments.status();
  ASSERT_EQ(segments->size(), 2u);
  EXPECT_EQ(DocumentsHeld(*segments), 8u);

  // A merge: one segment replaces both, and their files go.
  ASSERT_TRUE(directory.Commit({}, {&merged}, 8).ok());
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", "segment-3-0"));
  EXPECT_EQ(DocumentsHeld(*OpenOrDie().ReadSegments()), 8u);
}

TEST_F(SegmentDirectoryTest, FilesOfACommitCutShortAreRemovedAtOpen) {
  const Segment segment = SegmentOfDocuments(0, 4);
  {
    SegmentDirectory directory = OpenOrDie();
    ASSERT_TRUE(directory.Commit({}, {&segment}, 4).ok());
  }
  // What a kill -9 between writing segments and renaming the manifest
  // leaves behind.
  ASSERT_TRUE(segment.Write(path_ + "/segment-2-0").ok());
  std::ofstream(path_ + "/segment-2-1.partial") << "half";
  std::ofstream(path_ + "/MANIFEST.partial") << "chronicle-segments 1\n";
  std::ofstream(path_ + "/notes.txt") << "not ours";
  SegmentDirectory directory = OpenOrDie();
  EXPECT_EQ(directory.manifest().applied_sequence, 4);
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", "notes.txt", "segment-1-0"));
}

TEST_F(SegmentDirectoryTest, AMissingOrShortSegmentMakesTheDirectoryUnusable) {
  const Segment segment = SegmentOfDocuments(0, 4);
  {
    SegmentDirectory directory = OpenOrDie();
    ASSERT_TRUE(directory.Commit({}, {&segment}, 4).ok());
  }
  const std::string file = path_ + "/segment-1-0";
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 1);
  EXPECT_EQ(SegmentDirectory::Open(path_).status().code(), absl::StatusCode::kDataLoss);
  std::filesystem::remove(file);
  EXPECT_EQ(SegmentDirectory::Open(path_).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(SegmentDirectoryTest, KeptNamesMustBeInTheIndex) {
  SegmentDirectory directory = OpenOrDie();
  EXPECT_EQ(directory.Commit({"segment-9-0"}, {}, 1).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(directory.manifest().generation, 0);
}

TEST(ManifestTest, RoundTripsAndRefusesEveryDamagedByte) {
  Manifest manifest;
  manifest.generation = 7;
  manifest.applied_sequence = 12345;
  manifest.segments = {{"segment-3-0", 2093156}, {"segment-7-0", 18811}};
  const std::string text = SerializeManifest(manifest);
  absl::StatusOr<Manifest> parsed = ParseManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->generation, 7);
  EXPECT_EQ(parsed->applied_sequence, 12345);
  ASSERT_EQ(parsed->segments.size(), 2u);
  EXPECT_EQ(parsed->segments[1].file, "segment-7-0");
  EXPECT_EQ(parsed->segments[1].bytes, 18811u);
  for (size_t at = 0; at < text.size(); ++at) {
    std::string damaged = text;
    damaged[at] = damaged[at] == 'x' ? 'y' : 'x';
    EXPECT_EQ(ParseManifest(damaged).status().code(), absl::StatusCode::kDataLoss) << "byte " << at;
    EXPECT_EQ(ParseManifest(text.substr(0, at)).status().code(), absl::StatusCode::kDataLoss) << "cut at " << at;
  }
}

}  // namespace
}  // namespace chronicle::index::segment
