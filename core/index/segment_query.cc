#include "core/index/segment_query.h"

#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/schema.h"
#include "core/index/word_splitter.h"
#include "core/query/query_parser.h"

namespace chronicle::index {
namespace {

using segment::QueryTree;

// As many terms as Xapian's wildcard expansion takes.
constexpr size_t kMaxPrefixExpansion = 100;
// A range covering more months than this is cut by the publication times
// alone.
constexpr size_t kMaxPublishedTerms = 64;

std::string TextPrefix(query::Field field, const SegmentQueryContext& context) {
  return field == query::Field::kTitle ? std::string(schema::kTitlePrefix) : context.text_prefix;
}

QueryTree Word(const query::Node& node, const SegmentQueryContext& context) {
  const std::string prefix = TextPrefix(node.field, context);
  std::vector<QueryTree> parts;
  for (const std::string& term : ExactTerms(node.text)) {
    const std::string stem = (*context.stemmer)(term);
    std::vector<std::string> forms = {absl::StrCat(schema::kStemPrefix, prefix, stem), prefix + term};
    // The index gives a word that takes a stem its stem term beside it
    // (DocumentBuilder), counting each occurrence of each of its forms:
    // every document with the form holds the stem at least as often, and
    // the stem's postings alone then find the word.
    if (WordTakesStem(term) && !stem.empty()) {
      parts.push_back(QueryTree::AnyCoveredByFirst(std::move(forms)));
    } else {
      parts.push_back(QueryTree::Any({QueryTree::Term(std::move(forms[0])), QueryTree::Term(std::move(forms[1]))}));
    }
  }
  if (parts.empty()) return QueryTree::Everything();  // punctuation only
  if (parts.size() == 1) return std::move(parts.front());
  return QueryTree::All(std::move(parts));
}

QueryTree Phrase(const query::Node& node, const SegmentQueryContext& context) {
  const std::string prefix = TextPrefix(node.field, context);
  std::vector<std::string> terms;
  for (const std::string& term : ExactTerms(node.text)) terms.push_back(prefix + term);
  if (terms.empty()) return QueryTree::Everything();
  if (terms.size() == 1) return QueryTree::Term(std::move(terms.front()));
  return QueryTree::Phrase(std::move(terms));
}

QueryTree Prefix(const query::Node& node, const SegmentQueryContext& context) {
  std::vector<std::string> terms = ExactTerms(node.text);
  if (terms.empty()) return QueryTree::Nothing();
  // Only the last word is a prefix: "south kor*" is "south" then kor*.
  const std::string prefix = TextPrefix(node.field, context);
  std::vector<QueryTree> expanded;
  if (context.expand_prefix) {
    for (std::string& term : context.expand_prefix(prefix + terms.back(), kMaxPrefixExpansion)) {
      expanded.push_back(QueryTree::Term(std::move(term)));
    }
  }
  QueryTree wildcard = expanded.empty() ? QueryTree::Nothing() : QueryTree::Any(std::move(expanded));
  if (terms.size() == 1) return wildcard;
  std::vector<QueryTree> parts;
  for (size_t i = 0; i + 1 < terms.size(); ++i) parts.push_back(QueryTree::Term(prefix + terms[i]));
  parts.push_back(std::move(wildcard));
  return QueryTree::All(std::move(parts));
}

QueryTree Exact(const query::Node& node, const SegmentQueryContext& context) {
  switch (node.field) {
    case query::Field::kSource:
      return QueryTree::Filter(
          QueryTree::Term(schema::BooleanTerm(schema::kSourcePrefix, absl::AsciiStrToLower(node.text))));
    case query::Field::kLanguage:
      return QueryTree::Filter(
          QueryTree::Term(schema::BooleanTerm(schema::kLanguagePrefix, absl::AsciiStrToLower(node.text))));
    case query::Field::kEntity:
      return SegmentEntityFilter(node.text, context.resolve_entity);
    default:
      return QueryTree::Nothing();
  }
}

}  // namespace

QueryTree SegmentEntityFilter(absl::string_view value, const EntityResolver* resolve_entity,
                              absl::string_view prefix) {
  std::vector<QueryTree> terms;
  for (const std::string& id : EntityIds(value, resolve_entity)) {
    terms.push_back(QueryTree::Term(schema::BooleanTerm(prefix, id)));
  }
  if (terms.empty()) return QueryTree::Nothing();
  return QueryTree::Filter(QueryTree::Any(std::move(terms)));
}

namespace {

QueryTree All(const query::Node& node, const SegmentQueryContext& context) {
  std::vector<QueryTree> required, excluded;
  for (const query::Node& child : node.children) {
    if (child.kind == query::Node::Kind::kNot) {
      excluded.push_back(CompileSegmentQuery(child.children.front(), context));
    } else {
      required.push_back(CompileSegmentQuery(child, context));
    }
  }
  QueryTree query = required.empty() ? QueryTree::Everything() : QueryTree::All(std::move(required));
  if (excluded.empty()) return query;
  return QueryTree::Except(std::move(query), std::move(excluded));
}

// The first whole second at or after `time`: publication times are whole
// seconds, so [start, end) holds those in [Ceil(start), Ceil(end) - 1].
int64_t CeilSeconds(absl::Time time) {
  return absl::ToInt64Seconds(absl::Ceil(time - absl::UnixEpoch(), absl::Seconds(1)));
}

}  // namespace

QueryTree PublishedFilter(absl::Time start, absl::Time end) {
  if (start >= end) return QueryTree::Nothing();
  const int64_t min = start == absl::InfinitePast() ? std::numeric_limits<int64_t>::min() : CeilSeconds(start);
  const int64_t max = end == absl::InfiniteFuture() ? std::numeric_limits<int64_t>::max() : CeilSeconds(end) - 1;
  if (min > max) return QueryTree::Nothing();
  QueryTree range = QueryTree::Published(min, max);
  if (start == absl::InfinitePast() || end == absl::InfiniteFuture()) return QueryTree::Filter(std::move(range));
  // The months (whole years as one term) the range touches.
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilMonth last = absl::ToCivilMonth(end - absl::Nanoseconds(1), utc);
  std::vector<QueryTree> cover;
  for (absl::CivilMonth month = absl::ToCivilMonth(start, utc); month <= last;) {
    const std::string text = absl::FormatTime("%Y-%m", absl::FromCivil(month, utc), utc);
    if (month.month() == 1 && month + 11 <= last) {
      cover.push_back(QueryTree::Term(schema::BooleanTerm(schema::kYearPrefix, text.substr(0, 4))));
      month += 12;
    } else {
      cover.push_back(QueryTree::Term(schema::BooleanTerm(schema::kMonthPrefix, text)));
      month += 1;
    }
    if (cover.size() > kMaxPublishedTerms) return QueryTree::Filter(std::move(range));
  }
  std::vector<QueryTree> parts;
  parts.push_back(QueryTree::Filter(QueryTree::Any(std::move(cover))));
  parts.push_back(QueryTree::Filter(std::move(range)));
  return QueryTree::All(std::move(parts));
}

QueryTree CompileSegmentQuery(const query::Node& node, const SegmentQueryContext& context) {
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
      return PublishedFilter(node.from, node.until);
    case query::Node::Kind::kAnd:
      return All(node, context);
    case query::Node::Kind::kOr: {
      std::vector<QueryTree> any;
      for (const query::Node& child : node.children) any.push_back(CompileSegmentQuery(child, context));
      return QueryTree::Any(std::move(any));
    }
    case query::Node::Kind::kNot:
      return QueryTree::Except(QueryTree::Everything(), {CompileSegmentQuery(node.children.front(), context)});
  }
  return QueryTree::Nothing();
}

absl::StatusOr<QueryTree> ParseSegmentQuery(absl::string_view text, absl::string_view field,
                                            const SegmentQueryContext& context) {
  ASSIGN_OR_RETURN(absl::optional<query::Node> node, query::ParseQuery(text, field));
  if (!node.has_value()) return QueryTree::Everything();
  return CompileSegmentQuery(*node, context);
}

}  // namespace chronicle::index
