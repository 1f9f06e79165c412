// A small HTTP/1.1 server for the services' plain-HTTP faces (the metrics
// endpoint, the query service's web pages and JSON API): requests are read
// whole, handed to one handler function, and its response sent.
//
// Built on libmicrohttpd, which owns the server's threads: a pool of
// `threads` polling threads, started in Start and joined when the server is
// destroyed. Each handler call runs on one of them, so a handler that waits
// (on a gRPC call, say) holds only its thread; `threads` handlers run at once.
#ifndef CHRONICLE_CORE_HTTP_HTTP_SERVER_H_
#define CHRONICLE_CORE_HTTP_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct MHD_Daemon;

namespace chronicle::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", "HEAD", ...
  std::string path;    // percent-decoded, without the query string
  // The query string's parameters in order, decoded ('+' is a space, as
  // forms send it); a name may come several times.
  std::vector<std::pair<std::string, std::string>> query;
  // Header names in lower case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of header `name` (lower case), or "".
  std::string Header(absl::string_view name) const;
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int status, std::string content_type, std::string body)
      : status(status), content_type(std::move(content_type)), body(std::move(body)) {}

  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
};

// Runs on the server's threads, several at once: must be thread-safe.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  int threads = 2;
  // Connections open at once; more are refused until one closes.
  unsigned int connection_limit = 32;
  // An idle connection is closed after this many seconds.
  unsigned int idle_timeout_seconds = 10;
  // A larger request body is refused with 413 before it is read whole.
  size_t max_body_bytes = 1 << 20;
};

class HttpServer {
 public:
  // Listens on `address` ("host:port", "[v6]:port" or ":port" for every
  // interface; port 0 picks a free one). `what` names the server in errors
  // ("metrics", "web"). Errors: INVALID_ARGUMENT for an unparsable address,
  // UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const std::string& address, HttpHandler handler,
                                                           const HttpServerOptions& options, absl::string_view what);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "host:port" actually bound (the port filled in when 0 was asked for).
  const std::string& address() const { return address_; }
  int port() const { return port_; }

 private:
  HttpServer(HttpHandler handler, size_t max_body_bytes)
      : handler_(std::move(handler)), max_body_bytes_(max_body_bytes) {}

  // libmicrohttpd's callbacks, given the server as their closure.
  struct Callbacks;

  const HttpHandler handler_;
  const size_t max_body_bytes_;
  MHD_Daemon* daemon_ = nullptr;
  std::string address_;
  int port_ = 0;
};

}  // namespace chronicle::http

#endif  // CHRONICLE_CORE_HTTP_HTTP_SERVER_H_
