// Transport security for servers and clients from PEM files (as mounted from
// Kubernetes Secrets), and the server side of token authentication.
//
// Files are read once, when the credentials are made: rotating a certificate
// or a token means restarting the process (a rolling restart in Kubernetes).
#ifndef CHRONICLE_CORE_SERVER_CREDENTIALS_H_
#define CHRONICLE_CORE_SERVER_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/server/token_auth.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::server {

struct ServerTlsFiles {
  // Certificate chain and private key; both empty = plaintext.
  std::string cert;
  std::string key;
  // CA bundle client certificates must chain to; set = mutual TLS, clients
  // without a valid certificate are refused during the handshake.
  std::string client_ca;
};

// Server credentials: plaintext or TLS from `tls`, with `auth` (may be null)
// checked on every call before it reaches a service.
// Errors: INVALID_ARGUMENT when only one of cert/key is set or client_ca is
// set without them; NOT_FOUND when a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& tls, std::shared_ptr<const TokenPolicy> auth);

struct ClientTlsFiles {
  // CA bundle to verify the server with; empty = the system's roots.
  std::string ca;
  // Client certificate and key, for servers that require mutual TLS.
  std::string cert;
  std::string key;
  // Name to verify the server certificate against instead of the host in
  // the address (e.g. when dialling an IP).
  std::string server_name;

  // TLS is used when any file is named.
  bool enabled() const { return !ca.empty() || !cert.empty() || !key.empty(); }
};

// Channel credentials per `tls`: TLS when tls.enabled(), else plaintext.
// (tls.server_name is a channel argument: MakeChannel applies it.)
// Errors: INVALID_ARGUMENT when only one of cert/key is set; NOT_FOUND when
// a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(const ClientTlsFiles& tls);

// A channel to `address`, plaintext or TLS per `tls`, with `args` applied.
// Errors: INVALID_ARGUMENT when only one of cert/key is set; NOT_FOUND when
// a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ClientTlsFiles& tls,
                                                           grpc::ChannelArguments args);

// Reads a whole (PEM) file. Errors: NOT_FOUND.
absl::StatusOr<std::string> ReadPemFile(const std::string& path);

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_CREDENTIALS_H_
