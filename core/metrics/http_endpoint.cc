#include "core/metrics/http_endpoint.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace chronicle::metrics {
namespace {

constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

MHD_Result Reply(MHD_Connection* connection, unsigned int code, const std::string& body,
                 const char* content_type) {
  MHD_Response* response =
      MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
  const MHD_Result queued = MHD_queue_response(connection, code, response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result Handle(void* closure, MHD_Connection* connection, const char* url, const char* method,
                  const char* /*version*/, const char* /*upload_data*/, size_t* upload_size,
                  void** /*state*/) {
  const auto* registry = static_cast<const Registry*>(closure);
  if (*upload_size != 0) {
    *upload_size = 0;  // a body on a GET is read and dropped
    return MHD_YES;
  }
  const bool get = std::strcmp(method, MHD_HTTP_METHOD_GET) == 0;
  const bool head = std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
  if (!get && !head) {
    return Reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET\n", "text/plain");
  }
  if (std::strcmp(url, "/metrics") == 0) {
    return Reply(connection, MHD_HTTP_OK, registry->Render(), kMetricsContentType);
  }
  if (std::strcmp(url, "/") == 0) {
    return Reply(connection, MHD_HTTP_OK, "metrics at /metrics\n", "text/plain");
  }
  return Reply(connection, MHD_HTTP_NOT_FOUND, "not found; metrics at /metrics\n", "text/plain");
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

absl::StatusOr<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(const std::string& address,
                                                                   const Registry* registry) {
  absl::StatusOr<ParsedAddress> parsed = ParseAddress(address);
  if (!parsed.ok()) return parsed.status();

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(parsed->port);
  const int resolved = getaddrinfo(parsed->host.empty() ? nullptr : parsed->host.c_str(),
                                   port_text.c_str(), &hints, &found);
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
  std::unique_ptr<HttpEndpoint> endpoint(new HttpEndpoint(registry));
  bool ipv6 = false;
  for (const addrinfo* candidate : candidates) {
    sockaddr_storage socket_address{};
    std::memcpy(&socket_address, candidate->ai_addr, candidate->ai_addrlen);
    ipv6 = candidate->ai_family == AF_INET6;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
    if (ipv6) flags |= parsed->host.empty() ? MHD_USE_DUAL_STACK : MHD_USE_IPv6;
    endpoint->daemon_ = MHD_start_daemon(
        flags, static_cast<uint16_t>(parsed->port), nullptr, nullptr, &Handle, const_cast<Registry*>(registry),
        MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&socket_address),
        MHD_OPTION_CONNECTION_LIMIT, 32u,
        MHD_OPTION_CONNECTION_TIMEOUT, 10u,
        MHD_OPTION_END);
    if (endpoint->daemon_ != nullptr) break;
  }
  freeaddrinfo(found);
  if (endpoint->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " for metrics"));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(endpoint->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  endpoint->port_ = info != nullptr ? info->port : parsed->port;
  std::string host = parsed->host.empty() ? (ipv6 ? "::" : "0.0.0.0") : parsed->host;
  if (host.find(':') != std::string::npos) host = absl::StrCat("[", host, "]");
  endpoint->address_ = absl::StrCat(host, ":", endpoint->port_);
  return endpoint;
}

HttpEndpoint::~HttpEndpoint() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace chronicle::metrics
