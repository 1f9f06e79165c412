#include "core/web/timeline_svg.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "core/web/dates.h"
#include "core/web/html.h"

namespace chronicle::web {
namespace {

// Drawing units of the viewBox. At 800 wide the labels read well from the
// page's full width down to the 520 px the page keeps the picture at (it
// scrolls sideways on a narrower screen).
constexpr double kWidth = 800;
constexpr double kPlotLeft = 40;
constexpr double kPlotRight = kWidth - 40;
constexpr double kHistogramTop = 8;
constexpr double kHistogramHeight = 56;
constexpr double kLaneHeight = 30;
constexpr int kMaxLanes = 6;
constexpr double kBarHeight = 12;
// Marks in one lane keep this far apart; beyond kMaxLanes they overlap.
constexpr double kLaneGap = 4;

constexpr char kPointFill[] = "#2563eb";
constexpr char kPointStroke[] = "#1e3a8a";
constexpr char kSpanFill[] = "#0d9488";
constexpr char kSpanStroke[] = "#115e59";
constexpr char kConflictStroke[] = "#c2410c";
constexpr char kBucketFill[] = "#cbd5e1";
constexpr char kAxisStroke[] = "#475569";
constexpr char kTextFill[] = "#1f2937";

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

int64_t FloorMod(int64_t value, int64_t divisor) { return ((value % divisor) + divisor) % divisor; }

std::string Number(double value) { return absl::StrFormat("%.1f", value); }

// Ticks of one spacing, or nullopt once there would be more than
// kMaxAxisTicks.
using TickList = std::optional<std::vector<AxisTick>>;

TickList DayTicks(absl::Time start, absl::Time end, int64_t step) {
  // Steps of several days count from a Monday, so weekly ticks fall on one.
  const absl::CivilDay kMonday(1970, 1, 5);
  absl::CivilDay day = absl::ToCivilDay(start, absl::UTCTimeZone()) - 1;
  day += FloorMod(-(day - kMonday), step);
  std::vector<AxisTick> ticks;
  for (;; day += step) {
    const absl::Time at = StartOf(day) + absl::Hours(12);
    if (at < start) continue;
    if (at > end) break;
    if (static_cast<int>(ticks.size()) == kMaxAxisTicks) return std::nullopt;
    const bool new_year = ticks.empty() || absl::ToCivilYear(ticks.back().at, absl::UTCTimeZone()).year() != day.year();
    ticks.push_back(
        {at, absl::StrCat(day.day(), " ", MonthAbbreviation(day.month())), new_year ? YearLabel(day.year()) : ""});
  }
  return ticks;
}

TickList MonthTicks(absl::Time start, absl::Time end, int64_t step) {
  absl::CivilMonth month = absl::ToCivilMonth(start, absl::UTCTimeZone());
  month += FloorMod(-(month.month() - 1), step);
  std::vector<AxisTick> ticks;
  for (;; month += step) {
    const absl::Time at = StartOf(absl::CivilDay(month));
    if (at < start) continue;
    if (at > end) break;
    if (static_cast<int>(ticks.size()) == kMaxAxisTicks) return std::nullopt;
    const bool new_year =
        ticks.empty() || absl::ToCivilYear(ticks.back().at, absl::UTCTimeZone()).year() != month.year();
    ticks.push_back({at, std::string(MonthAbbreviation(month.month())), new_year ? YearLabel(month.year()) : ""});
  }
  return ticks;
}

TickList YearTicks(absl::Time start, absl::Time end, int64_t step) {
  int64_t year = absl::ToCivilYear(start, absl::UTCTimeZone()).year();
  year += FloorMod(-year, step);
  std::vector<AxisTick> ticks;
  for (;; year += step) {
    const absl::Time at = StartOf(absl::CivilDay(year, 1, 1));
    if (at < start) continue;
    if (at > end) break;
    if (static_cast<int>(ticks.size()) == kMaxAxisTicks) return std::nullopt;
    ticks.push_back({at, YearLabel(year), ""});
  }
  return ticks;
}

// One mark of the picture: an entry placed on the axis.
struct Mark {
  int index = 0;
  Period period;
  bool span = false;
  double x = 0;       // the circle's centre, or the bar's left
  double x_end = 0;   // the bar's right
  double radius = 0;  // circles only
  // The dates the sources give, when they disagree, and the leftmost and
  // rightmost of them and of the mark itself.
  std::vector<absl::Time> conflicting;
  double extent_left = 0;
  double extent_right = 0;
  int lane = 0;
};

absl::Time Middle(const Period& period) { return period.start + (period.end - period.start) / 2; }

std::optional<Period> EntryPeriod(const v1::TimelineEntry& entry) {
  std::optional<Period> period = PeriodOfInterval(entry.interval());
  if (!period) return ParsePeriod(entry.date());
  if (period->granularity == v1::GRANULARITY_UNSPECIFIED) {
    if (std::optional<Period> parsed = ParsePeriod(entry.date())) period->granularity = parsed->granularity;
  }
  return period;
}

bool IsSpan(const v1::TimelineEntry& entry, const Period& period) {
  if (entry.date().find('/') != std::string::npos) return true;
  // An hour's slack absorbs a leap second or a time zone's shift.
  return period.end - period.start > LongestUnit(period.granularity) + absl::Hours(1);
}

double Radius(int source_count) { return std::min(12.0, 4.0 + 2.0 * std::sqrt(std::max(1, source_count))); }

class Scale {
 public:
  Scale(absl::Time start, absl::Time end) : start_(start), seconds_(absl::ToDoubleSeconds(end - start)) {}
  double operator()(absl::Time time) const {
    return kPlotLeft + (kPlotRight - kPlotLeft) * absl::ToDoubleSeconds(time - start_) / seconds_;
  }

