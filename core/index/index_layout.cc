#include "core/index/index_layout.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/common/durable_file.h"

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
  std::string text;
  for (int shard = 0; shard < shards; ++shard) absl::StrAppend(&text, "glass ", ShardDirectory(shard), "\n");
  // A crash or a failed write leaves either no stub or a whole one.
  if (absl::Status status = WriteFileDurably(stub.string(), text); !status.ok()) {
    return absl::UnavailableError(absl::StrCat("index layout: ", status.message()));
  }
  return absl::OkStatus();
}

size_t ShardOf(absl::string_view article_id, size_t shard_count) {
  if (shard_count <= 1) return 0;
  const uLong checksum =
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(article_id.data()), article_id.size());
  return static_cast<size_t>(checksum % shard_count);
}

std::string SegmentsPath(const std::string& index_path) { return index_path + "/segments"; }

}  // namespace chronicle::index
