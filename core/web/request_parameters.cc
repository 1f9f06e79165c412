#include "core/web/request_parameters.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace chronicle::web {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The text of element `index` of a repeated field, or of the field itself
// when `index` is negative.
std::string ScalarText(const Message& message, const FieldDescriptor* field, int index) {
  const Reflection* reflection = message.GetReflection();
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(repeated ? reflection->GetRepeatedInt32(message, field, index)
                                   : reflection->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(repeated ? reflection->GetRepeatedInt64(message, field, index)
                                   : reflection->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(repeated ? reflection->GetRepeatedUInt32(message, field, index)
                                   : reflection->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(repeated ? reflection->GetRepeatedUInt64(message, field, index)
                                   : reflection->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(repeated ? reflection->GetRepeatedDouble(message, field, index)
                                   : reflection->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(repeated ? reflection->GetRepeatedFloat(message, field, index)
                                   : reflection->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (repeated ? reflection->GetRepeatedBool(message, field, index) : reflection->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      // By name, which reads better in a link; a number that has no name
      // (sent by a newer client) goes as the number.
      const int number =
          repeated ? reflection->GetRepeatedEnumValue(message, field, index) : reflection->GetEnumValue(message, field);
      const auto* value = field->enum_type()->FindValueByNumber(number);
      return value != nullptr ? value->name() : absl::StrCat(number);
    }
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? reflection->GetRepeatedString(message, field, index) : reflection->GetString(message, field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

void AppendFields(const Message& message, const std::string& prefix, QueryParameters& out) {
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string name = prefix + field->name();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const bool plain = field->message_type()->file()->package() != "google.protobuf";
      if (plain && !field->is_repeated()) AppendFields(reflection->GetMessage(message, field), name + ".", out);
      continue;
    }
    if (!field->is_repeated()) {
      out.emplace_back(name, ScalarText(message, field, -1));
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    for (int i = 0; i < size; ++i) out.emplace_back(name, ScalarText(message, field, i));
  }
}

}  // namespace

QueryParameters RequestParameters(const Message& message) {
  QueryParameters out;
  AppendFields(message, "", out);
  return out;
}

QueryParameters WithoutParameter(QueryParameters parameters, absl::string_view name) {
  parameters.erase(std::remove_if(parameters.begin(), parameters.end(),
                                  [name](const auto& parameter) { return parameter.first == name; }),
                   parameters.end());
  return parameters;
}

QueryParameters WithoutParameterValue(QueryParameters parameters, absl::string_view name, absl::string_view value) {
  parameters.erase(std::remove_if(parameters.begin(), parameters.end(),
                                  [name, value](const auto& parameter) {
                                    return parameter.first == name && parameter.second == value;
                                  }),
                   parameters.end());
  return parameters;
}

bool HasParameterValue(const QueryParameters& parameters, absl::string_view name, absl::string_view value) {
  return std::any_of(parameters.begin(), parameters.end(), [name, value](const auto& parameter) {
    return parameter.first == name && parameter.second == value;
  });
}

}  // namespace chronicle::web
