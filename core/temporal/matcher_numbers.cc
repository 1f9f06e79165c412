// Numbers, years, ordinals, day numbers and month names: the pieces the
// date rules are built from.
#include "absl/strings/match.h"
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"

namespace chronicle::temporal::internal {

Matcher::Matcher(absl::string_view text, const std::vector<Token>& tokens)
    : text_(text), tokens_(tokens) {}

bool Matcher::IsWordText(size_t i, absl::string_view lower) const {
  if (i >= tokens_.size() || tokens_[i].kind != TokenKind::kWord) return false;
  return absl::EqualsIgnoreCase(text_.substr(T(i).begin, T(i).end - T(i).begin), lower);
}

bool Matcher::IsEndOfClause(size_t i) const {
  if (i >= tokens_.size()) return true;
  const Token& t = T(i);
  if (t.kind != TokenKind::kPunct) return false;
  return t.punct == '.' || t.punct == ',' || t.punct == ';' || t.punct == ':' ||
         t.punct == '!' || t.punct == '?' || t.punct == ')' || t.punct == '"' ||
         t.punct == 'D';
}

size_t Matcher::ParseCardinal(size_t i, int* value, bool* vague) const {
  *vague = false;
  if (!Has(i)) return 0;
  const Token& t = T(i);
  if (t.kind == TokenKind::kNumber) {
    if (t.shape != NumberShape::kPlain || t.digits > 4) return 0;
    if (i > 0 && (IsPunct(i - 1, '$') || IsPunct(i - 1, '.')) && Attached(i)) return 0;
    *value = static_cast<int>(t.value);
    return i + 1;
  }
  const Lexeme* lex = t.lex;
  if (lex == nullptr) return 0;
  if (lex->word == W::kA || lex->word == W::kAn) {
    if (Is(i + 1, W::kFew)) {
      *vague = true;
      return i + 2;
    }
    if (Is(i + 1, W::kCouple) && Is(i + 2, W::kOf)) {
      *value = 2;
      return i + 3;
    }
    if (Is(i + 1, W::kDozen)) {
      *value = 12;
      return i + 2;
    }
    *value = 1;
    return i + 1;
  }
  if (lex->word == W::kCouple && Is(i + 1, W::kOf)) {
    *value = 2;
    return i + 2;
  }
  if (lex->word == W::kFew || lex->word == W::kSeveral || lex->word == W::kMany) {
    *vague = true;
    return i + 1;
  }
  if ((lex->word == W::kDozens || lex->word == W::kHundreds) && Is(i + 1, W::kOf)) {
    *vague = true;
    return i + 2;
  }
  if (lex->number < 0 || lex->word == W::kHundred || lex->word == W::kThousand) return 0;
  int n = lex->number;
  size_t k = i + 1;
  if (n >= 20 && n % 10 == 0) {
    if (IsPunct(k, '-') && Attached(k) && Lex(k + 1) != nullptr && Lex(k + 1)->number >= 1 &&
        Lex(k + 1)->number <= 9 && Lex(k + 1)->word == W::kNone) {
      n += Lex(k + 1)->number;
      k += 2;
    } else if (Lex(k) != nullptr && Lex(k)->number >= 1 && Lex(k)->number <= 9 &&
               Lex(k)->word == W::kNone) {
      n += Lex(k)->number;
      k += 1;
    }
  }
  if (Is(k, W::kHundred)) {
    n *= 100;
    ++k;
  } else if (Is(k, W::kThousand)) {
    n *= 1000;
    ++k;
  }
  *value = n;
  return k;
}

bool Matcher::IsYearNumber(size_t i) const {
  if (!Has(i)) return false;
  const Token& t = T(i);
  if (t.kind != TokenKind::kNumber || t.shape != NumberShape::kPlain || t.digits != 4) {
    return false;
  }
  if (t.value < 1000 || t.value > 2199) return false;
  if (i > 0) {
    const Token& prev = T(i - 1);
    if (prev.kind == TokenKind::kPunct &&
        (prev.punct == '$' || prev.punct == '#' || prev.punct == '+' ||
         (prev.punct == '.' && !t.space_before) || (prev.punct == ',' && !t.space_before))) {
      return false;
    }
    if (prev.kind == TokenKind::kNumber && !t.space_before) return false;
    if (prev.kind == TokenKind::kWord && (IsWordText(i - 1, "no") || IsWordText(i - 1, "number") ||
                                          IsWordText(i - 1, "flight") || IsWordText(i - 1, "route"))) {
      return false;
    }
  }
  if (Has(i + 1)) {
    const Token& next = T(i + 1);
    if (next.kind == TokenKind::kPunct && next.punct == '%') return false;
    if (next.kind == TokenKind::kNumber && !next.space_before) return false;
    if (next.lex != nullptr && next.lex->noun_after_year && !next.capitalized) return false;
    if (next.lex != nullptr && next.lex->unit != Unit::kNone && next.lex->plural) return false;
  }
  if (t.value < 1800) {
    // Small four-digit numbers are counts far more often than years.
    const Lexeme* prev = i > 0 ? Lex(i - 1) : nullptr;
    if (prev == nullptr) return false;
    switch (prev->word) {
      case W::kIn: case W::kSince: case W::kBy: case W::kFrom: case W::kUntil:
      case W::kOf: case W::kBefore: case W::kAfter: case W::kDuring: case W::kAround:
        break;
      default:
        if (prev->unit != Unit::kYear) return false;
    }
  }
  return true;
}

size_t Matcher::ParseYear(size_t i, int* year) const {
  if (!Has(i)) return 0;
  if (IsYearNumber(i)) {
    *year = static_cast<int>(T(i).value);
    return i + 1;
  }
  // '98
  if (IsPunct(i, '\'') && Has(i + 1) && Attached(i + 1) && T(i + 1).kind == TokenKind::kNumber &&
      T(i + 1).shape == NumberShape::kPlain && T(i + 1).digits == 2 &&
      (i == 0 || T(i).space_before)) {
    *year = TwoDigitYear(T(i + 1).value);
    return i + 2;
  }
  // "nineteen ninety-six"
  if (Lex(i) != nullptr && Lex(i)->number == 19 && Lex(i)->word == W::kNone) {
    const Lexeme* tens = Lex(i + 1);
    if (tens != nullptr && tens->number >= 20 && tens->number % 10 == 0 && tens->number <= 90) {
      int y = 1900 + tens->number;
      size_t k = i + 2;
      if (IsPunct(k, '-') && Lex(k + 1) != nullptr && Lex(k + 1)->number >= 1 &&
          Lex(k + 1)->number <= 9 && Lex(k + 1)->word == W::kNone) {
        y += Lex(k + 1)->number;
        k += 2;
      } else if (Lex(k) != nullptr && Lex(k)->number >= 1 && Lex(k)->number <= 9 &&
                 Lex(k)->word == W::kNone) {
        y += Lex(k)->number;
        k += 1;
      }
      if (Lex(k) != nullptr && Lex(k)->unit != Unit::kNone) return 0;
      *year = y;
      return k;
    }
  }
  // "the year two thousand"
  if (i > 0 && Lex(i - 1) != nullptr && Lex(i - 1)->unit == Unit::kYear && Lex(i) != nullptr &&
      Lex(i)->number == 2 && Is(i + 1, W::kThousand)) {
    int y = 2000;
    size_t k = i + 2;
    if (Is(k, W::kAnd)) ++k;
    int extra = 0;
    bool vague = false;
    const size_t e = ParseCardinal(k, &extra, &vague);
    if (e > 0 && !vague && extra < 100 && Lex(k) != nullptr && Lex(k)->word == W::kNone) {
      y += extra;
      k = e;
    }
    *year = y;
    return k;
  }
  return 0;
}

size_t Matcher::ParseOrdinal(size_t i, int* ordinal) const {
  if (!Has(i)) return 0;
  const Token& t = T(i);
  if (t.kind == TokenKind::kNumber && t.shape == NumberShape::kOrdinal) {
    *ordinal = static_cast<int>(t.value);
    return i + 1;
  }
  const Lexeme* lex = t.lex;
  if (lex == nullptr) return 0;
  if (lex->ordinal >= 0 && lex->word != W::kQuarterWord) {
    *ordinal = lex->ordinal;
    return i + 1;
  }
  if (lex->number >= 20 && lex->number % 10 == 0 && lex->number <= 90 && IsPunct(i + 1, '-') &&
      Lex(i + 2) != nullptr && Lex(i + 2)->ordinal >= 1 && Lex(i + 2)->ordinal <= 9) {
    *ordinal = lex->number + Lex(i + 2)->ordinal;
    return i + 3;
  }
  return 0;
}

size_t Matcher::ParseDayNumber(size_t i, int* day) const {
  if (!Has(i)) return 0;
  const Token& t = T(i);
  if (t.kind != TokenKind::kNumber) return 0;
  if ((t.shape == NumberShape::kPlain && t.digits <= 2) || t.shape == NumberShape::kOrdinal) {
    if (t.value < 1 || t.value > 31) return 0;
    *day = static_cast<int>(t.value);
    return i + 1;
  }
  return 0;
}

size_t Matcher::ParseMonthName(size_t i, int* month) const {
  const Lexeme* lex = Lex(i);
  if (!IsMonthName(i)) return 0;
  *month = lex->month;
  if (lex->month_abbrev) {
    if (IsPunct(i + 1, '.') && Attached(i + 1)) return i + 2;
    int day;
    if (ParseDayNumber(i + 1, &day) > 0) return i + 1;
    return 0;
  }
  return i + 1;
}

}  // namespace chronicle::temporal::internal
