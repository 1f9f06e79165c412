// Builds Xapian queries from request text and filters, shared by Search and
// Timeline so both read the query language the same way.
#ifndef CHRONICLE_CORE_INDEX_QUERY_BUILDER_H_
#define CHRONICLE_CORE_INDEX_QUERY_BUILDER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_field.h"
#include "xapian.h"

namespace chronicle::index {

// A new query matching every document, or none. Use these, never
// Xapian::Query::MatchAll or MatchNothing: those are process-wide objects with
// a non-atomic reference count, so copying them from two threads at once
// corrupts the count and frees the object under the other thread (the query
// service crashed that way under concurrent load).
inline Xapian::Query MatchAll() { return Xapian::Query(std::string()); }
inline Xapian::Query MatchNothing() { return Xapian::Query(); }

// OR of `prefix`+lowercase(value) terms; MatchAll when `values` is empty.
Xapian::Query AnyOfTerms(absl::string_view prefix,
                         const google::protobuf::RepeatedPtrField<std::string>& values);

// Documents whose `slot` value (sortable seconds) lies in [start, end).
Xapian::Query TimeRange(Xapian::valueno slot, absl::Time start, absl::Time end);

// Documents published in [start, end) (kPublishedSlot), for filters. Whole
// years and months inside the range match through their boolean terms, whose
// posting lists skip; only the edge months read the published value document
// by document. Open-ended ranges read the value.
Xapian::Query PublishedRange(absl::Time start, absl::Time end);

// Documents created at or before `sequence` (a page token's snapshot).
Xapian::Query CreatedAtOrBefore(int64_t sequence);

// `query` restricted (without changing its weights) by `filter`.
Xapian::Query Filtered(const Xapian::Query& query, const Xapian::Query& filter);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_QUERY_BUILDER_H_
