// Serves a Registry over plain HTTP for Prometheus: GET /metrics answers the
// text exposition format, GET / a one-line pointer to it, anything else 404.
//
// Built on libmicrohttpd, which owns one polling thread per endpoint; the
// thread starts in Start and is joined when the endpoint is destroyed. It
// accepts at most 32 connections at once and drops idle ones after 10 s, so a
// misbehaving scraper cannot starve the service.
#ifndef CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_
#define CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/metrics/registry.h"

struct MHD_Daemon;

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
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // "host:port" actually bound (the port filled in when 0 was asked for).
  const std::string& address() const { return address_; }
  int port() const { return port_; }

 private:
  explicit HttpEndpoint(const Registry* registry) : registry_(registry) {}

  const Registry* registry_;
  MHD_Daemon* daemon_ = nullptr;
  std::string address_;
  int port_ = 0;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_CORE_METRICS_HTTP_ENDPOINT_H_
