// Helpers shared by the matcher's rule files.
#ifndef CHRONICLE_CORE_TEMPORAL_MATCHER_UTIL_H_
#define CHRONICLE_CORE_TEMPORAL_MATCHER_UTIL_H_

#include <string>

#include "core/temporal/lexicon.h"
#include "core/temporal/spec.h"

namespace chronicle::temporal::internal {

// The granularity a calendar unit counts in (fortnights and weekends count in weeks).
Granularity UnitGranularity(Unit unit);

// ISO-8601 duration of `n` units, "X" for the number when vague: "P3Y",
// "PT2H", "PXM"; decades and centuries in years. Empty for weekends.
std::string DurationValue(Unit unit, int n, bool vague);

// Makes `spec` the anchor moved by `amount` units, at the unit's granularity.
void SetShift(Spec* spec, Anchor anchor, Unit unit, int amount);

// "'98" -> 1998, "'05" -> 2005.
inline int TwoDigitYear(int64_t v) { return static_cast<int>(v < 30 ? 2000 + v : 1900 + v); }

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_MATCHER_UTIL_H_
