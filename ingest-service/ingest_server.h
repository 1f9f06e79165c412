// chronicle-ingest as an object: the article store, the analyzer, the single
// writer, the feed publisher and the gRPC host, started from IngestServerOptions
// and shut down in the order that loses nothing.
#ifndef CHRONICLE_INGEST_SERVICE_INGEST_SERVER_H_
#define CHRONICLE_INGEST_SERVICE_INGEST_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/analysis/article_analyzer.h"
#include "core/common/sequence_watch.h"
#include "core/feed/publisher.h"
#include "core/ingest/article_writer.h"
#include "core/metrics/http_endpoint.h"
#include "core/metrics/registry.h"
#include "core/server/server_process.h"
#include "core/server/service_host.h"
#include "core/store/article_store.h"
#include "ingest-service/ingest_metrics.h"
#include "ingest-service/ingest_service_impl.h"
#include "ingest-service/store_health.h"

namespace chronicle::ingest_service {

struct IngestServerOptions {
  // Where articles are stored: "sqlite" for the embedded store in
  // `data_dir` (articles.db), or a PostgreSQL connection URI
  // ("postgresql://USER@HOST:PORT/DB?...") shared by any number of ingest
  // replicas (core/store/postgres_article_store.h).
  std::string store = "sqlite";
  // Holds the SQLite store; must exist. Unused with PostgreSQL.
  std::string data_dir;
  // With PostgreSQL: how often a database that went away is asked whether
  // it is back (store_health.h).
  absl::Duration store_probe_interval = absl::Seconds(1);
  // Listen address, drain timeout, TLS, tokens, limits and call metrics.
  server::ServiceHostOptions host;
  // Prometheus metrics over HTTP at /metrics on this address; empty = off.
  std::string metrics_listen;
  // Receives the server's metrics; must outlive it.
  metrics::Registry* registry = nullptr;
  int queue_capacity = 1024;
  int max_batch_size = 256;
  feed::PublisherOptions feed;
  IngestServiceOptions service;
};

class IngestServer final : public server::Server {
 public:
  // The gRPC methods only writer tokens may call.
  static std::vector<std::string> WriteMethods();

  // Opens the store, starts the writer and serves; health SERVING once
  // started. Errors: the store's, the analyzer's, the host's and the
  // metrics endpoint's, each naming what could not start.
  static absl::StatusOr<std::unique_ptr<IngestServer>> Start(const IngestServerOptions& options);
  ~IngestServer() override;

  std::string address() const override { return host_->address(); }
  std::string metrics_address() const override;
  // Ends feed streams, drains calls, commits every queued write.
  int Shutdown() override;

 private:
  IngestServer() = default;

  // Declared in the order they are built; destroyed in reverse.
  std::unique_ptr<store::ArticleStore> store_;
  std::unique_ptr<StoreHealth> store_health_;  // PostgreSQL only; outlives the writer that reports to it
  std::unique_ptr<IngestMetrics> metrics_;
  std::unique_ptr<SequenceWatch> committed_;
  std::unique_ptr<analysis::ArticleAnalyzer> analyzer_;
  std::unique_ptr<ingest::ArticleWriter> writer_;
  std::unique_ptr<feed::Publisher> feed_;
  std::unique_ptr<IngestServiceImpl> service_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<metrics::HttpEndpoint> metrics_endpoint_;
  bool shut_down_ = false;
};

}  // namespace chronicle::ingest_service

#endif  // CHRONICLE_INGEST_SERVICE_INGEST_SERVER_H_
