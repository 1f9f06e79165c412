// What a matched expression means before it is put on the calendar.
#ifndef CHRONICLE_CORE_TEMPORAL_SPEC_H_
#define CHRONICLE_CORE_TEMPORAL_SPEC_H_

#include <string>

#include "core/temporal/types.h"

namespace chronicle::temporal::internal {

// What relative expressions count from.
enum class Anchor : uint8_t {
  kNone,       // absolute, or fields without a year that take it from the reference
  kReference,  // the publication time ("yesterday", "last year", "two weeks ago")
  kDiscourse,  // the date last mentioned, else the reference ("the previous day")
  kSentence,   // a date mentioned earlier in the same sentence, else the reference
               // ("the year", "the full year")
};

// Which occurrence of a month, weekday, season or quarter without a year is meant.
enum class Direction : uint8_t {
  kByTense,       // from the verb tense around the expression
  kPast,          // the latest one on or before the anchor
  kFuture,        // the first one on or after the anchor
  kStrictPast,    // "last Friday": before the anchor
  kStrictFuture,  // "next Friday": after the anchor
  kSame,          // "this Friday", "this March": the one in the anchor's week/year
};

struct Spec {
  TimexType type = TimexType::kDate;
  // When set, the final value: durations, sets and PRESENT_REF/PAST_REF/FUTURE_REF.
  std::string literal;
  std::string mod;

  // Calendar fields; -1 when the text does not give them.
  int century = -1;  // 19 for "the 20th century"
  int decade = -1;   // 199 for "the 1990s"
  int year = -1;
  int half = -1;
  int quarter = -1;
  int season = -1;  // 0 spring .. 3 winter
  int month = -1;
  int day = -1;
  int weekday = -1;  // 1 Monday .. 7 Sunday
  int part_of_day = -1;
  int hour = -1;
  int minute = -1;
  bool weekend = false;
  // A holiday whose date moves from year to year (Easter, Thanksgiving, ...);
  // month and day then hold a typical date, for choosing the year.
  int holiday = -1;
  // With weekday and month: "the first Monday of March" (1..5; -1 the last).
  // day then holds a typical date, for choosing the year.
  int nth_weekday = 0;
  bool week_of_day = false;  // "the week ended February 22": the week of the day

  // Relative expressions: the anchor, moved by `shift` units of `shift_unit`.
  Anchor anchor = Anchor::kNone;
  Granularity shift_unit = Granularity::kUnknown;
  int shift = 0;
  // Shift to use instead when a discourse anchor falls back to the reference:
  // "the quarter" is the one just mentioned, or else the latest complete one.
  bool has_fallback_shift = false;
  int fallback_shift = 0;
  // Granularity of the result of a shift; kUnknown means the shift unit.
  Granularity granularity = Granularity::kUnknown;
  // "a year earlier": keep the (finer) granularity of the discourse date.
  bool inherit_granularity = false;
  Direction direction = Direction::kByTense;
  // "later this month" (+1): from the reference day to the end of the period;
  // "earlier this month" (-1): from its start through the reference day.
  int partial = 0;

  bool HasFieldsBelowYear() const {
    return half >= 0 || quarter >= 0 || season >= 0 || month >= 0 || day >= 0 || holiday >= 0 ||
           weekday >= 0 || part_of_day >= 0 || hour >= 0 || weekend;
  }
  bool HasYear() const { return year >= 0 || decade >= 0 || century >= 0; }
};

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_SPEC_H_
