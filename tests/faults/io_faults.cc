#include "tests/faults/io_faults.h"

#include <dlfcn.h>
#include <limits.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace chronicle::testing {
namespace {

// Process-wide by necessity (see the header). Guarded by Mutex(); `armed` is
// read without it first so that unarmed calls cost one atomic load.
struct FaultState {
  std::atomic<bool> armed{false};
  std::string directory;
  IoCall call = IoCall::kWrite;
  int nth = 0;
  int error = 0;
  int counted = 0;
  bool fired = false;
  // Random mode: each call of a kind in `random_calls` fails with `probability`.
  bool random = false;
  std::vector<IoCall> random_calls;
  double probability = 0;
  std::mt19937_64 generator;
};

FaultState& State() {
  static FaultState* state = new FaultState();
  return *state;
}

std::mutex& Mutex() {
  static std::mutex* mutex = new std::mutex();
  return *mutex;
}

bool UnderDirectory(int fd, const std::string& directory) {
  char link[64];
  std::snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  char target[PATH_MAX];
  const ssize_t length = readlink(link, target, sizeof(target) - 1);
  if (length <= 0) return false;
  target[length] = '\0';
  // The directory itself or a path inside it, not a sibling sharing a prefix.
  return std::strncmp(target, directory.data(), directory.size()) == 0 &&
         (target[directory.size()] == '\0' || target[directory.size()] == '/');
}

// True when this call must fail, with errno set.
bool ShouldFail(IoCall call, int fd) {
  FaultState& state = State();
  if (!state.armed.load(std::memory_order_acquire)) return false;
  std::lock_guard<std::mutex> lock(Mutex());
  if (!state.armed.load() || !UnderDirectory(fd, state.directory)) return false;
  if (state.random) {
    if (std::find(state.random_calls.begin(), state.random_calls.end(), call) == state.random_calls.end()) {
      return false;
    }
    ++state.counted;
    if (std::uniform_real_distribution<double>(0, 1)(state.generator) >= state.probability) return false;
    state.fired = true;
    errno = call == IoCall::kWrite && state.generator() % 2 == 0 ? ENOSPC : EIO;
    return true;
  }
  if (state.call != call || ++state.counted != state.nth) return false;
  state.fired = true;
  errno = state.error;
  return true;
}

template <typename Function>
Function Real(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

}  // namespace

void ArmIoFault(const std::string& directory, IoCall call, int nth, int error) {
  std::lock_guard<std::mutex> lock(Mutex());
  FaultState& state = State();
  state.directory = directory;
  state.call = call;
  state.nth = nth;
  state.error = error;
  state.counted = 0;
  state.fired = false;
  state.random = false;
  state.armed.store(true, std::memory_order_release);
}

void ArmRandomIoFaults(const std::string& directory, const std::vector<IoCall>& calls, double probability,
                       uint64_t seed) {
  std::lock_guard<std::mutex> lock(Mutex());
  FaultState& state = State();
  state.directory = directory;
  state.random = true;
  state.random_calls = calls;
  state.probability = probability;
  state.generator.seed(seed);
  state.counted = 0;
  state.fired = false;
  state.armed.store(true, std::memory_order_release);
}

void ArmIoFaultsFromEnvironment() {
  const char* spec = std::getenv("CHRONICLE_TEST_IO_FAULTS");
  if (spec == nullptr || *spec == '\0') return;
  const std::string text(spec);
  const size_t second = text.rfind(':');
  const size_t first = second == std::string::npos || second == 0 ? std::string::npos : text.rfind(':', second - 1);
  if (first == std::string::npos) {
    std::fprintf(stderr, "CHRONICLE_TEST_IO_FAULTS: expected DIRECTORY:PROBABILITY:SEED, got %s\n", spec);
    std::abort();
  }
  const double probability = std::strtod(text.substr(first + 1, second - first - 1).c_str(), nullptr);
  const uint64_t seed = std::strtoull(text.substr(second + 1).c_str(), nullptr, 10);
  ArmRandomIoFaults(text.substr(0, first), {IoCall::kWrite, IoCall::kSync}, probability, seed);
  std::fprintf(stderr, "CHRONICLE_TEST_IO_FAULTS: failing writes and syncs under %s with probability %g\n",
               text.substr(0, first).c_str(), probability);
}

void DisarmIoFault() {
  std::lock_guard<std::mutex> lock(Mutex());
  State().armed.store(false);
}

bool IoFaultFired() {
  std::lock_guard<std::mutex> lock(Mutex());
  return State().fired;
}

int IoCallsCounted() {
  std::lock_guard<std::mutex> lock(Mutex());
  return State().counted;
}

}  // namespace chronicle::testing

using chronicle::testing::IoCall;
using chronicle::testing::Real;
using chronicle::testing::ShouldFail;

extern "C" {

ssize_t write(int fd, const void* buffer, size_t count) {
  static const auto real = Real<ssize_t (*)(int, const void*, size_t)>("write");
  if (ShouldFail(IoCall::kWrite, fd)) return -1;
  return real(fd, buffer, count);
}

ssize_t pwrite(int fd, const void* buffer, size_t count, off_t offset) {
  static const auto real = Real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  if (ShouldFail(IoCall::kWrite, fd)) return -1;
  return real(fd, buffer, count, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t count, off64_t offset) {
  static const auto real = Real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  if (ShouldFail(IoCall::kWrite, fd)) return -1;
  return real(fd, buffer, count, offset);
}

ssize_t read(int fd, void* buffer, size_t count) {
  static const auto real = Real<ssize_t (*)(int, void*, size_t)>("read");
  if (ShouldFail(IoCall::kRead, fd)) return -1;
  return real(fd, buffer, count);
}

ssize_t pread(int fd, void* buffer, size_t count, off_t offset) {
  static const auto real = Real<ssize_t (*)(int, void*, size_t, off_t)>("pread");
  if (ShouldFail(IoCall::kRead, fd)) return -1;
  return real(fd, buffer, count, offset);
}

ssize_t pread64(int fd, void* buffer, size_t count, off64_t offset) {
  static const auto real = Real<ssize_t (*)(int, void*, size_t, off64_t)>("pread64");
  if (ShouldFail(IoCall::kRead, fd)) return -1;
  return real(fd, buffer, count, offset);
}

int fsync(int fd) {
  static const auto real = Real<int (*)(int)>("fsync");
  if (ShouldFail(IoCall::kSync, fd)) return -1;
  return real(fd);
}

int fdatasync(int fd) {
  static const auto real = Real<int (*)(int)>("fdatasync");
  if (ShouldFail(IoCall::kSync, fd)) return -1;
  return real(fd);
}

}  // extern "C"
