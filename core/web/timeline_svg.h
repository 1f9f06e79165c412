// The timeline as a picture: an inline SVG the timeline page puts above its
// list of entries.
//
// Drawn top to bottom: the histogram (matching events per bucket) as bars
// standing on the date axis; the axis, its ticks spaced by the span shown
// (days to centuries); then the entries in lanes below it, each at its date:
// a bar from start to end for a span (an interval longer than one unit of
// its granularity, "1910/1945"), a circle sized by its source count for
// anything else. An entry whose sources disagree on its date has a dashed
// outline and a dashed line across the dates they give.
//
// The picture scales with the page (viewBox, width="100%"). Every entry is a
// <g class="entry ..."> with data-entry="<its index in the response>" and
// data-date="<its date>", inside a link to "#entry-<index>" (the entry in the
// page's list), with a <title> tooltip giving its date and headline. All text
// in it is escaped.
#ifndef CHRONICLE_CORE_WEB_TIMELINE_SVG_H_
#define CHRONICLE_CORE_WEB_TIMELINE_SVG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::web {

enum class TickUnit { kDay, kMonth, kYear, kDecade, kCentury };

// "day", "month", "year", "decade", "century".
absl::string_view TickUnitName(TickUnit unit);

struct AxisTick {
  absl::Time at;
  std::string label;    // "24 Dec", "Dec", "2019", "1900"
  std::string context;  // the year under a day or month label where it changes, else ""
};

struct TimeAxis {
  TickUnit unit = TickUnit::kDay;
  int64_t step = 1;  // in days, months or years as the unit says (decades and centuries count years)
  std::vector<AxisTick> ticks;
};

// At most this many ticks, so that their labels fit side by side on a phone.
inline constexpr int kMaxAxisTicks = 8;

// The ticks between `start` and `end` (inclusive), spaced by the finest of
// 1, 2, 7 or 14 days (at noon, the middle of the day a circle marks), 1, 2,
// 3 or 6 months, 1, 2 or 5 years, 10, 20 or 50 years, 100, 200, 500, 1000...
// years that gives at most kMaxAxisTicks of them. Ticks fall on round values
// of their unit (a 3-month step on quarters, a 50-year step on 1950, 2000).
TimeAxis ChooseTimeAxis(absl::Time start, absl::Time end);

// The <svg> element for `response`, or "" when no entry and no histogram
// bucket has a date it can place.
std::string RenderTimelineSvg(const v1::TimelineResponse& response);

}  // namespace chronicle::web

#endif  // CHRONICLE_CORE_WEB_TIMELINE_SVG_H_
