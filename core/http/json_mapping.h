// HTTP/JSON as the services speak it, mapped onto their protobuf messages the
// way google.api.http gateways do:
//   - a reply is the JSON protobuf's own mapping gives (lowerCamelCase names,
//     fields at their default left out, 64-bit integers as strings), so it is
//     exactly what a protojson client decodes from the gRPC reply;
//   - a request is a JSON body (POST) or query parameters (GET), each
//     parameter one field: its name the field's (as in the .proto or in
//     lowerCamelCase), dotted for a nested message's field
//     ("filter.sources"), repeated for a repeated field;
//   - a failure is a google.rpc.Status with the HTTP status gRPC's code maps
//     to.
#ifndef CHRONICLE_CORE_HTTP_JSON_MAPPING_H_
#define CHRONICLE_CORE_HTTP_JSON_MAPPING_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace chronicle::http {

// Sets the fields the parameters name in `message`. An empty value leaves a
// field that is not a string unset (an empty form field). Errors:
// INVALID_ARGUMENT "<name>: <why>" for a parameter that names no field, or a
// message field, or whose value the field cannot take.
absl::Status MergeQueryParameters(const std::vector<std::pair<std::string, std::string>>& parameters,
                                  google::protobuf::Message* message);

// Parses a JSON request body into `message` (unknown fields refused).
// Errors: INVALID_ARGUMENT naming the field when the parser does, else
// "body: <why>".
absl::Status MergeJsonBody(absl::string_view body, google::protobuf::Message* message);

// The message as protojson prints it.
std::string ToJson(const google::protobuf::Message& message);

// The HTTP status a gRPC (absl) status code is answered with, as
// google.api.http maps them: INVALID_ARGUMENT 400, NOT_FOUND 404,
// UNAUTHENTICATED 401, UNAVAILABLE 503, ...
int HttpStatusFor(absl::StatusCode code);

}  // namespace chronicle::http

#endif  // CHRONICLE_CORE_HTTP_JSON_MAPPING_H_
