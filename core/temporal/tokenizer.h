// Splits text into the tokens the temporal matcher works on.
#ifndef CHRONICLE_CORE_TEMPORAL_TOKENIZER_H_
#define CHRONICLE_CORE_TEMPORAL_TOKENIZER_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/temporal/lexicon.h"

namespace chronicle::temporal::internal {

enum class TokenKind : uint8_t { kWord, kNumber, kPunct };

// Shape of a kNumber token.
enum class NumberShape : uint8_t {
  kPlain,    // "2019", "24"
  kGrouped,  // "1,200"
  kDecimal,  // "8.3"
  kClock,    // "15:00"
  kOrdinal,  // "24th"
  kPlural,   // "1990s", "90s"
  kAmPm,     // "3pm", "11am"
  kOther,    // "10km", "3D"
};

struct Token {
  uint32_t begin = 0;  // byte offsets in the text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  NumberShape shape = NumberShape::kPlain;
  bool space_before = false;    // whitespace separates it from the previous token
  bool newline_before = false;  // that whitespace holds a line break
  bool paragraph_before = false;  // ... or two
  bool capitalized = false;     // starts with A-Z
  bool all_caps = false;        // two or more letters, all upper case
  bool pm = false;              // kAmPm: "pm"
  char punct = 0;               // kPunct: the ASCII byte; 'D' for en/em dashes
  uint8_t digits = 0;           // kNumber: count of leading digits
  int64_t value = -1;           // kNumber: integer value of the leading digits
                                // (kClock: hours * 100 + minutes)
  const Lexeme* lex = nullptr;  // kWord: lexicon entry of the lower-cased word
};

// Tokenizes `text`: words (letters, digits after a letter, non-ASCII bytes),
// numbers (digits with "1,200" groups, "8.3" decimals, "15:00" clock times and
// letter suffixes "th", "s", "pm"), and one-character punctuation (en and em
// dashes are one token). Whitespace is dropped. Appends to `tokens`.
void Tokenize(absl::string_view text, const Lexicon& lexicon, std::vector<Token>* tokens);

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_TOKENIZER_H_
