#include "core/temporal/tokenizer.h"

#include <cstring>

namespace chronicle::temporal::internal {
namespace {

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Multi-byte punctuation that matters to the rules, as (bytes, length, code).
// Everything else non-ASCII is read as part of a word.
int MultiBytePunct(absl::string_view text, size_t i, char* code) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
    *code = ' ';  // no-break space
    return 2;
  }
  if (c != 0xE2 || i + 2 >= text.size()) return 0;
  const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
  const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
  if (c1 == 0x80) {
    if (c2 == 0x93 || c2 == 0x94 || c2 == 0x92) *code = 'D';        // en, em, figure dash
    else if (c2 == 0x98 || c2 == 0x99) *code = '\'';                // curly single quotes
    else if (c2 == 0x9C || c2 == 0x9D) *code = '"';                 // curly double quotes
    else if (c2 == 0xA6) *code = '.';                               // ellipsis
    else if (c2 >= 0x80 && c2 <= 0x8A) *code = ' ';                // thin/other spaces
    else if (c2 == 0xAF) *code = ' ';
    else *code = '?';
    return 3;
  }
  if (c1 == 0x88 && c2 == 0x92) {  // minus sign
    *code = 'D';
    return 3;
  }
  return 0;
}

// Lower-cases an ASCII word into `buf`; false when it cannot be in the lexicon.
bool LowerAscii(absl::string_view word, char* buf, size_t cap) {
  if (word.size() > cap) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) return false;
    buf[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  }
  return true;
}

}  // namespace

void Tokenize(absl::string_view text, const Lexicon& lexicon, std::vector<Token>* tokens) {
  const size_t n = text.size();
  size_t i = 0;
  bool space = true;
  bool newline = true;
  int newlines = 2;
  char lower[24];
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    char code = 0;
    const int mb = c >= 0x80 ? MultiBytePunct(text, i, &code) : 0;
    if (IsSpace(c) || (mb > 0 && code == ' ')) {
      space = true;
      if (c == '\n') {
        newline = true;
        ++newlines;
      }
      i += mb > 0 ? mb : 1;
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    t.space_before = space;
    t.newline_before = newline;
    t.paragraph_before = newlines >= 2;
    space = newline = false;
    newlines = 0;
    if (mb > 0) {
      t.kind = TokenKind::kPunct;
      t.punct = code;
      i += mb;
    } else if (IsDigit(c)) {
      t.kind = TokenKind::kNumber;
      int64_t value = 0;
      size_t j = i;
      while (j < n && IsDigit(text[j])) {
        if (j - i < 18) value = value * 10 + (text[j] - '0');
        ++j;
      }
      t.digits = static_cast<uint8_t>(j - i > 255 ? 255 : j - i);
      t.value = value;
      // "1,200,000" groups, "8.3" decimals, "15:00" clock times.
      while (j + 1 < n) {
        const char sep = text[j];
        if (sep == ',' && j + 3 < n + 0 && IsDigit(text[j + 1]) && IsDigit(text[j + 2]) &&
            IsDigit(text[j + 3]) && (j + 4 >= n || !IsDigit(text[j + 4]))) {
          t.shape = NumberShape::kGrouped;
          j += 4;
        } else if (sep == '.' && IsDigit(text[j + 1])) {
          t.shape = NumberShape::kDecimal;
          ++j;
          while (j < n && IsDigit(text[j])) ++j;
        } else if (sep == ':' && t.shape == NumberShape::kPlain && j - i <= 2 && j + 2 < n + 0 &&
                   IsDigit(text[j + 1]) && IsDigit(text[j + 2]) &&
                   (j + 3 >= n || !IsDigit(text[j + 3]))) {
          t.shape = NumberShape::kClock;
          t.value = value * 100 + (text[j + 1] - '0') * 10 + (text[j + 2] - '0');
          j += 3;
        } else {
          break;
        }
      }
      if (j < n && IsAsciiLetter(text[j])) {
        size_t k = j;
        while (k < n && (IsAsciiLetter(text[k]) || IsDigit(text[k]))) ++k;
        char suffix[4] = {0, 0, 0, 0};
        if (k - j <= 3 && LowerAscii(text.substr(j, k - j), suffix, 3)) {
          if (t.shape == NumberShape::kPlain &&
              (!strcmp(suffix, "th") || !strcmp(suffix, "st") || !strcmp(suffix, "nd") ||
               !strcmp(suffix, "rd"))) {
            t.shape = NumberShape::kOrdinal;
          } else if (t.shape == NumberShape::kPlain && !strcmp(suffix, "s")) {
            t.shape = NumberShape::kPlural;
          } else if ((t.shape == NumberShape::kPlain || t.shape == NumberShape::kClock) &&
                     (!strcmp(suffix, "am") || !strcmp(suffix, "pm"))) {
            t.pm = suffix[0] == 'p';
            t.shape = NumberShape::kAmPm;
          } else {
            t.shape = NumberShape::kOther;
          }
        } else {
          t.shape = NumberShape::kOther;
        }
        j = k;
      }
      i = j;
    } else if (IsAsciiLetter(c) || c >= 0x80) {
      t.kind = TokenKind::kWord;
      size_t j = i;
      int upper = 0;
      int letters = 0;
      while (j < n) {
        const unsigned char d = static_cast<unsigned char>(text[j]);
        if (IsAsciiLetter(d) || IsDigit(d)) {
          if (d >= 'A' && d <= 'Z') ++upper;
          if (!IsDigit(d)) ++letters;
          ++j;
        } else if (d >= 0x80) {
          char ignored;
          if (MultiBytePunct(text, j, &ignored) > 0) break;
          ++j;
        } else {
          break;
        }
      }
      t.capitalized = c >= 'A' && c <= 'Z';
      t.all_caps = letters >= 2 && upper == letters;
      absl::string_view word = text.substr(i, j - i);
      if (LowerAscii(word, lower, sizeof(lower))) {
        t.lex = lexicon.Find(absl::string_view(lower, word.size()));
      }
      i = j;
    } else {
      t.kind = TokenKind::kPunct;
      t.punct = static_cast<char>(c);
      if (c == '`') t.punct = '\'';
      ++i;
    }
    t.end = static_cast<uint32_t>(i);
    tokens->push_back(t);
  }
}

}  // namespace chronicle::temporal::internal
