// The search query language: any text either parses or is INVALID_ARGUMENT,
// and a parsed tree respects the limits.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "core/query/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = chronicle::query::ParseQuery(text);
  if (!parsed.ok()) {
    if (parsed.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  if (!parsed->has_value()) return 0;
  const chronicle::query::QueryLimits limits;
  int leaves = 0;
  std::function<void(const chronicle::query::Node&, int)> walk = [&](const chronicle::query::Node& node, int depth) {
    if (depth > 2 * limits.max_depth + 2) __builtin_trap();
    if (node.children.empty()) ++leaves;
    for (const auto& child : node.children) walk(child, depth + 1);
  };
  walk(**parsed, 0);
  if (leaves > limits.max_terms) __builtin_trap();
  return 0;
}
