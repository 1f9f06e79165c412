#include "core/query/query_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"

namespace chronicle::query {
namespace {

struct Token {
  enum class Kind { kWord, kPrefix, kPhrase, kField, kOpen, kClose, kAnd, kOr, kNot, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  Field field = Field::kText;  // kField
  size_t offset = 0;
  size_t end = 0;  // byte after the token
};

struct FieldName {
  absl::string_view name;
  Field field;
};
constexpr FieldName kFields[] = {{"title", Field::kTitle},   {"source", Field::kSource},
                                 {"entity", Field::kEntity}, {"lang", Field::kLanguage},
                                 {"published", Field::kPublished}};

// Both ASCII and typographic double quotes delimit phrases.
size_t QuoteLength(absl::string_view text, size_t i) {
  if (text[i] == '"') return 1;
  if (absl::StartsWith(text.substr(i), "\u201c") || absl::StartsWith(text.substr(i), "\u201d")) return 3;
  return 0;
}

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

class Lexer {
 public:
  Lexer(absl::string_view text, absl::string_view field) : text_(text), field_(field) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (IsSpace(c)) {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens.push_back({c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, "", Field::kText, i, i + 1});
        ++i;
      } else if (const size_t quote = QuoteLength(text_, i); quote > 0) {
        ASSIGN_OR_RETURN(i, Phrase(i, quote, tokens));
      } else if ((c == '-' || c == '+') && i + 1 < text_.size() && !IsSpace(text_[i + 1]) &&
                 text_[i + 1] != ')') {
        // -word excludes; +word is the default and needs no token.
        if (c == '-') tokens.push_back({Token::Kind::kNot, "-", Field::kText, i, i + 1});
        ++i;
      } else {
        i = Bare(i, tokens);
      }
    }
    tokens.push_back({Token::Kind::kEnd, "", Field::kText, text_.size(), text_.size()});
    return tokens;
  }

 private:
  absl::StatusOr<size_t> Phrase(size_t start, size_t quote, std::vector<Token>& tokens) {
    size_t i = start + quote;
    while (i < text_.size() && QuoteLength(text_, i) == 0) ++i;
    if (i >= text_.size()) {
      return absl::InvalidArgumentError(absl::StrCat(field_, ": unterminated quote at offset ", start));
    }
    const size_t close = QuoteLength(text_, i);
    tokens.push_back({Token::Kind::kPhrase, std::string(text_.substr(start + quote, i - start - quote)),
                      Field::kText, start, i + close});
    return i + close;
  }

  // A run up to white space, a parenthesis or a quote: an operator, a
  // "field:" followed by its value, or a word (prefix* when it ends in '*').
  size_t Bare(size_t start, std::vector<Token>& tokens) {
    size_t i = start;
    while (i < text_.size() && !IsSpace(text_[i]) && text_[i] != '(' && text_[i] != ')' &&
           QuoteLength(text_, i) == 0) {
      ++i;
    }
    absl::string_view word = text_.substr(start, i - start);
    if (word == "AND" || word == "OR" || word == "NOT") {
      const Token::Kind kind =
          word == "AND" ? Token::Kind::kAnd : word == "OR" ? Token::Kind::kOr : Token::Kind::kNot;
      tokens.push_back({kind, std::string(word), Field::kText, start, i});
      return i;
    }
    for (const FieldName& name : kFields) {
      if (word.size() > name.name.size() && word[name.name.size()] == ':' &&
          absl::EqualsIgnoreCase(word.substr(0, name.name.size()), name.name)) {
        const size_t value = start + name.name.size() + 1;
        tokens.push_back({Token::Kind::kField, std::string(name.name), name.field, start, value});
        if (value < i) Word(value, i, tokens);
        return i;
      }
      if (word.size() == name.name.size() + 1 && word.back() == ':' &&
          absl::EqualsIgnoreCase(word.substr(0, name.name.size()), name.name)) {
        tokens.push_back({Token::Kind::kField, std::string(name.name), name.field, start, i});
        return i;
      }
    }
    Word(start, i, tokens);
    return i;
  }

