// Splits news text into word, number and punctuation tokens with the layout
// facts the entity rules need: capitalisation, sentence starts, headline lines
// and possessive endings.
#ifndef CHRONICLE_CORE_ENTITIES_TOKENIZER_H_
#define CHRONICLE_CORE_ENTITIES_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::entities {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct };

struct Token {
  // Byte span in the text; a possessive "'s" / "’s" / trailing "'" is outside it.
  uint32_t begin = 0;
  uint32_t end = 0;
  // Span of the word key (see AppendWordKey) in TokenizedText::keys.
  uint32_t key_begin = 0;
  uint32_t key_size = 0;
  TokenKind kind = TokenKind::kPunct;
  bool capitalized = false;  // first letter is uppercase
  bool all_caps = false;     // two or more letters, none lowercase
  bool sentence_start = false;
  bool headline = false;     // on a line written in title case or capitals
  bool all_caps_line = false;
  bool possessive = false;   // followed by a possessive ending
  bool space_before = false; // whitespace between this token and the previous one
  bool line_start = false;
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::string keys;

  absl::string_view Key(const Token& token) const {
    return absl::string_view(keys).substr(token.key_begin, token.key_size);
  }
  absl::string_view Key(size_t index) const { return Key(tokens[index]); }
};

// Tokenises UTF-8 `text` (invalid bytes are treated as punctuation). Words keep
// internal apostrophes ("O'Brien"), lowercase hyphen parts ("Gyu-back"),
// '&' between capitals ("AT&T") and abbreviation periods ("U.S.", "Gen.",
// "F."); a hyphen before a capital ("Japan-Korea") becomes its own token.
TokenizedText Tokenize(absl::string_view text);

}  // namespace chronicle::entities

#endif  // CHRONICLE_CORE_ENTITIES_TOKENIZER_H_
