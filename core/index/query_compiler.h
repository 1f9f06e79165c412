// Turns a parsed query (core/query) into a Xapian query over the schema.
#ifndef CHRONICLE_CORE_INDEX_QUERY_COMPILER_H_
#define CHRONICLE_CORE_INDEX_QUERY_COMPILER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/query/query_ast.h"
#include "xapian.h"

namespace chronicle::index {

// The entity ids a name typed by a user may stand for ("Yoon Suk-yeol" ->
// {"person:yoon-suk-yeol"}). The query service builds it from the entity
// extractor's gazetteer.
using EntityResolver = std::function<std::vector<std::string>(absl::string_view name)>;

struct QueryContext {
  const Xapian::Database* db = nullptr;  // for prefix expansion
  const Xapian::Stem* stemmer = nullptr;
  const EntityResolver* resolve_entity = nullptr;  // may be null: values are taken as ids
  // Prefix of the words searched: empty for articles, schema::kEventTextPrefix
  // for events.
  std::string text_prefix;
};

// Words match their stem or, ranked higher, their exact form; phrases and
// prefixes match exact forms; title: uses the title's own terms; source:,
// entity:, lang: and published: filter without adding weight.
Xapian::Query CompileQuery(const query::Node& node, const QueryContext& context);

// Parses (core/query) and compiles `text`; empty text matches everything.
// Errors: INVALID_ARGUMENT naming `field`, with the offset of a syntax error.
absl::StatusOr<Xapian::Query> ParseTextQuery(absl::string_view text, absl::string_view field,
                                             const QueryContext& context);

// The unstemmed terms the indexer makes of `text`, in order. Running the
// indexer's own tokenizer keeps query and index in agreement ("U.S." -> "us",
// "Japan-Korea" -> "japan", "korea").
std::vector<std::string> ExactTerms(absl::string_view text);

// Entity filter: any of the ids `value` may stand for (a filter, no weight).
Xapian::Query EntityFilter(absl::string_view value, const EntityResolver* resolve_entity);
// The entity ids a filter value stands for: what `resolve_entity` (may be
// null) finds for it, and the value itself when it is written as an id.
std::vector<std::string> EntityIds(absl::string_view value, const EntityResolver* resolve_entity);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_QUERY_COMPILER_H_
