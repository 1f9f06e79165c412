#include "core/common/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace chronicle {

absl::Status WriteFileDurably(const std::string& path, absl::string_view data, bool* replaced) {
  if (replaced != nullptr) *replaced = false;
  const std::string partial = path + ".partial";
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::InternalError(absl::StrCat("cannot create ", partial, ": ", std::strerror(errno)));
  size_t written = 0;
  int write_errno = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_errno = n < 0 ? errno : EIO;
      break;
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = written == data.size() && ::fsync(fd) == 0;
  if (written == data.size() && !synced) write_errno = errno;
  ::close(fd);
  if (!synced) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    return absl::InternalError(absl::StrCat("cannot write ", partial, ": ", std::strerror(write_errno)));
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) return absl::InternalError(absl::StrCat("cannot rename ", partial, ": ", error.message()));
  if (replaced != nullptr) *replaced = true;
  const std::string directory = std::filesystem::path(path).parent_path().string();
  return SyncDirectory(directory.empty() ? "." : directory);
}

absl::Status SyncDirectory(const std::string& path) {
  const int dir = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && ::fsync(dir) == 0;
  if (dir >= 0) ::close(dir);
  if (!synced) return absl::InternalError(absl::StrCat("cannot sync the directory ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(path, " does not exist"));
    return absl::InternalError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  struct stat status;
  if (::fstat(fd, &status) != 0) {
    const int error = errno;
    ::close(fd);
    return absl::InternalError(absl::StrCat("cannot stat ", path, ": ", std::strerror(error)));
  }
  std::string content(static_cast<size_t>(status.st_size), '\0');
  size_t read = 0;
  while (read < content.size()) {
    const ssize_t n = ::read(fd, content.data() + read, content.size() - read);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : 0;
      ::close(fd);
      return absl::InternalError(absl::StrCat("cannot read ", path, ": ",
                                              error != 0 ? std::strerror(error) : "shorter than its size"));
    }
    read += static_cast<size_t>(n);
  }
  ::close(fd);
  return content;
}

}  // namespace chronicle
