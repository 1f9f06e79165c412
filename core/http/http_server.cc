#include "core/http/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace chronicle::http {
namespace {

// One request being read: created on its first callback, completed on the
// last, deleted when libmicrohttpd reports the request done.
struct PendingRequest {
  HttpRequest request;
  bool body_too_large = false;
};

MHD_Result Send(MHD_Connection* connection, const HttpResponse& reply) {
  MHD_Response* response = MHD_create_response_from_buffer(reply.body.size(), const_cast<char*>(reply.body.data()),
                                                           MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned int>(reply.status), response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result CollectQuery(void* closure, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  static_cast<HttpRequest*>(closure)->query.emplace_back(key, value != nullptr ? value : "");
  return MHD_YES;
}

MHD_Result CollectHeader(void* closure, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  static_cast<HttpRequest*>(closure)->headers.emplace_back(absl::AsciiStrToLower(key), value != nullptr ? value : "");
  return MHD_YES;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes in place as HTML forms encode (application/x-www-form-urlencoded):
// %XX is a byte, '+' a space; a '%' not followed by two hex digits stays.
// libmicrohttpd applies it to the path as well as to the query's names and
// values, so a '+' in a path is a space too.
size_t Unescape(void* /*closure*/, MHD_Connection* /*connection*/, char* text) {
  char* out = text;
  for (const char* in = text; *in != '\0'; ++in) {
    if (*in == '+') {
      *out++ = ' ';
    } else if (*in == '%' && HexValue(in[1]) >= 0 && HexValue(in[2]) >= 0) {
      *out++ = static_cast<char>(HexValue(in[1]) * 16 + HexValue(in[2]));
      in += 2;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
  return static_cast<size_t>(out - text);
}

struct ParsedAddress {
  std::string host;  // empty = every interface
  int port = 0;
};

absl::StatusOr<ParsedAddress> ParseAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("\"", address, "\" is not host:port"));
  }
  ParsedAddress parsed;
  parsed.host = address.substr(0, colon);
  if (parsed.host.size() >= 2 && parsed.host.front() == '[' && parsed.host.back() == ']') {
    parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  }
  if (!absl::SimpleAtoi(address.substr(colon + 1), &parsed.port) || parsed.port < 0 || parsed.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("\"", address, "\" has no valid port"));
  }
  return parsed;
}

}  // namespace

std::string HttpRequest::Header(absl::string_view name) const {
  for (const auto& [header, value] : headers) {
    if (header == name) return value;
  }
  return "";
}

struct HttpServer::Callbacks {
  static MHD_Result Access(void* closure, MHD_Connection* connection, const char* url, const char* method,
                           const char* /*version*/, const char* upload_data, size_t* upload_size, void** state) {
    const auto* server = static_cast<const HttpServer*>(closure);
    auto* pending = static_cast<PendingRequest*>(*state);
    if (pending == nullptr) {
      pending = new PendingRequest();
      *state = pending;
      return MHD_YES;  // the headers are in; the body (if any) comes next
    }
    if (*upload_size != 0) {
      if (pending->request.body.size() + *upload_size > server->max_body_bytes_) {
        pending->body_too_large = true;
        pending->request.body.clear();
      } else if (!pending->body_too_large) {
        pending->request.body.append(upload_data, *upload_size);
      }
      *upload_size = 0;
      return MHD_YES;
    }
    if (pending->body_too_large) {
      return Send(connection, {413, "text/plain; charset=utf-8",
                               absl::StrCat("request body larger than ", server->max_body_bytes_, " bytes\n")});
    }
    HttpRequest& request = pending->request;
    request.method = method;
    request.path = url;
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectQuery, &request);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request);
    return Send(connection, server->handler_(request));
  }

  static void Completed(void* /*closure*/, MHD_Connection* /*connection*/, void** state,
                        MHD_RequestTerminationCode /*code*/) {
    delete static_cast<PendingRequest*>(*state);
    *state = nullptr;
  }
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& address, HttpHandler handler,
                                                               const HttpServerOptions& options,
                                                               absl::string_view what) {
  absl::StatusOr<ParsedAddress> parsed = ParseAddress(address);
  if (!parsed.ok()) return parsed.status();

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(parsed->port);
  const int resolved =
      getaddrinfo(parsed->host.empty() ? nullptr : parsed->host.c_str(), port_text.c_str(), &hints, &found);
  if (resolved != 0 || found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("cannot resolve \"", address, "\": ", gai_strerror(resolved)));
  }
  // With no host, every interface: IPv6 with IPv4 mapped in (dual stack)
  // where the kernel has IPv6, else IPv4. With a host, its first address
  // that can be bound.
  std::vector<addrinfo*> candidates;
  for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
    candidates.push_back(candidate);
  }
  if (parsed->host.empty()) {
    std::stable_partition(candidates.begin(), candidates.end(),
                          [](const addrinfo* a) { return a->ai_family == AF_INET6; });
  }
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(handler), options.max_body_bytes));
  const auto threads = static_cast<unsigned int>(std::max(1, options.threads));
  bool ipv6 = false;
  for (const addrinfo* candidate : candidates) {
    sockaddr_storage socket_address{};
    std::memcpy(&socket_address, candidate->ai_addr, candidate->ai_addrlen);
    ipv6 = candidate->ai_family == AF_INET6;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
    if (ipv6) flags |= parsed->host.empty() ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
    server->daemon_ = MHD_start_daemon(
        flags, static_cast<uint16_t>(parsed->port), nullptr, nullptr, &Callbacks::Access, server.get(),
        MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&socket_address),
        MHD_OPTION_CONNECTION_LIMIT, options.connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, options.idle_timeout_seconds,
        MHD_OPTION_NOTIFY_COMPLETED, &Callbacks::Completed, nullptr,
        MHD_OPTION_UNESCAPE_CALLBACK, &Unescape, nullptr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_END);
    if (server->daemon_ != nullptr) break;
  }
  freeaddrinfo(found);
  if (server->daemon_ == nullptr) return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " for ", what));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info != nullptr ? info->port : parsed->port;
  std::string host = parsed->host.empty() ? (ipv6 ? "::" : "0.0.0.0") : parsed->host;
  if (host.find(':') != std::string::npos) host = absl::StrCat("[", host, "]");
  server->address_ = absl::StrCat(host, ":", server->port_);
  return server;
}

HttpServer::~HttpServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace chronicle::http
