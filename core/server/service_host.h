// Runs a set of gRPC services the way every Chronicle binary does: health
// (grpc.health.v1) on (reflection too, after EnableServerReflection() in
// core/server/reflection.h), bound to the requested address (port 0
// picks a free port), health NOT_SERVING until the owner says it is ready, and
// an orderly shutdown driven by SIGTERM/SIGINT.
//
// In a server class (see server_process.h for the process around it):
//   ... open stores, start workers ...
//   host = ServiceHost::Start(options, {{&service, "chronicle.v1.X"}});
//   host->SetServing(true);                  // when truly ready
// and at shutdown:
//   host->Shutdown();                        // NOT_SERVING, drain, stop
//   ... stop workers, commit ...
#ifndef CHRONICLE_CORE_SERVER_SERVICE_HOST_H_
#define CHRONICLE_CORE_SERVER_SERVICE_HOST_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/metrics/registry.h"
#include "core/server/call_observer.h"
#include "core/server/credentials.h"
#include "core/server/token_auth.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::server {

// Health name that is SERVING from Start until Shutdown, whatever SetServing
// says: a liveness probe asks for it, so a replica still catching up (not
// ready) is not mistaken for a hung one.
inline constexpr char kLivenessService[] = "chronicle.liveness";

struct ServiceHostOptions {
  // host:port to listen on; port 0 picks a free one.
  std::string listen_address = "127.0.0.1:0";
  // Largest request accepted, in bytes; larger ones fail with
  // RESOURCE_EXHAUSTED before reaching a service.
  int max_receive_message_bytes = 20 << 20;
  // Calls one client connection may have open at once (HTTP/2
  // SETTINGS_MAX_CONCURRENT_STREAMS); further calls wait on the client side.
  // 0 keeps gRPC's default (no limit).
  int max_concurrent_streams = 0;
  // How long in-flight calls may take to finish once shutdown starts; after
  // that they are cancelled.
  absl::Duration drain_timeout = absl::Seconds(10);
  // TLS (and mutual TLS) from PEM files; empty = plaintext.
  ServerTlsFiles tls;
  // Bearer-token checks on every call; null = no authentication.
  std::shared_ptr<const TokenPolicy> auth;
  // When set, every call is counted and timed here (see call_observer.h) and
  // logged; must outlive the host.
  metrics::Registry* metrics = nullptr;
  CallObserverOptions call_observer;
};

struct HostedService {
  grpc::Service* service;
  // Full name health reports it under, e.g. "chronicle.v1.IngestService".
  std::string name;
};

class ServiceHost {
 public:
  // Builds and starts the server with every service in `services` (which must
  // outlive the host). Health starts NOT_SERVING (kLivenessService SERVING).
  // Errors: UNAVAILABLE when the address cannot be bound; those of
  // MakeServerCredentials and of registering the call metrics.
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Start(const ServiceHostOptions& options,
                                                           const std::vector<HostedService>& services);
  ~ServiceHost();

  // The bound port (useful with port 0).
  int port() const { return port_; }
  // "host:port" actually bound.
  std::string address() const;

  // A channel to this server's own services that stays inside the process
  // (no socket, no transport security: the caller checks tokens itself), for
  // adapters such as an HTTP gateway. Calls pass the server's interceptors,
  // so they are counted and logged like any other. Unlimited message sizes.
  std::shared_ptr<grpc::Channel> InProcessChannel() const;

  // Sets health for the whole server and for every registered service name.
  void SetServing(bool serving);

  // Turns health NOT_SERVING for good, stops accepting calls, lets in-flight
  // calls finish until the drain timeout, then cancels the rest. Idempotent.
  void Shutdown();

 private:
  ServiceHost(std::unique_ptr<grpc::Server> server, int port, std::string host,
              std::vector<std::string> service_names, absl::Duration drain_timeout);

  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::string host_;
  std::vector<std::string> service_names_;
  absl::Duration drain_timeout_;
  std::atomic<bool> shut_down_{false};
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// afterwards, so that WaitForTerminationSignal can take them synchronously.
// Call first thing in main.
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_SERVICE_HOST_H_
