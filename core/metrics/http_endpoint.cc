#include "core/metrics/http_endpoint.h"

#include <utility>

namespace chronicle::metrics {
namespace {

constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

http::HttpResponse Handle(const Registry& registry, const http::HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    http::HttpResponse refused(405, "text/plain", "only GET\n");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  if (request.path == "/metrics") return {200, kMetricsContentType, registry.Render()};
  if (request.path == "/") return {200, "text/plain", "metrics at /metrics\n"};
  return {404, "text/plain", "not found; metrics at /metrics\n"};
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(const std::string& address,
                                                                   const Registry* registry) {
  http::HttpServerOptions options;
  options.threads = 1;
  options.connection_limit = 32;
  options.idle_timeout_seconds = 10;
  absl::StatusOr<std::unique_ptr<http::HttpServer>> server = http::HttpServer::Start(
      address, [registry](const http::HttpRequest& request) { return Handle(*registry, request); }, options,
      "metrics");
  if (!server.ok()) return server.status();
  return std::unique_ptr<HttpEndpoint>(new HttpEndpoint(*std::move(server)));
}

}  // namespace chronicle::metrics
