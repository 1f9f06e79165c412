#include "core/index/index_layout.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chronicle::index {
namespace {

constexpr char kStubFile[] = "XAPIANDB";

std::string ShardDirectory(int shard) { return absl::StrCat("shard-", shard); }

}  // namespace

absl::StatusOr<std::vector<std::string>> ShardPaths(const std::string& index_path) {
  const std::filesystem::path stub = std::filesystem::path(index_path) / kStubFile;
  std::error_code error;
  if (!std::filesystem::exists(stub, error)) return std::vector<std::string>{index_path};
  std::ifstream in(stub);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return absl::DataLossError(absl::StrCat("cannot read index stub file ", stub.string()));
  std::vector<std::string> shards;
  for (absl::string_view line : absl::StrSplit(text.str(), '\n', absl::SkipWhitespace())) {
    // Each line is "<backend> <path relative to the index directory>".
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() != 2 || fields[1].empty() || fields[1].front() == '/') {
      return absl::DataLossError(
          absl::StrCat("index stub file ", stub.string(), " has an unexpected line \"", line, "\""));
    }
    shards.push_back((std::filesystem::path(index_path) / std::string(fields[1])).string());
  }
  if (shards.empty()) return absl::DataLossError(absl::StrCat("index stub file ", stub.string(), " lists no shards"));
  return shards;
}

bool HoldsSingleDatabase(const std::string& index_path) {
  // Every glass database has this version file at its top.
  std::error_code error;
  return std::filesystem::exists(std::filesystem::path(index_path) / "iamglass", error);
}

absl::Status WriteShardedLayout(const std::string& index_path, int shards) {
  std::error_code error;
  std::filesystem::create_directories(index_path, error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot create ", index_path, ": ", error.message()));
  const std::filesystem::path stub = std::filesystem::path(index_path) / kStubFile;
  const std::filesystem::path partial = std::filesystem::path(index_path) / absl::StrCat(kStubFile, ".partial");
  std::string text;
  for (int shard = 0; shard < shards; ++shard) absl::StrAppend(&text, "glass ", ShardDirectory(shard), "\n");
  // Written, synced and renamed into place, then the directory synced: a
  // crash or a failed write leaves either no stub or a whole one.
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot write ", partial.string(), ": ", strerror(errno)));
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool synced = written == text.size() && fsync(fd) == 0;
  const int saved_errno = errno;
  close(fd);
  if (!synced) {
    return absl::UnavailableError(absl::StrCat("cannot write ", partial.string(), ": ", strerror(saved_errno)));
  }
  std::filesystem::rename(partial, stub, error);
  if (error) return absl::UnavailableError(absl::StrCat("cannot write ", stub.string(), ": ", error.message()));
  const int dir = open(index_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool dir_synced = dir >= 0 && fsync(dir) == 0;
  if (dir >= 0) close(dir);
  if (!dir_synced) return absl::UnavailableError(absl::StrCat("cannot sync ", index_path, ": ", strerror(errno)));
  return absl::OkStatus();
}

size_t ShardOf(absl::string_view article_id, size_t shard_count) {
  if (shard_count <= 1) return 0;
  const uLong checksum =
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(article_id.data()), article_id.size());
  return static_cast<size_t>(checksum % shard_count);
}

}  // namespace chronicle::index
