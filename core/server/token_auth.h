// Bearer-token access control for the gRPC services.
//
// A call carries `authorization: Bearer <token>` metadata. Writer tokens may
// call every method; reader tokens every method except the writes. Health and
// reflection stay open so that probes and tooling work without a token.
//   - no token, or one that is neither a reader's nor a writer's: UNAUTHENTICATED
//   - a reader token on a write method: PERMISSION_DENIED
#ifndef CHRONICLE_CORE_SERVER_TOKEN_AUTH_H_
#define CHRONICLE_CORE_SERVER_TOKEN_AUTH_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::server {

struct TokenPolicy {
  // Any of these may call everything.
  std::vector<std::string> writer_tokens;
  // Any of these may call everything but `write_methods`.
  std::vector<std::string> reader_tokens;
  // Full method paths, e.g. "/chronicle.v1.IngestService/IngestArticle".
  std::vector<std::string> write_methods;
  // Method path prefixes anyone may call.
  std::vector<std::string> open_prefixes = {"/grpc.health.v1.Health/", "/grpc.reflection."};
  // Told of every refused call (for metrics and logs); may be empty. Runs on
  // gRPC's threads, so it must be thread-safe.
  std::function<void(const absl::Status& refusal, absl::string_view path)> on_refused;

  // Decides one call: `path` is the method path, `authorization` the value of
  // the authorization header ("" when absent). OK, UNAUTHENTICATED or
  // PERMISSION_DENIED. Compares tokens in constant time.
  absl::Status Check(absl::string_view path, absl::string_view authorization) const;
};

// Reads tokens from a file, one per line; blank lines and lines starting
// with '#' are skipped, surrounding whitespace is dropped. Several lines let
// an old and a new token work side by side while clients move over.
// Errors: NOT_FOUND / PERMISSION_DENIED when the file cannot be read,
// INVALID_ARGUMENT when it holds no token or a token shorter than 16 bytes.
absl::StatusOr<std::vector<std::string>> ReadTokenFile(const std::string& path);

// The value to send: "Bearer " + the first token in the file.
// Errors as ReadTokenFile.
absl::StatusOr<std::string> ReadAuthorizationHeader(const std::string& path);

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_TOKEN_AUTH_H_
