#include "core/server/process_setup.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "core/common/logging.h"

namespace chronicle::server {

absl::Status PrepareProcess(absl::string_view log_level, absl::string_view data_dir, bool data_dir_required) {
  LogLevel level;
  if (!ParseLogLevel(log_level, &level)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_level: \"", log_level, "\" is not debug, info, warning or error"));
  }
  SetMinLogLevel(level);
  if (data_dir.empty()) {
    return data_dir_required ? absl::InvalidArgumentError("--data_dir is required") : absl::OkStatus();
  }
  std::error_code error;
  std::filesystem::create_directories(std::string(data_dir), error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot create --data_dir ", data_dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

int StartupExitCode(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace chronicle::server
