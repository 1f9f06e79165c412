// Runs a real Chronicle binary for an integration test: started with
// posix_spawn, ready when it prints its "listening on HOST:PORT" line, and
// stopped with SIGTERM (or killed) at the end. No sleeps: start-up waits on
// that line, readiness on grpc.health.v1 Watch.
#ifndef CHRONICLE_TESTS_INTEGRATION_SERVICE_PROCESS_H_
#define CHRONICLE_TESTS_INTEGRATION_SERVICE_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/server/credentials.h"
#include "grpcpp/grpcpp.h"
#include "tests/support/http_client.h"

namespace chronicle::testing {

class ServiceProcess {
 public:
  // Starts `binary` with `args` and waits (at most `timeout`) for its listening
  // line. stderr goes to `log_path` so failures can be read afterwards.
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args, const std::string& log_path,
      absl::Duration timeout = absl::Seconds(60));
  ~ServiceProcess();  // kills the process if still running

  const std::string& address() const { return address_; }
  // The metrics endpoint's host:port, when the service printed one
  // (started with --metrics_listen); "" otherwise.
  const std::string& metrics_address() const { return metrics_address_; }
  // The web pages' and HTTP/JSON API's host:port, when the service printed
  // one (started with --http_listen); "" otherwise.
  const std::string& http_address() const { return http_address_; }
  // Makes channel() (and so the health helpers) use TLS with these files.
  void UseTls(server::ClientTlsFiles tls) { tls_ = std::move(tls); }
  // A new channel of its own. Keep it no longer than needed: at SIGTERM a
  // service waits (gRPC's GOAWAY grace, about 5 s) for connected clients to
  // leave, so lingering channels only slow tests down.
  std::shared_ptr<grpc::Channel> channel() const;

  // Sends SIGTERM and waits for exit; returns the exit status (0 = clean).
  int Terminate();
  // SIGKILL, as a crash would; waits for it to die.
  void Kill();

  // Waits until Health reports SERVING for `service` ("" = the whole server).
  absl::Status WaitServing(const std::string& service = "",
                           absl::Duration timeout = absl::Seconds(60)) const;
  // One Health.Check: SERVING, NOT_SERVING, ...
  absl::StatusOr<int> HealthStatus(const std::string& service = "") const;

 private:
  ServiceProcess(pid_t pid, std::string address, std::string metrics_address, std::string http_address,
                 std::string log_path);

  pid_t pid_;
  std::string address_;
  std::string metrics_address_;
  std::string http_address_;
  server::ClientTlsFiles tls_;
  std::string log_path_;
  bool running_ = true;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout
};

// Runs a command to completion, capturing its stdout (stderr goes to the
// test's own stderr).
absl::StatusOr<CommandResult> RunCommand(const std::string& binary,
                                         const std::vector<std::string>& args);

// GET http://ADDRESS/PATH with HTTP/1.0; the body when the status is 200.
absl::StatusOr<std::string> HttpGet(const std::string& address, const std::string& path);

// A fresh, empty directory for this test under the test temp dir.
std::string FreshTestDir(const std::string& name);
// Removes `dir` (from FreshTestDir), and the test's own directory once
// nothing else is in it, when the running test has not failed: a failed
// test's logs and data stay for whoever looks into it, a passed one's
// (services' stores and indexes, a browser profile) would pile up run after
// run.
void RemoveTestDirUnlessFailed(const std::string& dir);

// Path of a built binary, from the compile definitions set by CMake.
std::string IngestBinary();
std::string QueryBinary();
// chronicle-query built to fail storage calls as CHRONICLE_TEST_IO_FAULTS says.
std::string QueryWithIoFaultsBinary();
std::string CliBinary();
// The repository's samples/articles folder.
std::string SamplesDir();

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_INTEGRATION_SERVICE_PROCESS_H_
