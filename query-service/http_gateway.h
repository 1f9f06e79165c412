// The query service's plain-HTTP face, off unless --http_listen is given:
//   - HTTP/JSON: /v1/search, /v1/timeline, /v1/articles/{id}, /v1/status,
//     each a GET with the request's fields as query parameters or a POST
//     with the request as JSON, answered with the JSON protojson gives for
//     the gRPC reply, and failures as google.rpc.Status with the HTTP status
//     google.api.http maps the gRPC code to (core/http/json_mapping.h);
//   - web pages, server-rendered (core/web): / (search), /timeline and
//     /articles/{id}.
// Every request is one call to the service itself through an in-process
// channel, so the pages and the JSON answer exactly what gRPC answers, with
// the same limits, metrics and logs. When the service has tokens, the
// gateway asks for the same reader token: `Authorization: Bearer <token>`,
// or HTTP Basic with the token as password, which is how a browser is asked
// for it.
#ifndef CHRONICLE_QUERY_SERVICE_HTTP_GATEWAY_H_
#define CHRONICLE_QUERY_SERVICE_HTTP_GATEWAY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "core/http/http_server.h"
#include "core/server/token_auth.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::query_service {

struct HttpGatewayOptions {
  // "host:port" to listen on (port 0 picks one).
  std::string listen;
  // The service's token policy; null when it has none (everything open).
  std::shared_ptr<const server::TokenPolicy> auth;
  // Requests handled at once (each waits on its gRPC call).
  int threads = 4;
  // Longest a request may take; the gRPC call's deadline.
  absl::Duration deadline = absl::Seconds(30);
};

class HttpGateway {
 public:
  // `channel` reaches this process's QueryService (ServiceHost::
  // InProcessChannel). Errors: those of http::HttpServer::Start.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(const HttpGatewayOptions& options,
                                                            std::shared_ptr<grpc::Channel> channel);

  const std::string& address() const { return server_->address(); }

 private:
  HttpGateway(const HttpGatewayOptions& options, std::shared_ptr<grpc::Channel> channel);

  http::HttpResponse Handle(const http::HttpRequest& request) const;
  http::HttpResponse HandleApi(const http::HttpRequest& request, const std::string& authorization) const;
  http::HttpResponse HandlePage(const http::HttpRequest& request, const std::string& authorization) const;
  // A client context for one call, with the deadline and the caller's token.
  void Prepare(grpc::ClientContext& context, const std::string& authorization) const;

  const HttpGatewayOptions options_;
  std::unique_ptr<v1::QueryService::Stub> stub_;
  // Last, so that it stops (and its threads end) before the rest goes.
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_HTTP_GATEWAY_H_
