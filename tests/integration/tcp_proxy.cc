#include "tests/integration/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace chronicle::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int target_port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, 16) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    return absl::InternalError(absl::StrCat("proxy socket: ", strerror(errno)));
  }
  auto proxy = std::unique_ptr<TcpProxy>(new TcpProxy(fd, ntohs(address.sin_port), target_port));
  proxy->acceptor_ = std::thread([p = proxy.get()] { p->Accept(); });
  return proxy;
}

TcpProxy::TcpProxy(int listen_fd, int port, int target_port)
    : listen_fd_(listen_fd), port_(port), target_port_(target_port) {}

TcpProxy::~TcpProxy() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  close(listen_fd_);
  CutAll();
  std::vector<std::thread> pumps;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pumps.swap(pumps_);
  }
  for (std::thread& pump : pumps) pump.join();
  std::lock_guard<std::mutex> lock(mutex_);
  for (int fd : sockets_) close(fd);
}

std::string TcpProxy::address() const { return absl::StrCat("127.0.0.1:", port_); }

int TcpProxy::accepted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accepted_;
}

void TcpProxy::CutAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  // shutdown() ends both pumps of each connection; the fds are closed at the end.
  for (int fd : sockets_) shutdown(fd, SHUT_RDWR);
}

void TcpProxy::Accept() {
  while (true) {
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      continue;
    }
    const int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target = Loopback(target_port_);
    if (upstream < 0 || connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
      close(client);
      if (upstream >= 0) close(upstream);
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    ++accepted_;
    sockets_.push_back(client);
    sockets_.push_back(upstream);
    pumps_.emplace_back([this, client, upstream] { Pump(client, upstream); });
    pumps_.emplace_back([this, client, upstream] { Pump(upstream, client); });
  }
}

void TcpProxy::Pump(int from, int to) {
  char buffer[16384];
  while (true) {
    const ssize_t got = read(from, buffer, sizeof(buffer));
    if (got <= 0) break;
    ssize_t sent = 0;
    while (sent < got) {
      const ssize_t n = write(to, buffer + sent, static_cast<size_t>(got - sent));
      if (n <= 0) break;
      sent += n;
    }
    if (sent < got) break;
  }
  shutdown(from, SHUT_RDWR);
  shutdown(to, SHUT_RDWR);
}

}  // namespace chronicle::testing