  void Word(size_t start, size_t end, std::vector<Token>& tokens) {
    absl::string_view word = text_.substr(start, end - start);
    if (word.size() > 1 && word.back() == '*') {
      tokens.push_back({Token::Kind::kPrefix, std::string(word.substr(0, word.size() - 1)), Field::kText,
                        start, end});
    } else {
      tokens.push_back({Token::Kind::kWord, std::string(word), Field::kText, start, end});
    }
  }

  absl::string_view text_;
  absl::string_view field_;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, absl::string_view field, const QueryLimits& limits)
      : tokens_(std::move(tokens)), field_(field), limits_(limits) {}

  absl::StatusOr<Node> Run() {
    ASSIGN_OR_RETURN(Node node, Or(0));
    if (Peek().kind == Token::Kind::kClose) return Error("unmatched ')'", Peek().offset);
    if (Peek().kind != Token::Kind::kEnd) return Error("unexpected text", Peek().offset);
    return node;
  }

 private:
  const Token& Peek() const { return tokens_[next_]; }
  const Token& Take() { return tokens_[next_++]; }

  absl::Status Error(absl::string_view what, size_t offset) const {
    return absl::InvalidArgumentError(absl::StrCat(field_, ": ", what, " at offset ", offset));
  }

  static bool StartsOperand(Token::Kind kind) {
    return kind == Token::Kind::kWord || kind == Token::Kind::kPrefix || kind == Token::Kind::kPhrase ||
           kind == Token::Kind::kField || kind == Token::Kind::kOpen || kind == Token::Kind::kNot;
  }

  absl::Status CountTerm(size_t offset) {
    if (++terms_ > limits_.max_terms) {
      return Error(absl::StrCat("more than ", limits_.max_terms, " terms"), offset);
    }
    return absl::OkStatus();
  }

  static Node Combine(Node::Kind kind, std::vector<Node> children) {
    if (children.size() == 1) return std::move(children.front());
    Node node;
    node.kind = kind;
    node.offset = children.front().offset;
    node.children = std::move(children);
    return node;
  }

  absl::StatusOr<Node> Or(int depth) {
    std::vector<Node> children;
    ASSIGN_OR_RETURN(Node first, And(depth));
    children.push_back(std::move(first));
    while (Peek().kind == Token::Kind::kOr) {
      const Token& op = Take();
      if (!StartsOperand(Peek().kind)) return Error("'OR' needs a term on both sides", op.offset);
      ASSIGN_OR_RETURN(Node next, And(depth));
      children.push_back(std::move(next));
    }
    return Combine(Node::Kind::kOr, std::move(children));
  }

  absl::StatusOr<Node> And(int depth) {
    std::vector<Node> children;
    if (!StartsOperand(Peek().kind)) return Missing();
    while (true) {
      ASSIGN_OR_RETURN(Node child, Unary(depth));
      children.push_back(std::move(child));
      if (Peek().kind == Token::Kind::kAnd) {
        const Token& op = Take();
        if (!StartsOperand(Peek().kind)) return Error("'AND' needs a term on both sides", op.offset);
        continue;
      }
      if (!StartsOperand(Peek().kind)) break;
    }
    return Combine(Node::Kind::kAnd, std::move(children));
  }

  absl::Status Missing() const {
    const Token& token = Peek();
    switch (token.kind) {
      case Token::Kind::kClose:
        return Error("unmatched ')'", token.offset);
      case Token::Kind::kAnd:
      case Token::Kind::kOr:
        return Error(absl::StrCat("'", token.text, "' needs a term on both sides"), token.offset);
      default:
        return Error("expected a term", token.offset);
    }
  }

  absl::StatusOr<Node> Unary(int depth) {
    if (Peek().kind == Token::Kind::kNot) {
      const Token& op = Take();
      if (depth + 1 > limits_.max_depth) return Error("too deeply nested", op.offset);
      if (!StartsOperand(Peek().kind)) return Error("'NOT' needs a term after it", op.offset);
      ASSIGN_OR_RETURN(Node child, Unary(depth + 1));
      Node node;
      node.kind = Node::Kind::kNot;
      node.offset = op.offset;
      node.children.push_back(std::move(child));
      return node;
    }
    return Primary(depth);
  }

