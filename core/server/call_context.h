// Small helpers about the call a gRPC handler is serving.
#ifndef CHRONICLE_CORE_SERVER_CALL_CONTEXT_H_
#define CHRONICLE_CORE_SERVER_CALL_CONTEXT_H_

#include <chrono>

#include "absl/time/time.h"
#include "grpcpp/server_context.h"

namespace chronicle::server {

// The client's deadline, or InfiniteFuture() when it set none.
inline absl::Time DeadlineOf(const grpc::ServerContext& context) {
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_CALL_CONTEXT_H_
