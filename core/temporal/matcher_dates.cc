// Rules for calendar dates: numeric dates, years, decades, centuries, month
// dates, weekdays, seasons and clock times.
#include <utility>
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"
#include "core/temporal/holidays.h"

namespace chronicle::temporal::internal {
namespace {

bool IsMonthOrDayPreposition(W w) {
  switch (w) {
    case W::kIn: case W::kSince: case W::kUntil: case W::kBy: case W::kDuring:
    case W::kFrom: case W::kTo: case W::kThrough: case W::kOf: case W::kEarly:
    case W::kLate: case W::kMid: case W::kLast: case W::kNext: case W::kThis:
    case W::kBefore: case W::kAfter: case W::kBetween: case W::kOn: case W::kEvery:
    case W::kEach: case W::kEnd: case W::kAt:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool Matcher::BareMonthAllowed(size_t m) const {
  const Lexeme* prev = m > 0 ? Lex(m - 1) : nullptr;
  bool after_preposition = prev != nullptr && IsMonthOrDayPreposition(prev->word);
  if (m > 1 && IsPunct(m - 1, '-') && Is(m - 2, W::kMid)) after_preposition = true;
  if (prev != nullptr && (prev->word == W::kAnd || prev->word == W::kOr) && m > 1 &&
      Lex(m - 2) != nullptr && Lex(m - 2)->month > 0) {
    after_preposition = true;
  }
  if (T(m).lex->month_abbrev) return after_preposition;
  const int month = T(m).lex->month;
  // "May" and "March" are also a verb and a noun.
  if (month == 5 || month == 3) return after_preposition;
  if (after_preposition) return true;
  // "April Smith": a capitalized word after it makes it a name.
  if (Has(m + 1) && T(m + 1).kind == TokenKind::kWord && T(m + 1).capitalized &&
      !T(m + 1).newline_before) {
    return false;
  }
  return true;
}

size_t Matcher::ParseNumericDate(size_t i, Spec* spec) const {
  if (!Has(i) || T(i).kind != TokenKind::kNumber || T(i).shape != NumberShape::kPlain) return 0;
  // 2019-12-24
  if (T(i).digits == 4 && IsPunct(i + 1, '-') && Attached(i + 1) && Has(i + 2) &&
      Attached(i + 2) && T(i + 2).kind == TokenKind::kNumber && T(i + 2).digits == 2 &&
      IsPunct(i + 3, '-') && Attached(i + 3) && Has(i + 4) && Attached(i + 4) &&
      T(i + 4).kind == TokenKind::kNumber && T(i + 4).digits == 2 &&
      T(i + 4).shape == NumberShape::kPlain) {
    const int64_t m = T(i + 2).value, d = T(i + 4).value;
    if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
    spec->year = static_cast<int>(T(i).value);
    spec->month = static_cast<int>(m);
    spec->day = static_cast<int>(d);
    return i + 5;
  }
  // 12/24/2019, 24/12/2019, 12/24/19
  if (T(i).digits <= 2 && IsPunct(i + 1, '/') && Attached(i + 1) && Has(i + 2) &&
      Attached(i + 2) && T(i + 2).kind == TokenKind::kNumber && T(i + 2).digits <= 2 &&
      IsPunct(i + 3, '/') && Attached(i + 3) && Has(i + 4) && Attached(i + 4) &&
      T(i + 4).kind == TokenKind::kNumber && T(i + 4).shape == NumberShape::kPlain &&
      (T(i + 4).digits == 4 || T(i + 4).digits == 2)) {
    int64_t a = T(i).value, b = T(i + 2).value;
    if (a > 12 && b <= 12) std::swap(a, b);
    if (a < 1 || a > 12 || b < 1 || b > 31) return 0;
    const int64_t y = T(i + 4).value;
    spec->year = T(i + 4).digits == 4 ? static_cast<int>(y) : TwoDigitYear(y);
    spec->month = static_cast<int>(a);
    spec->day = static_cast<int>(b);
    return i + 5;
  }
  return 0;
}

size_t Matcher::ParseYearExpression(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  int year;
  // "fiscal 1989", "fiscal year 1989"
  if (Is(j, W::kFiscal)) {
    size_t k = j + 1;
    if (Lex(k) != nullptr && Lex(k)->unit == Unit::kYear && !Lex(k)->plural) ++k;
    if (const size_t e = ParseYear(k, &year)) {
      spec->year = year;
      return e;
    }
    return 0;
  }
  // "the year 1965"
  if (Lex(j) != nullptr && Lex(j)->unit == Unit::kYear && !Lex(j)->plural) {
    if (const size_t e = ParseYear(j + 1, &year)) {
      spec->year = year;
      return e;
    }
    return 0;
  }
  if (!Has(j)) return 0;
  // Decades: "the 1990s", "'90s".
  const Token& t = T(j);
  if (t.kind == TokenKind::kNumber && t.shape == NumberShape::kPlural && t.digits == 4 &&
      t.value % 10 == 0 && t.value >= 1000 && t.value < 2200) {
    spec->decade = static_cast<int>(t.value / 10);
    return j + 1;
  }
  if (IsPunct(j, '\'') && Has(j + 1) && Attached(j + 1) && T(j + 1).kind == TokenKind::kNumber &&
      T(j + 1).shape == NumberShape::kPlural && T(j + 1).digits == 2 && T(j + 1).value % 10 == 0) {
    spec->decade = T(j + 1).value == 0 ? 200 : static_cast<int>(190 + T(j + 1).value / 10);
    return j + 2;
  }
  // "the nineties"
  if (the && Lex(j) != nullptr && Lex(j)->decade > 0) {
    spec->decade = Lex(j)->decade;
    return j + 1;
  }
  // Centuries: "the 20th century", "the twenty-first century".
  int ordinal;
  if (const size_t e = ParseOrdinal(j, &ordinal)) {
    if (ordinal >= 1 && ordinal <= 22 && Lex(e) != nullptr && Lex(e)->unit == Unit::kCentury &&
        !Lex(e)->plural) {
      spec->century = ordinal - 1;
      return e + 1;
    }
    return 0;
  }
  if (the) return 0;  // "the 2015 deal": the article belongs to the noun
  if (const size_t e = ParseYear(j, &year)) {
    spec->year = year;
    return e;
  }
  return 0;
}

size_t Matcher::ParseMonthDate(size_t i, Spec* spec) const {
  size_t j = i;
  // "Monday, December 24"
  if (IsWeekdayName(j)) {
    size_t k = j + 1;
    if (Lex(j)->month_abbrev) {
      if (!IsPunct(k, '.')) return 0;
      ++k;
    }
    if (IsPunct(k, ',')) ++k;
    if (Lex(k) == nullptr || Lex(k)->month <= 0) return 0;
    j = k;
  }
  int month;
  size_t k = ParseMonthName(j, &month);
  if (k == 0) return 0;
  spec->month = month;
  int day, year;
  if (const size_t d = ParseDayNumber(k, &day)) {
    spec->day = day;
    k = ParseTrailingYear(d, spec);
  } else {
    size_t y = k;
    if (IsPunct(y, ',') || Is(y, W::kOf)) ++y;
    Spec relative;
    size_t r = 0;
    if (const size_t e = ParseYear(y, &year)) {
      spec->year = year;
      k = e;
    } else if ((Is(k, W::kThis) || Is(k, W::kLast) || Is(k, W::kNext)) &&
               (r = ParseRelativeUnit(k, &relative)) > 0 &&
               relative.shift_unit == Granularity::kYear && relative.literal.empty()) {
      // "June last year"
      spec->anchor = Anchor::kReference;
      spec->shift_unit = Granularity::kYear;
      spec->shift = relative.shift;
      spec->direction = Direction::kSame;
      k = r;
    } else if (!BareMonthAllowed(j)) {
      return 0;
    }
  }
  // Dateline "11 December 2023, Monday" style trailing weekday.
  if (spec->day >= 0 && IsPunct(k, ',') && IsWeekdayName(k + 1) && !Lex(k + 1)->month_abbrev) {
    k += 2;
  }
  return k;
}

size_t Matcher::ParseDayFirstDate(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  int day = 0;
  size_t k = ParseDayNumber(j, &day);
  if (k == 0 && the) {
    k = ParseOrdinal(j, &day);
    if (day < 1 || day > 31) k = 0;
  }
  if (k == 0) return 0;
  if (Is(k, W::kOf)) ++k;
  else if (the) return 0;
  int month;
  const size_t m = ParseMonthName(k, &month);
  if (m == 0) return 0;
  spec->day = day;
  spec->month = month;
  k = ParseTrailingYear(m, spec);
  if (IsPunct(k, ',') && IsWeekdayName(k + 1) && !Lex(k + 1)->month_abbrev) {
    k += 2;
  }
  return k;
}

size_t Matcher::ParseWeekday(size_t i, Spec* spec) const {
  const Lexeme* lex = Lex(i);
  if (!IsWeekdayName(i)) return 0;
  size_t k = i + 1;
  if (lex->month_abbrev) {
    if (!IsPunct(k, '.') || !Attached(k)) return 0;
    ++k;
  }
  if (Has(k) && T(k).capitalized && Lex(k) != nullptr && Lex(k)->title_word) return 0;
  spec->weekday = lex->weekday;
  if (Lex(k) != nullptr && Lex(k)->part_of_day >= 0 && !Lex(k)->plural) {
    spec->part_of_day = Lex(k)->part_of_day;
    ++k;
  }
  return k;
}

size_t Matcher::ParseSeason(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  const Lexeme* lex = Lex(j);
  if (lex == nullptr || lex->season < 0) return 0;
  size_t k = j + 1;
  int year;
  size_t y = k;
  if (Is(y, W::kOf)) ++y;
  if (const size_t e = ParseYear(y, &year)) {
    spec->season = lex->season;
    spec->year = year;
    return e;
  }
  if (Is(k, W::kOf)) return 0;  // "the fall of the Berlin Wall"
  const Lexeme* prev = i > 0 ? Lex(i - 1) : nullptr;
  const bool prep = prev != nullptr && (prev->word == W::kIn || prev->word == W::kDuring ||
                                        prev->word == W::kBy || prev->word == W::kSince ||
                                        prev->word == W::kUntil || prev->word == W::kThrough ||
                                        prev->word == W::kOver || prev->word == W::kEarly ||
                                        prev->word == W::kLate);
  if (!the && !prep) return 0;
  if (Lex(k) != nullptr && Lex(k)->unit != Unit::kNone) return 0;  // "summer months"
  spec->season = lex->season;
  return k;
}

size_t Matcher::ParseClock(size_t i, Spec* spec) const {
  if (!Has(i)) return 0;
  const Token& t = T(i);
  int hour = -1, minute = 0;
  int ampm = 0;  // 1 am, 2 pm
  size_t k = i + 1;
  bool needs_marker = false;
  if (t.kind == TokenKind::kNumber && t.shape == NumberShape::kAmPm) {
    hour = static_cast<int>(t.value >= 100 ? t.value / 100 : t.value);
    minute = static_cast<int>(t.value >= 100 ? t.value % 100 : 0);
    ampm = t.pm ? 2 : 1;
    if (t.digits > 2) return 0;
  } else if (t.kind == TokenKind::kNumber && t.shape == NumberShape::kClock) {
    hour = static_cast<int>(t.value / 100);
    minute = static_cast<int>(t.value % 100);
    if (t.digits > 2 || hour > 24 || minute > 59) return 0;
  } else if (t.kind == TokenKind::kNumber && t.shape == NumberShape::kPlain && t.digits <= 2 &&
             t.value >= 1 && t.value <= 12) {
    hour = static_cast<int>(t.value);
    needs_marker = true;
  } else if (Is(i, W::kNoon)) {
    hour = 12;
  } else if (Is(i, W::kMidnight)) {
    hour = 0;
  } else {
    return 0;
  }
  if (ampm == 0 && t.kind == TokenKind::kNumber) {
    if (Is(k, W::kAm) || Is(k, W::kPm)) {
      ampm = Is(k, W::kPm) ? 2 : 1;
      ++k;
    } else if ((IsWordText(k, "a") || IsWordText(k, "p")) && IsPunct(k + 1, '.') &&
               Attached(k + 1) && IsWordText(k + 2, "m") && Attached(k + 2)) {
      ampm = IsWordText(k, "p") ? 2 : 1;
      k += 3;
      if (IsPunct(k, '.') && Attached(k)) ++k;
    } else if (IsWordText(k, "o") && IsPunct(k + 1, '\'') && Is(k + 2, W::kOclock)) {
      k += 3;
      needs_marker = false;
    }
    if (ampm != 0) needs_marker = false;
  }
  if (needs_marker) return 0;
  if (ampm == 2 && hour < 12) hour += 12;
  if (ampm == 1 && hour == 12) hour = 0;
  if (Is(k, W::kTimeZone) && T(k).all_caps) ++k;
  else if (Is(k, W::kLocal) && Is(k + 1, W::kTime)) k += 2;
  spec->hour = hour;
  spec->minute = minute;
  spec->type = TimexType::kTime;
  return ParseDayAfterTime(k, spec);
}

size_t Matcher::ParseTrailingYear(size_t k, Spec* spec) const {
  size_t y = k;
  if (IsPunct(y, ',')) ++y;
  int year;
  const size_t e = ParseYear(y, &year);
  if (e == 0) return k;
  spec->year = year;
  return e;
}

size_t Matcher::ParseNthWeekdayOfMonth(size_t i, Spec* spec) const {
  size_t j = i;
  if (Is(j, W::kThe)) ++j;
  int nth = 0;
  size_t k = 0;
  if (Is(j, W::kLast)) {
    nth = -1;
    k = j + 1;
  } else if ((k = ParseOrdinal(j, &nth)) == 0 || nth < 1 || nth > 5) {
    return 0;
  }
  if (!IsWeekdayName(k) || Lex(k)->month_abbrev || !Is(k + 1, W::kOf)) return 0;
  int month;
  const size_t m = ParseMonthName(k + 2, &month);
  if (m == 0) return 0;
  spec->weekday = Lex(k)->weekday;
  spec->nth_weekday = nth;
  spec->month = month;
  // A typical day, for choosing the year; the exact one is computed for it.
  spec->day = nth == -1 ? 25 : 7 * (nth - 1) + 4;
  return ParseTrailingYear(m, spec);
}

size_t Matcher::ParseHoliday(size_t i, Spec* spec) const {
  if (!Is(i, W::kHolidayWord) || !T(i).capitalized) return 0;
  // Fixed dates as (month, day); moving ones as a holiday id with a typical date.
  int month = 0, day = 0, holiday = -1;
  size_t e = i + 1;
  auto word_is = [&](size_t k, absl::string_view w) {
    return IsWordText(k, w) && T(k).capitalized;
  };
  auto possessive = [&](size_t k) { return IsPunct(k, '\'') && IsWordText(k + 1, "s"); };
  if (word_is(i, "christmas")) {
    month = 12;
    day = 25;
    if (word_is(e, "eve")) {
      day = 24;
      ++e;
    } else if (word_is(e, "day")) {
      ++e;
    }
  } else if (word_is(i, "new") && word_is(i + 1, "year") && possessive(i + 2) &&
             (word_is(i + 4, "day") || word_is(i + 4, "eve"))) {
    month = word_is(i + 4, "day") ? 1 : 12;
    day = month == 1 ? 1 : 31;
    e = i + 5;
  } else if (word_is(i, "halloween")) {
    month = 10;
    day = 31;
  } else if (word_is(i, "valentine") && possessive(i + 1) && word_is(i + 3, "day")) {
    month = 2;
    day = 14;
    e = i + 4;
  } else if (word_is(i, "boxing") && word_is(i + 1, "day")) {
    month = 12;
    day = 26;
    e = i + 2;
  } else if (word_is(i, "thanksgiving")) {
    holiday = kThanksgiving;
    if (word_is(e, "day")) ++e;
  } else if (word_is(i, "easter")) {
    holiday = kEaster;
    if (word_is(e, "sunday")) {
      ++e;
    } else if (word_is(e, "monday")) {
      holiday = kEasterMonday;
      ++e;
    }
  } else if (word_is(i, "good") && word_is(i + 1, "friday")) {
    holiday = kGoodFriday;
    e = i + 2;
  } else if ((word_is(i, "labor") || word_is(i, "labour")) && word_is(i + 1, "day")) {
    holiday = kLaborDay;
    e = i + 2;
  } else if (word_is(i, "memorial") && word_is(i + 1, "day")) {
    holiday = kMemorialDay;
    e = i + 2;
  } else {
    return 0;
  }
  if (holiday >= 0) {
    TypicalHolidayDate(holiday, &month, &day);
    spec->holiday = holiday;
  }
  spec->month = month;
  spec->day = day;
  int year;
  if (const size_t y = ParseYear(e, &year)) {
    spec->year = year;
    e = y;
  }
  return e;
}

}  // namespace chronicle::temporal::internal
