#include "tests/support/http_client.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chronicle::testing {

absl::StatusOr<HttpReply> HttpExchange(const std::string& address, const std::string& method,
                                       const std::string& path,
                                       const std::vector<std::pair<std::string, std::string>>& headers,
                                       const std::string& body) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return absl::InvalidArgumentError("no port in " + address);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(address.substr(0, colon).c_str(), address.substr(colon + 1).c_str(), &hints, &found) != 0) {
    return absl::InvalidArgumentError("cannot resolve " + address);
  }
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const bool connected = fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) == 0;
  freeaddrinfo(found);
  if (!connected) {
    if (fd >= 0) close(fd);
    return absl::UnavailableError("cannot connect to " + address);
  }
  std::string request = absl::StrCat(method, " ", path, " HTTP/1.0\r\nHost: ", address, "\r\n");
  for (const auto& [name, value] : headers) absl::StrAppend(&request, name, ": ", value, "\r\n");
  if (!body.empty() || method == "POST") absl::StrAppend(&request, "Content-Length: ", body.size(), "\r\n");
  absl::StrAppend(&request, "\r\n", body);
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("cannot send to " + address);
  }
  std::string response;
  char chunk[8192];
  ssize_t got;
  while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    response.append(chunk, static_cast<size_t>(got));
  }
  close(fd);
  const size_t head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) return absl::UnavailableError("no HTTP response from " + address);
  HttpReply reply;
  std::vector<std::string> lines = absl::StrSplit(response.substr(0, head_end), "\r\n");
  reply.status_line = lines.front();
  const std::vector<std::string> status_words = absl::StrSplit(reply.status_line, ' ');
  if (status_words.size() < 2 || !absl::SimpleAtoi(status_words[1], &reply.status)) {
    return absl::UnavailableError(absl::StrCat("bad status line from ", address, ": ", reply.status_line));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon_at = lines[i].find(':');
    if (colon_at == std::string::npos) continue;
    reply.headers.emplace_back(absl::AsciiStrToLower(lines[i].substr(0, colon_at)),
                               std::string(absl::StripAsciiWhitespace(lines[i].substr(colon_at + 1))));
  }
  reply.body = response.substr(head_end + 4);
  return reply;
}

std::string HttpReply::Header(const std::string& name) const {
  for (const auto& [header, value] : headers) {
    if (header == name) return value;
  }
  return "";
}

}  // namespace chronicle::testing
