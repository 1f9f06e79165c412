// Where an event sits on a timeline of a given granularity, and how two such
// places relate.
#ifndef CHRONICLE_CORE_TIMELINE_PLACEMENT_H_
#define CHRONICLE_CORE_TIMELINE_PLACEMENT_H_

#include <cstdint>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::timeline {

// The calendar unit a timeline of `bucket` granularity counts in: YEAR, MONTH,
// or DAY (also for AUTO and BUCKET_UNSPECIFIED, which callers resolve first).
v1::Granularity BucketGranularity(v1::TimelineRequest::Bucket bucket);

// The unit dates of `granularity` are written in: CENTURY ("19XX"), DECADE
// ("199X"), YEAR, QUARTER ("2019-Q4"), MONTH, and DAY for everything finer
// (weeks and unspecified included).
v1::Granularity FormatUnit(v1::Granularity granularity);

// `time` (UTC) written as a TIMEX3-style value of `granularity`'s unit:
// "19XX", "199X", "2019", "2019-Q4", "2019-12", "2019-12-24".
std::string FormatAt(absl::Time time, v1::Granularity granularity);

// Ordinal of the unit of `granularity` that contains `time` (days since the
// epoch, months since year 0, ...): consecutive units differ by one.
int64_t UnitIndex(absl::Time time, v1::Granularity granularity);

// An event's place on a timeline.
struct Placement {
  // "2019-12-24", "2019", "199X", or "1910/1945" for a span of units.
  std::string date;
  // The whole units the date names: [start of the first, end of the last).
  absl::Time start;
  absl::Time end;
  // The timeline's granularity, or the event's own when that is coarser.
  v1::Granularity granularity = v1::GRANULARITY_UNSPECIFIED;
  // True when the event covers more than one unit ("1910/1945").
  bool span = false;
};

// Places an event with interval `when` on a timeline of `bucket` granularity:
// at the timeline's granularity, except that an event known only at a
// coarser granularity stays at its own ("2019" stays a year on a DAY
// timeline), and an event covering more than one unit becomes a span
// ("1910/1945"). An interval with end <= start is taken as its start instant.
Placement Place(const v1::TimeInterval& when, v1::TimelineRequest::Bucket bucket);

// Place for many events at one granularity, remembering each interval's
// placement: a timeline's events name few distinct intervals (many
// sentences give the same day), and writing the dates is most of Place's
// cost.
class Placer {
 public:
  explicit Placer(v1::TimelineRequest::Bucket bucket) : bucket_(bucket) {}

  // Place(when, bucket).
  Placement operator()(const v1::TimeInterval& when);

 private:
  using Key = std::tuple<int64_t, int32_t, int64_t, int32_t, int>;
  v1::TimelineRequest::Bucket bucket_;
  absl::flat_hash_map<Key, Placement> placed_;
};

// How two placements relate, for deciding whether their events may describe
// one happening.
enum class Relation {
  kSame,    // the same date
  kNested,  // different units, one inside the other ("2019" and "2019-12-24")
  kNear,    // disjoint but within ConflictWindow of each other
  kFar,     // anything else, including any pair with a span that is not kSame
};
Relation Relate(const Placement& a, const Placement& b);

// How many units of `unit` (a FormatUnit value) two disjoint dates may lie
// apart and still be read as sources disagreeing about one happening: 7 days,
// 2 months, 1 quarter; 0 (never) for years and coarser, where a different
// date more often means a recurring happening (an annual summit) than a
// disagreement.
int64_t ConflictWindow(v1::Granularity unit);

// Orders placements by start, then longer spans first, then date.
bool PlacementLess(const Placement& a, const Placement& b);

// The stretch of time a date (Place at DAY) may meet other dates in: its
// units widened on each side by its conflict window, counted in whole days
// of the longest such unit (31-day months, 92-day quarters) plus a day for
// rounding; years and coarser units only nest, so they are not widened,
// and neither is a span, which meets only its own date.
struct Reach {
  absl::Time start;
  absl::Time end;
};
Reach ReachOf(const Placement& p);

// Whether two events at these own dates (Place at DAY) could ever be
// clustered together: false is certain, true only possible (dates that are
// not spans, when their reaches overlap). Tests check it against Relate.
bool MayRelate(const Placement& a, const Placement& b);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_PLACEMENT_H_
