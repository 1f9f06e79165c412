#include "core/temporal/resolve.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/temporal/holidays.h"

namespace chronicle::temporal::internal {
namespace {

constexpr const char* kSeasonCodes[] = {"SP", "SU", "FA", "WI"};
constexpr const char* kPartCodes[] = {"MO", "AF", "EV", "NI"};

int DaysInMonth(int64_t year, int month) {
  const absl::CivilMonth m(year, month);
  return static_cast<int>(absl::CivilDay(m + 1) - absl::CivilDay(m));
}

// True when a point of granularity `have` is at least as fine as `need`.
bool FineEnough(Granularity have, Granularity need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

// Picks the year of a yearless position (compared as `target` against the
// anchor's `current`, both in the same unit) for a direction.
int64_t PickYear(int64_t anchor_year, int target, int current, Direction direction) {
  switch (direction) {
    case Direction::kPast: return target <= current ? anchor_year : anchor_year - 1;
    case Direction::kStrictPast: return target < current ? anchor_year : anchor_year - 1;
    case Direction::kFuture: return target >= current ? anchor_year : anchor_year + 1;
    case Direction::kStrictFuture: return target > current ? anchor_year : anchor_year + 1;
    case Direction::kSame:
    case Direction::kByTense: break;
  }
  return anchor_year;
}

Direction EffectiveDirection(const Spec& spec, Tense tense, bool weekday) {
  if (spec.direction != Direction::kByTense) return spec.direction;
  if (tense == Tense::kFuture) return Direction::kFuture;
  if (tense == Tense::kPast) return Direction::kPast;
  // News mostly reports what happened: a bare weekday without tense cues is
  // the latest one; a bare month is the one in the current year.
  return weekday ? Direction::kPast : Direction::kSame;
}

// Year of a yearless month and day. Past tense takes the latest occurrence
// unless that is over ten months back: "payable Dec. 7" in a story from
// October that says what a board "declared" is this December. Without tense
// cues the nearest occurrence wins.
int64_t PickYearForDay(const Spec& spec, absl::CivilSecond t, Tense tense) {
  const absl::CivilDay anchor(t);
  const int64_t y = t.year();
  if (spec.direction != Direction::kByTense) {
    return PickYear(y, spec.month * 100 + spec.day, t.month() * 100 + t.day(), spec.direction);
  }
  const int key = spec.month * 100 + spec.day;
  const int now = t.month() * 100 + t.day();
  const int64_t past_year = key <= now ? y : y - 1;
  const int64_t future_year = key >= now ? y : y + 1;
  if (tense == Tense::kFuture) return future_year;
  const int day = spec.day > 28 ? 28 : spec.day;  // distance only; Feb 29 safe
  const int64_t back = anchor - absl::CivilDay(past_year, spec.month, day);
  const int64_t ahead = absl::CivilDay(future_year, spec.month, day) - anchor;
  // In the present tense a day of the last month is still being talked
  // about ("the attacks of Aug. 7 underscore ..."); an older one names the
  // coming occurrence ("the meeting is on Christmas", said in February).
  if (tense == Tense::kPresent) return back <= 31 ? past_year : future_year;
  if (tense == Tense::kPast && back <= 300) return past_year;
  return back <= ahead ? past_year : future_year;
}

// Year of a yearless quarter: reports name quarters that have begun; only
// future tense reaches a later one, and only the current or next year.
int64_t PickYearForQuarter(int64_t y, int quarter, int current, Direction dir, Tense tense) {
  if (dir != Direction::kByTense) return PickYear(y, quarter, current, dir);
  if (tense == Tense::kFuture) return quarter >= current - 1 ? y : y + 1;
  return quarter <= current ? y : y - 1;
}

// Adds the time-of-day fields of `spec` to a day point.
void ApplyTimeOfDay(const Spec& spec, CalendarPoint* p) {
  if (spec.hour >= 0) {
    const absl::CivilDay day(p->time);
    p->time = absl::CivilSecond(day.year(), day.month(), day.day(), spec.hour,
                                spec.minute >= 0 ? spec.minute : 0, 0);
    p->granularity = spec.minute > 0 ? Granularity::kMinute : Granularity::kHour;
    p->sub = SubUnit::kNone;
  } else if (spec.part_of_day >= 0) {
    p->granularity = Granularity::kHour;
    p->sub = SubUnit::kPartOfDay;
    p->index = spec.part_of_day;
  }
}

// Builds the point for fields once the year is known. False for impossible dates.
bool BuildWithYear(const Spec& spec, int64_t year, CalendarPoint* p) {
  if (spec.nth_weekday != 0 && spec.weekday > 0 && spec.month > 0) {
    Spec exact = spec;
    exact.day = NthWeekdayOfMonth(year, spec.month, spec.weekday, spec.nth_weekday);
    if (exact.day == 0) return false;
    exact.nth_weekday = 0;
    exact.weekday = -1;
    return BuildWithYear(exact, year, p);
  }
  if (spec.holiday >= 0) {
    Spec exact = spec;
    HolidayDate(spec.holiday, year, &exact.month, &exact.day);
    exact.holiday = -1;
    return BuildWithYear(exact, year, p);
  }
  p->sub = SubUnit::kNone;
  if (spec.month >= 0 && spec.day >= 0) {
    if (spec.day < 1 || spec.day > DaysInMonth(year, spec.month)) return false;
    p->granularity = Granularity::kDay;
    p->time = absl::CivilSecond(year, spec.month, spec.day);
    if (spec.week_of_day) p->granularity = Granularity::kWeek;
    ApplyTimeOfDay(spec, p);
  } else if (spec.month >= 0) {
    p->granularity = Granularity::kMonth;
    p->time = absl::CivilSecond(year, spec.month, 1);
  } else if (spec.quarter >= 0) {
    p->granularity = Granularity::kQuarter;
    p->sub = SubUnit::kQuarter;
    p->index = spec.quarter;
    p->time = absl::CivilSecond(year, 3 * (spec.quarter - 1) + 1, 1);
  } else if (spec.half >= 0) {
    p->granularity = Granularity::kQuarter;
    p->sub = SubUnit::kHalf;
    p->index = spec.half;
    p->time = absl::CivilSecond(year, 6 * (spec.half - 1) + 1, 1);
  } else if (spec.season >= 0) {
    p->granularity = Granularity::kQuarter;
    p->sub = SubUnit::kSeason;
    p->index = spec.season;
    p->time = absl::CivilSecond(year, 1, 1);
  } else {
    p->granularity = Granularity::kYear;
    p->time = absl::CivilSecond(year, 1, 1);
  }
  return true;
}

// The value of a relative spec when nothing anchors it.
std::string UnanchoredValue(const Spec& spec) {
  if (spec.holiday >= 0) return "XXXX-XX-XX";
  if (spec.nth_weekday != 0) return absl::StrFormat("XXXX-%02d-XX", spec.month);
  if (spec.month >= 0 && spec.day >= 0) {
    return absl::StrFormat("XXXX-%02d-%02d", spec.month, spec.day);
  }
  if (spec.month >= 0) return absl::StrFormat("XXXX-%02d", spec.month);
  if (spec.quarter >= 0) return absl::StrFormat("XXXX-Q%d", spec.quarter);
  if (spec.half >= 0) return absl::StrFormat("XXXX-H%d", spec.half);
  if (spec.season >= 0) return absl::StrCat("XXXX-", kSeasonCodes[spec.season & 3]);
  if (spec.weekday >= 0) return absl::StrFormat("XXXX-WXX-%d", spec.weekday);
  if (spec.weekend && spec.shift == 0) return "XXXX-WXX-WE";
  if (spec.hour >= 0) {
    return absl::StrFormat("XXXX-XX-XXT%02d:%02d", spec.hour, spec.minute >= 0 ? spec.minute : 0);
  }
  if (spec.part_of_day >= 0 && spec.shift == 0) {
    return absl::StrCat("XXXX-XX-XXT", kPartCodes[spec.part_of_day & 3]);
  }
  if (spec.shift < 0) return "PAST_REF";
  if (spec.shift > 0) return "FUTURE_REF";
  return "PRESENT_REF";
}

// Resolves a spec that needs an anchor, from `t` (the anchor after the shift).
bool ResolveRelative(const Spec& spec, const CalendarPoint& base, bool from_discourse,
                     absl::CivilSecond t, Tense tense, CalendarPoint* p) {
  const absl::CivilDay day(t);
  if (spec.year < 0 && (spec.month >= 0 || spec.quarter >= 0 || spec.half >= 0 ||
                        spec.season >= 0)) {
    const Direction dir = EffectiveDirection(spec, tense, false);
    int64_t year = t.year();
    if (spec.month >= 0 && spec.day >= 0) {
      year = PickYearForDay(spec, t, tense);
    } else if (spec.month >= 0) {
      year = PickYear(year, spec.month, t.month(), dir);
    } else if (spec.quarter >= 0) {
      year = PickYearForQuarter(year, spec.quarter, QuarterOf(t.month()), spec.direction, tense);
    } else if (spec.half >= 0) {
      year = PickYear(year, spec.half, t.month() <= 6 ? 1 : 2, dir);
    } else {
      year = PickYear(SeasonYear(t), spec.season, SeasonOf(t.month()), dir);
    }
    return BuildWithYear(spec, year, p);
  }
  if (spec.weekday >= 0 || (spec.weekend && spec.anchor == Anchor::kNone)) {
    const int weekday = spec.weekday >= 0 ? spec.weekday : 6;
    Direction dir = EffectiveDirection(spec, tense, true);
    const int today = WeekdayNumber(day);
    if (spec.direction == Direction::kByTense && tense == Tense::kPresent) {
      // "is meeting Friday": the nearest one.
      dir = (weekday - today + 7) % 7 <= 3 ? Direction::kFuture : Direction::kPast;
    }
    absl::CivilDay target = day;
    switch (dir) {
      case Direction::kPast:
      case Direction::kStrictPast: {
        int back = (today - weekday + 7) % 7;
        if (back == 0 && dir == Direction::kStrictPast) back = 7;
        target = day - back;
        break;
      }
      case Direction::kFuture:
      case Direction::kStrictFuture: {
        int ahead = (weekday - today + 7) % 7;
        if (ahead == 0 && dir == Direction::kStrictFuture) ahead = 7;
        target = day + ahead;
        break;
      }
      case Direction::kSame:
      case Direction::kByTense:
        target = day + (weekday - today);
        break;
    }
    p->granularity = Granularity::kDay;
    p->sub = SubUnit::kNone;
    p->time = absl::CivilSecond(target);
    if (spec.weekday < 0) {
      p->granularity = Granularity::kWeek;
      p->sub = SubUnit::kWeekend;
      return true;
    }
    ApplyTimeOfDay(spec, p);
    return true;
  }
  // A pure shift: "last year", "yesterday", "this week", "a year earlier".
  Granularity g = spec.granularity != Granularity::kUnknown ? spec.granularity : spec.shift_unit;
  if (g == Granularity::kUnknown) g = Granularity::kDay;
  p->time = t;
  p->sub = SubUnit::kNone;
  p->granularity = g;
  if (spec.inherit_granularity && from_discourse && base.granularity == Granularity::kQuarter &&
      FineEnough(base.granularity, g)) {
    p->granularity = base.granularity;
    p->sub = base.sub;
    p->index = base.index;
    return true;
  }
  if (g == Granularity::kQuarter) {
    p->sub = SubUnit::kQuarter;
    p->index = QuarterOf(t.month());
  }
  if (spec.weekend) {
    p->granularity = Granularity::kWeek;
    p->sub = SubUnit::kWeekend;
  }
  if (spec.hour >= 0 || spec.part_of_day >= 0) {
    p->granularity = Granularity::kDay;
    ApplyTimeOfDay(spec, p);
  }
  return true;
}

}  // namespace

Resolution Resolve(const Spec& spec, const ResolveContext& context) {
  Resolution out;
  if (!spec.literal.empty()) {
    out.value = spec.literal;
    return out;
  }
  CalendarPoint p;
  const bool relative = spec.anchor != Anchor::kNone || !spec.HasYear();
  if (!relative) {
    if (spec.year >= 0) {
      if (!BuildWithYear(spec, spec.year, &p)) {
        out.valid = false;
        return out;
      }
    } else if (spec.decade >= 0) {
      p.granularity = Granularity::kDecade;
      p.time = absl::CivilSecond(spec.decade * 10, 1, 1);
    } else {
      p.granularity = Granularity::kCentury;
      p.time = absl::CivilSecond(spec.century * 100, 1, 1);
    }
  } else {
    const absl::optional<ReferenceDate>& reference = *context.reference;
    // The unit the anchor must be precise to.
    Granularity need = spec.shift_unit;
    if (spec.weekday >= 0 || spec.hour >= 0 || spec.part_of_day >= 0 || spec.weekend) {
      need = Granularity::kDay;
    }
    if (need == Granularity::kUnknown) need = Granularity::kYear;
    CalendarPoint base;
    bool from_discourse = false;
    const bool discourse_ok = context.discourse != nullptr &&
                              FineEnough(context.discourse->granularity, need);
    // "a year ago" after "the third quarter" in one sentence compares quarters.
    const bool comparison = spec.anchor == Anchor::kReference && spec.inherit_granularity &&
                            discourse_ok &&
                            context.discourse->granularity == Granularity::kQuarter;
    int shift = spec.shift;
    if ((spec.anchor == Anchor::kDiscourse && discourse_ok) ||
        (spec.anchor == Anchor::kSentence && discourse_ok && context.discourse_in_sentence) ||
        comparison) {
      base = *context.discourse;
      from_discourse = true;
    } else if (reference.has_value() && FineEnough(reference->granularity, need)) {
      base.time = reference->time;
      base.granularity = reference->granularity;
      base.sub = SubUnit::kNone;
    } else {
      out.value = UnanchoredValue(spec);
      return out;
    }
    if (!from_discourse && spec.has_fallback_shift) shift = spec.fallback_shift;
    const absl::CivilSecond t = Shift(base.time, spec.shift_unit, shift);
    if (!ResolveRelative(spec, base, from_discourse, t, context.tense, &p)) {
      out.valid = false;
      return out;
    }
  }
  out.value = FormatValue(p);
  // "later this month" is cut at the reference day instead of into thirds.
  Interval interval = spec.partial != 0 ? PointInterval(p) : NarrowByMod(PointInterval(p), spec.mod);
  if (spec.partial != 0 && context.reference->has_value()) {
    const absl::CivilSecond ref_day(absl::CivilDay((*context.reference)->time));
    if (spec.partial > 0 && ref_day > interval.start && ref_day < interval.end) {
      interval.start = ref_day;
    } else if (spec.partial < 0 && ref_day + 86400 > interval.start && ref_day < interval.end) {
      interval.end = ref_day + 86400;
    }
  }
  out.point = p;
  out.interval = interval;
  return out;
}

}  // namespace chronicle::temporal::internal
