// chronicle-query as an object: the index and its change applier, the feed
// follower, the reader pool and the gRPC host, started from QueryServerOptions
// and shut down in the order that loses nothing.
#ifndef CHRONICLE_QUERY_SERVICE_QUERY_SERVER_H_
#define CHRONICLE_QUERY_SERVICE_QUERY_SERVER_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/common/sequence_watch.h"
#include "core/feed/change_applier.h"
#include "core/feed/follower.h"
#include "core/index/reader_pool.h"
#include "core/metrics/http_endpoint.h"
#include "core/metrics/registry.h"
#include "core/server/server_process.h"
#include "core/server/service_host.h"
#include "query-service/feed_stream.h"
#include "query-service/http_gateway.h"
#include "query-service/query_metrics.h"
#include "query-service/query_service_impl.h"

namespace chronicle::query_service {

struct QueryServerOptions {
  // Holds the index (index/); must exist.
  std::string data_dir;
  // Listen address, drain timeout, TLS, tokens, limits and call metrics.
  server::ServiceHostOptions host;
  // Prometheus metrics over HTTP at /metrics on this address; empty = off.
  std::string metrics_listen;
  // The web pages and the HTTP/JSON API (http_gateway.h) on this address;
  // empty = off.
  std::string http_listen;
  // Receives the server's metrics; must outlive it.
  metrics::Registry* registry = nullptr;
  // The ingest service whose feed to follow, and how to reach it.
  FeedChannelOptions ingest;
  absl::Duration feed_max_backoff = absl::Seconds(10);
  feed::ChangeApplierOptions applier;
  int index_threads = 2;
  // A serving replica (host:port) whose index this one copies at start-up
  // when it has none, before following the feed; empty: replay the feed.
  // The feed's TLS and token (`ingest`) apply to it too.
  std::string seed_from;
  // Index readers, and so requests served at once (0 = twice the cores, at least 4).
  int max_readers = 0;
  // Memory for timelines kept per index snapshot (index::TimelineCache; 0:
  // none).
  size_t timeline_cache_bytes = 32 << 20;
};

class QueryServer final : public server::Server {
 public:
  // Opens (or rebuilds) the index and serves; health turns SERVING once the
  // index has caught up with the feed. Errors: the index's, the entity
  // gazetteer's, the host's and the metrics endpoint's, each naming what
  // could not start.
  static absl::StatusOr<std::unique_ptr<QueryServer>> Start(const QueryServerOptions& options);
  ~QueryServer() override;

  std::string address() const override { return host_->address(); }
  std::string metrics_address() const override;
  // "host:port" of the web pages and HTTP/JSON API; "" when off.
  std::string http_address() const override { return http_gateway_ != nullptr ? http_gateway_->address() : ""; }
  // Ends waits on min_sequence, drains calls, stops the follower (which
  // commits what it applied). Exit code 1 when the index turned out unusable.
  int Shutdown() override;

 private:
  QueryServer() = default;

  // Declared in the order they are built; destroyed in reverse.
  std::unique_ptr<SequenceWatch> applied_;
  std::unique_ptr<feed::ChangeApplier> applier_;
  std::unique_ptr<index::ReaderPool> readers_;
  std::unique_ptr<QueryMetrics> metrics_;
  std::unique_ptr<feed::Follower> follower_;
  std::unique_ptr<QueryServiceImpl> service_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<metrics::HttpEndpoint> metrics_endpoint_;
  std::unique_ptr<HttpGateway> http_gateway_;
  // Set by the follower when only a restart can rebuild the index.
  std::atomic<bool> index_unusable_{false};
  bool shut_down_ = false;
};

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_QUERY_SERVER_H_
