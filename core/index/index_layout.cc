#include "core/index/index_layout.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/durable_file.h"
#include "core/index/schema.h"

namespace chronicle::index {
namespace {

constexpr char kSchemaFile[] = "SCHEMA";

std::string SchemaLine() { return absl::StrCat("chronicle-index ", schema::kVersion, "\n"); }

}  // namespace

absl::Status CheckIndexDirectory(const std::string& index_path) {
  const std::string path = (std::filesystem::path(index_path) / kSchemaFile).string();
  absl::StatusOr<std::string> text = ReadFile(path);
  if (absl::IsNotFound(text.status())) {
    return absl::FailedPreconditionError(absl::StrCat("no index of schema version ", schema::kVersion, " at ",
                                                      index_path, " (no ", kSchemaFile, " file)"));
  }
  if (!text.ok()) return text.status();
  if (*text != SchemaLine()) {
    return absl::FailedPreconditionError(
        absl::StrCat("index at ", index_path, " is \"", absl::StripTrailingAsciiWhitespace(*text),
                     "\", this binary writes schema version ", schema::kVersion,
                     "; it must be rebuilt from the feed"));
  }
  return absl::OkStatus();
}

absl::Status PrepareIndexDirectory(const std::string& index_path) {
  std::error_code error;
  std::filesystem::create_directories(index_path, error);
  if (error) return absl::InternalError(absl::StrCat("creating index directory ", index_path, ": ", error.message()));
  absl::Status existing = CheckIndexDirectory(index_path);
  if (existing.ok() || !absl::IsFailedPrecondition(existing)) return existing;
  if (std::filesystem::exists(std::filesystem::path(index_path) / kSchemaFile, error)) return existing;
  // No SCHEMA: a new index only when the directory is empty; anything else
  // is an older layout whose files this binary cannot read.
  if (!std::filesystem::is_empty(index_path, error) || error) {
    return absl::FailedPreconditionError(absl::StrCat("index at ", index_path,
                                                      " has an older layout (no ", kSchemaFile,
                                                      " file); it must be rebuilt from the feed"));
  }
  return WriteFileDurably((std::filesystem::path(index_path) / kSchemaFile).string(), SchemaLine());
}

std::string SegmentsPath(const std::string& index_path) { return index_path + "/segments"; }
std::string DuplicatesPath(const std::string& index_path) { return index_path + "/duplicates"; }

}  // namespace chronicle::index
