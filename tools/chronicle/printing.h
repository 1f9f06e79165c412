// Human-readable output of the chronicle command-line client.
#ifndef CHRONICLE_TOOLS_CHRONICLE_PRINTING_H_
#define CHRONICLE_TOOLS_CHRONICLE_PRINTING_H_

#include <string>

#include "chronicle/v1/ingest_service.pb.h"
#include "chronicle/v1/query_service.pb.h"
#include "google/protobuf/message.h"

namespace chronicle::cli {

// One line of JSON (proto3 JSON mapping, field names as in the .proto files).
std::string ToJsonLine(const google::protobuf::Message& message);

std::string FormatIngestResult(const std::string& file, const v1::IngestArticleResponse& response);
std::string FormatSearch(const v1::SearchResponse& response);
std::string FormatTimeline(const v1::TimelineResponse& response);

}  // namespace chronicle::cli

#endif  // CHRONICLE_TOOLS_CHRONICLE_PRINTING_H_
