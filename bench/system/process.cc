#include "bench/system/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace chronicle::bench {
namespace {

std::vector<char*> Argv(const std::string& binary, const std::vector<std::string>& args,
                        std::vector<std::string>& storage) {
  storage.clear();
  storage.push_back(binary);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

int WaitExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0) return -1;
    if (absl::Now() > deadline) return -2;
    usleep(20000);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::StartService(const std::string& binary,
                                                                        const std::vector<std::string>& args,
                                                                        const std::string& log_path,
                                                                        absl::Duration timeout) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return absl::InternalError(absl::StrCat("cannot open ", log_path));
  }
  std::vector<std::string> storage;
  std::vector<char*> argv = Argv(binary, args, storage);
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The service dies with the
    // harness, however the harness ends, and a crash leaves a core file in
    // its working directory for the post-mortem.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    const rlimit core{RLIM_INFINITY, RLIM_INFINITY};
    setrlimit(RLIMIT_CORE, &core);
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execve(binary.c_str(), argv.data(), environ);
    _exit(127);
  }
  close(pipe_fds[1]);
  close(log_fd);
  if (pid < 0) {
    close(pipe_fds[0]);
    return absl::InternalError(absl::StrCat("cannot start ", binary));
  }

  std::string output;
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    pollfd fd{pipe_fds[0], POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[512];
    const ssize_t n = read(pipe_fds[0], buffer, sizeof(buffer));
    if (n <= 0) break;  // exited
    output.append(buffer, static_cast<size_t>(n));
    const size_t at = output.find("listening on ");
    const size_t end = at == std::string::npos ? std::string::npos : output.find('\n', at);
    if (end != std::string::npos) {
      const size_t begin = at + std::string("listening on ").size();
      return std::unique_ptr<ChildProcess>(new ChildProcess(pid, pipe_fds[0], output.substr(begin, end - begin)));
    }
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  close(pipe_fds[0]);
  return absl::InternalError(absl::StrCat(binary, " did not report its address; see ", log_path));
}

ChildProcess::~ChildProcess() {
  if (running_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  close(stdout_fd_);
}

absl::Status ChildProcess::CheckRunning() {
  if (!running_) return absl::FailedPreconditionError("stopped by the harness");
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return absl::OkStatus();
  running_ = false;
  if (WIFSIGNALED(status)) {
    return absl::InternalError(absl::StrCat("process ", pid_, " died of signal ", WTERMSIG(status)));
  }
  return absl::InternalError(absl::StrCat("process ", pid_, " exited with status ", WEXITSTATUS(status)));
}

int ChildProcess::Terminate(absl::Duration grace) {
  if (!running_) return 0;
  kill(pid_, SIGTERM);
  int status = WaitExit(pid_, grace);
  if (status == -2) {
    kill(pid_, SIGKILL);
    status = WaitExit(pid_, absl::Seconds(10));
  }
  running_ = false;
  return status;
}

absl::StatusOr<int> RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                                    const std::string& log_path) {
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("cannot open ", log_path));
  std::vector<std::string> storage;
  std::vector<char*> argv = Argv(binary, args, storage);
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execve(binary.c_str(), argv.data(), environ);
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) return absl::InternalError(absl::StrCat("cannot start ", binary));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return absl::InternalError("waitpid failed");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string SelfExecutable() {
  std::error_code error;
  return std::filesystem::read_symlink("/proc/self/exe", error).string();
}

absl::StatusOr<ProcessUsage> ReadProcessUsage(pid_t pid) {
  ProcessUsage usage;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  if (!status) return absl::NotFoundError(absl::StrCat("no process ", pid));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view view = line;
    int64_t* field = nullptr;
    if (absl::ConsumePrefix(&view, "VmHWM:")) field = &usage.vm_hwm_kb;
    if (absl::ConsumePrefix(&view, "VmRSS:")) field = &usage.vm_rss_kb;
    if (absl::ConsumePrefix(&view, "RssAnon:")) field = &usage.rss_anon_kb;
    if (field == nullptr) continue;
    view = absl::StripAsciiWhitespace(view);
    absl::ConsumeSuffix(&view, " kB");
    (void)absl::SimpleAtoi(view, field);
  }
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name, which may hold spaces: it ends at the last ')'.
  const size_t close = content.rfind(')');
  if (close != std::string::npos) {
    std::vector<absl::string_view> fields = absl::StrSplit(absl::string_view(content).substr(close + 2), ' ');
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 here.
    int64_t utime = 0, stime = 0;
    if (fields.size() > 12 && absl::SimpleAtoi(fields[11], &utime) && absl::SimpleAtoi(fields[12], &stime)) {
      usage.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  return usage;
}

ProcessUsage ReadSelfUsage() {
  absl::StatusOr<ProcessUsage> usage = ReadProcessUsage(getpid());
  return usage.ok() ? *usage : ProcessUsage{};
}

int64_t DirectoryBytes(const std::string& path) {
  std::error_code error;
  int64_t total = 0;
  if (std::filesystem::is_regular_file(path, error)) {
    return static_cast<int64_t>(std::filesystem::file_size(path, error));
  }
  for (auto it = std::filesystem::recursive_directory_iterator(path, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file(error)) total += static_cast<int64_t>(it->file_size(error));
  }
  return total;
}

void RemoveTree(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
}

}  // namespace chronicle::bench
