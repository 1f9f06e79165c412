#include "tests/integration/service_process.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

extern char** environ;

namespace chronicle::testing {
namespace {

constexpr char kListening[] = "listening on ";
constexpr char kMetrics[] = "metrics on ";
constexpr char kHttp[] = "http on ";

// Reads lines from `fd` until one announces the address, or the deadline. A
// metrics or HTTP address printed before it goes to `metrics_address` or
// `http_address`.
absl::StatusOr<std::string> ReadListeningLine(int fd, absl::Time deadline, std::string* metrics_address,
                                              std::string* http_address) {
  std::string buffer;
  while (true) {
    const size_t newline = buffer.find('\n');
    if (newline != std::string::npos) {
      const std::string line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      const size_t at = line.find(kListening);
      if (at != std::string::npos) return line.substr(at + sizeof(kListening) - 1);
      const size_t metrics_at = line.find(kMetrics);
      if (metrics_at != std::string::npos) *metrics_address = line.substr(metrics_at + sizeof(kMetrics) - 1);
      const size_t http_at = line.find(kHttp);
      if (http_at != std::string::npos) *http_address = line.substr(http_at + sizeof(kHttp) - 1);
      continue;
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return absl::DeadlineExceededError("no listening line");
    pollfd poll_fd{fd, POLLIN, 0};
    const int ready = poll(&poll_fd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return absl::DeadlineExceededError("no listening line");
    char chunk[512];
    const ssize_t got = read(fd, chunk, sizeof(chunk));
    if (got <= 0) return absl::UnavailableError("process exited before listening");
    buffer.append(chunk, static_cast<size_t>(got));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(
    const std::string& binary, const std::vector<std::string>& args, const std::string& log_path,
    absl::Duration timeout) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  // The test process may have SIGTERM blocked or ignored; the child must not.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all_default;
  sigemptyset(&none);
  sigemptyset(&all_default);
  sigaddset(&all_default, SIGTERM);
  sigaddset(&all_default, SIGINT);
  sigaddset(&all_default, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all_default);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return absl::InternalError(absl::StrCat("cannot start ", binary, ": ", strerror(spawned)));
  }
  std::string metrics_address, http_address;
  absl::StatusOr<std::string> address =
      ReadListeningLine(out[0], absl::Now() + timeout, &metrics_address, &http_address);
  close(out[0]);  // the service writes nothing else to stdout
  if (!address.ok()) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return absl::Status(address.status().code(),
                        absl::StrCat(binary, ": ", address.status().message(), "; see ", log_path));
  }
  return std::unique_ptr<ServiceProcess>(
      new ServiceProcess(pid, *address, metrics_address, http_address, log_path));
}

ServiceProcess::ServiceProcess(pid_t pid, std::string address, std::string metrics_address,
                               std::string http_address, std::string log_path)
    : pid_(pid),
      address_(std::move(address)),
      metrics_address_(std::move(metrics_address)),
      http_address_(std::move(http_address)),
      log_path_(std::move(log_path)) {}

std::shared_ptr<grpc::Channel> ServiceProcess::channel() const {
  grpc::ChannelArguments args;
  // Without this, channels to one address share a connection that outlives them.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = server::MakeChannel(address_, tls_, args);
  if (!channel.ok()) {
    ADD_FAILURE() << channel.status();
    return grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
  }
  return *std::move(channel);
}

ServiceProcess::~ServiceProcess() {
  if (running_) Kill();
}

int ServiceProcess::Terminate() {
  if (!running_) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  running_ = false;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServiceProcess::Kill() {
  if (!running_) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  running_ = false;
}

absl::Status ServiceProcess::WaitServing(const std::string& service, absl::Duration timeout) const {
  auto stub = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  auto stream = stub->Watch(&context, request);
  grpc::health::v1::HealthCheckResponse response;
  while (stream->Read(&response)) {
    if (response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      context.TryCancel();
      stream->Finish();
      return absl::OkStatus();
    }
  }
  const grpc::Status finished = stream->Finish();
  return absl::DeadlineExceededError(
      absl::StrCat(address_, " never became SERVING: ", finished.error_message(), "; see ", log_path_));
}

absl::StatusOr<int> ServiceProcess::HealthStatus(const std::string& service) const {
  auto stub = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  return static_cast<int>(response.status());
}

absl::StatusOr<CommandResult> RunCommand(const std::string& binary,
                                         const std::vector<std::string>& args) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return absl::InternalError(absl::StrCat("cannot run ", binary, ": ", strerror(spawned)));
  }
  CommandResult result;
  char chunk[4096];
  ssize_t got;
  while ((got = read(out[0], chunk, sizeof(chunk))) != 0) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    result.output.append(chunk, static_cast<size_t>(got));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

absl::StatusOr<std::string> HttpGet(const std::string& address, const std::string& path) {
  absl::StatusOr<HttpReply> reply = HttpExchange(address, "GET", path);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) return absl::FailedPreconditionError(absl::StrCat(address, path, ": ", reply->status_line));
  return reply->body;
}

std::string FreshTestDir(const std::string& name) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  // The process id keeps parallel or repeated runs of one test apart.
  const std::string owner =
      absl::StrCat(test->test_suite_name(), ".", test->name(), ".", getpid());
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "chronicle-it" / owner / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void RemoveTestDirUnlessFailed(const std::string& dir) {
  if (::testing::Test::HasFailure()) return;
  const std::filesystem::path path(dir);
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
  // Only if empty: remove() fails, harmlessly, on a directory with others.
  std::filesystem::remove(path.parent_path(), ignored);
}

std::string IngestBinary() { return CHRONICLE_INGEST_BINARY; }
std::string QueryBinary() { return CHRONICLE_QUERY_BINARY; }
std::string QueryWithIoFaultsBinary() { return CHRONICLE_QUERY_IO_FAULTS_BINARY; }
std::string CliBinary() { return CHRONICLE_CLI_BINARY; }
std::string SamplesDir() { return CHRONICLE_SAMPLES_DIR; }

}  // namespace chronicle::testing
