// The segment directory's commit point: what a reopened directory reports
// is exactly what its files hold, after commits, cut-short commits and
// damage.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/index/segment/deletions.h"
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

TEST_F(SegmentDirectoryTest, DeletionsFilesAreCommittedReadBackAndReplaced) {
  const Segment segment = SegmentOfDocuments(0, 100);
  Deletions deletions(100);
  deletions.Delete(3);
  deletions.Delete(99);
  SegmentDirectory directory = OpenOrDie();
  ASSERT_TRUE(directory.Commit({{"", &segment, &deletions}}, 100).ok());
  const Manifest::Entry first = directory.manifest().segments[0];
  EXPECT_FALSE(first.deletions_file.empty());
  deletions.Delete(50);
  ASSERT_TRUE(directory.Commit({{first.file, nullptr, &deletions}}, 101).ok());
  SegmentDirectory reopened = OpenOrDie();
  const Manifest::Entry entry = reopened.manifest().segments[0];
  EXPECT_EQ(entry.file, first.file);
  EXPECT_NE(entry.deletions_file, first.deletions_file);
  absl::StatusOr<Deletions> read = reopened.ReadDeletions(entry, 100);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->deleted_count(), 3u);
  EXPECT_TRUE(read->contains(50));
  EXPECT_EQ(reopened.ReadDeletions(entry, 99).status().code(), absl::StatusCode::kDataLoss);
  // The replaced bitmap is gone; a segment kept as it is keeps its own.
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", entry.deletions_file, entry.file));
  ASSERT_TRUE(reopened.Commit({entry.file}, {}, 102).ok());
  EXPECT_EQ(reopened.manifest().segments[0].deletions_file, entry.deletions_file);
  // Emptied deletions drop the file.
  const Deletions none(100);
  ASSERT_TRUE(reopened.Commit({{entry.file, nullptr, &none}}, 103).ok());
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", entry.file));
}

TEST_F(SegmentDirectoryTest, FilesWrittenUnderAReservedNameSurviveCommitsUntilAdoptedOrReleased) {
  const Segment first = SegmentOfDocuments(0, 10), second = SegmentOfDocuments(10, 5),
                merged = SegmentOfDocuments(0, 15);
  SegmentDirectory directory = OpenOrDie();
  ASSERT_TRUE(directory.Commit({}, {&first}, 10).ok());
  const std::string reserved = directory.ReserveName();
  const std::string abandoned = directory.ReserveName();
  EXPECT_NE(reserved, abandoned);
  ASSERT_TRUE(merged.Write(path_ + "/" + reserved).ok());
  ASSERT_TRUE(merged.Write(path_ + "/" + abandoned).ok());
  // One still being written, as by a merge on another thread.
  const std::string writing = directory.ReserveName();
  std::ofstream(path_ + "/" + writing + ".partial") << "half a segment";
  // A commit in between leaves them all alone.
  ASSERT_TRUE(directory.Commit({directory.manifest().segments[0].file}, {&second}, 15).ok());
  EXPECT_TRUE(std::filesystem::exists(path_ + "/" + reserved));
  EXPECT_TRUE(std::filesystem::exists(path_ + "/" + abandoned));
  EXPECT_TRUE(std::filesystem::exists(path_ + "/" + writing + ".partial"));
  std::filesystem::remove(path_ + "/" + writing + ".partial");
  directory.ReleaseName(writing);
  // Adopting needs a reservation.
  SegmentDirectory::CommitEntry unreserved;
  unreserved.added = &merged;
  unreserved.adopted = "segment-99-m1";
  EXPECT_EQ(directory.Commit({unreserved}, 15).code(), absl::StatusCode::kInvalidArgument);
  SegmentDirectory::CommitEntry adopted;
  adopted.added = &merged;
  adopted.adopted = reserved;
  ASSERT_TRUE(directory.Commit({adopted}, 15).ok());
  directory.ReleaseName(reserved);  // adopted: stays
  directory.ReleaseName(abandoned);
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", reserved));
  SegmentDirectory reopened = OpenOrDie();
  ASSERT_EQ(reopened.manifest().segments.size(), 1u);
  EXPECT_EQ(reopened.manifest().segments[0].file, reserved);
  EXPECT_EQ(reopened.manifest().segments[0].bytes, merged.bytes().size());
}

