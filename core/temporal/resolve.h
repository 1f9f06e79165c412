// Puts a Spec on the calendar, given the reference date, the date last
// mentioned in the text and the tense around the expression.
#ifndef CHRONICLE_CORE_TEMPORAL_RESOLVE_H_
#define CHRONICLE_CORE_TEMPORAL_RESOLVE_H_

#include <string>

#include "absl/types/optional.h"
#include "core/temporal/calendar.h"
#include "core/temporal/spec.h"
#include "core/temporal/types.h"

namespace chronicle::temporal::internal {

enum class Tense : uint8_t { kUnknown, kPast, kPresent, kFuture };

struct ResolveContext {
  const absl::optional<ReferenceDate>* reference = nullptr;  // never null
  const CalendarPoint* discourse = nullptr;  // the date last mentioned, if any
  bool discourse_in_sentence = false;         // ... and it was in the same sentence
  Tense tense = Tense::kUnknown;
};

struct Resolution {
  bool valid = true;     // false for impossible dates ("February 30")
  std::string value;     // TIMEX3 value
  absl::optional<CalendarPoint> point;  // set when the value is on the calendar
  absl::optional<Interval> interval;    // the point's interval, narrowed by mod
};

// Resolves `spec`. Relative expressions without an anchor get X-filled or
// *_REF values and no interval.
Resolution Resolve(const Spec& spec, const ResolveContext& context);

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_RESOLVE_H_
