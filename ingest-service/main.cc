// chronicle-ingest: takes articles in over gRPC, analyses and stores them, and
// publishes every change on a resumable feed. This file only maps flags to
// IngestServerOptions; ingest_server.h is the server.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "core/common/logging.h"
#include "core/metrics/registry.h"
#include "core/server/reflection.h"
#include "core/server/server_flags.h"
#include "core/server/server_process.h"
#include "core/server/service_host.h"
#include "ingest-service/ingest_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve gRPC on (port 0 picks one)");
ABSL_FLAG(std::string, store, "sqlite",
          "where articles are stored: sqlite (in --data_dir) or a PostgreSQL connection URI, "
          "postgresql://USER@HOST:PORT/DB?..., which several ingest replicas may share");
ABSL_FLAG(std::string, data_dir, "", "directory holding the SQLite article store (created if missing)");
ABSL_FLAG(absl::Duration, store_probe_interval, absl::Seconds(1),
          "with PostgreSQL: how often a database that went away is asked whether it is back");
ABSL_FLAG(int, queue_capacity, 1024, "writes that may wait for the writer before callers are told to back off");
ABSL_FLAG(int, max_batch_size, 256, "writes per store transaction at most");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10), "how long in-flight calls may finish at shutdown");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace chronicle {
namespace {

absl::Status OptionsFromFlags(metrics::Registry* registry, ingest_service::IngestServerOptions* options) {
  absl::StatusOr<server::ServiceHostOptions> host =
      server::HostOptionsFromFlags(ingest_service::IngestServer::WriteMethods(), registry);
  if (!host.ok()) return host.status();
  options->host = *std::move(host);
  options->host.listen_address = absl::GetFlag(FLAGS_listen);
  options->host.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  options->metrics_listen = server::MetricsAddressFromFlags();
  options->registry = registry;
  options->store = absl::GetFlag(FLAGS_store);
  options->data_dir = absl::GetFlag(FLAGS_data_dir);
  options->store_probe_interval = absl::GetFlag(FLAGS_store_probe_interval);
  if (options->store_probe_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--store_probe_interval: must be positive");
  }
  options->queue_capacity = absl::GetFlag(FLAGS_queue_capacity);
  options->max_batch_size = absl::GetFlag(FLAGS_max_batch_size);
  return absl::OkStatus();
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  chronicle::server::BlockTerminationSignals();
  chronicle::server::EnableServerReflection();
  absl::SetProgramUsageMessage(
      "chronicle-ingest --data_dir=DIR | --store=postgresql://USER@HOST:PORT/DB [--listen=HOST:PORT]");
  absl::ParseCommandLine(argc, argv);

  chronicle::metrics::Registry registry;
  chronicle::ingest_service::IngestServerOptions options;
  return chronicle::server::ServeUntilTerminated(
      {.program = "chronicle-ingest", .log_level = absl::GetFlag(FLAGS_log_level),
       .data_dir = absl::GetFlag(FLAGS_data_dir),
       .data_dir_required = absl::GetFlag(FLAGS_store) == "sqlite"},
      [&] { return chronicle::OptionsFromFlags(&registry, &options); },
      [&] { return chronicle::ingest_service::IngestServer::Start(options); });
}
