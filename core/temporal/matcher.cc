// Composition of the rule families: modifiers, ranges, quarters of a year and
// the choice of the longest match.
#include "core/temporal/matcher.h"

namespace chronicle::temporal::internal {
namespace {

using ParseFn = size_t (Matcher::*)(size_t, Spec*) const;

bool IsCalendarDate(const Spec& spec) {
  return spec.literal.empty() && spec.type != TimexType::kDuration &&
         spec.type != TimexType::kSet;
}

// Copies the date fields of `day` (a weekday, a month date or a deictic day)
// into `spec`, which holds a time of day.
void MergeDay(const Spec& day, Spec* spec) {
  spec->year = day.year;
  spec->month = day.month;
  spec->day = day.day;
  spec->weekday = day.weekday;
  spec->anchor = day.anchor;
  spec->shift_unit = day.shift_unit;
  spec->shift = day.shift;
  spec->granularity = day.granularity;
  spec->direction = day.direction;
}

}  // namespace

size_t Matcher::ParseDayAfterTime(size_t k, Spec* spec) const {
  size_t j = k;
  if (IsPunct(j, ',')) ++j;
  Spec day;
  size_t e = ParseWeekday(j, &day);
  if (e > 0 && day.part_of_day >= 0) e = 0;
  if (e == 0) {
    day = Spec();
    e = ParseMonthDate(j, &day);
    if (e > 0 && day.day < 0) e = 0;
  }
  if (e == 0 && (Is(j, W::kToday) || Is(j, W::kYesterday) || Is(j, W::kTomorrow))) {
    day = Spec();
    e = ParseDeictic(j, &day);
    if (e > j + 1) e = 0;
  }
  if (e > 0) {
    MergeDay(day, spec);
    return e;
  }
  if (spec->anchor == Anchor::kNone && !spec->HasYear() && spec->month < 0 &&
      spec->weekday < 0) {
    // A bare clock time belongs to the day the story is talking about.
    spec->anchor = Anchor::kDiscourse;
    spec->shift_unit = Granularity::kDay;
    spec->shift = 0;
    spec->granularity = Granularity::kDay;
  }
  return k;
}

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
  // "the week ended February 22": the week that closes on that day.
  size_t j = i;
  if (Is(j, W::kThe)) ++j;
  if (Lex(j) == nullptr || Lex(j)->unit != Unit::kWeek || Lex(j)->plural) return 0;
  if (!Is(j + 1, W::kEnded) && !Is(j + 1, W::kEnding)) return 0;
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

size_t Matcher::ParseCore(size_t i, Spec* spec) const {
  static constexpr ParseFn kRules[] = {
      &Matcher::ParseNumericDate,   &Matcher::ParseMonthDate,   &Matcher::ParseDayFirstDate,
      &Matcher::ParseYearExpression, &Matcher::ParseQuarter,    &Matcher::ParseSeason,
      &Matcher::ParseSet,           &Matcher::ParseAgo,         &Matcher::ParseYearAgoAdjective,
      &Matcher::ParseDuration,      &Matcher::ParseRelativeUnit, &Matcher::ParseDeictic,
      &Matcher::ParseRefPhrase,     &Matcher::ParseWeekday,     &Matcher::ParseClock,
      &Matcher::ParsePartOfDay,     &Matcher::ParseYearEnd,     &Matcher::ParseTheQuarter,
      &Matcher::ParseWeekEnded,
  };
  size_t best = 0;
  for (ParseFn rule : kRules) {
    Spec s;
    const size_t e = (this->*rule)(i, &s);
    if (e > best) {
      best = e;
      *spec = std::move(s);
    }
  }
  return best;
}

size_t Matcher::ParseModified(size_t i, Spec* spec) const {
  const Lexeme* lex = Lex(i);
  if (lex == nullptr) return 0;
  size_t j = i;
  const bool the = lex->word == W::kThe;
  if (the) ++j;
  const Lexeme* w = Lex(j);
  if (w == nullptr) return 0;
  const char* mod = nullptr;
  bool dates_only = true;
  bool durations_only = false;
  int partial = 0;
  size_t k = j + 1;
  switch (w->word) {
    case W::kEarly: mod = "START"; break;
    case W::kMid: mod = "MID"; if (IsPunct(k, '-')) ++k; break;
    case W::kLate: mod = "END"; break;
    case W::kEarlier:
    case W::kLater:
      if (the) return 0;
      mod = w->word == W::kEarlier ? "START" : "END";
      if (Is(k, W::kThis)) partial = w->word == W::kEarlier ? -1 : 1;
      else if (Is(k, W::kIn) && Is(k + 1, W::kThe)) ++k;
      else if (!Is(k, W::kNext) && !Is(k, W::kLast) && !Is(k, W::kThat) &&
               !Is(k, W::kToday) && !Is(k, W::kYesterday) && !Is(k, W::kTomorrow) &&
               !(Lex(k) != nullptr && Lex(k)->weekday > 0 && T(k).capitalized)) {
        return 0;
      }
      break;
    case W::kBeginning:
    case W::kStart:
    case W::kEnd:
    case W::kClose:
    case W::kMiddle:
      if (!Is(k, W::kOf)) return 0;
      ++k;
      mod = w->word == W::kEnd || w->word == W::kClose ? "END"
            : w->word == W::kMiddle                    ? "MID"
                                                       : "START";
      break;
    default:
      if (the) return 0;
      dates_only = false;
      switch (w->word) {
        case W::kAbout: case W::kAround: case W::kApproximately: case W::kRoughly:
          mod = "APPROX";
          break;
        case W::kSome:
          mod = "APPROX";
          durations_only = true;
          break;
        case W::kNearly: mod = "APPROX"; break;
        case W::kAlmost: mod = "LESS_THAN"; break;
        case W::kMore:
        case W::kLess:
          if (!Is(k, W::kThan)) return 0;
          ++k;
          mod = w->word == W::kMore ? "MORE_THAN" : "LESS_THAN";
          break;
        case W::kAt:
          if (!Is(k, W::kLeast) && !Is(k, W::kMost)) return 0;
          mod = Is(k, W::kLeast) ? "EQUAL_OR_MORE" : "EQUAL_OR_LESS";
          ++k;
          break;
        case W::kUp:
          if (!Is(k, W::kTo)) return 0;
          ++k;
          mod = "EQUAL_OR_LESS";
          break;
        case W::kNo:
          if (!(Is(k, W::kMore) || Is(k, W::kLess)) || !Is(k + 1, W::kThan)) return 0;
          mod = Is(k, W::kMore) ? "EQUAL_OR_LESS" : "EQUAL_OR_MORE";
          k += 2;
          break;
        default:
          return 0;
      }
  }
  Spec inner;
  size_t e = ParseCore(k, &inner);
  Spec bare;
  const size_t b = ParseBareUnit(k, &bare);
  if (b > e && dates_only) {
    e = b;
    inner = bare;
  }
  if (e == 0) return 0;
  if (dates_only && !IsCalendarDate(inner)) return 0;
  if (durations_only && inner.type != TimexType::kDuration) return 0;
  if (!inner.mod.empty()) return 0;
  *spec = inner;
  spec->mod = mod;
  spec->partial = partial;
  return e;
}

size_t Matcher::ParseSuffix(size_t end, Spec* spec) const {
  if (Is(end, W::kOr) && Is(end + 1, W::kSo) && spec->mod.empty()) {
    spec->mod = "APPROX";
    return end + 2;
  }
  if (Is(end, W::kOr) && Is(end + 1, W::kMore) && spec->type == TimexType::kDuration &&
      spec->mod.empty()) {
    spec->mod = "EQUAL_OR_MORE";
    return end + 2;
  }
  if (Is(end, W::kAnd) && Is(end + 1, W::kBeyond) && IsCalendarDate(*spec) && spec->mod.empty()) {
    spec->mod = "ON_OR_AFTER";
    return end + 2;
  }
  return end;
}

bool Matcher::ParseRange(size_t i, Match* out) const {
  const bool from = Is(i, W::kFrom);
  const bool between = Is(i, W::kBetween);
  const size_t first = from || between ? i + 1 : i;
  Spec a;
  size_t e = ParseModified(first, &a);
  if (e == 0) e = ParseCore(first, &a);
  if (e == 0 || !IsCalendarDate(a)) return false;
  const bool a_year = e == first + 1 && IsYearNumber(first);
  size_t c = e;
  bool connector = false;
  if (between) {
    connector = Is(c, W::kAnd);
  } else {
    connector = IsDash(c) || Is(c, W::kTo) || Is(c, W::kUntil) || Is(c, W::kThrough);
    if (!from && !IsDash(c) && !a_year) return false;
  }
  if (!connector) return false;
  ++c;
  Spec b;
  size_t f = 0;
  if (a_year && IsDash(c - 1) && Has(c) && T(c).kind == TokenKind::kNumber &&
      T(c).shape == NumberShape::kPlain && T(c).digits == 2 && Attached(c)) {
    // "1939-45"
    int year = a.year / 100 * 100 + static_cast<int>(T(c).value);
    if (year <= a.year) year += 100;
    b.year = year;
    f = c + 1;
  } else {
    f = ParseModified(c, &b);
    if (f == 0) f = ParseCore(c, &b);
  }
  if (f == 0 || !IsCalendarDate(b)) return false;
  if (!from && !between && !(f == c + 1 && IsYearNumber(c)) && b.year < 0) return false;
  if (!from && !between && a.year < 0) return false;
  // "from March to May 2019": the start takes the end's year.
  if (a.year < 0 && a.anchor == Anchor::kNone && b.year >= 0 && !a.HasYear()) {
    a.year = b.year;
    if (a.month > 0 && b.month > 0 && a.month > b.month) a.year = b.year - 1;
  }
  out->first = first;
  out->last = f;
  out->spec = a;
  out->is_range = true;
  out->range_end = b;
  return true;
}

bool Matcher::MatchAt(size_t i, Match* out) const {
  const Token& t = T(i);
  if (t.kind == TokenKind::kPunct ? t.punct != '\'' : (t.kind == TokenKind::kWord && t.lex == nullptr)) {
    return false;
  }
  Match best;
  Spec s;
  size_t e = ParseModified(i, &s);
  if (e > 0) {
    best.first = i;
    best.last = e;
    best.spec = s;
  }
  s = Spec();
  e = ParseCore(i, &s);
  if (e > best.last) {
    best.first = i;
    best.last = e;
    best.spec = s;
  }
  if (best.last > 0 || Is(i, W::kFrom) || Is(i, W::kBetween)) {
    Match range;
    if (ParseRange(i, &range) && range.last > best.last) best = range;
  }
  if (best.last == 0) return false;
  if (!best.is_range) best.last = ParseSuffix(best.last, &best.spec);
  *out = std::move(best);
  return true;
}

}  // namespace chronicle::temporal::internal
