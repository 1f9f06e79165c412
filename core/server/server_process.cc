#include "core/server/server_process.h"

#include <cstdio>
#include <string>

#include "core/common/logging.h"
#include "core/server/process_setup.h"
#include "core/server/service_host.h"

namespace chronicle::server {

int ServeUntilTerminated(const ProcessOptions& process, const std::function<absl::Status()>& configure,
                         const std::function<absl::StatusOr<std::unique_ptr<Server>>()>& start) {
  if (absl::Status prepared = PrepareProcess(process.log_level, process.data_dir, process.data_dir_required); !prepared.ok()) {
    LogError("cannot start", {{"error", prepared.ToString()}});
    return StartupExitCode(prepared);
  }
  if (absl::Status configured = configure(); !configured.ok()) {
    LogError("bad server configuration", {{"error", configured.ToString()}});
    return 2;
  }
  absl::StatusOr<std::unique_ptr<Server>> server = start();
  if (!server.ok()) {
    LogError("cannot start", {{"error", server.status().ToString()}});
    return 1;
  }
  if (const std::string metrics = (*server)->metrics_address(); !metrics.empty()) {
    // Before the listening line, which tells a supervisor that start-up is done.
    std::printf("%s metrics on %s\n", process.program.c_str(), metrics.c_str());
  }
  if (const std::string http = (*server)->http_address(); !http.empty()) {
    std::printf("%s http on %s\n", process.program.c_str(), http.c_str());
  }
  std::printf("%s listening on %s\n", process.program.c_str(), (*server)->address().c_str());
  std::fflush(stdout);
  LogInfo("serving", {{"address", (*server)->address()}});

  const int signal_number = WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", std::to_string(signal_number)}});
  return (*server)->Shutdown();
}

}  // namespace chronicle::server
