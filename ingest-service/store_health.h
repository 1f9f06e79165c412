// Health that follows an article store on a server of its own (PostgreSQL):
// while the database is away the ingest service is NOT_SERVING, so that a
// load balancer sends articles to replicas that can store them, and it turns
// SERVING again by itself once the database answers.
//
// A write that fails with UNAVAILABLE marks the store away. A probe thread,
// owned here and idle otherwise, then asks the store for its last sequence
// every `probe_every` until it answers; a write that succeeds meanwhile ends
// the outage as well. The embedded SQLite store does not use this: its
// failures (a full or failing disk) are the machine's, and its replica keeps
// taking writes that may succeed once the disk is freed.
#ifndef CHRONICLE_INGEST_SERVICE_STORE_HEALTH_H_
#define CHRONICLE_INGEST_SERVICE_STORE_HEALTH_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/store/article_store.h"

namespace chronicle::ingest_service {

class StoreHealth {
 public:
  // `store` must outlive this object.
  StoreHealth(const store::ArticleStore* store, absl::Duration probe_every);
  // Stops the probe thread.
  ~StoreHealth();

  // Where health goes: called with false when the store is found away and
  // with true when it is back. Until set, changes are only remembered.
  void SetServingCallback(std::function<void(bool serving)> set_serving);

  // The writer's outcomes: after each commit, and after a batch failed.
  void WriteSucceeded();
  void WriteFailed(const absl::Status& status);

  // Stops reporting (at shutdown, when health is the server's to set).
  void Stop();

  bool away() const;

 private:
  void ProbeUntilStopped();
  // With mutex_ held.
  void Report(bool serving);

  const store::ArticleStore* const store_;
  const absl::Duration probe_every_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool away_ = false;       // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::function<void(bool)> set_serving_;  // guarded by mutex_
  std::thread prober_;
};

}  // namespace chronicle::ingest_service

#endif  // CHRONICLE_INGEST_SERVICE_STORE_HEALTH_H_
