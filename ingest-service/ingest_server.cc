#include "ingest-service/ingest_server.h"

#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/store/postgres_article_store.h"
#include "core/store/sqlite_article_store.h"
#include "core/common/logging.h"

namespace chronicle::ingest_service {
namespace {

bool IsPostgresUri(absl::string_view store) {
  return absl::StartsWith(store, "postgresql://") || absl::StartsWith(store, "postgres://");
}

absl::Status Failed(absl::string_view what, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(what, ": ", status.message()));
}

}  // namespace

std::vector<std::string> IngestServer::WriteMethods() {
  const std::string service = v1::IngestService::service_full_name();
  return {"/" + service + "/IngestArticle", "/" + service + "/IngestArticles", "/" + service + "/DeleteArticle"};
}

absl::StatusOr<std::unique_ptr<IngestServer>> IngestServer::Start(const IngestServerOptions& options) {
  std::unique_ptr<IngestServer> server(new IngestServer());
  // The SQLite file's path, for the size metric; empty for PostgreSQL.
  std::string store_path;
  if (options.store == "sqlite") {
    store_path = (std::filesystem::path(options.data_dir) / "articles.db").string();
    absl::StatusOr<std::unique_ptr<store::SqliteArticleStore>> store =
        store::SqliteArticleStore::Open({.path = store_path});
    if (!store.ok()) return Failed(absl::StrCat("cannot open article store ", store_path), store.status());
    server->store_ = *std::move(store);
  } else if (IsPostgresUri(options.store)) {
    absl::StatusOr<std::unique_ptr<store::PostgresArticleStore>> store =
        store::PostgresArticleStore::Open({.conninfo = options.store});
    if (!store.ok()) return Failed("cannot open the article store on PostgreSQL", store.status());
    server->store_ = *std::move(store);
  } else {
    return absl::InvalidArgumentError(
        "--store: neither \"sqlite\" nor a PostgreSQL URI (postgresql://USER@HOST:PORT/DB)");
  }
  absl::StatusOr<std::unique_ptr<IngestMetrics>> metrics = IngestMetrics::Create(options.registry);
  if (!metrics.ok()) return Failed("cannot register metrics", metrics.status());
  server->metrics_ = *std::move(metrics);
  server->committed_ = std::make_unique<SequenceWatch>(server->store_->LastSequence());
  // The URI is not logged: it may hold a password.
  LogInfo("article store open", {{"store", store_path.empty() ? "postgresql" : store_path},
                                 {"last_sequence", std::to_string(server->store_->LastSequence())}});

  absl::StatusOr<std::unique_ptr<analysis::ArticleAnalyzer>> analyzer = analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) return Failed("cannot build the analyzer", analyzer.status());
  server->analyzer_ = *std::move(analyzer);

  // A store on a server of its own is followed for health (store_health.h).
  if (store_path.empty()) {
    server->store_health_ = std::make_unique<StoreHealth>(server->store_.get(), options.store_probe_interval);
  }
  StoreHealth* const health = server->store_health_.get();

  ingest::ArticleWriterOptions writer_options;
  writer_options.queue_capacity = options.queue_capacity;
  writer_options.max_batch_size = options.max_batch_size;
  writer_options.on_commit = [committed = server->committed_.get(), health](int64_t sequence) {
    committed->Publish(sequence);
    if (health != nullptr) health->WriteSucceeded();
  };
  writer_options.on_outcome = [metrics = server->metrics_.get()](const ingest::WriteOutcome& outcome) {
    metrics->RecordOutcome(outcome);
  };
  // With SQLite, health stays SERVING: the next batch may succeed (a disk
  // that had filled up and was freed), and a replica out of its Service
  // would never be asked again. A database that is away turns health
  // NOT_SERVING until it answers (StoreHealth probes it).
  writer_options.on_commit_failed = [metrics = server->metrics_.get(), health](const absl::Status& status) {
    LogError("article store refused a batch; nothing of it was acknowledged", {{"error", status.ToString()}});
    metrics->RecordStoreFailure(status);
    if (health != nullptr) health->WriteFailed(status);
  };
  server->writer_ = std::make_unique<ingest::ArticleWriter>(server->store_.get(), writer_options);
  server->writer_->Start();
  server->metrics_->Watch(server->writer_.get(), writer_options.queue_capacity, server->store_.get(), store_path);

  server->feed_ = std::make_unique<feed::Publisher>(server->store_.get(), server->committed_.get(), options.feed);
  server->service_ = std::make_unique<IngestServiceImpl>(server->analyzer_.get(), server->writer_.get(),
                                                         server->store_.get(), server->feed_.get(), options.service);
  absl::StatusOr<std::unique_ptr<server::ServiceHost>> host = server::ServiceHost::Start(
      options.host, {{server->service_.get(), v1::IngestService::service_full_name()}});
  if (!host.ok()) return Failed("cannot start server", host.status());
  server->host_ = *std::move(host);
  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> endpoint =
        metrics::HttpEndpoint::Start(options.metrics_listen, options.registry);
    if (!endpoint.ok()) return Failed("cannot serve metrics", endpoint.status());
    server->metrics_endpoint_ = *std::move(endpoint);
  }
  // The store is open and the writer running: ready.
  server->host_->SetServing(true);
  if (health != nullptr) {
    health->SetServingCallback([host = server->host_.get()](bool serving) { host->SetServing(serving); });
  }
  return server;
}

IngestServer::~IngestServer() {
  if (host_ != nullptr) Shutdown();
}

std::string IngestServer::metrics_address() const {
  return metrics_endpoint_ != nullptr ? metrics_endpoint_->address() : "";
}

int IngestServer::Shutdown() {
  if (shut_down_) return 0;
  shut_down_ = true;
  if (store_health_ != nullptr) store_health_->Stop();  // health is the shutdown's from here
  committed_->Close();        // feed streams end instead of waiting for the drain timeout
  host_->Shutdown();          // NOT_SERVING, in-flight ingests finish: the writer still runs
  writer_->Shutdown();        // everything queued is committed
  metrics_endpoint_.reset();  // its collectors read the writer and the store
  LogInfo("stopped", {{"last_sequence", std::to_string(store_->LastSequence())}});
  return 0;
}

}  // namespace chronicle::ingest_service
