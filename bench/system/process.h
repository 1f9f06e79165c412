// Child processes and what /proc and the file system say about them: the
// harness starts the services itself, reads their memory and CPU time, and
// measures what they leave on disk.
#ifndef CHRONICLE_BENCH_SYSTEM_PROCESS_H_
#define CHRONICLE_BENCH_SYSTEM_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace chronicle::bench {

class ChildProcess {
 public:
  // Starts `binary` with `args`, stderr appended to `log_path`, and waits at
  // most `timeout` for a stdout line containing "listening on ADDRESS". The
  // process is killed if the harness dies, and may dump core.
  // Errors: INTERNAL when it cannot be started, exits first, or stays silent.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> StartService(const std::string& binary,
                                                                   const std::vector<std::string>& args,
                                                                   const std::string& log_path,
                                                                   absl::Duration timeout = absl::Seconds(120));
  ~ChildProcess();  // SIGKILL if still running

  pid_t pid() const { return pid_; }
  // The address from the listening line ("127.0.0.1:41234").
  const std::string& address() const { return address_; }

  // OK while the process runs; otherwise how it ended (INTERNAL: "died of
  // signal 11", "exited with status 1").
  absl::Status CheckRunning();

  // SIGTERM, then waits (SIGKILL after `grace`). Returns the exit status.
  int Terminate(absl::Duration grace = absl::Seconds(60));

 private:
  ChildProcess(pid_t pid, int stdout_fd, std::string address)
      : pid_(pid), stdout_fd_(stdout_fd), address_(std::move(address)) {}
  pid_t pid_;
  int stdout_fd_;
  std::string address_;
  bool running_ = true;
};

// Runs `binary` with `args` to completion, stdout and stderr appended to
// `log_path`; returns its exit status, or 128 + the signal that killed it.
// Errors: INTERNAL when it cannot be started.
absl::StatusOr<int> RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                                    const std::string& log_path);

// The path of the running executable (/proc/self/exe).
std::string SelfExecutable();

struct ProcessUsage {
  int64_t vm_hwm_kb = 0;  // peak resident set
  int64_t vm_rss_kb = 0;  // current resident set
  // Of the current resident set, the anonymous part (heap, stacks): memory
  // the process owns, as opposed to mapped files' pages, which are page cache
  // the kernel can reclaim and other processes share.
  int64_t rss_anon_kb = 0;
  double cpu_seconds = 0;  // user + system so far
};

// From /proc/PID/status and /proc/PID/stat. Errors: NOT_FOUND when the
// process is gone.
absl::StatusOr<ProcessUsage> ReadProcessUsage(pid_t pid);
// The same for the calling process.
ProcessUsage ReadSelfUsage();

// Total size in bytes of the regular files under `path` (0 when missing).
int64_t DirectoryBytes(const std::string& path);

// Removes `path` and everything under it, if present.
void RemoveTree(const std::string& path);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_PROCESS_H_
