#include "core/server/grpc_status.h"

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace chronicle::server {
namespace {

// Whether `text` is a field path: names of lower-case letters, digits and
// underscores, joined by dots, each name starting with a letter. Messages
// that start with a sentence ("a TLS certificate needs its key") or a flag
// ("--data_dir") are not.
bool IsFieldPath(absl::string_view text) {
  if (text.empty()) return false;
  bool name_start = true;
  for (const char c : text) {
    if (c == '.') {
      if (name_start) return false;
      name_start = true;
      continue;
    }
    const bool letter = absl::ascii_islower(static_cast<unsigned char>(c));
    if (name_start && !letter) return false;
    if (!letter && c != '_' && !absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    name_start = false;
  }
  return !name_start;
}

}  // namespace

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(status.code()));
  if (status.ok()) return rpc;
  rpc.set_message(std::string(status.message()));
  if (status.code() != absl::StatusCode::kInvalidArgument) return rpc;
  const absl::string_view message = status.message();
  const size_t colon = message.find(": ");
  if (colon == absl::string_view::npos || !IsFieldPath(message.substr(0, colon))) return rpc;
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(std::string(message.substr(0, colon)));
  violation->set_description(std::string(message.substr(colon + 2)));
  rpc.add_details()->PackFrom(bad_request);
  return rpc;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      ToRpcStatus(status).SerializeAsString());
}

}  // namespace chronicle::server
