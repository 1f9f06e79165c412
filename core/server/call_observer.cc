#include "core/server/call_observer.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/common/logging.h"
#include "core/common/status_macros.h"

namespace chronicle::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

constexpr char kRequestIdKey[] = "x-request-id";
// Longer ids from a caller are cut: they end up in every log line.
constexpr size_t kMaxRequestIdBytes = 128;

absl::string_view TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY: return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING: return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING: return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING: return "bidi_stream";
  }
  return "unknown";
}

class CallObserver final : public grpc::experimental::Interceptor {
 public:
  CallObserver(ServerRpcInfo* info, const CallObserverFactory::Instruments* instruments,
               CallObserverFactory* factory)
      : instruments_(instruments), factory_(factory), type_(info->type()), start_(absl::Now()) {
    // "/chronicle.v1.QueryService/Search" -> service, method.
    absl::string_view path = info->method() != nullptr ? info->method() : "";
    path.remove_prefix(path.empty() || path[0] != '/' ? 0 : 1);
    const size_t slash = path.find('/');
    service_ = std::string(slash == absl::string_view::npos ? path : path.substr(0, slash));
    method_ = slash == absl::string_view::npos ? "" : std::string(path.substr(slash + 1));
    instruments_->started->WithLabels({service_, method_, TypeName(type_)}).Increment();
    in_flight_ = &instruments_->in_flight->WithLabels({service_, method_});
    in_flight_->Add(1);
  }

  ~CallObserver() override { in_flight_->Add(-1); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      if (auto* metadata = methods->GetRecvInitialMetadata()) {
        auto found = metadata->find(kRequestIdKey);
        if (found != metadata->end() && found->second.size() > 0) {
          request_id_.assign(found->second.data(), std::min(found->second.size(), kMaxRequestIdBytes));
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (auto* metadata = methods->GetSendInitialMetadata()) {
        metadata->emplace(kRequestIdKey, RequestId());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  const std::string& RequestId() {
    if (request_id_.empty()) request_id_ = factory_->NewRequestId();
    return request_id_;
  }

  void Finish(const grpc::Status& status) {
    const absl::Duration elapsed = absl::Now() - start_;
    const std::string code(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())));
    const absl::string_view type = TypeName(type_);
    instruments_->handled->WithLabels({service_, method_, type, code}).Increment();
    instruments_->handling_seconds->WithLabels({service_, method_, type})
        .Observe(absl::ToDoubleSeconds(elapsed));

    const bool failed = !status.ok();
    const bool slow = type_ == ServerRpcInfo::Type::UNARY &&
                      elapsed > instruments_->options.slow_call_threshold;
    const LogLevel level = failed || slow ? LogLevel::kInfo : LogLevel::kDebug;
    if (!LogEnabled(level)) return;
    Log(level, failed ? "call failed" : (slow ? "slow call" : "call"),
        {{"request_id", RequestId()},
         {"method", absl::StrCat(service_, "/", method_)},
         {"code", code},
         {"duration_ms", absl::StrCat(absl::ToDoubleMilliseconds(elapsed))},
         {"error", status.error_message()}});
  }

  const CallObserverFactory::Instruments* instruments_;
  CallObserverFactory* factory_;
  const ServerRpcInfo::Type type_;
  const absl::Time start_;
  std::string service_;
  std::string method_;
  std::string request_id_;
  metrics::Gauge* in_flight_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CallObserverFactory>> CallObserverFactory::Create(
    metrics::Registry* registry, CallObserverOptions options) {
  Instruments instruments;
  instruments.options = options;
  ASSIGN_OR_RETURN(instruments.started,
                   registry->AddCounter("grpc_server_started_total", "RPCs started on the server.",
                                        {"grpc_service", "grpc_method", "grpc_type"}));
  ASSIGN_OR_RETURN(instruments.handled,
                   registry->AddCounter("grpc_server_handled_total",
                                        "RPCs completed on the server, by status code.",
                                        {"grpc_service", "grpc_method", "grpc_type", "grpc_code"}));
  ASSIGN_OR_RETURN(instruments.handling_seconds,
                   registry->AddHistogram("grpc_server_handling_seconds",
                                          "Time from the start of an RPC to its status, in seconds.",
                                          metrics::LatencyBuckets(),
                                          {"grpc_service", "grpc_method", "grpc_type"}));
  ASSIGN_OR_RETURN(instruments.in_flight,
                   registry->AddGauge("grpc_server_in_flight", "RPCs being handled now.",
                                      {"grpc_service", "grpc_method"}));
  const uint64_t prefix = (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  return std::unique_ptr<CallObserverFactory>(new CallObserverFactory(instruments, prefix));
}

grpc::experimental::Interceptor* CallObserverFactory::CreateServerInterceptor(ServerRpcInfo* info) {
  return new CallObserver(info, &instruments_, this);
}

std::string CallObserverFactory::NewRequestId() {
  const uint64_t n = next_id_.fetch_add(1, std::memory_order_relaxed);
  return absl::StrCat(absl::Hex(id_prefix_, absl::kZeroPad16), "-", n);
}

}  // namespace chronicle::server
