// The one place where internal statuses become gRPC statuses. absl::StatusCode
// and grpc::StatusCode share their numbering, so the mapping is exact.
//
// A failed status also travels as a google.rpc.Status in the call's error
// details, so that clients which read details (and the HTTP/JSON gateway,
// which answers with it) learn which field was wrong without parsing text:
// Chronicle's INVALID_ARGUMENT messages name the field first, "<field>: <why>"
// (e.g. "filter.published_from: not a date"), and such a message gets a
// google.rpc.BadRequest detail with that field violation.
#ifndef CHRONICLE_CORE_SERVER_GRPC_STATUS_H_
#define CHRONICLE_CORE_SERVER_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace chronicle::server {

// Code and message of `status`, and a BadRequest detail when it is an
// INVALID_ARGUMENT whose message names a field. OK gives code 0 and nothing
// else.
google::rpc::Status ToRpcStatus(const absl::Status& status);

// `status` as gRPC's, with ToRpcStatus serialised in its error details.
grpc::Status ToGrpcStatus(const absl::Status& status);

inline absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace chronicle::server

#endif  // CHRONICLE_CORE_SERVER_GRPC_STATUS_H_
