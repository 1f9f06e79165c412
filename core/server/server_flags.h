// Command-line flags every Chronicle server takes, beyond its own:
//
//   --metrics_listen=HOST:PORT     Prometheus metrics over HTTP at /metrics (default: off)
//   --tls_cert, --tls_key          serve TLS with this PEM certificate chain and key
//   --tls_client_ca                require client certificates signed by this CA (mutual TLS)
//   --writer_token_file            bearer tokens allowed to call everything
//   --reader_token_file            bearer tokens allowed to call all but the writes
//   --max_concurrent_streams       calls one connection may have open at once (0 = no limit)
//   --max_request_bytes            largest request accepted (default 20 MiB)
//   --slow_call_threshold          unary calls slower than this are logged at info level
//
// The flags live in this library so that both services and their --help
// describe them the same way.
#ifndef CHRONICLE_CORE_SERVER_SERVER_FLAGS_H_
#define CHRONICLE_CORE_SERVER_SERVER_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/metrics/registry.h"
#include "core/server/service_host.h"

namespace chronicle::server {

// ServiceHostOptions with TLS, token auth, limits and call metrics set from
// the flags (listen address and drain timeout are the caller's).
// `write_methods` are the full method paths only writer tokens may call.
// `registry` receives the call metrics and must outlive the host.
// Errors: reading a token file (see ReadTokenFile); INVALID_ARGUMENT for a
// negative limit.
absl::StatusOr<ServiceHostOptions> HostOptionsFromFlags(std::vector<std::string> write_methods,
                                                        metrics::Registry* registry);

// --metrics_listen: where to serve metrics, empty for nowhere.
std::string MetricsAddressFromFlags();

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_SERVER_FLAGS_H_