TEST_F(SegmentDirectoryTest, AReservedFileLeftByACrashIsRemovedAtOpen) {
  const Segment segment = SegmentOfDocuments(0, 10);
  {
    SegmentDirectory directory = OpenOrDie();
    ASSERT_TRUE(directory.Commit({}, {&segment}, 10).ok());
    ASSERT_TRUE(segment.Write(path_ + "/" + directory.ReserveName()).ok());
  }
  SegmentDirectory reopened = OpenOrDie();
  EXPECT_THAT(Files(), ElementsAre("MANIFEST", reopened.manifest().segments[0].file));
}

TEST_F(SegmentDirectoryTest, AMissingDeletionsFileMakesTheDirectoryUnusable) {
  const Segment segment = SegmentOfDocuments(0, 10);
  Deletions deletions(10);
  deletions.Delete(1);
  {
    SegmentDirectory directory = OpenOrDie();
    ASSERT_TRUE(directory.Commit({{"", &segment, &deletions}}, 10).ok());
    std::filesystem::remove(path_ + "/" + directory.manifest().segments[0].deletions_file);
  }
  EXPECT_EQ(SegmentDirectory::Open(path_).status().code(), absl::StatusCode::kDataLoss);
}

TEST(DeletionsTest, RoundTripsAndRefusesEveryDamagedByteAndCut) {
  for (uint32_t documents : {0u, 1u, 64u, 130u}) {
    Deletions deletions(documents);
    for (uint32_t d = 0; d < documents; d += 7) EXPECT_TRUE(deletions.Delete(d));
    if (documents > 0) {
      EXPECT_FALSE(deletions.Delete(0));
    }
    const std::string bytes = deletions.Serialize();
    absl::StatusOr<Deletions> parsed = Deletions::Parse(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->document_count(), documents);
    EXPECT_EQ(parsed->deleted_count(), deletions.deleted_count());
    EXPECT_TRUE(std::equal(parsed->words().begin(), parsed->words().end(), deletions.words().begin(),
                           deletions.words().end()));
    for (size_t at = 0; at < bytes.size(); ++at) {
      std::string damaged = bytes;
      damaged[at] ^= 0x10;
      EXPECT_EQ(Deletions::Parse(damaged).status().code(), absl::StatusCode::kDataLoss) << "byte " << at;
      EXPECT_EQ(Deletions::Parse(bytes.substr(0, at)).status().code(), absl::StatusCode::kDataLoss) << "cut " << at;
    }
  }
}

TEST(ManifestTest, RoundTripsAndRefusesEveryDamagedByte) {
  Manifest manifest;
  manifest.generation = 7;
  manifest.applied_sequence = 12345;
  manifest.segments = {{"segment-3-0", 2093156, "deletes-7-1", 1284}, {"segment-7-0", 18811, "", 0}};
  const std::string text = SerializeManifest(manifest);
  absl::StatusOr<Manifest> parsed = ParseManifest(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->generation, 7);
  EXPECT_EQ(parsed->applied_sequence, 12345);
  ASSERT_EQ(parsed->segments.size(), 2u);
  EXPECT_EQ(parsed->segments[1].file, "segment-7-0");
  EXPECT_EQ(parsed->segments[1].bytes, 18811u);
  EXPECT_EQ(parsed->segments[1].deletions_file, "");
  EXPECT_EQ(parsed->segments[0].deletions_file, "deletes-7-1");
  EXPECT_EQ(parsed->segments[0].deletions_bytes, 1284u);
  for (size_t at = 0; at < text.size(); ++at) {
    std::string damaged = text;
    damaged[at] = damaged[at] == 'x' ? 'y' : 'x';
    EXPECT_EQ(ParseManifest(damaged).status().code(), absl::StatusCode::kDataLoss) << "byte " << at;
    EXPECT_EQ(ParseManifest(text.substr(0, at)).status().code(), absl::StatusCode::kDataLoss) << "cut at " << at;
  }
}

}  // namespace
}  // namespace chronicle::index::segment
