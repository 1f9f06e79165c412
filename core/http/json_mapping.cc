#include "core/http/json_mapping.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
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

// `text` as a JSON string literal: quotes, backslashes and control
// characters escaped, every other byte (UTF-8 included) as it is.
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

// The JSON value (as text) a parameter's text becomes for `field`: the
// parser then checks it as it checks a JSON body. Integers and floats go as
// strings, which protobuf's JSON accepts for every number type without
// losing 64-bit precision; enums by name, or by number when given digits.
absl::StatusOr<std::string> ValueFor(const FieldDescriptor* field, const std::string& name, const std::string& text) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string lower = absl::AsciiStrToLower(text);
      if (lower == "true" || lower == "1" || lower == "on") return std::string("true");
      if (lower == "false" || lower == "0" || lower == "off") return std::string("false");
      return absl::InvalidArgumentError(absl::StrCat(name, ": \"", text, "\" is not true or false"));
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int number = 0;
      if (absl::SimpleAtoi(text, &number)) return absl::StrCat(number);
      return JsonString(text);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (!IsScalarInJson(field->message_type())) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": is a message; name one of its fields (", name, ".<field>)"));
      }
      return JsonString(text);
    default:
      return JsonString(text);
  }
}

// The parameters' values by field path (JSON names), in path order, so that
// the fields of one nested message sit side by side.
struct Leaf {
  bool repeated = false;
  std::vector<std::string> values;  // JSON text each
};
using Leaves = std::map<std::vector<std::string>, Leaf>;

// The JSON object of the leaves in [begin, end), which share their first
// `depth` names.
std::string JsonObject(Leaves::const_iterator begin, Leaves::const_iterator end, size_t depth) {
  std::string out = "{";
  while (begin != end) {
    const std::string& name = begin->first[depth];
    auto group_end = begin;
    while (group_end != end && group_end->first[depth] == name) ++group_end;
    if (out.size() > 1) out.push_back(',');
    absl::StrAppend(&out, JsonString(name), ":");
    if (begin->first.size() > depth + 1) {
      absl::StrAppend(&out, JsonObject(begin, group_end, depth + 1));
    } else if (begin->second.repeated) {
      absl::StrAppend(&out, "[", absl::StrJoin(begin->second.values, ","), "]");
    } else {
      absl::StrAppend(&out, begin->second.values.back());  // the last value given wins
    }
    begin = group_end;
  }
  out.push_back('}');
  return out;
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
  // names, which the JSON parser then reads into the message. (Written as
  // text: protobuf's Struct would do, but its map's inline code and the
  // library's compiled code disagree in the thread-sanitizer build.)
  Leaves leaves;
  for (const auto& [name, text] : parameters) {
    const std::vector<absl::string_view> parts = absl::StrSplit(name, '.');
    const Descriptor* type = message->GetDescriptor();
    const FieldDescriptor* field = nullptr;
    std::vector<std::string> path;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (type == nullptr) return absl::InvalidArgumentError(absl::StrCat(name, ": ", field->name(), " has no fields"));
      field = FindField(type, parts[i]);
      if (field == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": no such field in ", type->full_name(), " (a query parameter names a field)"));
      }
      path.push_back(field->json_name());
      const bool nested = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated() &&
                          !IsScalarInJson(field->message_type());
      type = nested ? field->message_type() : nullptr;
    }
    if (type != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": is a message; name one of its fields (", name, ".<field>)"));
    }
    if (text.empty() && field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) continue;
    absl::StatusOr<std::string> value = ValueFor(field, name, text);
    if (!value.ok()) return value.status();
    Leaf& leaf = leaves[path];
    leaf.repeated = field->is_repeated();
    leaf.values.push_back(*std::move(value));
  }
  const std::string json = JsonObject(leaves.begin(), leaves.end(), 0);
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
