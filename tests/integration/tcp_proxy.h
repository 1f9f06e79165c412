// A TCP proxy for tests that need a connection cut while both ends live on:
// forwards 127.0.0.1:<port> to a target, and CutAll() drops every
// connection it carries (new ones are accepted again afterwards).
#ifndef CHRONICLE_TESTS_INTEGRATION_TCP_PROXY_H_
#define CHRONICLE_TESTS_INTEGRATION_TCP_PROXY_H_

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"

namespace chronicle::testing {

class TcpProxy {
 public:
  // Listens on an ephemeral loopback port and forwards to `target_port`.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int target_port);
  ~TcpProxy();

  std::string address() const;
  // Resets every open connection; the proxy keeps accepting new ones.
  void CutAll();
  // Connections accepted so far.
  int accepted() const;

 private:
  TcpProxy(int listen_fd, int port, int target_port);
  void Accept();
  void Pump(int from, int to);

  const int listen_fd_;
  const int port_;
  const int target_port_;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::vector<int> sockets_;  // guarded by mutex_
  std::vector<std::thread> pumps_;  // guarded by mutex_
  int accepted_ = 0;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_INTEGRATION_TCP_PROXY_H_
