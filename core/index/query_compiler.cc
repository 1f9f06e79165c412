#include "core/index/query_compiler.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "core/common/status_macros.h"
#include "core/index/query_builder.h"
#include "core/index/schema.h"
#include "core/query/query_parser.h"

namespace chronicle::index {
namespace {

// Prefix queries expand to at most this many of the most frequent words.
constexpr Xapian::termcount kMaxPrefixExpansion = 100;

std::string TextPrefix(query::Field field, const QueryContext& context) {
  return field == query::Field::kTitle ? std::string(schema::kTitlePrefix) : context.text_prefix;
}

Xapian::Query NoWeight(const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
}

Xapian::Query Word(const query::Node& node, const QueryContext& context) {
  const std::string prefix = TextPrefix(node.field, context);
  std::vector<Xapian::Query> parts;
  for (const std::string& term : ExactTerms(node.text)) {
    // Z<prefix><stem> holds every form of the word; the exact term adds
    // weight to documents that use the form typed.
    parts.emplace_back(Xapian::Query::OP_OR,
                       Xapian::Query(absl::StrCat(schema::kStemPrefix, prefix, (*context.stemmer)(term))),
                       Xapian::Query(prefix + term));
  }
  if (parts.empty()) return MatchAll();  // punctuation only
  if (parts.size() == 1) return parts.front();
  // "Japan-Korea" is two terms next to each other.
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query Phrase(const query::Node& node, const QueryContext& context) {
  const std::string prefix = TextPrefix(node.field, context);
  std::vector<Xapian::Query> terms;
  for (const std::string& term : ExactTerms(node.text)) terms.emplace_back(prefix + term);
  if (terms.empty()) return MatchAll();
  if (terms.size() == 1) return terms.front();
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

Xapian::Query Prefix(const query::Node& node, const QueryContext& context) {
  std::vector<std::string> terms = ExactTerms(node.text);
  if (terms.empty()) return MatchNothing();
  // Only the last word is a prefix: "south kor*" is "south" then kor*.
  const std::string prefix = TextPrefix(node.field, context);
  Xapian::Query wildcard(Xapian::Query::OP_WILDCARD, prefix + terms.back(), kMaxPrefixExpansion,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  if (terms.size() == 1) return wildcard;
  std::vector<Xapian::Query> parts;
  for (size_t i = 0; i + 1 < terms.size(); ++i) parts.emplace_back(prefix + terms[i]);
  parts.push_back(wildcard);
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query Exact(const query::Node& node, const QueryContext& context) {
  switch (node.field) {
    case query::Field::kSource:
      return NoWeight(Xapian::Query(schema::BooleanTerm(schema::kSourcePrefix, absl::AsciiStrToLower(node.text))));
    case query::Field::kLanguage:
      return NoWeight(
          Xapian::Query(schema::BooleanTerm(schema::kLanguagePrefix, absl::AsciiStrToLower(node.text))));
    case query::Field::kEntity:
      return EntityFilter(node.text, context.resolve_entity);
    default:
      return MatchNothing();
  }
}

Xapian::Query All(const query::Node& node, const QueryContext& context) {
  std::vector<Xapian::Query> required, excluded;
  for (const query::Node& child : node.children) {
    if (child.kind == query::Node::Kind::kNot) {
      excluded.push_back(CompileQuery(child.children.front(), context));
    } else {
      required.push_back(CompileQuery(child, context));
    }
  }
  Xapian::Query query = required.empty()
                            ? MatchAll()
                            : Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
  if (excluded.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                       Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
}

}  // namespace

std::vector<std::string> ExactTerms(absl::string_view text) {
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text(std::string(text));
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (Xapian::TermIterator term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
    for (Xapian::PositionIterator pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      positioned.emplace_back(*pos, *term);
    }
  }
  std::sort(positioned.begin(), positioned.end());
  std::vector<std::string> terms;
  terms.reserve(positioned.size());
  for (auto& [position, term] : positioned) terms.push_back(std::move(term));
  return terms;
}

std::vector<std::string> EntityIds(absl::string_view value, const EntityResolver* resolve_entity) {
  std::vector<std::string> ids;
  if (resolve_entity != nullptr && *resolve_entity) ids = (*resolve_entity)(value);
  // Ids are accepted as typed too ("person:yoon-suk-yeol").
  if (value.find(':') != absl::string_view::npos) ids.emplace_back(value);
  return ids;
}

Xapian::Query EntityFilter(absl::string_view value, const EntityResolver* resolve_entity) {
  std::vector<Xapian::Query> terms;
  for (const std::string& id : EntityIds(value, resolve_entity)) {
    terms.emplace_back(schema::BooleanTerm(schema::kEntityPrefix, id));
  }
  if (terms.empty()) return MatchNothing();
  return NoWeight(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
}

Xapian::Query CompileQuery(const query::Node& node, const QueryContext& context) {
  switch (node.kind) {
    case query::Node::Kind::kWord:
      return Word(node, context);
    case query::Node::Kind::kPhrase:
      return Phrase(node, context);
    case query::Node::Kind::kPrefix:
      return Prefix(node, context);
    case query::Node::Kind::kExact:
      return Exact(node, context);
    case query::Node::Kind::kDateRange:
      return NoWeight(PublishedRange(node.from, node.until));
    case query::Node::Kind::kAnd:
      return All(node, context);
    case query::Node::Kind::kOr: {
      std::vector<Xapian::Query> any;
      for (const query::Node& child : node.children) any.push_back(CompileQuery(child, context));
      return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    case query::Node::Kind::kNot:
      return Xapian::Query(Xapian::Query::OP_AND_NOT, MatchAll(),
                           CompileQuery(node.children.front(), context));
  }
  return MatchNothing();
}

absl::StatusOr<Xapian::Query> ParseTextQuery(absl::string_view text, absl::string_view field,
                                             const QueryContext& context) {
  ASSIGN_OR_RETURN(absl::optional<query::Node> node, query::ParseQuery(text, field));
  if (!node.has_value()) return MatchAll();
  return CompileQuery(*node, context);
}

}  // namespace chronicle::index
