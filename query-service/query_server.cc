#include "query-service/query_server.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/logging.h"
#include "core/entities/extractor.h"
#include "query-service/entity_resolver.h"
#include "query-service/index_seed_client.h"

namespace chronicle::query_service {
namespace {

absl::Status Failed(absl::string_view what, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(what, ": ", status.message()));
}

// Copies a peer's index when this replica has none. Best effort: without a
// peer (the first replica, or all of them restarting) the feed rebuilds the
// index as it always could.
void SeedIndex(const QueryServerOptions& options, const std::string& index_path) {
  FeedChannelOptions peer = options.ingest;
  peer.ingest_address = options.seed_from;
  const absl::Time start = absl::Now();
  absl::StatusOr<int64_t> copied = SeedIndexFromPeer(peer, index_path);
  if (copied.ok()) {
    LogInfo("index copied from a peer", {{"peer", options.seed_from},
                                         {"bytes", std::to_string(*copied)},
                                         {"seconds", absl::StrCat(absl::ToDoubleSeconds(absl::Now() - start))}});
  } else if (absl::IsFailedPrecondition(copied.status())) {
    LogInfo("index present; resuming from it rather than copying a peer's", {{"path", index_path}});
  } else {
    LogWarning("cannot copy a peer's index; replaying the feed instead",
               {{"peer", options.seed_from}, {"error", copied.status().ToString()}});
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<QueryServer>> QueryServer::Start(const QueryServerOptions& options) {
  std::unique_ptr<QueryServer> server(new QueryServer());
  QueryServer* self = server.get();
  const std::string index_path = (std::filesystem::path(options.data_dir) / "index").string();
  server->applied_ = std::make_unique<SequenceWatch>();
  if (!options.seed_from.empty()) SeedIndex(options, index_path);
  absl::StatusOr<std::unique_ptr<feed::ChangeApplier>> applier = feed::ChangeApplier::Open(
      {.path = index_path, .threads = options.index_threads}, server->applied_.get(), options.applier);
  if (!applier.ok()) return Failed(absl::StrCat("cannot open index ", index_path), applier.status());
  server->applier_ = *std::move(applier);
  LogInfo("index open", {{"path", index_path},
                         {"applied_sequence", std::to_string(server->applier_->resume_after())}});

  absl::StatusOr<entities::EntityExtractor> entities = entities::EntityExtractor::Create();
  if (!entities.ok()) return Failed("cannot load the entity gazetteer", entities.status());
  server->readers_ = std::make_unique<index::ReaderPool>(
      index_path,
      MakeEntityResolver(std::make_shared<const entities::EntityExtractor>(*std::move(entities))),
      options.max_readers, options.timeline_cache_bytes);
  absl::StatusOr<std::unique_ptr<QueryMetrics>> metrics = QueryMetrics::Create(options.registry);
  if (!metrics.ok()) return Failed("cannot register metrics", metrics.status());
  server->metrics_ = *std::move(metrics);

  // The follower's callbacks run on its thread, which starts once the host
  // exists.
  feed::FollowerOptions follow;
  follow.source = options.ingest.ingest_address;
  follow.max_backoff = options.feed_max_backoff;
  follow.on_applied = [self](int changes) {
    self->metrics_->RecordApplied(changes, *self->applier_);
  };
  follow.on_caught_up = [self] { self->host_->SetServing(self->readers_->healthy()); };
  follow.on_index_failed = [self](const absl::Status&) {
    self->host_->SetServing(false);
    self->metrics_->RecordIndexFailure();
  };
  // An index that cannot be reopened is rebuilt at start-up: end the process
  // through the usual shutdown, with a failing exit code so that a supervisor
  // restarts it.
  follow.on_index_unusable = [self](const absl::Status& status) {
    LogError("index unusable; stopping so that a restart rebuilds it from the feed",
             {{"error", status.ToString()}});
    self->host_->SetServing(false);
    self->index_unusable_.store(true);
    kill(getpid(), SIGTERM);
  };
  server->follower_ = std::make_unique<feed::Follower>(server->applier_.get(), GrpcFeedStreams(options.ingest),
                                                       std::move(follow));
  // Ready when caught up with the feed and the index reads; a read error
  // turns it off until the readers have reopened the index.
  server->readers_->SetHealthListener(
      [self](bool healthy) { self->host_->SetServing(healthy && self->follower_->caught_up()); });
  server->metrics_->Watch(server->applied_.get(), server->follower_.get(), server->readers_.get(),
                          server->applier_->resume_after());
  server->service_ = std::make_unique<QueryServiceImpl>(server->readers_.get(), server->applied_.get(),
                                                        server->follower_.get(), server->applier_.get(),
                                                        QueryServiceOptions{.index_path = index_path});

  absl::StatusOr<std::unique_ptr<server::ServiceHost>> host = server::ServiceHost::Start(
      options.host, {{server->service_.get(), v1::QueryService::service_full_name()}});
  if (!host.ok()) return Failed("cannot start server", host.status());
  server->host_ = *std::move(host);
  if (!options.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::HttpEndpoint>> endpoint =
        metrics::HttpEndpoint::Start(options.metrics_listen, options.registry);
    if (!endpoint.ok()) return Failed("cannot serve metrics", endpoint.status());
    server->metrics_endpoint_ = *std::move(endpoint);
  }
  if (!options.http_listen.empty()) {
    absl::StatusOr<std::unique_ptr<HttpGateway>> gateway = HttpGateway::Start(
        {.listen = options.http_listen, .auth = options.host.auth}, server->host_->InProcessChannel());
    if (!gateway.ok()) return Failed("cannot serve HTTP", gateway.status());
    server->http_gateway_ = *std::move(gateway);
    LogInfo("serving HTTP", {{"address", server->http_gateway_->address()}});
  }
  // NOT_SERVING until the index has caught up with the feed.
  server->follower_->Start();
  LogInfo("following", {{"ingest", options.ingest.ingest_address}});
  return server;
}

QueryServer::~QueryServer() {
  if (host_ != nullptr) Shutdown();
}

std::string QueryServer::metrics_address() const {
  return metrics_endpoint_ != nullptr ? metrics_endpoint_->address() : "";
}

int QueryServer::Shutdown() {
  if (!shut_down_) {
    shut_down_ = true;
    applied_->Close();          // requests waiting on min_sequence give up now
    http_gateway_.reset();      // no new HTTP requests; those in flight finish
    host_->Shutdown();          // NOT_SERVING, in-flight requests finish
    follower_->Stop();          // stream ends, applied changes are committed
    metrics_endpoint_.reset();  // its collectors read the follower and the index
    LogInfo("stopped", {{"applied_sequence", std::to_string(applier_->resume_after())}});
  }
  return index_unusable_.load() ? 1 : 0;
}

}  // namespace chronicle::query_service
