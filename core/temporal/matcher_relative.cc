// Rules for expressions that count from the publication date or from the
// date last mentioned, and for PRESENT_REF/PAST_REF/FUTURE_REF phrases.
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"

namespace chronicle::temporal::internal {

size_t Matcher::ParseDeictic(size_t i, Spec* spec) const {
  const Lexeme* lex = Lex(i);
  if (lex == nullptr) return 0;
  size_t k = i + 1;
  switch (lex->word) {
    case W::kToday:
    case W::kYesterday:
    case W::kTomorrow: {
      const int shift = lex->word == W::kToday ? 0 : lex->word == W::kYesterday ? -1 : 1;
      SetShift(spec, Anchor::kReference, Unit::kDay, shift);
      if (Lex(k) != nullptr && Lex(k)->part_of_day >= 0 && !Lex(k)->plural) {
        spec->part_of_day = Lex(k)->part_of_day;
        spec->type = TimexType::kTime;
        ++k;
      }
      return k;
    }
    case W::kTonight:
      SetShift(spec, Anchor::kReference, Unit::kDay, 0);
      spec->part_of_day = 3;
      spec->type = TimexType::kTime;
      return k;
    case W::kThe:
      // "the day before yesterday", "the day after tomorrow"
      if (Lex(k) != nullptr && Lex(k)->unit == Unit::kDay && !Lex(k)->plural) {
        if (Is(k + 1, W::kBefore) && Is(k + 2, W::kYesterday)) {
          SetShift(spec, Anchor::kReference, Unit::kDay, -2);
          return k + 3;
        }
        if (Is(k + 1, W::kAfter) && Is(k + 2, W::kTomorrow)) {
          SetShift(spec, Anchor::kReference, Unit::kDay, 2);
          return k + 3;
        }
        // "the day before" / "the day after" on their own count from the story's date.
        if ((Is(k + 1, W::kBefore) || Is(k + 1, W::kAfter)) && IsEndOfClause(k + 2)) {
          SetShift(spec, Anchor::kDiscourse, Unit::kDay, Is(k + 1, W::kBefore) ? -1 : 1);
          return k + 2;
        }
      }
      return 0;
    case W::kRight:
      if (!Is(k, W::kNow)) return 0;
      spec->literal = "PRESENT_REF";
      return k + 1;
    case W::kNow:
      if (i > 0 && (Is(i - 1, W::kFrom) || Is(i - 1, W::kUntil) || Is(i - 1, W::kBy))) {
        // "from now on", "by now", "until now" still name the present.
      }
      spec->literal = "PRESENT_REF";
      return k;
    case W::kCurrently:
    case W::kNowadays:
      spec->literal = "PRESENT_REF";
      return k;
    case W::kRecently:
    case W::kLately:
      spec->literal = "PAST_REF";
      return k;
    case W::kMore:
      if (!Is(k, W::kRecently)) return 0;
      spec->literal = "PAST_REF";
      return k + 1;
    case W::kSoon:
      if (i > 0 && Is(i - 1, W::kAs)) return 0;  // "as soon as"
      spec->literal = "FUTURE_REF";
      return k;
    default:
      return 0;
  }
}

size_t Matcher::ParseRefPhrase(size_t i, Spec* spec) const {
  const Lexeme* lex = Lex(i);
  if (lex == nullptr) return 0;
  size_t j = i;
  const bool the = lex->word == W::kThe;
  if (the) ++j;
  if (the && (IsWordText(j, "near") || IsWordText(j, "short")) && IsWordText(j + 1, "term")) {
    spec->literal = "FUTURE_REF";
    return j + 2;
  }
  if (the && (IsWordText(j, "near") || IsWordText(j, "distant") ||
              IsWordText(j, "foreseeable")) && Is(j + 1, W::kFuture)) {
    spec->literal = "FUTURE_REF";
    return j + 2;
  }
  const Lexeme* w = Lex(j);
  if (w == nullptr) return 0;
  // "recent years", "the coming weeks"
  if ((w->word == W::kRecent || w->word == W::kComing) && Lex(j + 1) != nullptr &&
      Lex(j + 1)->unit != Unit::kNone && Lex(j + 1)->plural) {
    spec->literal = w->word == W::kRecent ? "PAST_REF" : "FUTURE_REF";
    return j + 2;
  }
  if (w->word == W::kThese && Lex(j + 1) != nullptr && Lex(j + 1)->unit == Unit::kDay &&
      Lex(j + 1)->plural && !the) {
    spec->literal = "PRESENT_REF";
    return j + 2;
  }
  if (!the) {
    if (w->word == W::kPresent && i > 0 && Is(i - 1, W::kAt)) {
      spec->literal = "PRESENT_REF";
      return j + 1;
    }
    return 0;
  }
  if (w->word == W::kPast) {
    const Lexeme* next = Lex(j + 1);
    if (Has(j + 1) && (T(j + 1).kind == TokenKind::kNumber ||
                       (next != nullptr && (next->number >= 0 || next->unit != Unit::kNone ||
                                            next->word == W::kFew || next->word == W::kSeveral ||
                                            next->word == W::kCouple || next->ordinal >= 0)))) {
      return 0;
    }
    spec->literal = "PAST_REF";
    return j + 1;
  }
  if (w->word == W::kFuture) {
    spec->literal = "FUTURE_REF";
    return j + 1;
  }
  if (w->word == W::kRecent && Is(j + 1, W::kPast)) {
    spec->literal = "PAST_REF";
    return j + 2;
  }
  if (w->word == W::kPresent && IsEndOfClause(j + 1)) {
    spec->literal = "PRESENT_REF";
    return j + 1;
  }
  return 0;
}

size_t Matcher::ParseRelativeUnit(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  const Lexeme* lex = Lex(j);
  if (lex == nullptr) return 0;
  Anchor anchor = Anchor::kReference;
  int shift = 0;
  Direction dir = Direction::kSame;
  size_t k = j + 1;
  bool duration_if_unit = false;
  switch (lex->word) {
    case W::kThis:
      if (Is(k, W::kPast)) {
        shift = -1;
        dir = Direction::kStrictPast;
        ++k;
      } else if (Is(k, W::kComing)) {
        shift = 1;
        dir = Direction::kStrictFuture;
        ++k;
      }
      break;
    case W::kCurrent: break;
    case W::kLast:
    case W::kPast:
      shift = -1;
      dir = Direction::kStrictPast;
      duration_if_unit = the;  // "the past week", "the last year"
      break;
    case W::kNext:
    case W::kComing:
      shift = 1;
      dir = Direction::kStrictFuture;
      if (the && lex->word == W::kNext) anchor = Anchor::kDiscourse;
      break;
    case W::kPrevious:
      shift = -1;
      dir = Direction::kStrictPast;
      if (the) anchor = Anchor::kDiscourse;
      break;
    case W::kFollowing:
      if (!the) return 0;
      shift = 1;
      dir = Direction::kStrictFuture;
      anchor = Anchor::kDiscourse;
      break;
    case W::kLatest:
      shift = -1;
      break;
    case W::kSame:
      if (!the) return 0;
      anchor = Anchor::kDiscourse;
      break;
    case W::kThat:
      if (the) return 0;
      anchor = Anchor::kDiscourse;
      if (Is(k, W::kSame)) ++k;  // "that same day"
      break;
    case W::kNone:
      // "the weekend": the one before or after the reference, by tense.
      if (the && lex->unit == Unit::kWeekend && !lex->plural) {
        spec->weekend = true;
        return j + 1;
      }
      return 0;
    default:
      return 0;
  }
  if (Is(k, W::kFiscal) && Lex(k + 1) != nullptr && Lex(k + 1)->unit == Unit::kYear) ++k;
  const Lexeme* target = Lex(k);
  if (target == nullptr) return 0;
  if (lex->word == W::kLatest && Is(k, W::kPeriod)) {
    SetShift(spec, Anchor::kReference, Unit::kQuarter, -1);
    return k + 1;
  }
  if (target->unit != Unit::kNone && !target->plural) {
    if (target->unit == Unit::kHour || target->unit == Unit::kMinute ||
        target->unit == Unit::kSecond || target->unit == Unit::kFortnight) {
      return 0;
    }
    if (duration_if_unit && target->unit != Unit::kYear) {
      // "the past week" is a stretch of time; "the past year" is read as last year.
      if (target->unit == Unit::kWeekend) return 0;
      spec->type = TimexType::kDuration;
      spec->literal = DurationValue(target->unit, 1, false);
      return k + 1;
    }
    if (lex->word == W::kLatest && target->unit != Unit::kQuarter && target->unit != Unit::kYear) {
      return 0;
    }
    SetShift(spec, anchor, target->unit, shift);
    if (lex->word == W::kLatest || (lex->word == W::kCurrent && the)) {
      spec->anchor = Anchor::kReference;
    }
    return k + 1;
  }
  if (the && (lex->word == W::kPrevious || lex->word == W::kFollowing) && IsWeekdayName(k) && !target->month_abbrev) {
    // "the previous Friday": counted from the story's date.
    spec->weekday = target->weekday;
    spec->direction = dir;
    spec->anchor = Anchor::kDiscourse;
    spec->shift_unit = Granularity::kDay;
    return k + 1;
  }
  if (target->part_of_day >= 0 && !target->plural && anchor == Anchor::kDiscourse) {
    // "the next morning", "the previous night", "that evening"
    SetShift(spec, Anchor::kDiscourse, Unit::kDay, shift);
    spec->part_of_day = target->part_of_day;
    spec->type = TimexType::kTime;
    return k + 1;
  }
  if (lex->word == W::kLatest || lex->word == W::kCurrent || lex->word == W::kSame ||
      lex->word == W::kThat || the) {
    return 0;
  }
  if (IsMonthName(k) && !target->month_abbrev) {
    spec->month = target->month;
    spec->direction = dir;
    return k + 1;
  }
  if (IsWeekdayName(k) && !target->month_abbrev) {
    spec->weekday = target->weekday;
    spec->direction = lex->word == W::kThis && dir == Direction::kSame ? Direction::kByTense : dir;
    size_t e = k + 1;
    if (Lex(e) != nullptr && Lex(e)->part_of_day >= 0 && !Lex(e)->plural) {
      spec->part_of_day = Lex(e)->part_of_day;
      spec->type = TimexType::kTime;
      ++e;
    }
    return e;
  }
  if (target->season >= 0) {
    spec->season = target->season;
    spec->direction = dir;
    return k + 1;
  }
  if (target->part_of_day >= 0 && !target->plural && (lex->word == W::kThis ||
                                                      lex->word == W::kLast)) {
    // "this morning"; "last night" is the night before the reference day.
    SetShift(spec, Anchor::kReference, Unit::kDay, lex->word == W::kLast ? -1 : 0);
    spec->part_of_day = target->part_of_day;
    spec->type = TimexType::kTime;
    return k + 1;
  }
  return 0;
}

size_t Matcher::ParseAgo(size_t i, Spec* spec) const {
  int n = 0;
  bool vague = false;
  const size_t k = ParseCardinal(i, &n, &vague);
  if (k == 0) return 0;
  const Lexeme* unit = Lex(k);
  if (unit == nullptr || unit->unit == Unit::kNone || unit->unit == Unit::kWeekend) {
    return 0;
  }
  if (!vague && n <= 0) return 0;
  size_t e = k + 1;
  Anchor anchor;
  int sign;
  if (Is(e, W::kAgo)) {
    anchor = Anchor::kReference;
    sign = -1;
    ++e;
  } else if (Is(e, W::kHence)) {
    anchor = Anchor::kReference;
    sign = 1;
    ++e;
  } else if (Is(e, W::kFrom) && Is(e + 1, W::kNow)) {
    anchor = Anchor::kReference;
    sign = 1;
    e += 2;
  } else if (Is(e, W::kEarlier) || Is(e, W::kLater)) {
    anchor = Anchor::kDiscourse;
    sign = Is(e, W::kEarlier) ? -1 : 1;
    ++e;
  } else if ((Is(e, W::kBefore) || Is(e, W::kAfter)) && IsEndOfClause(e + 1)) {
    anchor = Anchor::kDiscourse;
    sign = Is(e, W::kBefore) ? -1 : 1;
    ++e;
  } else {
    return 0;
  }
  if (vague) {
    spec->literal = sign < 0 ? "PAST_REF" : "FUTURE_REF";
    return e;
  }
  if (IsPunct(k + 1, '-')) return 0;
  SetShift(spec, anchor, unit->unit, sign * n);
  spec->inherit_granularity = anchor == Anchor::kDiscourse ||
                              (unit->unit == Unit::kYear && n == 1);
  return e;
}

size_t Matcher::ParseYearAgoAdjective(size_t i, Spec* spec) const {
  size_t j = i;
  const bool det = Is(j, W::kThe) || Is(j, W::kA);
  if (det) ++j;
  if (Is(j, W::kComparable) || Is(j, W::kCorresponding)) ++j;
  if (Lex(j) == nullptr || Lex(j)->unit != Unit::kYear || Lex(j)->plural) return 0;
  size_t k = j + 1;
  if (IsPunct(k, '-') && Attached(k)) ++k;
  if (!Is(k, W::kAgo) && !Is(k, W::kEarlier)) return 0;
  if (k == j + 1 && !det) return 0;  // "a year earlier" is ParseAgo's
  ++k;
  int ordinal = 0;
  const size_t o = ParseOrdinal(k, &ordinal);
  if (o > 0 && ordinal >= 1 && ordinal <= 4 && Lex(o) != nullptr &&
      Lex(o)->unit == Unit::kQuarter && !Lex(o)->plural) {
    // "the year-ago third quarter"
    spec->quarter = ordinal;
    spec->anchor = Anchor::kReference;
    spec->shift_unit = Granularity::kYear;
    spec->shift = -1;
    spec->direction = Direction::kSame;
    return o + 1;
  }
  const bool noun = Is(k, W::kPeriod) || (Lex(k) != nullptr && !Lex(k)->plural &&
                                          (Lex(k)->unit == Unit::kQuarter ||
                                           Lex(k)->unit == Unit::kMonth));
  if (noun) ++k;
  else if (det) return 0;
  SetShift(spec, Anchor::kDiscourse, Unit::kYear, -1);
  spec->inherit_granularity = true;
  return k;
}

size_t Matcher::ParsePartOfDay(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  const Lexeme* lex = Lex(j);
  if (lex == nullptr || lex->part_of_day < 0 || lex->plural) return 0;
  const Lexeme* prev = i > 0 ? Lex(i - 1) : nullptr;
  const bool after_mod = i > 0 && (IsPunct(i - 1, '-') || (prev != nullptr &&
                                   (prev->word == W::kEarly || prev->word == W::kLate ||
                                    prev->word == W::kMid)));
  const bool after_prep = prev != nullptr && (prev->word == W::kIn || prev->word == W::kDuring ||
                                              prev->word == W::kBy || prev->word == W::kUntil ||
                                              prev->word == W::kThrough);
  const bool overnight = IsWordText(j, "overnight");
  if (!overnight && !after_mod && !(the && after_prep)) return 0;
  spec->part_of_day = lex->part_of_day;
  spec->type = TimexType::kTime;
  SetShift(spec, Anchor::kDiscourse, Unit::kDay, 0);
  return ParseDayAfterTime(j + 1, spec);
}

}  // namespace chronicle::temporal::internal
