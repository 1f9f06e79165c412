// chronicle-query: follows an ingest service's change feed into its own
// index and answers Search, Timeline and GetArticle. This file only maps
// flags to QueryServerOptions; query_server.h is the server.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "core/metrics/registry.h"
#include "core/server/credentials.h"
#include "core/server/reflection.h"
#include "core/server/server_flags.h"
#include "core/server/server_process.h"
#include "core/server/service_host.h"
#include "core/server/token_auth.h"
#include "query-service/query_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "host:port to serve gRPC on (port 0 picks one)");
ABSL_FLAG(std::string, http_listen, "",
          "host:port to serve the web pages (/, /timeline, /articles/ID) and the HTTP/JSON API (/v1/...) on; "
          "empty = off");
ABSL_FLAG(std::string, data_dir, "", "directory holding this replica's index (created if missing)");
ABSL_FLAG(std::string, ingest_address, "127.0.0.1:50051", "ingest service whose feed to follow");
ABSL_FLAG(absl::Duration, commit_interval, absl::Seconds(1),
          "longest an applied change waits for an index commit while the replica is behind the feed "
          "(when caught up, changes are committed at once)");
ABSL_FLAG(absl::Duration, min_commit_spacing, absl::Milliseconds(200),
          "shortest time between index commits when the feed is caught up (keeps long searches valid)");
ABSL_FLAG(absl::Duration, feed_max_backoff, absl::Seconds(10),
          "longest wait between attempts to reconnect to the ingest service");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10), "how long in-flight calls may finish at shutdown");
ABSL_FLAG(int, max_readers, 0,
          "index readers, and so requests served at once; more wait for one (0 = twice the cores, at least 4)");
ABSL_FLAG(int, timeline_cache_mb, 32,
          "memory for timeline answers kept until the next index commit, so that a timeline asked for again "
          "costs nothing (0 keeps none)");
ABSL_FLAG(int, index_threads, 2,
          "threads that turn a batch of feed changes into index documents side by side (analysing an article's "
          "words is most of indexing)");
ABSL_FLAG(std::string, seed_from, "",
          "a serving query replica (host:port, e.g. the query Service) whose index this replica copies at "
          "start-up when it has none, then following the feed from the copy's sequence; without one, or when "
          "the copy fails, the feed is replayed. The --ingest_tls_* and --ingest_token_file settings apply to "
          "it too");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, ingest_tls_ca, "", "feed over TLS: PEM CA bundle to verify the ingest service with");
ABSL_FLAG(std::string, ingest_tls_cert, "", "feed over mutual TLS: this replica's PEM client certificate");
ABSL_FLAG(std::string, ingest_tls_key, "", "feed over mutual TLS: the key of --ingest_tls_cert");
ABSL_FLAG(std::string, ingest_tls_server_name, "",
          "name the ingest certificate must carry, when not the host in --ingest_address");
ABSL_FLAG(std::string, ingest_token_file, "", "file whose first token is sent to the ingest service on the feed");

namespace chronicle {
namespace {

absl::Status OptionsFromFlags(metrics::Registry* registry, query_service::QueryServerOptions* options) {
  // Every query method only reads: reader and writer tokens alike may call them.
  absl::StatusOr<server::ServiceHostOptions> host = server::HostOptionsFromFlags({}, registry);
  if (!host.ok()) return host.status();
  options->host = *std::move(host);
  options->host.listen_address = absl::GetFlag(FLAGS_listen);
  options->host.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  options->metrics_listen = server::MetricsAddressFromFlags();
  options->http_listen = absl::GetFlag(FLAGS_http_listen);
  options->registry = registry;
  options->data_dir = absl::GetFlag(FLAGS_data_dir);
  options->applier.commit_interval = absl::GetFlag(FLAGS_commit_interval);
  options->applier.min_commit_spacing = absl::GetFlag(FLAGS_min_commit_spacing);
  options->index_threads = absl::GetFlag(FLAGS_index_threads);
  options->seed_from = absl::GetFlag(FLAGS_seed_from);
  options->max_readers = absl::GetFlag(FLAGS_max_readers);
  if (absl::GetFlag(FLAGS_timeline_cache_mb) < 0) {
    return absl::InvalidArgumentError("--timeline_cache_mb must be 0 or more");
  }
  options->timeline_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_timeline_cache_mb)) << 20;
  options->feed_max_backoff = absl::GetFlag(FLAGS_feed_max_backoff);

  options->ingest.ingest_address = absl::GetFlag(FLAGS_ingest_address);
  const server::ClientTlsFiles feed_tls = {absl::GetFlag(FLAGS_ingest_tls_ca), absl::GetFlag(FLAGS_ingest_tls_cert),
                                           absl::GetFlag(FLAGS_ingest_tls_key),
                                           absl::GetFlag(FLAGS_ingest_tls_server_name)};
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = server::MakeChannelCredentials(feed_tls);
  if (!credentials.ok()) return absl::InvalidArgumentError(absl::StrCat("feed TLS: ", credentials.status().ToString()));
  options->ingest.credentials = *std::move(credentials);
  options->ingest.tls_server_name = feed_tls.server_name;
  if (!absl::GetFlag(FLAGS_ingest_token_file).empty()) {
    absl::StatusOr<std::string> authorization = server::ReadAuthorizationHeader(absl::GetFlag(FLAGS_ingest_token_file));
    if (!authorization.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--ingest_token_file: ", authorization.status().ToString()));
    }
    options->ingest.authorization = *std::move(authorization);
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  chronicle::server::BlockTerminationSignals();
  chronicle::server::EnableServerReflection();
  absl::SetProgramUsageMessage(
      "chronicle-query --data_dir=DIR --ingest_address=HOST:PORT [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);

  chronicle::metrics::Registry registry;
  chronicle::query_service::QueryServerOptions options;
  return chronicle::server::ServeUntilTerminated(
      {.program = "chronicle-query", .log_level = absl::GetFlag(FLAGS_log_level),
       .data_dir = absl::GetFlag(FLAGS_data_dir)},
      [&] { return chronicle::OptionsFromFlags(&registry, &options); },
      [&] { return chronicle::query_service::QueryServer::Start(options); });
}
