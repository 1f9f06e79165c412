#include "core/server/credentials.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/grpc.h"
#include "grpc/grpc_security.h"

namespace chronicle::server {
namespace {

absl::string_view View(const grpc_slice& slice) {
  return absl::string_view(reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(slice)),
                           GRPC_SLICE_LENGTH(slice));
}

// gRPC's C core calls this for every call, plaintext or TLS, with the call's
// metadata (the method path among it) before any handler runs. The C++
// AuthMetadataProcessor cannot be attached to plaintext credentials, hence
// this one level down.
void ProcessAuth(const TokenPolicy* policy, const grpc_metadata* metadata, size_t count,
                 grpc_process_auth_metadata_done_cb done, void* user_data) {
  absl::string_view path;
  absl::string_view authorization;
  const grpc_metadata* token_entry = nullptr;
  for (size_t i = 0; i < count; ++i) {
    const absl::string_view key = View(metadata[i].key);
    if (key == ":path") path = View(metadata[i].value);
    if (key == "authorization") {
      authorization = View(metadata[i].value);
      token_entry = &metadata[i];
    }
  }
  const absl::Status status = policy->Check(path, authorization);
  if (!status.ok()) {
    if (policy->on_refused) policy->on_refused(status, path);
    const std::string message(status.message());
    done(user_data, nullptr, 0, nullptr, 0, static_cast<grpc_status_code>(status.code()), message.c_str());
    return;
  }
  // The token is consumed: handlers and their logs never see it.
  done(user_data, token_entry, token_entry != nullptr ? 1 : 0, nullptr, 0, GRPC_STATUS_OK, nullptr);
}

void DestroyPolicy(void* state) { delete static_cast<std::shared_ptr<const TokenPolicy>*>(state); }

void ProcessAuthShared(void* state, grpc_auth_context* /*context*/, const grpc_metadata* metadata,
                       size_t count, grpc_process_auth_metadata_done_cb done, void* user_data) {
  ProcessAuth(static_cast<std::shared_ptr<const TokenPolicy>*>(state)->get(), metadata, count, done, user_data);
}

// Server credentials around a C-core object, so that plaintext and TLS ports
// take the same token processor.
class CoreServerCredentials final : public grpc::ServerCredentials {
 public:
  explicit CoreServerCredentials(grpc_server_credentials* credentials) : credentials_(credentials) {}
  ~CoreServerCredentials() override { grpc_server_credentials_release(credentials_); }

  void SetAuthMetadataProcessor(const std::shared_ptr<grpc::AuthMetadataProcessor>& /*processor*/) override {
    // Not used: token checks are attached by MakeServerCredentials.
  }

 private:
  int AddPortToServer(const std::string& address, grpc_server* server) override {
    return grpc_server_add_http2_port(server, address.c_str(), credentials_);
  }

  grpc_server_credentials* credentials_;
};

}  // namespace

absl::StatusOr<std::string> ReadPemFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& tls, std::shared_ptr<const TokenPolicy> auth) {
  if (tls.cert.empty() != tls.key.empty()) {
    return absl::InvalidArgumentError("a TLS certificate needs its key, and a key its certificate");
  }
  if (!tls.client_ca.empty() && tls.cert.empty()) {
    return absl::InvalidArgumentError("a client CA (mutual TLS) needs a server certificate and key");
  }
  grpc_server_credentials* credentials = nullptr;
  if (tls.cert.empty()) {
    credentials = grpc_insecure_server_credentials_create();
  } else {
    absl::StatusOr<std::string> cert = ReadPemFile(tls.cert);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile(tls.key);
    if (!key.ok()) return key.status();
    std::string client_ca;
    if (!tls.client_ca.empty()) {
      absl::StatusOr<std::string> ca = ReadPemFile(tls.client_ca);
      if (!ca.ok()) return ca.status();
      client_ca = *std::move(ca);
    }
    grpc_ssl_pem_key_cert_pair pair = {key->c_str(), cert->c_str()};
    // gRPC copies the PEM strings.
    credentials = grpc_ssl_server_credentials_create_ex(
        client_ca.empty() ? nullptr : client_ca.c_str(), &pair, 1,
        client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY,
        nullptr);
  }
  if (credentials == nullptr) return absl::InvalidArgumentError("gRPC refused the TLS material");
  if (auth != nullptr) {
    grpc_auth_metadata_processor processor;
    processor.process = &ProcessAuthShared;
    processor.destroy = &DestroyPolicy;
    processor.state = new std::shared_ptr<const TokenPolicy>(std::move(auth));
    grpc_server_credentials_set_auth_metadata_processor(credentials, processor);
  }
  return std::shared_ptr<grpc::ServerCredentials>(new CoreServerCredentials(credentials));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(const ClientTlsFiles& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  if (tls.cert.empty() != tls.key.empty()) {
    return absl::InvalidArgumentError("a client certificate needs its key, and a key its certificate");
  }
  grpc::SslCredentialsOptions options;
  if (!tls.ca.empty()) {
    absl::StatusOr<std::string> ca = ReadPemFile(tls.ca);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *std::move(ca);
  }
  if (!tls.cert.empty()) {
    absl::StatusOr<std::string> cert = ReadPemFile(tls.cert);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile(tls.key);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(cert);
    options.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address,
                                                           const ClientTlsFiles& tls,
                                                           grpc::ChannelArguments args) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = MakeChannelCredentials(tls);
  if (!credentials.ok()) return credentials.status();
  if (tls.enabled() && !tls.server_name.empty()) args.SetSslTargetNameOverride(tls.server_name);
  return grpc::CreateCustomChannel(address, *credentials, args);
}

}  // namespace chronicle::server
