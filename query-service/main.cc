// chronicle-query: follows an ingest service's change feed into its own Xapian
// index and answers Search, Timeline and GetArticle.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "core/common/logging.h"
#include "core/common/sequence_watch.h"
#include "core/feed/change_applier.h"
#include "core/feed/follower.h"
#include "core/index/reader_pool.h"
#include "core/metrics/registry.h"
#include "core/server/credentials.h"
#include "core/server/server_flags.h"
#include "core/server/process_setup.h"
#include "core/server/reflection.h"
#include "core/server/service_host.h"
#include "core/server/token_auth.h"
#include "query-service/entity_resolver.h"
#include "query-service/feed_stream.h"
#include "query-service/query_metrics.h"
#include "query-service/query_service_impl.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "host:port to serve gRPC on (port 0 picks one)");
ABSL_FLAG(std::string, data_dir, "", "directory holding this replica's index (created if missing)");
ABSL_FLAG(std::string, ingest_address, "127.0.0.1:50051", "ingest service whose feed to follow");
ABSL_FLAG(absl::Duration, commit_interval, absl::Seconds(5),
          "longest an applied change waits for an index commit while the replica is behind the feed "
          "(when caught up, changes are committed at once)");
ABSL_FLAG(absl::Duration, min_commit_spacing, absl::Milliseconds(200),
          "shortest time between index commits when the feed is caught up (keeps long searches valid)");
ABSL_FLAG(absl::Duration, feed_max_backoff, absl::Seconds(10),
          "longest wait between attempts to reconnect to the ingest service");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10), "how long in-flight calls may finish at shutdown");
ABSL_FLAG(int, max_readers, 0,
          "index readers, and so requests served at once; more wait for one (0 = twice the cores, at least 4)");
ABSL_FLAG(int, index_shards, 2,
          "databases the index is split into and written in parallel (2 indexed 1.65x faster than 1 on 2 cores); "
          "changing it rebuilds the index from the feed");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, ingest_tls_ca, "", "feed over TLS: PEM CA bundle to verify the ingest service with");
ABSL_FLAG(std::string, ingest_tls_cert, "", "feed over mutual TLS: this replica's PEM client certificate");
ABSL_FLAG(std::string, ingest_tls_key, "", "feed over mutual TLS: the key of --ingest_tls_cert");
ABSL_FLAG(std::string, ingest_tls_server_name, "",
          "name the ingest certificate must carry, when not the host in --ingest_address");
ABSL_FLAG(std::string, ingest_token_file, "", "file whose first token is sent to the ingest service on the feed");

namespace chronicle {
namespace {

int Run() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (absl::Status prepared = server::PrepareProcess(absl::GetFlag(FLAGS_log_level), data_dir); !prepared.ok()) {
    LogError("cannot start", {{"error", prepared.ToString()}});
    return server::StartupExitCode(prepared);
  }

  const std::string index_path = (std::filesystem::path(data_dir) / "index").string();
  SequenceWatch applied;
  feed::ChangeApplierOptions applier_options;
  applier_options.commit_interval = absl::GetFlag(FLAGS_commit_interval);
  applier_options.min_commit_spacing = absl::GetFlag(FLAGS_min_commit_spacing);
  absl::StatusOr<std::unique_ptr<feed::ChangeApplier>> applier =
      feed::ChangeApplier::Open({.path = index_path, .shards = absl::GetFlag(FLAGS_index_shards)},
                                 &applied, applier_options);
  if (!applier.ok()) {
    LogError("cannot open index", {{"path", index_path}, {"error", applier.status().ToString()}});
    return 1;
  }
  LogInfo("index open", {{"path", index_path},
                         {"applied_sequence", std::to_string((*applier)->resume_after())}});

