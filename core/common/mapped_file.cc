#include "core/common/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace chronicle {
namespace {

// Closes a descriptor on every path out of Open.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

absl::Status SystemError(absl::string_view step, const std::string& path, int error) {
  return absl::InternalError(absl::StrCat("cannot ", step, " ", path, ": ", std::strerror(error)));
}

// Reads the file from its start to `size` through read(2), so that bytes the
// device cannot give fail here (see the header). The scratch buffer is small:
// the point is the reading, not the copy.
absl::Status ReadWhole(int fd, const std::string& path, size_t size) {
  constexpr size_t kChunk = 1 << 20;
  std::vector<char> scratch(kChunk);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, scratch.data(), std::min(kChunk, size - done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SystemError("read", path, errno);
    if (n == 0) return absl::InternalError(absl::StrCat("cannot read ", path, ": shorter than its size"));
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path,
                                                                   ReadThrough read_through) {
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(path, " does not exist"));
    return SystemError("open", path, errno);
  }
  struct stat status;
  if (::fstat(file.fd, &status) != 0) return SystemError("stat", path, errno);
  const auto size = static_cast<size_t>(status.st_size);
  if (size == 0) return std::shared_ptr<const MappedFile>(new MappedFile(nullptr, 0));
  if (read_through == ReadThrough::kYes) {
    if (absl::Status status = ReadWhole(file.fd, path, size); !status.ok()) return status;
  }
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, file.fd, 0);
  if (address == MAP_FAILED) return SystemError("map", path, errno);
  return std::shared_ptr<const MappedFile>(new MappedFile(address, size));
}

MappedFile::~MappedFile() {
  if (address_ != nullptr) ::munmap(address_, size_);
}

}  // namespace chronicle
