#include "core/http/json_mapping.h"

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace chronicle::http {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Message types that JSON writes as one string, and a parameter may set.
bool IsScalarInJson(const Descriptor* type) {
  const std::string& name = type->full_name();
  return name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration" ||
         name == "google.protobuf.FieldMask";
}

const FieldDescriptor* FindField(const Descriptor* type, absl::string_view name) {
  const std::string text(name);
  if (const FieldDescriptor* field = type->FindFieldByName(text)) return field;
  return type->FindFieldByCamelcaseName(text);
}

// The JSON value a parameter's text becomes for `field`: the parser then
// checks it as it checks a JSON body. Integers and floats go as strings,
// which protobuf's JSON accepts for every number type without losing 64-bit
// precision; enums by name, or by number when given digits.
absl::StatusOr<google::protobuf::Value> ValueFor(const FieldDescriptor* field, const std::string& name,
                                                 const std::string& text) {
  google::protobuf::Value value;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string lower = absl::AsciiStrToLower(text);
      if (lower == "true" || lower == "1" || lower == "on") {
        value.set_bool_value(true);
      } else if (lower == "false" || lower == "0" || lower == "off") {
        value.set_bool_value(false);
      } else {
        return absl::InvalidArgumentError(absl::StrCat(name, ": \"", text, "\" is not true or false"));
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = 0;
      if (absl::SimpleAtoi(text, &number)) {
        value.set_number_value(number);
      } else {
        value.set_string_value(text);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (!IsScalarInJson(field->message_type())) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": is a message; name one of its fields (", name, ".<field>)"));
      }
      value.set_string_value(text);
      break;
    default:
      value.set_string_value(text);
  }
  return value;
}

// Turns protobuf's JSON parse error into "<field>: <why>" when it names the
// field (its messages read "(field.path): why" or "...: field"), else
// "<fallback>: <why>".
absl::Status ParseError(const google::protobuf::util::Status& error, absl::string_view fallback) {
  const std::string text(error.message());
  absl::string_view message = text;
  if (!message.empty() && message.front() == '(') {
    const size_t close = message.find(')');
    if (close != absl::string_view::npos) {
      absl::string_view field = message.substr(1, close - 1);
      absl::string_view why = absl::StripLeadingAsciiWhitespace(message.substr(close + 1));
      absl::ConsumePrefix(&why, ":");
      if (!field.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(field, ": ", absl::StripLeadingAsciiWhitespace(why)));
      }
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(fallback, ": ", message));
}

}  // namespace

absl::Status MergeQueryParameters(const std::vector<std::pair<std::string, std::string>>& parameters,
                                  google::protobuf::Message* message) {
  // The parameters are gathered into one JSON object, nested by the dotted
  // names, which the JSON parser then reads into the message.
  google::protobuf::Struct root;
  for (const auto& [name, text] : parameters) {
    const Descriptor* type = message->GetDescriptor();
    google::protobuf::Struct* object = &root;
    const std::vector<absl::string_view> path = absl::StrSplit(name, '.');
    for (size_t i = 0; i < path.size(); ++i) {
      const FieldDescriptor* field = FindField(type, path[i]);
      if (field == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": no such field in ", type->full_name(), " (a query parameter names a field)"));
      }
      const std::string key = field->json_name();
      const bool last = i + 1 == path.size();
      if (!last) {
        if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_repeated() ||
            IsScalarInJson(field->message_type())) {
          return absl::InvalidArgumentError(absl::StrCat(name, ": ", field->name(), " has no fields"));
        }
        object = (*object->mutable_fields())[key].mutable_struct_value();
        type = field->message_type();
        continue;
      }
      if (text.empty() && field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) break;
      absl::StatusOr<google::protobuf::Value> value = ValueFor(field, name, text);
      if (!value.ok()) return value.status();
      google::protobuf::Value& slot = (*object->mutable_fields())[key];
      if (field->is_repeated()) {
        *slot.mutable_list_value()->add_values() = *std::move(value);
      } else {
        slot = *std::move(value);
      }
    }
  }
  std::string json;
  if (const auto printed = google::protobuf::util::MessageToJsonString(root, &json); !printed.ok()) {
    return absl::InternalError(absl::StrCat("query parameters: ", printed.ToString()));
  }
  if (const auto parsed = google::protobuf::util::JsonStringToMessage(json, message); !parsed.ok()) {
    return ParseError(parsed, "query");
  }
  return absl::OkStatus();
}

absl::Status MergeJsonBody(absl::string_view body, google::protobuf::Message* message) {
  if (absl::StripAsciiWhitespace(body).empty()) return absl::OkStatus();  // an empty body: an empty request
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(std::string(body), message, options);
  if (!parsed.ok()) {
    return ParseError(parsed, "body");
  }
  return absl::OkStatus();
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  // Printing a message the service built cannot fail but for an Any of an
  // unknown type, which Chronicle does not send.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS
      return 500;
  }
}

}  // namespace chronicle::http
