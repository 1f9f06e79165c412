// A request message written back as the query parameters that ask for it,
// so that a page's links repeat the request they came from: the names are
// the fields' own (dotted for a nested message's field, "filter.sources"),
// a repeated field gives one parameter per value, and enums go by name. This
// is the mapping core/http's MergeQueryParameters reads.
#ifndef CHRONICLE_CORE_WEB_REQUEST_PARAMETERS_H_
#define CHRONICLE_CORE_WEB_REQUEST_PARAMETERS_H_

#include "absl/strings/string_view.h"
#include "core/web/html.h"
#include "google/protobuf/message.h"

namespace chronicle::web {

// Every field set in `message` (proto3: every field not at its default), in
// field-number order. Message fields that are not plain nested messages
// (Timestamp, Duration, ...) are left out: no request the pages link to has
// one.
QueryParameters RequestParameters(const google::protobuf::Message& message);

// `parameters` without any named `name`.
QueryParameters WithoutParameter(QueryParameters parameters, absl::string_view name);

// `parameters` without the one `name`=`value` pair (every copy of it).
QueryParameters WithoutParameterValue(QueryParameters parameters, absl::string_view name, absl::string_view value);

// True when `parameters` hold `name`=`value`.
bool HasParameterValue(const QueryParameters& parameters, absl::string_view name, absl::string_view value);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_REQUEST_PARAMETERS_H_
