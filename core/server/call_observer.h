// Watches every call a server handles, without the services knowing: a gRPC
// server interceptor that counts calls by method and status code, times
// them, and writes one request log line per call.
//
// Metrics (registered in the registry given):
//   grpc_server_started_total{grpc_service, grpc_method, grpc_type}
//   grpc_server_handled_total{grpc_service, grpc_method, grpc_type, grpc_code}
//   grpc_server_handling_seconds{grpc_service, grpc_method, grpc_type}  (histogram)
//   grpc_server_in_flight{grpc_service, grpc_method}
//
// Request logs carry a request id (the caller's x-request-id metadata, or a
// new one; either way sent back as x-request-id in the response metadata),
// the method, the status and the duration. They are written at debug level,
// and at info level only for failed calls and for unary calls slower than
// the threshold, so a busy server writes no line per request.
#ifndef CHRONICLE_CORE_SERVER_CALL_OBSERVER_H_
#define CHRONICLE_CORE_SERVER_CALL_OBSERVER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/metrics/registry.h"
#include "grpcpp/support/server_interceptor.h"

namespace chronicle::server {

struct CallObserverOptions {
  // Unary calls taking longer are logged at info level.
  absl::Duration slow_call_threshold = absl::Seconds(1);
};

class CallObserverFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Registers the metrics above in `registry` (which must outlive the
  // factory and every call). Errors as Registry::Add*.
  static absl::StatusOr<std::unique_ptr<CallObserverFactory>> Create(metrics::Registry* registry,
                                                                      CallObserverOptions options);

  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;

  // The series and settings every call's interceptor records into.
  struct Instruments {
    metrics::CounterFamily* started;
    metrics::CounterFamily* handled;
    metrics::HistogramFamily* handling_seconds;
    metrics::GaugeFamily* in_flight;
    CallObserverOptions options;
  };

  // A request id unique to this process: a random prefix and a counter.
  std::string NewRequestId();

 private:
  CallObserverFactory(Instruments instruments, uint64_t id_prefix)
      : instruments_(instruments), id_prefix_(id_prefix) {}

  const Instruments instruments_;
  const uint64_t id_prefix_;
  std::atomic<uint64_t> next_id_{1};
};

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_CALL_OBSERVER_H_
