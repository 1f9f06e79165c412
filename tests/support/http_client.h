// A minimal HTTP/1.0 client for tests of the services' HTTP faces: one
// request per connection, the whole reply read until the server closes.
#ifndef CHRONICLE_TESTS_SUPPORT_HTTP_CLIENT_H_
#define CHRONICLE_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace chronicle::testing {

struct HttpReply {
  int status = 0;
  std::string status_line;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  // The first value of header `name` (lower case), or "".
  std::string Header(const std::string& name) const;
};

// One HTTP/1.0 request to ADDRESS, whatever the status of the reply.
absl::StatusOr<HttpReply> HttpExchange(const std::string& address, const std::string& method,
                                       const std::string& path,
                                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                                       const std::string& body = "");

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_HTTP_CLIENT_H_
