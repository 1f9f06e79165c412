// Every write and sync of a commit failing in turn (tests/faults): the
// directory then reopens at the commit before or the one attempted, never
// between, and the applied sequence it reports is what its segments hold.
// The same for the index writer's commits with deletions and its merges.
#include <cerrno>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/index/segment/segment_directory.h"
#include "core/index/segment/segment_index.h"
#include "gtest/gtest.h"
#include "tests/core/index/segment/segment_fixtures.h"
#include "tests/faults/io_faults.h"

namespace chronicle::index::segment {
namespace {

using chronicle::testing::ArmIoFault;
using chronicle::testing::DisarmIoFault;
using chronicle::testing::IoCall;
using chronicle::testing::IoFaultFired;

class SegmentDirectoryFaultTest : public ::testing::TestWithParam<std::tuple<IoCall, int>> {};

TEST_P(SegmentDirectoryFaultTest, AFailedCommitLeavesTheCommitBefore) {
  const auto [call, error] = GetParam();
  // The fault library compares resolved paths: no doubled slashes.
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) /
       absl::StrCat("segment-faults-", static_cast<int>(call), "-", error)).lexically_normal().string();
  const Segment first = SegmentOfDocuments(0, 300), second = SegmentOfDocuments(300, 200),
                merged = SegmentOfDocuments(0, 500);
  int failures = 0;
  for (int nth = 1;; ++nth) {
    std::filesystem::remove_all(path);
    {
      absl::StatusOr<SegmentDirectory> directory = SegmentDirectory::Open(path);
      ASSERT_TRUE(directory.ok()) << directory.status();
      ASSERT_TRUE(directory->Commit({}, {&first}, 300).ok());
      const std::string kept = directory->manifest().segments[0].file;
      ArmIoFault(path, call, nth, error);
      // Two commits: one that adds, one that merges (drops what it replaces).
      absl::Status status = directory->Commit({kept}, {&second}, 500);
      if (status.ok()) status = directory->Commit({}, {&merged}, 500);
      const bool fired = IoFaultFired();
      DisarmIoFault();
      if (!fired) {
        ASSERT_TRUE(status.ok()) << status;
        break;
      }
      ++failures;
      // The object keeps describing what the directory shows.
      absl::StatusOr<SegmentDirectory> shown = SegmentDirectory::Open(path);
      ASSERT_TRUE(shown.ok()) << "call " << nth << ": " << shown.status();
      EXPECT_EQ(shown->manifest().generation, directory->manifest().generation) << "call " << nth;
    }
    absl::StatusOr<SegmentDirectory> reopened = SegmentDirectory::Open(path);
    ASSERT_TRUE(reopened.ok()) << "call " << nth << ": " << reopened.status();
    absl::StatusOr<std::vector<Segment>> segments = reopened->ReadSegments();
    ASSERT_TRUE(segments.ok()) << "call " << nth << ": " << segments.status();
    const int64_t applied = reopened->manifest().applied_sequence;
    EXPECT_TRUE(applied == 300 || applied == 500) << "call " << nth;
    EXPECT_EQ(DocumentsHeld(*segments), static_cast<uint64_t>(applied)) << "call " << nth;
  }
  EXPECT_GT(failures, 2) << "the sweep reached too few calls to mean anything";
  std::filesystem::remove_all(path);
}

// The keys of the live documents of an index.
std::set<std::string> LiveKeys(const IndexSnapshot& snapshot) {
  std::set<std::string> keys;
  for (const IndexSnapshot::Part& part : snapshot.segments()) {
    for (uint32_t d = 0; d < part.segment->document_count(); ++d) {
      if (!part.deletions->contains(d)) keys.emplace(part.segment->key(d));
    }
  }
  return keys;
}

IndexDocument Document(int n) {
  return {absl::StrCat("article-", n), {{"word", static_cast<uint32_t>(1 + n % 5), {}}}, n, "Source"};
}

TEST_P(SegmentDirectoryFaultTest, AFailedIndexCommitOrMergeLeavesTheCommitBefore) {
  const auto [call, error] = GetParam();
  SegmentIndexOptions options;
  options.path = (std::filesystem::path(::testing::TempDir()) /
                  absl::StrCat("segment-index-faults-", static_cast<int>(call), "-", error)).lexically_normal().string();
  options.merge_factor = 3;
  options.min_merge_documents = 1;
  // Before: three commits of ten documents. After: documents replaced and
  // deleted in each, ten more added, and the merge of all.
  std::set<std::string> before, after;
  for (int n = 0; n < 30; ++n) before.insert(Document(n).key);
  after = before;
  int failures = 0;
  for (int nth = 1;; ++nth) {
    std::filesystem::remove_all(options.path);
    {
      absl::StatusOr<std::unique_ptr<SegmentIndexWriter>> writer = SegmentIndexWriter::Open(options);
      ASSERT_TRUE(writer.ok()) << writer.status();
      for (int commit = 0; commit < 3; ++commit) {
        for (int n = commit * 10; n < commit * 10 + 10; ++n) (*writer)->Add(Document(n));
        ASSERT_TRUE((*writer)->Commit(commit * 10 + 10).ok());
      }
      ArmIoFault(options.path, call, nth, error);
      for (int n : {3, 14, 25}) (*writer)->Add(Document(n));
      for (int n : {4, 15, 26}) {
        (*writer)->Delete(Document(n).key);
        after.erase(Document(n).key);
      }
      for (int n = 30; n < 40; ++n) {
        (*writer)->Add(Document(n));
        after.insert(Document(n).key);
      }
      absl::Status status = (*writer)->Commit(40);
      if (status.ok()) status = (*writer)->Merge();
      const bool fired = IoFaultFired();
      DisarmIoFault();
      if (!fired) {
        ASSERT_TRUE(status.ok()) << status;
        EXPECT_LT((*writer)->snapshot()->segments().size(), 4u) << "the sweep must cover a merge";
        break;
      }
      ++failures;
    }
    absl::StatusOr<std::unique_ptr<SegmentIndexWriter>> reopened = SegmentIndexWriter::Open(options);
    ASSERT_TRUE(reopened.ok()) << "call " << nth << ": " << reopened.status();
    const std::shared_ptr<const IndexSnapshot> snapshot = (*reopened)->snapshot();
    const int64_t applied = snapshot->applied_sequence();
    ASSERT_TRUE(applied == 30 || applied == 40) << "call " << nth;
    EXPECT_EQ(LiveKeys(*snapshot), applied == 30 ? before : after) << "call " << nth;
  }
  EXPECT_GT(failures, 4) << "the sweep reached too few calls to mean anything";
  std::filesystem::remove_all(options.path);
}

INSTANTIATE_TEST_SUITE_P(WritesAndSyncs, SegmentDirectoryFaultTest,
                         ::testing::Values(std::make_tuple(IoCall::kWrite, EIO), std::make_tuple(IoCall::kWrite, ENOSPC),
                                           std::make_tuple(IoCall::kSync, EIO)),
                         [](const auto& info) {
                           return absl::StrCat(std::get<0>(info.param) == IoCall::kWrite ? "write_" : "sync_",
                                               std::get<1>(info.param) == EIO ? "EIO" : "ENOSPC");
                         });

}  // namespace
}  // namespace chronicle::index::segment
