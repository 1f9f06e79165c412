// Composition of the rule families: modifiers, ranges, times with their day,
// and the choice of the longest match.
#include <utility>
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"

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

size_t Matcher::ParseCore(size_t i, Spec* spec) const {
  static constexpr ParseFn kRules[] = {
      &Matcher::ParseNumericDate,   &Matcher::ParseMonthDate,   &Matcher::ParseDayFirstDate,
      &Matcher::ParseYearExpression, &Matcher::ParseQuarter,    &Matcher::ParseSeason,
      &Matcher::ParseSet,           &Matcher::ParseAgo,         &Matcher::ParseYearAgoAdjective,
      &Matcher::ParseDuration,      &Matcher::ParseRelativeUnit, &Matcher::ParseDeictic,
      &Matcher::ParseRefPhrase,     &Matcher::ParseWeekday,     &Matcher::ParseClock,
      &Matcher::ParsePartOfDay,     &Matcher::ParseYearEnd,     &Matcher::ParseTheQuarter,
      &Matcher::ParseWeekEnded,     &Matcher::ParseHoliday,      &Matcher::ParseNthWeekdayOfMonth,
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
               !IsWeekdayName(k)) {
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
  // "as early as Tuesday", "as soon as March" look ahead whatever the verb.
  const size_t f = best.first;
  if (f >= 3 && Is(f - 1, W::kAs) && (Is(f - 2, W::kEarly) || Is(f - 2, W::kSoon)) &&
      Is(f - 3, W::kAs) && best.spec.direction == Direction::kByTense) {
    best.spec.direction = Direction::kFuture;
  }
  *out = std::move(best);
  return true;
}

}  // namespace chronicle::temporal::internal