  absl::StatusOr<Node> Group(int depth) {
    const Token& open = Take();
    if (depth + 1 > limits_.max_depth) return Error("too deeply nested", open.offset);
    if (Peek().kind == Token::Kind::kClose) return Error("empty parentheses", open.offset);
    ASSIGN_OR_RETURN(Node inner, Or(depth + 1));
    if (Peek().kind != Token::Kind::kClose) return Error("unmatched '('", open.offset);
    Take();
    return inner;
  }

  absl::StatusOr<Node> Primary(int depth) {
    const Token& token = Peek();
    switch (token.kind) {
      case Token::Kind::kOpen:
        return Group(depth);
      case Token::Kind::kField:
        return FieldValue(depth);
      case Token::Kind::kWord:
      case Token::Kind::kPrefix:
      case Token::Kind::kPhrase: {
        Take();
        RETURN_IF_ERROR(CountTerm(token.offset));
        Node node;
        node.kind = token.kind == Token::Kind::kWord     ? Node::Kind::kWord
                    : token.kind == Token::Kind::kPrefix ? Node::Kind::kPrefix
                                                         : Node::Kind::kPhrase;
        node.text = token.text;
        node.offset = token.offset;
        return node;
      }
      default:
        return Missing();
    }
  }

  static void SetTextField(Node& node, Field field) {
    if (node.field == Field::kText &&
        (node.kind == Node::Kind::kWord || node.kind == Node::Kind::kPhrase || node.kind == Node::Kind::kPrefix)) {
      node.field = field;
    }
    for (Node& child : node.children) SetTextField(child, field);
  }

  absl::StatusOr<Node> FieldValue(int depth) {
    const Token field = Take();
    const Token& value = Peek();
    const bool attached = value.offset == field.end;
    if (!attached || value.kind == Token::Kind::kEnd || value.kind == Token::Kind::kClose) {
      return Error(absl::StrCat(field.text, ": needs a value right after the colon"), field.offset);
    }
    if (field.field == Field::kTitle) {
      if (value.kind == Token::Kind::kOpen) {
        ASSIGN_OR_RETURN(Node group, Group(depth));
        SetTextField(group, Field::kTitle);
        return group;
      }
      ASSIGN_OR_RETURN(Node node, Primary(depth));
      SetTextField(node, Field::kTitle);
      return node;
    }
    if (value.kind != Token::Kind::kWord && value.kind != Token::Kind::kPhrase) {
      return Error(absl::StrCat(field.text, ": takes a word or a \"quoted value\""), value.offset);
    }
    Take();
    RETURN_IF_ERROR(CountTerm(value.offset));
    Node node;
    node.field = field.field;
    node.offset = field.offset;
    if (field.field == Field::kPublished) return DateRange(value, std::move(node));
    node.kind = Node::Kind::kExact;
    node.text = value.text;
    return node;
  }

  absl::StatusOr<Node> DateRange(const Token& value, Node node) {
    node.kind = Node::Kind::kDateRange;
    const std::string field_name = absl::StrCat(field_, ": published");
    const size_t dots = value.text.find("..");
    absl::StatusOr<DatePeriod> range =
        dots == std::string::npos
            ? ParseDatePeriod(value.text, field_name)
            : ParseDateRange(value.text.substr(0, dots), field_name, value.text.substr(dots + 2), field_name);
    if (!range.ok() || (dots == std::string::npos && value.text.empty())) {
      return Error("published: expects YYYY, YYYY-MM, YYYY-MM-DD or a range like 2019..2023-06",
                   value.offset);
    }
    node.from = range->start;
    node.until = range->end;
    return node;
  }

  std::vector<Token> tokens_;
  size_t next_ = 0;
  absl::string_view field_;
  const QueryLimits& limits_;
  int terms_ = 0;
};

}  // namespace

absl::StatusOr<absl::optional<Node>> ParseQuery(absl::string_view text, absl::string_view field,
                                                const QueryLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", text.size(), " bytes is over the limit of ", limits.max_bytes));
  }
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer(text, field).Run());
  if (tokens.size() == 1) return absl::nullopt;  // only the end token: match everything
  ASSIGN_OR_RETURN(Node node, Parser(std::move(tokens), field, limits).Run());
  return node;
}

}  // namespace chronicle::query
