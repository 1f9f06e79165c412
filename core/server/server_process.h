// What every Chronicle server process does around its server object, written
// once: prepare the process, start, announce, wait for SIGTERM or SIGINT,
// shut down, choose the exit code. A service's main maps its flags to its
// server's Options and calls ServeUntilTerminated.
#ifndef CHRONICLE_CORE_SERVER_SERVER_PROCESS_H_
#define CHRONICLE_CORE_SERVER_SERVER_PROCESS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::server {

// A started server, as the process sees it.
class Server {
 public:
  virtual ~Server() = default;

  // "host:port" the gRPC server is bound to.
  virtual std::string address() const = 0;
  // "host:port" of the metrics endpoint; empty when metrics are off.
  virtual std::string metrics_address() const = 0;
  // "host:port" of the web pages and HTTP/JSON API; empty when off (or
  // when the server has none).
  virtual std::string http_address() const { return ""; }

  // Health NOT_SERVING, in-flight calls finish, pending work is committed.
  // Returns the exit code: 0, or 1 when the server had stopped itself
  // because it could not go on (and asked for the shutdown by raising
  // SIGTERM).
  virtual int Shutdown() = 0;
};

struct ProcessOptions {
  // Names the program on stdout: "<program> listening on HOST:PORT".
  std::string program;
  // "debug", "info", "warning" or "error".
  std::string log_level = "info";
  // Created if missing.
  std::string data_dir;
  // Whether the program keeps data of its own (the ingest service with its
  // store on PostgreSQL does not).
  bool data_dir_required = true;
};

// Prepares the process (PrepareProcess), reads the configuration with
// `configure` (reading flags and the files they name), starts the server with
// `start`, prints "<program> metrics on ADDRESS" (when there is one) and then
// "<program> listening on ADDRESS" on stdout (which tells a supervisor that
// start-up is done), waits for SIGTERM or SIGINT, and shuts the server down.
// Returns the process's exit code: StartupExitCode's when preparing failed,
// 2 for a bad configuration, 1 when starting failed, Shutdown's otherwise.
// BlockTerminationSignals must have been called first, before any thread
// started.
int ServeUntilTerminated(const ProcessOptions& process, const std::function<absl::Status()>& configure,
                         const std::function<absl::StatusOr<std::unique_ptr<Server>>()>& start);

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_SERVER_PROCESS_H_