  absl::StatusOr<entities::EntityExtractor> entities = entities::EntityExtractor::Create();
  if (!entities.ok()) {
    LogError("cannot load the entity gazetteer", {{"error", entities.status().ToString()}});
    return 1;
  }
  index::ReaderPool readers(index_path, &applied,
                            query_service::MakeEntityResolver(
                                std::make_shared<const entities::EntityExtractor>(*std::move(entities))),
                            absl::GetFlag(FLAGS_max_readers));
  metrics::Registry registry;
  absl::StatusOr<std::unique_ptr<query_service::QueryMetrics>> query_metrics =
      query_service::QueryMetrics::Create(&registry);
  if (!query_metrics.ok()) {
    LogError("cannot register metrics", {{"error", query_metrics.status().ToString()}});
    return 1;
  }
  query_service::FeedChannelOptions channel_options;
  channel_options.ingest_address = absl::GetFlag(FLAGS_ingest_address);
  feed::FollowerOptions feed_options;
  feed_options.source = channel_options.ingest_address;
  feed_options.max_backoff = absl::GetFlag(FLAGS_feed_max_backoff);
  const server::ClientTlsFiles feed_tls = {absl::GetFlag(FLAGS_ingest_tls_ca), absl::GetFlag(FLAGS_ingest_tls_cert),
                                           absl::GetFlag(FLAGS_ingest_tls_key),
                                           absl::GetFlag(FLAGS_ingest_tls_server_name)};
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> feed_credentials =
      server::MakeChannelCredentials(feed_tls);
  if (!feed_credentials.ok()) {
    LogError("bad feed TLS configuration", {{"error", feed_credentials.status().ToString()}});
    return 2;
  }
  channel_options.credentials = *std::move(feed_credentials);
  channel_options.tls_server_name = feed_tls.server_name;
  if (!absl::GetFlag(FLAGS_ingest_token_file).empty()) {
    absl::StatusOr<std::string> authorization =
        server::ReadAuthorizationHeader(absl::GetFlag(FLAGS_ingest_token_file));
    if (!authorization.ok()) {
      LogError("bad --ingest_token_file", {{"error", authorization.status().ToString()}});
      return 2;
    }
    channel_options.authorization = *std::move(authorization);
  }
  feed_options.on_applied = [metrics = query_metrics->get(), applier = applier->get()](
                                const v1::WatchChangesResponse& message) {
    metrics->RecordApplied(message, *applier);
  };
  std::unique_ptr<server::ServiceHost> host;
  // The follower reports readiness through the host, which exists by then.
  feed_options.on_index_failed = [&host, metrics = query_metrics->get()](const absl::Status&) {
    host->SetServing(false);
    metrics->RecordIndexFailure();
  };
  // An index that cannot be reopened is rebuilt at start-up: end the process
  // through the usual shutdown, with a failing exit code so that a supervisor
  // restarts it.
  std::atomic<bool> index_unusable{false};
  feed_options.on_index_unusable = [&host, &index_unusable](const absl::Status& status) {
    LogError("index unusable; stopping so that a restart rebuilds it from the feed",
             {{"error", status.ToString()}});
    host->SetServing(false);
    index_unusable.store(true);
    kill(getpid(), SIGTERM);
  };
  feed_options.on_caught_up = [&host, &readers] { host->SetServing(readers.healthy()); };
  feed::Follower follower(applier->get(), query_service::GrpcFeedStreams(channel_options),
                          std::move(feed_options));
  // Ready when caught up with the feed and the index reads; a read error
  // turns it off until the readers have reopened the index.
  readers.SetHealthListener([&host, &follower](bool healthy) { host->SetServing(healthy && follower.caught_up()); });
  (*query_metrics)->Watch(&applied, &follower, &readers, (*applier)->resume_after());
  query_service::QueryServiceImpl service(&readers, &applied, &follower,
                                          {.index_path = index_path});

  // Every query method only reads: reader and writer tokens alike may call them.
  absl::StatusOr<server::ServiceHostOptions> configured = server::HostOptionsFromFlags({}, &registry);
  if (!configured.ok()) {
    LogError("bad server configuration", {{"error", configured.status().ToString()}});
    return 2;
  }
  server::ServiceHostOptions host_options = *std::move(configured);
  host_options.listen_address = absl::GetFlag(FLAGS_listen);
  host_options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  absl::StatusOr<std::unique_ptr<server::ServiceHost>> started = server::ServiceHost::Start(
      host_options, {{&service, v1::QueryService::service_full_name()}});
  if (!started.ok()) {
    LogError("cannot start server", {{"error", started.status().ToString()}});
    return 1;
  }
  host = *std::move(started);
  absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> metrics_endpoint =
      server::StartMetricsFromFlags(&registry);
  if (!metrics_endpoint.ok()) {
    LogError("cannot serve metrics", {{"error", metrics_endpoint.status().ToString()}});
    return 1;
  }
  if (*metrics_endpoint != nullptr) {
    // Before the listening line, which tells a supervisor that start-up is done.
    std::printf("chronicle-query metrics on %s\n", (*metrics_endpoint)->address().c_str());
  }
  // NOT_SERVING until the index has caught up with the feed.
  follower.Start();
  std::printf("chronicle-query listening on %s\n", host->address().c_str());
  std::fflush(stdout);
  LogInfo("serving", {{"address", host->address()}, {"ingest", absl::GetFlag(FLAGS_ingest_address)}});

  const int signal_number = server::WaitForTerminationSignal();
  LogInfo("shutting down", {{"signal", std::to_string(signal_number)}});
  applied.Close();    // requests waiting on min_sequence give up now
  host->Shutdown();   // NOT_SERVING, in-flight requests finish
  follower.Stop();    // stream ends, applied changes are committed
  metrics_endpoint->reset();  // its collectors read the follower and the index
  LogInfo("stopped", {{"applied_sequence", std::to_string((*applier)->resume_after())}});
  return index_unusable.load() ? 1 : 0;
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  chronicle::server::BlockTerminationSignals();
  chronicle::server::EnableServerReflection();
  absl::SetProgramUsageMessage(
      "chronicle-query --data_dir=DIR --ingest_address=HOST:PORT [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);
  return chronicle::Run();
}
