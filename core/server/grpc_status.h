// The one place where internal statuses become gRPC statuses. absl::StatusCode
// and grpc::StatusCode share their numbering, so the mapping is exact.
#ifndef CHRONICLE_CORE_SERVER_GRPC_STATUS_H_
#define CHRONICLE_CORE_SERVER_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace chronicle::server {

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

inline absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_GRPC_STATUS_H_
