#include "core/entities/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "absl/strings/ascii.h"
#include "core/entities/text_utils.h"

namespace chronicle::entities {
namespace {

// Abbreviations whose period belongs to the word and does not end a sentence.
bool IsAbbreviation(absl::string_view key) {
  static constexpr absl::string_view kAbbreviations[] = {
      "mr",   "mrs",  "ms",   "dr",    "gen",  "lt",   "col",  "sgt",  "adm",
      "gov",  "sen",  "rep",  "prof",  "st",   "jr",   "sr",   "inc",  "corp",
      "co",   "ltd",  "bros", "mt",    "ft",   "capt", "maj",  "cmdr", "rev",
      "hon",  "messrs", "cie", "dept", "no",   "vs",   "jan",  "feb",  "mar",
      "apr",  "jun",  "jul",  "aug",   "sep",  "sept", "oct",  "nov",  "dec",
      "pres", "gov't", "supt", "insp", "det",  "cpl",  "pvt",  "brig", "fr"};
  for (absl::string_view a : kAbbreviations) {
    if (key == a) return true;
  }
  return false;
}

struct CodePoint {
  UChar32 c = -1;
  size_t size = 1;
};

CodePoint Decode(absl::string_view text, size_t pos) {
  unsigned char b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) return {static_cast<UChar32>(b), 1};
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
  return {c, static_cast<size_t>(i) - pos};
}

bool IsLetter(UChar32 c) {
  if (c < 0x80) return absl::ascii_isalpha(static_cast<unsigned char>(c));
  return c > 0 && (u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK);
}
bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }
bool IsUpper(UChar32 c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(c) || u_istitle(c);
}
bool IsLower(UChar32 c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(c);
}

// "Seoul-based", "US-led": the name before the hyphen stands alone.
bool IsAdjectiveSuffixWord(absl::string_view word) {
  static constexpr absl::string_view kSuffixes[] = {
      "based", "led", "backed", "born", "made", "owned", "run", "controlled", "listed",
      "bound", "style", "era", "funded", "friendly", "linked", "related", "sponsored",
      "oriented", "dominated", "affiliated", "headquartered", "allied", "brokered",
      "occupied", "administered", "held", "registered", "flagged", "born", "educated",
      "trained", "centred", "centered", "focused", "specific", "wide", "bashing"};
  for (absl::string_view s : kSuffixes) {
    if (word == s) return true;
  }
  return false;
}

class Tokenizer {
 public:
  explicit Tokenizer(absl::string_view text) : text_(text) {}