 private:
  absl::Time start_;
  double seconds_;
};

// Greedy lanes: each mark, left to right, goes to the first lane it fits in
// after the marks already there, or overlaps in the lane that ends first.
int AssignLanes(std::vector<Mark*>& marks) {
  std::sort(marks.begin(), marks.end(), [](const Mark* a, const Mark* b) { return a->extent_left < b->extent_left; });
  std::vector<double> lane_ends;
  for (Mark* mark : marks) {
    int lane = -1;
    for (size_t i = 0; i < lane_ends.size(); ++i) {
      if (lane_ends[i] + kLaneGap <= mark->extent_left) {
        lane = static_cast<int>(i);
        break;
      }
    }
    if (lane < 0 && static_cast<int>(lane_ends.size()) < kMaxLanes) {
      lane = static_cast<int>(lane_ends.size());
      lane_ends.push_back(0);
    }
    if (lane < 0) lane = static_cast<int>(std::min_element(lane_ends.begin(), lane_ends.end()) - lane_ends.begin());
    lane_ends[lane] = std::max(lane_ends[lane], mark->extent_right);
    mark->lane = lane;
  }
  return static_cast<int>(lane_ends.size());
}

std::string EntryTooltip(const v1::TimelineEntry& entry) {
  std::string tooltip = absl::StrCat(DateLabel(entry.date()), " — ", entry.headline());
  absl::StrAppend(&tooltip, " (", entry.source_count(), entry.source_count() == 1 ? " source)" : " sources)");
  if (entry.conflicting_dates_size() > 0) {
    std::vector<std::string> labels;
    for (const std::string& date : entry.conflicting_dates()) labels.push_back(DateLabel(date));
    absl::StrAppend(&tooltip, "\nSources give different dates: ", absl::StrJoin(labels, ", "));
  }
  return tooltip;
}

void AppendEntry(const v1::TimelineEntry& entry, const Mark& mark, double lanes_top, const Scale& scale,
                 std::string& svg) {
  const bool conflict = !mark.conflicting.empty();
  const double y = lanes_top + kLaneHeight * mark.lane + kLaneHeight / 2;
  absl::StrAppend(&svg, "<a href=\"#entry-", mark.index, "\"><g class=\"entry ", mark.span ? "span" : "point",
                  conflict ? " conflict" : "", "\" data-entry=\"", mark.index, "\" data-date=\"",
                  EscapeHtml(entry.date()), "\"><title>", EscapeHtml(EntryTooltip(entry)), "</title>");
  if (conflict) {
    // A dashed line across the dates the sources give, a stroke at each.
    const auto [first, last] = std::minmax_element(mark.conflicting.begin(), mark.conflicting.end());
    absl::StrAppend(&svg, "<line class=\"conflict-range\" x1=\"", Number(scale(*first)), "\" x2=\"",
                    Number(scale(*last)), "\" y1=\"", Number(y), "\" y2=\"", Number(y), "\" stroke=\"", kConflictStroke,
                    "\" stroke-dasharray=\"3 3\"/>");
    for (absl::Time date : mark.conflicting) {
      const double x = scale(date);
      absl::StrAppend(&svg, "<line class=\"conflict-date\" x1=\"", Number(x), "\" x2=\"", Number(x), "\" y1=\"",
                      Number(y - 7), "\" y2=\"", Number(y + 7), "\" stroke=\"", kConflictStroke,
                      "\" stroke-width=\"2\"/>");
    }
  }
  // In a summary, the more important a date the stronger its colour.
  const double opacity = entry.importance() > 0 ? 0.45 + 0.55 * std::min(1.0, entry.importance()) : 0.85;
  const std::string stroke =
      conflict ? absl::StrCat(" stroke=\"", kConflictStroke, "\" stroke-width=\"2.5\" stroke-dasharray=\"4 2\"")
               : absl::StrCat(" stroke=\"", mark.span ? kSpanStroke : kPointStroke, "\" stroke-width=\"1\"");
  const std::string paint =
      absl::StrCat(" fill=\"", mark.span ? kSpanFill : kPointFill, "\" fill-opacity=\"", Number(opacity), "\"", stroke);
  if (mark.span) {
    absl::StrAppend(&svg, "<rect x=\"", Number(mark.x), "\" y=\"", Number(y - kBarHeight / 2), "\" width=\"",
                    Number(mark.x_end - mark.x), "\" height=\"", Number(kBarHeight), "\" rx=\"3\"", paint, "/>");
  } else {
    absl::StrAppend(&svg, "<circle cx=\"", Number(mark.x), "\" cy=\"", Number(y), "\" r=\"", Number(mark.radius), "\"",
                    paint, "/>");
  }
  absl::StrAppend(&svg, "</g></a>");
}

void AppendAxis(const TimeAxis& axis, double axis_y, const Scale& scale, std::string& svg) {
  absl::StrAppend(&svg, "<g class=\"axis\" data-unit=\"", TickUnitName(axis.unit), "\"><line x1=\"", Number(kPlotLeft),
                  "\" x2=\"", Number(kPlotRight), "\" y1=\"", Number(axis_y), "\" y2=\"", Number(axis_y),
                  "\" stroke=\"", kAxisStroke, "\"/>");
  for (size_t i = 0; i < axis.ticks.size(); ++i) {
    const AxisTick& tick = axis.ticks[i];
    const double x = scale(tick.at);
    // Every other label is "alternate": the page hides those when narrow.
    absl::StrAppend(&svg, "<g class=\"tick tick-", TickUnitName(axis.unit), i % 2 == 1 ? " tick-alternate" : "",
                    "\"><line x1=\"", Number(x), "\" x2=\"", Number(x), "\" y1=\"", Number(axis_y), "\" y2=\"",
                    Number(axis_y + 5), "\" stroke=\"", kAxisStroke, "\"/><text x=\"", Number(x), "\" y=\"",
                    Number(axis_y + 19), "\" text-anchor=\"middle\">", EscapeHtml(tick.label), "</text>");
    if (!tick.context.empty()) {
      absl::StrAppend(&svg, "<text class=\"tick-context\" x=\"", Number(x), "\" y=\"", Number(axis_y + 35),
                      "\" text-anchor=\"middle\" font-weight=\"bold\">", EscapeHtml(tick.context), "</text>");
    }
    absl::StrAppend(&svg, "</g>");
  }
  absl::StrAppend(&svg, "</g>");
}

struct Bucket {
  const v1::HistogramBucket* bucket;
  Period period;
};

void AppendHistogram(const std::vector<Bucket>& buckets, double axis_y, const Scale& scale, std::string& svg) {
  int64_t largest = 0;
  for (const Bucket& bucket : buckets) largest = std::max(largest, bucket.bucket->count());
  if (largest <= 0) return;
  absl::StrAppend(&svg, "<g class=\"histogram\">");
  for (const Bucket& bucket : buckets) {
    if (bucket.bucket->count() <= 0) continue;
    const double left = scale(bucket.period.start), right = scale(bucket.period.end);
    // A gap of a tenth between neighbours, but never thinner than a hairline.
    const double width = std::max(1.0, (right - left) * 0.9);
    const double height = std::max(1.0, kHistogramHeight * bucket.bucket->count() / static_cast<double>(largest));
    absl::StrAppend(&svg, "<rect class=\"bucket\" x=\"", Number(left), "\" y=\"", Number(axis_y - height),
                    "\" width=\"", Number(width), "\" height=\"", Number(height), "\" fill=\"", kBucketFill,
                    "\"><title>", EscapeHtml(DateLabel(bucket.bucket->date())), ": ", bucket.bucket->count(),
                    bucket.bucket->count() == 1 ? " event" : " events", "</title></rect>");
  }
  absl::StrAppend(&svg, "</g>");
}

}  // namespace

absl::string_view TickUnitName(TickUnit unit) {
  switch (unit) {
    case TickUnit::kDay:
      return "day";
    case TickUnit::kMonth:
      return "month";
    case TickUnit::kYear:
      return "year";
    case TickUnit::kDecade:
      return "decade";
    case TickUnit::kCentury:
      return "century";
  }
  return "day";
}

TimeAxis ChooseTimeAxis(absl::Time start, absl::Time end) {
  for (int64_t step : {1, 2, 7, 14}) {
    if (TickList ticks = DayTicks(start, end, step)) return {TickUnit::kDay, step, *std::move(ticks)};
  }
  for (int64_t step : {1, 2, 3, 6}) {
    if (TickList ticks = MonthTicks(start, end, step)) return {TickUnit::kMonth, step, *std::move(ticks)};
  }
  // 1, 2, 5, 10, 20, 50, ... years; the bound only stops a loop on times no
  // timeline holds.
  for (int64_t magnitude = 1; magnitude <= 1'000'000'000; magnitude *= 10) {
    for (int64_t factor : {1, 2, 5}) {
      const int64_t step = magnitude * factor;
      if (TickList ticks = YearTicks(start, end, step)) {
        const TickUnit unit = step < 10 ? TickUnit::kYear : step < 100 ? TickUnit::kDecade : TickUnit::kCentury;
        return {unit, step, *std::move(ticks)};
      }
    }
  }
  return {TickUnit::kCentury, 1'000'000'000, {}};
}

std::string RenderTimelineSvg(const v1::TimelineResponse& response) {
  std::vector<Mark> marks;
  std::vector<Bucket> buckets;
  std::optional<absl::Time> first, last;
  auto include = [&first, &last](absl::Time time) {
    if (!first || time < *first) first = time;
    if (!last || time > *last) last = time;
  };
  for (int i = 0; i < response.entries_size(); ++i) {
    const v1::TimelineEntry& entry = response.entries(i);
    std::optional<Period> period = EntryPeriod(entry);
    if (!period) continue;
    Mark& mark = marks.emplace_back();
    mark.index = i;
    mark.period = *period;
    mark.span = IsSpan(entry, *period);
    include(mark.span ? period->start : Middle(*period));
    include(mark.span ? period->end : Middle(*period));
    for (const std::string& date : entry.conflicting_dates()) {
      if (std::optional<Period> given = ParsePeriod(date)) {
        mark.conflicting.push_back(Middle(*given));
        include(mark.conflicting.back());
      }
    }
    // A conflict whose dates cannot be placed is still shown as one.
    if (entry.conflicting_dates_size() > 0 && mark.conflicting.empty()) mark.conflicting.push_back(Middle(*period));
  }
  for (const v1::HistogramBucket& bucket : response.histogram()) {
    if (std::optional<Period> period = ParsePeriod(bucket.date())) {
      buckets.push_back({&bucket, *period});
      include(period->start);
      include(period->end);
    }
  }
  if (!first) return "";

  // At least a day is shown, and a margin on both sides keeps the first and
  // last marks off the picture's edges.
  absl::Time start = *first, end = *last;
  if (end - start < absl::Hours(24)) {
    const absl::Time middle = start + (end - start) / 2;
    start = middle - absl::Hours(12);
    end = middle + absl::Hours(12);
  }
  const absl::Duration margin = (end - start) / 25;
  start -= margin;
  end += margin;
  const Scale scale(start, end);
  const TimeAxis axis = ChooseTimeAxis(start, end);

  std::vector<Mark*> placed;
  for (Mark& mark : marks) {
    if (mark.span) {
      mark.x = scale(mark.period.start);
      mark.x_end = std::max(mark.x + 4, scale(mark.period.end));
      mark.extent_left = mark.x;
      mark.extent_right = mark.x_end;
    } else {
      mark.x = scale(Middle(mark.period));
      mark.radius = Radius(response.entries(mark.index).source_count());
      mark.extent_left = mark.x - mark.radius;
      mark.extent_right = mark.x + mark.radius;
    }
    for (absl::Time date : mark.conflicting) {
      mark.extent_left = std::min(mark.extent_left, scale(date) - 2);
      mark.extent_right = std::max(mark.extent_right, scale(date) + 2);
    }
    placed.push_back(&mark);
  }
  const int lanes = AssignLanes(placed);

  const double axis_y = buckets.empty() ? 12 : kHistogramTop + kHistogramHeight;
  const double lanes_top = axis_y + 50;
  const double height = lanes_top + kLaneHeight * std::max(1, lanes) + 6;
  std::string svg = absl::StrCat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-chart\" viewBox=\"0 0 ",
      absl::StrFormat("%g %g", kWidth, height),
      "\" width=\"100%\" role=\"img\" aria-labelledby=\"timeline-chart-title\" "
      "font-family=\"system-ui, sans-serif\" font-size=\"13\" fill=\"",
      kTextFill, "\">", "<title id=\"timeline-chart-title\">",
      EscapeHtml(absl::StrCat("Timeline: ", marks.size(), marks.size() == 1 ? " entry" : " entries")), "</title>");
  AppendHistogram(buckets, axis_y, scale, svg);
  AppendAxis(axis, axis_y, scale, svg);
  absl::StrAppend(&svg, "<g class=\"entries\">");
  for (const Mark& mark : marks) AppendEntry(response.entries(mark.index), mark, lanes_top, scale, svg);
  absl::StrAppend(&svg, "</g></svg>");
  return svg;
}

}  // namespace chronicle::web
