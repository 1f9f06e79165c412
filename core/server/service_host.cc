#include "core/server/service_host.h"

#include <csignal>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/health_check_service_interface.h"

namespace chronicle::server {

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(
    const ServiceHostOptions& options, const std::vector<HostedService>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  // Reflection describes what is linked in: referencing the health messages
  // keeps their descriptors in the binary, so clients can call Health.
  (void)grpc::health::v1::HealthCheckResponse::descriptor();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options.tls, options.auth);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  if (options.max_concurrent_streams > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  }
  if (options.metrics != nullptr) {
    absl::StatusOr<std::unique_ptr<CallObserverFactory>> observer =
        CallObserverFactory::Create(options.metrics, options.call_observer);
    if (!observer.ok()) return observer.status();
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
    interceptors.push_back(*std::move(observer));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    absl::StatusOr<metrics::GaugeFamily*> limits = options.metrics->AddGauge(
        "chronicle_grpc_server_limits", "Configured limits: max_concurrent_streams (0 = none), "
        "max_receive_message_bytes.", {"limit"});
    if (!limits.ok()) return limits.status();
    (*limits)->WithLabels({"max_concurrent_streams"}).Set(options.max_concurrent_streams);
    (*limits)->WithLabels({"max_receive_message_bytes"}).Set(options.max_receive_message_bytes);
  }
  // Feed streams are long-lived: keepalive pings find dead peers.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  std::vector<std::string> names;
  for (const HostedService& hosted : services) {
    builder.RegisterService(hosted.service);
    names.push_back(hosted.name);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  const size_t colon = options.listen_address.rfind(':');
  std::string host = colon == std::string::npos ? options.listen_address
                                                : options.listen_address.substr(0, colon);
  auto result = std::unique_ptr<ServiceHost>(new ServiceHost(
      std::move(server), port, std::move(host), std::move(names), options.drain_timeout));
  result->SetServing(false);
  if (grpc::HealthCheckServiceInterface* health = result->server_->GetHealthCheckService()) {
    health->SetServingStatus(kLivenessService, true);
  }
  return result;
}

ServiceHost::ServiceHost(std::unique_ptr<grpc::Server> server, int port, std::string host,
                         std::vector<std::string> service_names, absl::Duration drain_timeout)
    : server_(std::move(server)),
      port_(port),
      host_(std::move(host)),
      service_names_(std::move(service_names)),
      drain_timeout_(drain_timeout) {}

ServiceHost::~ServiceHost() { Shutdown(); }

std::string ServiceHost::address() const { return absl::StrCat(host_, ":", port_); }

std::shared_ptr<grpc::Channel> ServiceHost::InProcessChannel() const {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);
  arguments.SetMaxSendMessageSize(-1);
  return server_->InProcessChannel(arguments);
}

void ServiceHost::SetServing(bool serving) {
  if (shut_down_) return;
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", serving);
  for (const std::string& name : service_names_) health->SetServingStatus(name, serving);
}

void ServiceHost::Shutdown() {
  if (shut_down_.exchange(true)) return;
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->Shutdown();  // NOT_SERVING for every service, and it stays so
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + drain_timeout_));
  server_->Wait();
}

void BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  return signal_number;
}

}  // namespace chronicle::server
