// The first steps of every Chronicle service's main.
#ifndef CHRONICLE_CORE_SERVER_PROCESS_SETUP_H_
#define CHRONICLE_CORE_SERVER_PROCESS_SETUP_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace chronicle::server {

// Applies the log level ("debug", "info", "warning", "error") and makes sure
// `data_dir` exists (an empty one is allowed unless `data_dir_required`).
// Errors: INVALID_ARGUMENT for a bad level or a missing required data_dir,
// UNAVAILABLE when the directory cannot be created.
absl::Status PrepareProcess(absl::string_view log_level, absl::string_view data_dir,
                            bool data_dir_required = true);

// The exit code for a start-up failure: 2 for a usage error (bad flags),
// 1 for anything else.
int StartupExitCode(const absl::Status& status);

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_PROCESS_SETUP_H_
