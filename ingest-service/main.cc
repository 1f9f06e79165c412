// chronicle-ingest: takes articles in over gRPC, analyses and stores them, and
// publishes every change on a resumable feed.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "core/analysis/article_analyzer.h"
#include "core/common/logging.h"
#include "core/common/sequence_watch.h"
#include "core/feed/publisher.h"
#include "core/ingest/article_writer.h"
#include "core/metrics/registry.h"
#include "core/server/server_flags.h"
#include "core/server/process_setup.h"
#include "core/server/reflection.h"
#include "core/server/service_host.h"
#include "core/store/sqlite_article_store.h"
#include "ingest-service/ingest_metrics.h"
#include "ingest-service/ingest_service_impl.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve gRPC on (port 0 picks one)");
ABSL_FLAG(std::string, data_dir, "", "directory holding the article store (created if missing)");
ABSL_FLAG(int, queue_capacity, 1024, "writes that may wait for the writer before callers are told to back off");
ABSL_FLAG(int, max_batch_size, 256, "writes per store transaction at most");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10), "how long in-flight calls may finish at shutdown");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace chronicle {
namespace {

int Run() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (absl::Status prepared = server::PrepareProcess(absl::GetFlag(FLAGS_log_level), data_dir); !prepared.ok()) {
    LogError("cannot start", {{"error", prepared.ToString()}});
    return server::StartupExitCode(prepared);
  }

  const std::string store_path = (std::filesystem::path(data_dir) / "articles.db").string();
  absl::StatusOr<std::unique_ptr<store::SqliteArticleStore>> store =
      store::SqliteArticleStore::Open({.path = store_path});
  if (!store.ok()) {
    LogError("cannot open article store", {{"path", store_path}, {"error", store.status().ToString()}});
    return 1;
  }
  metrics::Registry registry;
  absl::StatusOr<std::unique_ptr<ingest_service::IngestMetrics>> ingest_metrics =
      ingest_service::IngestMetrics::Create(&registry);
  if (!ingest_metrics.ok()) {
    LogError("cannot register metrics", {{"error", ingest_metrics.status().ToString()}});
    return 1;
  }
  SequenceWatch committed((*store)->LastSequence());
  LogInfo("article store open", {{"path", store_path},
                                 {"last_sequence", std::to_string((*store)->LastSequence())}});

  absl::StatusOr<std::unique_ptr<analysis::ArticleAnalyzer>> analyzer = analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) {
    LogError("cannot build the analyzer", {{"error", analyzer.status().ToString()}});
    return 1;
  }
  ingest::ArticleWriterOptions writer_options;
  writer_options.queue_capacity = absl::GetFlag(FLAGS_queue_capacity);
  writer_options.max_batch_size = absl::GetFlag(FLAGS_max_batch_size);
  writer_options.on_commit = [&committed](int64_t sequence) { committed.Publish(sequence); };
  writer_options.on_outcome = [metrics = ingest_metrics->get()](const ingest::WriteOutcome& outcome) {
    metrics->RecordOutcome(outcome);
  };
  // Health stays SERVING: the next batch may succeed (a disk that had
  // filled up and was freed), and a replica out of its Service would never
  // be asked again.
  writer_options.on_commit_failed = [metrics = ingest_metrics->get()](const absl::Status& status) {
    LogError("article store refused a batch; nothing of it was acknowledged", {{"error", status.ToString()}});
    metrics->RecordStoreFailure(status);
  };
  ingest::ArticleWriter writer(store->get(), writer_options);
  writer.Start();
  (*ingest_metrics)->Watch(&writer, writer_options.queue_capacity, store->get(), store_path);

  const feed::Publisher feed(store->get(), &committed, {});
  ingest_service::IngestServiceImpl service(analyzer->get(), &writer, store->get(), &feed, {});
  const std::string service_name = v1::IngestService::service_full_name();
  absl::StatusOr<server::ServiceHostOptions> configured = server::HostOptionsFromFlags(
      {"/" + service_name + "/IngestArticle", "/" + service_name + "/IngestArticles",
       "/" + service_name + "/DeleteArticle"},
      &registry);
  if (!configured.ok()) {
    LogError("bad server configuration", {{"error", configured.status().ToString()}});
    return 2;
  }
  server::ServiceHostOptions host_options = *std::move(configured);
  host_options.listen_address = absl::GetFlag(FLAGS_listen);
  host_options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  absl::StatusOr<std::unique_ptr<server::ServiceHost>> host = server::ServiceHost::Start(
      host_options, {{&service, service_name}});
  if (!host.ok()) {
    LogError("cannot start server", {{"error", host.status().ToString()}});
    return 1;
  }
  absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> metrics_endpoint =
      server::StartMetricsFromFlags(&registry);
  if (!metrics_endpoint.ok()) {
    LogError("cannot serve metrics", {{"error", metrics_endpoint.status().ToString()}});
    return 1;
  }
  if (*metrics_endpoint != nullptr) {
    // Before the listening line, which tells a supervisor that start-up is done.
    std::printf("chronicle-ingest metrics on %s\n", (*metrics_endpoint)->address().c_str());
  }
  // The store is open and the writer running: ready.
  (*host)->SetServing(true);
  std::printf("chronicle-ingest listening on %s\n", (*host)->address().c_str());
  std::fflush(stdout);
  LogInfo("serving", {{"address", (*host)->address()}});

  const int signal_number = server::WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", std::to_string(signal_number)}});
  committed.Close();   // feed streams end instead of waiting for the drain timeout
  (*host)->Shutdown(); // NOT_SERVING, in-flight ingests finish: the writer still runs
  writer.Shutdown();   // everything queued is committed
  metrics_endpoint->reset();  // its collectors read the writer and the store
  LogInfo("stopped", {{"last_sequence", std::to_string((*store)->LastSequence())}});
  return 0;
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  chronicle::server::BlockTerminationSignals();
  chronicle::server::EnableServerReflection();
  absl::SetProgramUsageMessage("chronicle-ingest --data_dir=DIR [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  return chronicle::Run();
}
