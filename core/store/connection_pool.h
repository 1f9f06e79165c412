// Connections lent to readers one call at a time, kept open between calls.
// Both stores read this way (SQLite and PostgreSQL connections are each for
// one thread at a time); the writer's connection is not pooled.
#ifndef CHRONICLE_CORE_STORE_CONNECTION_POOL_H_
#define CHRONICLE_CORE_STORE_CONNECTION_POOL_H_

#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace chronicle::store {

template <typename Connection>
class ConnectionPool {
 public:
  using OpenFn = std::function<absl::StatusOr<std::unique_ptr<Connection>>()>;
  // Whether an idle connection may be lent again (it may have broken while
  // idle); a refused one is dropped.
  using UsableFn = std::function<bool(Connection&)>;

  // Keeps at most `max_idle` connections between calls; `open` opens more.
  ConnectionPool(int max_idle, OpenFn open, UsableFn usable = nullptr)
      : max_idle_(max_idle), open_(std::move(open)), usable_(std::move(usable)) {}

  // One connection for the lifetime of a call: taken on first Get(),
  // returned to the pool when the lease ends.
  class Lease {
   public:
    explicit Lease(ConnectionPool* pool) : pool_(pool) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (connection_ != nullptr) pool_->Return(std::move(connection_));
    }
    absl::StatusOr<Connection*> Get() {
      if (connection_ == nullptr) {
        absl::StatusOr<std::unique_ptr<Connection>> taken = pool_->Take();
        if (!taken.ok()) return taken.status();
        connection_ = *std::move(taken);
      }
      return connection_.get();
    }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

 private:
  absl::StatusOr<std::unique_ptr<Connection>> Take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        if (!usable_ || usable_(*connection)) return connection;
      }
    }
    return open_();
  }

  void Return(std::unique_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (static_cast<int>(idle_.size()) < max_idle_) idle_.push_back(std::move(connection));
  }

  const int max_idle_;
  const OpenFn open_;
  const UsableFn usable_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_CONNECTION_POOL_H_
