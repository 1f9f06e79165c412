// Rule matcher: finds the longest temporal expression starting at a token.
#ifndef CHRONICLE_CORE_TEMPORAL_MATCHER_H_
#define CHRONICLE_CORE_TEMPORAL_MATCHER_H_

#include <cstddef>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/temporal/lexicon.h"
#include "core/temporal/spec.h"
#include "core/temporal/tokenizer.h"

namespace chronicle::temporal::internal {

// A matched expression over tokens [first, last).
struct Match {
  size_t first = 0;
  size_t last = 0;
  Spec spec;
  bool is_range = false;  // "from 1910 to 1945": spec is the start, range_end the end
  Spec range_end;
};

// Matches rules over the tokens of one text. Holds references only; cheap to
// build per text. Each Parse* method tries one family of rules at token `i`
// and returns the end token (exclusive) of its longest match, or 0.
class Matcher {
 public:
  Matcher(absl::string_view text, const std::vector<Token>& tokens);

  // The longest expression that starts at token `i` (or, for "from X to Y"
  // and "between X and Y", at the token after `i`). False when none does.
  bool MatchAt(size_t i, Match* out) const;

 private:
  // Token tests.
  const Token& T(size_t i) const { return tokens_[i]; }
  bool Has(size_t i) const { return i < tokens_.size(); }
  bool Is(size_t i, W w) const {
    return i < tokens_.size() && tokens_[i].lex != nullptr && tokens_[i].lex->word == w;
  }
  bool IsPunct(size_t i, char c) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::kPunct && tokens_[i].punct == c;
  }
  bool IsDash(size_t i) const { return IsPunct(i, '-') || IsPunct(i, 'D'); }
  bool Attached(size_t i) const { return i < tokens_.size() && !tokens_[i].space_before; }
  const Lexeme* Lex(size_t i) const { return i < tokens_.size() ? tokens_[i].lex : nullptr; }
  bool IsEndOfClause(size_t i) const;
  bool IsWordText(size_t i, absl::string_view lower) const;
  // A weekday or month as a date word: capitalized, or written out in full
  // in lower case ("next tuesday", "since january"). Abbreviations ("sat",
  // "wed", "sun", "jan") and the full names that are also common words
  // ("may", "march", "august") count only capitalized.
  bool IsWeekdayName(size_t i) const {
    const Lexeme* lex = Lex(i);
    return lex != nullptr && lex->weekday > 0 && (T(i).capitalized || !lex->month_abbrev);
  }
  bool IsMonthName(size_t i) const {
    const Lexeme* lex = Lex(i);
    if (lex == nullptr || lex->month <= 0) return false;
    return T(i).capitalized || (!lex->month_abbrev && lex->month != 3 && lex->month != 5 && lex->month != 8);
  }

  // Numbers (matcher_numbers.cc). Each returns the end token or 0.
  size_t ParseCardinal(size_t i, int* value, bool* vague) const;
  size_t ParseYear(size_t i, int* year) const;            // 4-digit, spelled, '98
  bool IsYearNumber(size_t i) const;
  size_t ParseDayNumber(size_t i, int* day) const;        // 1-31, "24th", "first"
  size_t ParseOrdinal(size_t i, int* ordinal) const;      // "third", "3rd"
  size_t ParseMonthName(size_t i, int* month) const;      // "Sept." with its period

  // Rule families (matcher_dates.cc).
  size_t ParseNumericDate(size_t i, Spec* spec) const;
  size_t ParseYearExpression(size_t i, Spec* spec) const;
  size_t ParseMonthDate(size_t i, Spec* spec) const;
  size_t ParseDayFirstDate(size_t i, Spec* spec) const;
  size_t ParseSeason(size_t i, Spec* spec) const;
  size_t ParseWeekday(size_t i, Spec* spec) const;
  size_t ParseNthWeekdayOfMonth(size_t i, Spec* spec) const;  // "the first Monday of March"
  // An optional year after a date (", 2019" or " 2019"): sets spec->year and
  // returns its end, or `k` when there is none.
  size_t ParseTrailingYear(size_t k, Spec* spec) const;
  size_t ParseClock(size_t i, Spec* spec) const;
  size_t ParseHoliday(size_t i, Spec* spec) const;
  bool BareMonthAllowed(size_t month_token) const;

  // Rule families (matcher_relative.cc).
  size_t ParseDeictic(size_t i, Spec* spec) const;
  size_t ParseRelativeUnit(size_t i, Spec* spec) const;
  size_t ParseAgo(size_t i, Spec* spec) const;
  size_t ParseYearAgoAdjective(size_t i, Spec* spec) const;
  size_t ParseRefPhrase(size_t i, Spec* spec) const;
  size_t ParsePartOfDay(size_t i, Spec* spec) const;

  // Rule families (matcher_durations.cc).
  size_t ParseDuration(size_t i, Spec* spec) const;
  size_t ParseSet(size_t i, Spec* spec) const;

  // Rule families (matcher_periods.cc).
  size_t ParseYearRef(size_t i, Spec* spec) const;  // a year or "last year" as a part
  size_t ParseQuarter(size_t i, Spec* spec) const;
  size_t ParseYearEnd(size_t i, Spec* spec) const;
  size_t ParseBareUnit(size_t i, Spec* spec) const;
  size_t ParseTheQuarter(size_t i, Spec* spec) const;
  size_t ParseWeekEnded(size_t i, Spec* spec) const;

  // Composition (matcher.cc).
  size_t ParseCore(size_t i, Spec* spec) const;
  size_t ParseModified(size_t i, Spec* spec) const;
  size_t ParseSuffix(size_t end, Spec* spec) const;
  bool ParseRange(size_t i, Match* out) const;
  size_t ParseDayAfterTime(size_t i, Spec* spec) const;

  absl::string_view text_;
  const std::vector<Token>& tokens_;
};

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_MATCHER_H_
