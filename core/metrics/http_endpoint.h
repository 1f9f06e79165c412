// Serves a Registry over plain HTTP for Prometheus: GET /metrics answers the
// text exposition format, GET / a one-line pointer to it, anything else 404.
//
// An http::HttpServer with one thread: at most 32 connections at once, idle
// ones dropped after 10 s, so a misbehaving scraper cannot starve the service.
#ifndef CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_
#define CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/http/http_server.h"
#include "core/metrics/registry.h"

namespace chronicle::metrics {

class HttpEndpoint {
 public:
  // Listens on `address` ("host:port", "[v6]:port" or ":port" for every
  // interface; port 0 picks a free one) and serves `registry`, which must
  // outlive the endpoint.
  // Errors: INVALID_ARGUMENT for an unparsable address, UNAVAILABLE when it
  // cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(const std::string& address,
                                                             const Registry* registry);

  // "host:port" actually bound (the port filled in when 0 was asked for).
  const std::string& address() const { return server_->address(); }
  int port() const { return server_->port(); }

 private:
  explicit HttpEndpoint(std::unique_ptr<http::HttpServer> server) : server_(std::move(server)) {}

  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_
