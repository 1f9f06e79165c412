// Turns a parsed query (core/query) into a query tree for the segment
// engine (core/index/segment/query_tree.h), term for term what
// query_compiler.h makes for Xapian: words match their stem or their exact
// form, phrases and prefixes exact forms, title: the title's terms, and
// source:, entity:, lang: and published: filter without weight.
//
// One difference, deliberate: a prefix stands for the disjunction of the (at
// most 100) terms held by the most documents, each weighted as a word
// (Xapian weighs them as one synonym).
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_QUERY_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_QUERY_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment/query_tree.h"
#include "core/query/query_ast.h"
#include "xapian.h"

namespace chronicle::index {

struct SegmentQueryContext {
  const Xapian::Stem* stemmer = nullptr;
  const EntityResolver* resolve_entity = nullptr;  // may be null: values are taken as ids
  // Prefix of the words searched (QueryContext::text_prefix).
  std::string text_prefix;
  // The terms a prefix stands for, at most `limit`
  // (segment::IndexSnapshot::ExpandPrefix); null: prefixes match nothing.
  std::function<std::vector<std::string>(absl::string_view prefix, size_t limit)> expand_prefix;
};

segment::QueryTree CompileSegmentQuery(const query::Node& node, const SegmentQueryContext& context);

// Parses and compiles `text`; empty text matches everything. Errors:
// INVALID_ARGUMENT naming `field`, as ParseTextQuery.
absl::StatusOr<segment::QueryTree> ParseSegmentQuery(absl::string_view text, absl::string_view field,
                                                     const SegmentQueryContext& context);

// Articles published in [start, end) (either end may be infinite), as a
// filter: the year and month terms that cover the range, so that a rare
// range proposes its own candidates, cut exactly by the publication times.
segment::QueryTree PublishedFilter(absl::Time start, absl::Time end);

// Articles about the entity `value` names (EntityIds), as a filter: that
// name it anywhere, or (prefix schema::kEventEntityPrefix) in an event.
segment::QueryTree SegmentEntityFilter(absl::string_view value, const EntityResolver* resolve_entity,
                                       absl::string_view prefix = schema::kEntityPrefix);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_QUERY_H_
