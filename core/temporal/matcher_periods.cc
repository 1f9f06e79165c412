// Rules for parts of a year and anaphoric periods: quarters, halves, "the
// year", "year-end", "the week ended ...".
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"

namespace chronicle::temporal::internal {

size_t Matcher::ParseYearRef(size_t i, Spec* spec) const {
  Spec s;
  size_t e = ParseYearExpression(i, &s);
  if (e > 0 && s.year >= 0) {
    spec->year = s.year;
    return e;
  }
  s = Spec();
  e = ParseRelativeUnit(i, &s);
  if (e > 0 && s.literal.empty() && s.shift_unit == Granularity::kYear && !s.HasFieldsBelowYear()) {
    spec->anchor = s.anchor;
    spec->shift_unit = s.shift_unit;
    spec->shift = s.shift;
    spec->direction = Direction::kSame;
    return e;
  }
  if (Is(i, W::kThe) && Lex(i + 1) != nullptr && Lex(i + 1)->unit == Unit::kYear &&
      !Lex(i + 1)->plural) {
    spec->anchor = Anchor::kDiscourse;
    spec->shift_unit = Granularity::kYear;
    spec->direction = Direction::kSame;
    return i + 2;
  }
  return 0;
}

size_t Matcher::ParseQuarter(size_t i, Spec* spec) const {
  size_t k = i;
  const bool the = Is(k, W::kThe);
  if (the) ++k;
  Spec year;
  bool have_year = false;
  // "Q3", "Q3 2019"
  if (Is(k, W::kQuarterWord)) {
    spec->quarter = T(k).lex->ordinal;
    size_t e = k + 1;
    size_t y = e;
    if (Is(y, W::kOf)) ++y;
    int year_number;
    if (const size_t ye = ParseYear(y, &year_number)) {
      spec->year = year_number;
      return ye;
    }
    // Without a year, "Q1" needs a preposition or article before it: "Q1:"
    // heads a list of questions.
    const Lexeme* prev = k > 0 ? Lex(k - 1) : nullptr;
    if (the || (prev != nullptr && (prev->word == W::kIn || prev->word == W::kFor ||
                                    prev->word == W::kDuring || prev->word == W::kBy ||
                                    prev->word == W::kOf))) {
      return e;
    }
    return 0;
  }
  // Year in front: "the 1989 third quarter", "this year's third quarter".
  {
    Spec s;
    const size_t e = ParseYearRef(k, &s);
    if (e > 0) {
      size_t after = e;
      if (IsPunct(after, '\'') && IsWordText(after + 1, "s")) after += 2;
      const size_t a = Is(after, W::kFiscal) ? after + 1 : after;
      int ordinal;
      if (ParseOrdinal(a, &ordinal) > 0 || Is(a, W::kFinal)) {
        year = s;
        have_year = true;
        k = after;
      }
    }
  }
  if (Is(k, W::kFiscal)) ++k;
  if (IsPunct(k, '-') && Attached(k)) ++k;  // "fiscal-first quarter"
  int ordinal = 0;
  size_t o = ParseOrdinal(k, &ordinal);
  if (o == 0 && Is(k, W::kFinal)) {
    ordinal = 4;
    o = k + 1;
  }
  const bool last = o == 0 && Is(k, W::kLast);
  if (last) o = k + 1;
  if (o == 0) return 0;
  if (IsPunct(o, '-') && Attached(o)) {
    if (the && !have_year) return 0;  // "the third-quarter loss": the article is the noun's
    ++o;
  }
  if (Is(o, W::kFiscal)) ++o;
  const Lexeme* unit = Lex(o);
  if (unit == nullptr || unit->plural) return 0;
  const bool quarter = unit->unit == Unit::kQuarter;
  const bool half = unit->word == W::kHalf;
  if (!quarter && !half) return 0;
  if (last) ordinal = quarter ? 4 : 2;
  if (ordinal < 1 || ordinal > (quarter ? 4 : 2)) return 0;
  size_t e = o + 1;
  if (!have_year && Is(e, W::kOf)) {
    Spec s;
    if (const size_t ye = ParseYearRef(e + 1, &s)) {
      year = s;
      have_year = true;
      e = ye;
    } else if (half) {
      return 0;  // "the first half of the match"
    }
  } else if (last && !have_year) {
    return 0;  // "the last quarter" alone is the previous one
  }
  if (half && !have_year && !the && !(IsPunct(o - 1, '-'))) return 0;
  if (quarter) spec->quarter = ordinal;
  else spec->half = ordinal;
  if (have_year) {
    spec->year = year.year;
    spec->anchor = year.anchor;
    spec->shift_unit = year.shift_unit;
    spec->shift = year.shift;
    spec->direction = Direction::kSame;
  }
  return e;
}

size_t Matcher::ParseYearEnd(size_t i, Spec* spec) const {
  size_t j = i;
  if (Is(j, W::kThe)) ++j;
  if (Lex(j) == nullptr || Lex(j)->unit != Unit::kYear || Lex(j)->plural) return 0;
  size_t k = j + 1;
  if (IsPunct(k, '-') || (IsPunct(k, '\'') && IsWordText(k + 1, "s"))) k += IsPunct(k, '-') ? 1 : 2;
  if (!Is(k, W::kEnd)) return 0;
  spec->anchor = Anchor::kReference;
  spec->shift_unit = Granularity::kYear;
  spec->granularity = Granularity::kYear;
  spec->mod = "END";
  return k + 1;
}

size_t Matcher::ParseBareUnit(size_t i, Spec* spec) const {
  // "the year", "the month", "the week", "the day": the period the story is in.
  if (!Is(i, W::kThe)) return 0;
  size_t j = i + 1;
  const bool qualified = Is(j, W::kFull) || Is(j, W::kWhole) || Is(j, W::kEntire) ||
                         Is(j, W::kFiscal);
  if (qualified) ++j;
  if (Lex(j) == nullptr || Lex(j)->plural) return 0;
  const Unit u = Lex(j)->unit;
  if (u != Unit::kYear && u != Unit::kMonth && u != Unit::kWeek && u != Unit::kDay &&
      u != Unit::kQuarter) {
    return 0;
  }
  spec->anchor = Anchor::kDiscourse;
  spec->shift_unit = u == Unit::kYear ? Granularity::kYear
                     : u == Unit::kMonth ? Granularity::kMonth
                     : u == Unit::kWeek ? Granularity::kWeek
                     : u == Unit::kQuarter ? Granularity::kQuarter
                                           : Granularity::kDay;
  spec->granularity = spec->shift_unit;
  spec->anchor = Anchor::kSentence;
  return j + 1;
}

size_t Matcher::ParseWeekEnded(size_t i, Spec* spec) const {
  // "the week ended February 22": the week that closes on that day; "the
  // week of March 6": the week holding it.
  size_t j = i;
  if (Is(j, W::kThe)) ++j;
  if (Lex(j) == nullptr || Lex(j)->unit != Unit::kWeek || Lex(j)->plural) return 0;
  if (!Is(j + 1, W::kEnded) && !Is(j + 1, W::kEnding) && !Is(j + 1, W::kOf)) return 0;
  const size_t e = ParseMonthDate(j + 2, spec);
  if (e == 0 || spec->day < 0) return 0;
  spec->week_of_day = true;
  return e;
}

size_t Matcher::ParseTheQuarter(size_t i, Spec* spec) const {
  // "the quarter" is the one just mentioned, or else the latest complete one;
  // "the full year", "the fiscal year" are the story's year.
  if (!Is(i, W::kThe)) return 0;
  if (Lex(i + 1) != nullptr && Lex(i + 1)->unit == Unit::kQuarter && !Lex(i + 1)->plural) {
    if (Is(i + 2, W::kOf)) return 0;
    spec->anchor = Anchor::kDiscourse;
    spec->shift_unit = Granularity::kQuarter;
    spec->granularity = Granularity::kQuarter;
    spec->has_fallback_shift = true;
    spec->fallback_shift = -1;
    return i + 2;
  }
  if (Is(i + 1, W::kFull) || Is(i + 1, W::kFiscal)) {
    const size_t e = ParseBareUnit(i, spec);
    if (e > 0 && spec->shift_unit == Granularity::kYear) return e;
  }
  return 0;
}

}  // namespace chronicle::temporal::internal
