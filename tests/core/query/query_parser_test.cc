#include "core/query/query_parser.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::query {
namespace {

using ::testing::HasSubstr;

// A compact rendering of the tree so expectations read like the query.
std::string Show(const Node& node) {
  auto field = [](Field f) -> std::string {
    switch (f) {
      case Field::kTitle: return "title:";
      case Field::kSource: return "source:";
      case Field::kEntity: return "entity:";
      case Field::kLanguage: return "lang:";
      case Field::kPublished: return "published:";
      default: return "";
    }
  };
  auto join = [&](const std::string& op) {
    std::string out = "(" + op;
    for (const Node& child : node.children) out += " " + Show(child);
    return out + ")";
  };
  switch (node.kind) {
    case Node::Kind::kWord: return field(node.field) + node.text;
    case Node::Kind::kPhrase: return field(node.field) + "\"" + node.text + "\"";
    case Node::Kind::kPrefix: return field(node.field) + node.text + "*";
    case Node::Kind::kExact: return field(node.field) + "=" + node.text;
    case Node::Kind::kDateRange: return "published:range";
    case Node::Kind::kAnd: return join("AND");
    case Node::Kind::kOr: return join("OR");
    case Node::Kind::kNot: return join("NOT");
  }
  return "?";
}

std::string Parsed(const std::string& text) {
  auto node = ParseQuery(text);
  if (!node.ok()) return "error: " + std::string(node.status().message());
  return node->has_value() ? Show(**node) : "<all>";
}

TEST(QueryParserTest, WordsAreAndedAndOrBindsLooser) {
  EXPECT_EQ(Parsed("forced labor"), "(AND forced labor)");
  EXPECT_EQ(Parsed("a b OR c"), "(OR (AND a b) c)");
  EXPECT_EQ(Parsed("a AND (b OR c)"), "(AND a (OR b c))");
  EXPECT_EQ(Parsed("japan or korea"), "(AND japan or korea)");  // lower case is a word
}

TEST(QueryParserTest, PhrasesPrefixesAndNegation) {
  EXPECT_EQ(Parsed("\"comfort women\" -deal"), "(AND \"comfort women\" (NOT deal))");
  EXPECT_EQ(Parsed("NOT summit semicond*"), "(AND (NOT summit) semicond*)");
  EXPECT_EQ(Parsed("“typographic quotes”"), "\"typographic quotes\"");
  EXPECT_EQ(Parsed("-a"), "(NOT a)");
  EXPECT_EQ(Parsed("well-known"), "well-known");  // a hyphen inside a word is part of it
}

TEST(QueryParserTest, Fields) {
  EXPECT_EQ(Parsed("title:summit"), "title:summit");
  EXPECT_EQ(Parsed("title:\"trade war\" title:chip*"), "(AND title:\"trade war\" title:chip*)");
  EXPECT_EQ(Parsed("title:(trade OR export)"), "(OR title:trade title:export)");
  EXPECT_EQ(Parsed("source:\"Asia Pulse Daily\" lang:en"), "(AND source:=Asia Pulse Daily lang:=en)");
  EXPECT_EQ(Parsed("entity:person:yoon-suk-yeol"), "entity:=person:yoon-suk-yeol");
  EXPECT_EQ(Parsed("U.S.: trade"), "(AND U.S.: trade)");  // not a field
  EXPECT_EQ(Parsed("Title:summit"), "title:summit");
}

TEST(QueryParserTest, PublishedRanges) {
  auto node = ParseQuery("published:2019..2023-06");
  ASSERT_TRUE(node.ok()) << node.status();
  ASSERT_TRUE(node->has_value());
  EXPECT_EQ((*node)->kind, Node::Kind::kDateRange);
  EXPECT_EQ((*node)->from, absl::FromCivil(absl::CivilYear(2019), absl::UTCTimeZone()));
  EXPECT_EQ((*node)->until, absl::FromCivil(absl::CivilMonth(2023, 7), absl::UTCTimeZone()));
  auto open_start = ParseQuery("published:..2020");
  ASSERT_TRUE(open_start.ok());
  EXPECT_EQ((*open_start)->from, absl::InfinitePast());
  auto single = ParseQuery("published:2019-12-24");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ((*single)->until - (*single)->from, absl::Hours(24));
}

TEST(QueryParserTest, EmptyQueryMatchesEverything) {
  EXPECT_EQ(Parsed(""), "<all>");
  EXPECT_EQ(Parsed("   "), "<all>");
}

TEST(QueryParserTest, SyntaxErrorsNameTheOffset) {
  EXPECT_EQ(Parsed("trade \"war"), "error: query: unterminated quote at offset 6");
  EXPECT_EQ(Parsed("(trade war"), "error: query: unmatched '(' at offset 0");
  EXPECT_EQ(Parsed("trade) war"), "error: query: unmatched ')' at offset 5");
  EXPECT_EQ(Parsed("trade OR"), "error: query: 'OR' needs a term on both sides at offset 6");
  EXPECT_EQ(Parsed("OR trade"), "error: query: 'OR' needs a term on both sides at offset 0");
  EXPECT_EQ(Parsed("a AND AND b"), "error: query: 'AND' needs a term on both sides at offset 2");
  EXPECT_EQ(Parsed("()"), "error: query: empty parentheses at offset 0");
  EXPECT_EQ(Parsed("NOT"), "error: query: 'NOT' needs a term after it at offset 0");
  EXPECT_EQ(Parsed("title: summit"), "error: query: title: needs a value right after the colon at offset 0");
  EXPECT_THAT(Parsed("published:last-week"), HasSubstr("published: expects YYYY"));
  EXPECT_THAT(Parsed("published:2023..2019"), HasSubstr("at offset 10"));
}

TEST(QueryParserTest, HostileQueriesHitDocumentedLimits) {
  EXPECT_THAT(Parsed(std::string(5000, 'a')), HasSubstr("over the limit of 4096"));
  std::string many;
  for (int i = 0; i < 300; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_THAT(Parsed(many), HasSubstr("more than 256 terms"));
  EXPECT_THAT(Parsed(std::string(40, '(') + "a" + std::string(40, ')')), HasSubstr("too deeply nested"));
  std::string nots;
  for (int i = 0; i < 40; ++i) nots += "NOT ";
  EXPECT_THAT(Parsed(nots + "a"), HasSubstr("too deeply nested"));
}

TEST(QueryParserTest, FieldNameOfTheRequestIsUsed) {
  auto node = ParseQuery("\"open", "filter.text");
  EXPECT_THAT(std::string(node.status().message()), testing::StartsWith("filter.text: "));
}

}  // namespace
}  // namespace chronicle::query
