// Parses the search query language (see query_ast.h).
#ifndef CHRONICLE_CORE_QUERY_QUERY_PARSER_H_
#define CHRONICLE_CORE_QUERY_QUERY_PARSER_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/query/query_ast.h"

namespace chronicle::query {

// Bounds that keep a hostile query from costing more than a normal one.
struct QueryLimits {
  size_t max_bytes = 4096;
  int max_terms = 256;  // words, phrases words, prefixes and field values
  int max_depth = 32;   // nested parentheses and NOTs
};

// Parses `text`. Returns nullopt for a query with nothing in it (match
// everything). Errors: INVALID_ARGUMENT "<field>: <what> at offset N", N being
// the byte offset in `text`, e.g. "query: unterminated quote at offset 6".
absl::StatusOr<absl::optional<Node>> ParseQuery(absl::string_view text, absl::string_view field = "query",
                                                const QueryLimits& limits = {});

}  // namespace chronicle::query

#endif  // CHRONICLE_CORE_QUERY_QUERY_PARSER_H_
