#include "core/index/query_builder.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/index/schema.h"

namespace chronicle::index {

Xapian::Query AnyOfTerms(absl::string_view prefix,
                         const google::protobuf::RepeatedPtrField<std::string>& values) {
  if (values.empty()) return MatchAll();
  std::vector<Xapian::Query> terms;
  terms.reserve(values.size());
  for (const std::string& value : values) {
    terms.emplace_back(schema::BooleanTerm(prefix, absl::AsciiStrToLower(value)));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query TimeRange(Xapian::valueno slot, absl::Time start, absl::Time end) {
  // Seconds as doubles are exact for any date a news archive holds.
  const bool open_start = start == absl::InfinitePast();
  const bool open_end = end == absl::InfiniteFuture();
  if (open_start && open_end) return MatchAll();
  const std::string low = Xapian::sortable_serialise(static_cast<double>(absl::ToUnixSeconds(start)));
  // [start, end) on whole seconds: the last included second is end - 1.
  const std::string high =
      Xapian::sortable_serialise(static_cast<double>(absl::ToUnixSeconds(end) - 1));
  if (open_start) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, high);
  if (open_end) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, low, high);
}

Xapian::Query CreatedAtOrBefore(int64_t sequence) {
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kCreatedSequenceSlot,
                       Xapian::sortable_serialise(static_cast<double>(sequence)));
}

Xapian::Query Filtered(const Xapian::Query& query, const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace chronicle::index
