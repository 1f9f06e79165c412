#include "core/common/mapped_file.h"

#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>

#include "core/common/durable_file.h"
#include "gtest/gtest.h"
#include "tests/faults/io_faults.h"

namespace chronicle {
namespace {

std::string Directory(const std::string& name) {
  // Normal form: the fault injection compares it with the kernel's path.
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) / ("mapped-file-" + name)).lexically_normal().string();
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

TEST(MappedFileTest, HoldsTheFilesBytes) {
  const std::string path = Directory("bytes") + "/file";
  std::string content(3 << 20, '\0');  // several read chunks, and not a whole one
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 131 % 251);
  content += "tail";
  ASSERT_TRUE(WriteFileDurably(path, content).ok());
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->bytes(), content);
}

TEST(MappedFileTest, MapsAnEmptyFileAsNoBytes) {
  const std::string path = Directory("empty") + "/file";
  ASSERT_TRUE(WriteFileDurably(path, "").ok());
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE((*file)->bytes().empty());
}

TEST(MappedFileTest, AMissingFileIsNotFound) {
  EXPECT_EQ(MappedFile::Open(Directory("missing") + "/file").status().code(), absl::StatusCode::kNotFound);
}

TEST(MappedFileTest, ARemovedFileStaysReadableWhileMapped) {
  const std::string path = Directory("removed") + "/file";
  ASSERT_TRUE(WriteFileDurably(path, "still here").ok());
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status();
  std::filesystem::remove(path);
  EXPECT_EQ((*file)->bytes(), "still here");
}

// A device that cannot give the bytes fails Open with a status, not a later
// access with SIGBUS: the file is read through once before it is mapped.
TEST(MappedFileTest, AReadErrorIsAStatusNotASignal) {
  const std::string directory = Directory("read-error");
  const std::string path = directory + "/file";
  ASSERT_TRUE(WriteFileDurably(path, std::string(5 << 20, 'x')).ok());
  for (int nth = 1; nth <= 5; ++nth) {
    testing::ArmIoFault(directory, testing::IoCall::kRead, nth, EIO);
    absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
    const bool fired = testing::IoFaultFired();
    testing::DisarmIoFault();
    ASSERT_TRUE(fired) << "read " << nth;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInternal) << "read " << nth;
    EXPECT_NE(file.status().message().find("Input/output error"), std::string::npos) << file.status();
  }
}

}  // namespace
}  // namespace chronicle
