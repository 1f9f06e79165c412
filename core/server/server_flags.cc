#include "core/server/server_flags.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/common/logging.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "host:port to serve Prometheus metrics on over HTTP at /metrics, e.g. 0.0.0.0:9090 (empty = off)");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain to serve TLS with (needs --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: when set, clients must present a certificate it signed (mutual TLS)");
ABSL_FLAG(std::string, writer_token_file, "",
          "file of bearer tokens (one per line) that may call every method; enables token auth");
ABSL_FLAG(std::string, reader_token_file, "",
          "file of bearer tokens (one per line) that may call every method but the writes; enables token auth");
ABSL_FLAG(int, max_concurrent_streams, 0,
          "calls one client connection may have open at once; more wait on the client (0 = no limit)");
ABSL_FLAG(int, max_request_bytes, 20 << 20, "largest request message accepted, in bytes");
ABSL_FLAG(absl::Duration, slow_call_threshold, absl::Seconds(1),
          "unary calls slower than this are logged at info level (others at debug)");

namespace chronicle::server {

absl::StatusOr<ServiceHostOptions> HostOptionsFromFlags(std::vector<std::string> write_methods,
                                                        metrics::Registry* registry) {
  ServiceHostOptions options;
  options.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  options.max_receive_message_bytes = absl::GetFlag(FLAGS_max_request_bytes);
  if (options.max_concurrent_streams < 0 || options.max_receive_message_bytes <= 0) {
    return absl::InvalidArgumentError("--max_concurrent_streams and --max_request_bytes must be positive");
  }
  options.tls = {absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key), absl::GetFlag(FLAGS_tls_client_ca)};
  options.metrics = registry;
  options.call_observer.slow_call_threshold = absl::GetFlag(FLAGS_slow_call_threshold);

  const std::string writer_file = absl::GetFlag(FLAGS_writer_token_file);
  const std::string reader_file = absl::GetFlag(FLAGS_reader_token_file);
  if (!writer_file.empty() || !reader_file.empty()) {
    auto policy = std::make_shared<TokenPolicy>();
    policy->write_methods = std::move(write_methods);
    if (!writer_file.empty()) {
      absl::StatusOr<std::vector<std::string>> tokens = ReadTokenFile(writer_file);
      if (!tokens.ok()) return tokens.status();
      policy->writer_tokens = *std::move(tokens);
    }
    if (!reader_file.empty()) {
      absl::StatusOr<std::vector<std::string>> tokens = ReadTokenFile(reader_file);
      if (!tokens.ok()) return tokens.status();
      policy->reader_tokens = *std::move(tokens);
    }
    absl::StatusOr<metrics::CounterFamily*> refused = registry->AddCounter(
        "chronicle_auth_refused_total", "Calls refused by token authentication, by status code.",
        {"grpc_code"});
    if (!refused.ok()) return refused.status();
    policy->on_refused = [refused = *refused](const absl::Status& refusal, absl::string_view path) {
      const std::string code(absl::StatusCodeToString(refusal.code()));
      refused->WithLabels({code}).Increment();
      LogInfo("call refused", {{"method", std::string(path)}, {"code", code},
                               {"error", std::string(refusal.message())}});
    };
    options.auth = std::move(policy);
  }
  LogInfo("server security", {{"tls", options.tls.cert.empty() ? "off" : "on"},
                              {"mutual_tls", options.tls.client_ca.empty() ? "off" : "on"},
                              {"token_auth", options.auth == nullptr ? "off" : "on"},
                              {"max_concurrent_streams", absl::StrCat(options.max_concurrent_streams)},
                              {"max_request_bytes", absl::StrCat(options.max_receive_message_bytes)}});
  return options;
}

std::string MetricsAddressFromFlags() { return absl::GetFlag(FLAGS_metrics_listen); }

}  // namespace chronicle::server
