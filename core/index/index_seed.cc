#include "core/index/index_seed.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/durable_file.h"
#include "core/common/status_macros.h"
#include "core/index/index_layout.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/segment.h"

namespace chronicle::index {
namespace {

absl::Status IoError(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat("seeding the index: ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

// One segment index being copied: its directory, the segments ended so far
// (each under a name the directory reserved, adopted by the commit), and
// the file being written.
struct IndexSeeder::Part {
  explicit Part(segment::SegmentDirectory opened) : directory(std::move(opened)) {}
  ~Part() {
    if (fd >= 0) ::close(fd);
  }

  segment::SegmentDirectory directory;
  struct Ended {
    std::string name;
    segment::Segment segment;
    segment::Deletions deletions;
  };
  std::vector<Ended> ended;
  int fd = -1;
  std::string open_name;
  bool committed = false;
};

absl::StatusOr<std::unique_ptr<IndexSeeder>> IndexSeeder::Start(const std::string& index_path) {
  std::error_code error;
  if (std::filesystem::exists(index_path, error) && !std::filesystem::is_empty(index_path, error)) {
    return absl::FailedPreconditionError(absl::StrCat("seeding the index: ", index_path, " already holds one"));
  }
  const std::string seeding = index_path + ".seeding";
  std::filesystem::remove_all(seeding, error);
  if (error) {
    return absl::InternalError(absl::StrCat("seeding the index: cannot remove ", seeding, ": ", error.message()));
  }
  RETURN_IF_ERROR(PrepareIndexDirectory(seeding));
  ASSIGN_OR_RETURN(segment::SegmentDirectory articles, segment::SegmentDirectory::Open(SegmentsPath(seeding)));
  ASSIGN_OR_RETURN(segment::SegmentDirectory duplicates, segment::SegmentDirectory::Open(DuplicatesPath(seeding)));
  return std::unique_ptr<IndexSeeder>(new IndexSeeder(index_path, seeding,
                                                      std::make_unique<Part>(std::move(articles)),
                                                      std::make_unique<Part>(std::move(duplicates))));
}

IndexSeeder::IndexSeeder(std::string index_path, std::string seeding_path, std::unique_ptr<Part> articles,
                         std::unique_ptr<Part> duplicates)
    : index_path_(std::move(index_path)),
      seeding_path_(std::move(seeding_path)),
      articles_(std::move(articles)),
      duplicates_(std::move(duplicates)) {}

IndexSeeder::~IndexSeeder() {
  articles_.reset();
  duplicates_.reset();
  if (finished_) return;
  std::error_code ignored;
  std::filesystem::remove_all(seeding_path_, ignored);
}

absl::Status IndexSeeder::Append(IndexPart which, absl::string_view bytes) {
  Part& part = PartOf(which);
  if (part.committed) return absl::FailedPreconditionError("seeding the index: bytes after the part's end");
  if (part.fd < 0) {
    part.open_name = part.directory.ReserveName();
    const std::string path = part.directory.path() + "/" + part.open_name;
    part.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (part.fd < 0) return IoError("cannot create", path);
  }
  while (!bytes.empty()) {
    const ssize_t written = ::write(part.fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return IoError("cannot write", part.directory.path() + "/" + part.open_name);
    bytes.remove_prefix(static_cast<size_t>(written));
    bytes_received_ += written;
  }
  return absl::OkStatus();
}

absl::Status IndexSeeder::EndSegment(IndexPart which, absl::string_view deletions) {
  // A segment of no bytes opens no file: Append made none.
  if (PartOf(which).fd < 0) RETURN_IF_ERROR(Append(which, ""));
  Part& part = PartOf(which);
  const std::string path = part.directory.path() + "/" + part.open_name;
  const bool synced = ::fsync(part.fd) == 0;
  const bool closed = ::close(part.fd) == 0;
  part.fd = -1;
  if (!synced || !closed) return IoError("cannot sync", path);
  ASSIGN_OR_RETURN(segment::Segment segment, segment::Segment::Read(path));
  segment::Deletions deleted(segment.document_count());
  if (!deletions.empty()) {
    ASSIGN_OR_RETURN(deleted, segment::Deletions::Parse(deletions));
    if (deleted.document_count() != segment.document_count()) {
      return absl::DataLossError(absl::StrCat("seeding the index: deletions of ", deleted.document_count(),
                                              " documents for a segment of ", segment.document_count()));
    }
  }
  part.ended.push_back({part.open_name, std::move(segment), std::move(deleted)});
  return absl::OkStatus();
}

absl::Status IndexSeeder::EndPart(IndexPart which, int64_t applied_sequence) {
  Part& part = PartOf(which);
  if (part.committed || part.fd >= 0) {
    return absl::FailedPreconditionError("seeding the index: a part ended twice or inside a segment");
  }
  std::vector<segment::SegmentDirectory::CommitEntry> entries;
  for (const Part::Ended& ended : part.ended) {
    entries.push_back({"", &ended.segment, ended.deletions.empty() ? nullptr : &ended.deletions, ended.name});
  }
  // Committed even when empty: the manifest records the sequence.
  RETURN_IF_ERROR(part.directory.Commit(entries, applied_sequence));
  part.committed = true;
  return absl::OkStatus();
}

absl::Status IndexSeeder::Finish() {
  if (!articles_->committed || !duplicates_->committed) {
    return absl::FailedPreconditionError("seeding the index: both parts must end before the copy is finished");
  }
  // The segments stay mapped by nothing once the parts go.
  articles_->ended.clear();
  duplicates_->ended.clear();
  std::error_code error;
  std::filesystem::remove(index_path_, error);  // an empty directory, if any
  std::filesystem::rename(seeding_path_, index_path_, error);
  if (error) {
    return absl::InternalError(absl::StrCat("seeding the index: cannot move ", seeding_path_, " to ", index_path_,
                                            ": ", error.message()));
  }
  const std::filesystem::path parent = std::filesystem::path(index_path_).parent_path();
  RETURN_IF_ERROR(SyncDirectory(parent.empty() ? "." : parent.string()));
  finished_ = true;
  return absl::OkStatus();
}

}  // namespace chronicle::index
