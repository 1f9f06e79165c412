// Finds every google.protobuf.Timestamp in a message, at any depth, that a
// protojson client could not decode (outside years 1-9999, or nanos outside
// 0..999,999,999). For tests and fuzzers over every output path.
#ifndef CHRONICLE_TESTS_SUPPORT_TIMESTAMPS_IN_RANGE_H_
#define CHRONICLE_TESTS_SUPPORT_TIMESTAMPS_IN_RANGE_H_

#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace chronicle::testing {

// Paths ("metadata.published.time") of the Timestamps out of range; empty
// when every one is decodable.
std::vector<std::string> TimestampsOutOfRange(const google::protobuf::Message& message);

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_TIMESTAMPS_IN_RANGE_H_
