#include "tests/support/timestamps_in_range.h"

#include "absl/strings/str_cat.h"
#include "core/common/timestamp_range.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"

namespace chronicle::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool InRange(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() >= kMinTimestampSeconds && timestamp.seconds() <= kMaxTimestampSeconds &&
         timestamp.nanos() >= 0 && timestamp.nanos() <= 999999999;
}

void Walk(const Message& message, const std::string& path, std::vector<std::string>* found) {
  if (message.GetDescriptor()->full_name() == google::protobuf::Timestamp::descriptor()->full_name()) {
    google::protobuf::Timestamp timestamp;
    timestamp.CopyFrom(message);
    if (!InRange(timestamp)) found->push_back(absl::StrCat(path, " = ", timestamp.seconds(), "s"));
    return;
  }
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string name = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        Walk(reflection->GetRepeatedMessage(message, field, i), absl::StrCat(name, "[", i, "]"), found);
      }
    } else {
      Walk(reflection->GetMessage(message, field), name, found);
    }
  }
}

}  // namespace

std::vector<std::string> TimestampsOutOfRange(const Message& message) {
  std::vector<std::string> found;
  Walk(message, "", &found);
  return found;
}

}  // namespace chronicle::testing