  TokenizedText Run() {
    out_.tokens.reserve(text_.size() / 5 + 4);
    out_.keys.reserve(text_.size() + 16);
    size_t pos = 0;
    while (pos < text_.size()) {
      unsigned char b = static_cast<unsigned char>(text_[pos]);
      if (b == '\n') {
        ++newlines_;
        space_ = true;
        ++pos;
        continue;
      }
      if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v') {
        space_ = true;
        ++pos;
        continue;
      }
      CodePoint cp = Decode(text_, pos);
      if (IsLetter(cp.c)) {
        pos = Word(pos);
      } else if (IsDigit(cp.c)) {
        pos = Number(pos);
      } else {
        pos = Punct(pos, cp);
      }
    }
    return std::move(out_);
  }

 private:
  Token& Start(size_t begin, TokenKind kind) {
    Token t;
    t.begin = static_cast<uint32_t>(begin);
    t.kind = kind;
    t.space_before = space_ || out_.tokens.empty();
    t.line_start = newlines_ > 0 || out_.tokens.empty();
    if (newlines_ >= 2) sentence_pending_ = true;
    newlines_ = 0;
    space_ = false;
    out_.tokens.push_back(t);
    return out_.tokens.back();
  }

  void FinishKey(Token& t) {
    t.key_begin = static_cast<uint32_t>(out_.keys.size());
    AppendWordKey(text_.substr(t.begin, t.end - t.begin), &out_.keys);
    t.key_size = static_cast<uint32_t>(out_.keys.size()) - t.key_begin;
  }

  bool IsAdjectiveSuffix(size_t pos) const {
    size_t end = pos;
    while (end < text_.size() && absl::ascii_islower(static_cast<unsigned char>(text_[end]))) {
      ++end;
    }
    if (end < text_.size() && IsLetter(Decode(text_, end).c)) return false;
    return IsAdjectiveSuffixWord(text_.substr(pos, end - pos));
  }

  size_t Word(size_t pos) {
    Token& t = Start(pos, TokenKind::kWord);
    t.sentence_start = sentence_pending_;
    sentence_pending_ = false;
    bool first = true, any_lower = false;
    int letters = 0;
    size_t end = pos;
    while (end < text_.size()) {
      CodePoint cp = Decode(text_, end);
      if (IsLetter(cp.c) || IsDigit(cp.c)) {
        if (first) t.capitalized = IsUpper(cp.c);
        first = false;
        if (IsLetter(cp.c)) ++letters;
        any_lower = any_lower || IsLower(cp.c);
        end += cp.size;
        continue;
      }
      size_t apostrophe = 0;
      if (cp.c == '\'') apostrophe = 1;
      if (cp.c == 0x2019) apostrophe = 3;
      if (apostrophe > 0) {
        size_t after = end + apostrophe;
        CodePoint next = after < text_.size() ? Decode(text_, after) : CodePoint{};
        bool s_end = (next.c == 's' || next.c == 'S') &&
                     (after + 1 >= text_.size() || !IsLetter(Decode(text_, after + 1).c));
        if (s_end) {
          t.possessive = true;
          pos = after + 1;
          break;
        }
        if (IsLetter(next.c)) {
          end = after;
          continue;
        }
        // "Reuters'" : a plural possessive.
        if (end > pos && (text_[end - 1] == 's' || text_[end - 1] == 'S')) {
          t.possessive = true;
          pos = after;
          break;
        }
        pos = end;
        break;
      }
      if (cp.c == '-' && end + 1 < text_.size()) {
        CodePoint next = Decode(text_, end + 1);
        if (IsDigit(next.c) ||
            (IsLetter(next.c) && !IsUpper(next.c) && !IsAdjectiveSuffix(end + 1))) {
          end += 1;
          continue;
        }
      }
      if (cp.c == '&' && end + 1 < text_.size() && IsUpper(Decode(text_, end + 1).c) &&
          t.capitalized) {
        end += 1;
        continue;
      }
      pos = end;
      break;
    }
    if (end >= text_.size()) pos = end;
    t.end = static_cast<uint32_t>(end);
    t.all_caps = letters >= 2 && !any_lower;
    AbsorbPeriod(t, letters, &pos);
    FinishKey(t);
    return pos;
  }

  // Takes a following period into the word when it marks an abbreviation or
  // an initial rather than the end of a sentence.
  void AbsorbPeriod(Token& t, int letters, size_t* pos) {
    if (t.possessive || *pos >= text_.size() || text_[*pos] != '.') return;
    size_t end = t.end;
    // Dotted initialisms: U.S., U.K., U.S.A.
    if (letters == 1 && t.capitalized) {
      size_t p = end;
      while (p + 2 < text_.size() && text_[p] == '.' &&
             absl::ascii_isupper(static_cast<unsigned char>(text_[p + 1])) &&
             text_[p + 2] == '.') {
        p += 2;
      }
      if (p > end) {
        t.end = static_cast<uint32_t>(p + 1);
        t.all_caps = true;
        *pos = p + 1;
        return;
      }
      t.end = static_cast<uint32_t>(end + 1);  // an initial: "John F. Kennedy"
      *pos = end + 1;
      return;
    }
    std::string key;
    AppendFolded(text_.substr(t.begin, end - t.begin), &key);
    if (IsAbbreviation(key)) {
      t.end = static_cast<uint32_t>(end + 1);
      *pos = end + 1;
    }
  }

  size_t Number(size_t pos) {
    Token& t = Start(pos, TokenKind::kNumber);
    sentence_pending_ = false;
    size_t end = pos;
    while (end < text_.size()) {
      char c = text_[end];
      if (absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
          absl::ascii_isalpha(static_cast<unsigned char>(c))) {
        ++end;
      } else if ((c == '.' || c == ',') && end + 1 < text_.size() &&
                 absl::ascii_isdigit(static_cast<unsigned char>(text_[end + 1]))) {
        end += 2;
      } else {
        break;
      }
    }
    t.end = static_cast<uint32_t>(end);
    FinishKey(t);
    return end;
  }

  size_t Punct(size_t pos, CodePoint cp) {
    Token& t = Start(pos, TokenKind::kPunct);
    t.end = static_cast<uint32_t>(pos + cp.size);
    FinishKey(t);
    if (cp.c == '.' || cp.c == '!' || cp.c == '?' || cp.c == 0x2026) {
      sentence_pending_ = true;
    }
    return pos + cp.size;
  }

  absl::string_view text_;
  TokenizedText out_;
  bool sentence_pending_ = true;
  bool space_ = false;
  int newlines_ = 0;
};

bool IsHeadlineFunctionWord(absl::string_view key) {
  static constexpr absl::string_view kWords[] = {
      "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with",
      "by", "from", "as", "amid", "over", "vs", "after", "into", "is", "are", "its"};
  for (absl::string_view w : kWords) {
    if (key == w) return true;
  }
  return false;
}

// A line is a headline when it starts a sentence, ends without sentence
// punctuation and nearly all its content words are capitalised; the line after
// a headline then starts a new sentence.
void MarkHeadlines(absl::string_view text, TokenizedText& tt) {
  auto& tokens = tt.tokens;
  bool next_starts_sentence = false;
  size_t line = 0;
  while (line < tokens.size()) {
    size_t end = line + 1;
    while (end < tokens.size() && !tokens[end].line_start) ++end;
    if (next_starts_sentence && tokens[line].kind == TokenKind::kWord) {
      tokens[line].sentence_start = true;
    }
    next_starts_sentence = false;
    int words = 0, capitalized = 0, caps = 0;
    for (size_t i = line; i < end; ++i) {
      const Token& t = tokens[i];
      if (t.kind != TokenKind::kWord) continue;
      ++words;
      if (t.all_caps) ++caps;
      if (t.capitalized || IsHeadlineFunctionWord(tt.Key(t))) ++capitalized;
    }
    const Token& last_token = tokens[end - 1];
    char last = text[last_token.end - 1];
    bool terminal = last == '.' || last == '!' || last == '?' || last == ':' || last == ';' ||
                    last == ',';
    bool all_caps_line = words >= 2 && caps * 10 >= words * 8;
    bool title_line = words >= 3 && capitalized * 10 >= words * 9 && !terminal &&
                      tokens[line].sentence_start;
    if (all_caps_line || title_line) {
      for (size_t i = line; i < end; ++i) {
        tokens[i].headline = true;
        tokens[i].all_caps_line = all_caps_line;
      }
      next_starts_sentence = !terminal || all_caps_line;
    }
    line = end;
  }
}

}  // namespace

TokenizedText Tokenize(absl::string_view text) {
  TokenizedText tt = Tokenizer(text).Run();
  MarkHeadlines(text, tt);
  return tt;
}

}  // namespace chronicle::entities
