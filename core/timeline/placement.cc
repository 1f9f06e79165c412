#include "core/timeline/placement.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/common/civil_days.h"

namespace chronicle::timeline {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds());
}

// Timelines are in UTC, where civil time is plain arithmetic from the
// epoch (core/common/civil_days.h): these skip the time zone lookups that
// absl::ToCivil*/FromCivil do for any zone, which were a tenth of a timeline
// request, and absl's normalisation of a count of days, a few percent more.
// `time` is a whole second here (timestamps' seconds and unit starts).
const absl::CivilSecond kEpoch(1970, 1, 1, 0, 0, 0);

// Beyond any date a timestamp can hold (years 1-9999) by far, and within
// what civil arithmetic holds, so that even an infinite time is safe.
constexpr int64_t kCivilLimitSeconds = int64_t{1} << 50;

// Days since 1970-01-01 of the UTC day holding `time`.
int64_t UtcDayNumber(absl::Time time) {
  return DayOfUnixSeconds(std::clamp(absl::ToUnixSeconds(time), -kCivilLimitSeconds, kCivilLimitSeconds));
}

absl::CivilDay UtcDay(absl::Time time) {
  const CivilDate date = CivilDateOfDay(UtcDayNumber(time));
  return absl::CivilDay(date.year, date.month, date.day);
}
absl::Time FromUtc(absl::CivilSecond civil) { return absl::FromUnixSeconds(civil - kEpoch); }

// Start of the unit of `unit` containing `time`.
absl::Time UnitStart(absl::Time time, v1::Granularity unit) {
  const absl::CivilDay day = UtcDay(time);
  switch (unit) {
    case v1::CENTURY:
      return FromUtc(absl::CivilYear(FloorDivide(day.year(), 100) * 100));
    case v1::DECADE:
      return FromUtc(absl::CivilYear(FloorDivide(day.year(), 10) * 10));
    case v1::YEAR:
      return FromUtc(absl::CivilYear(day.year()));
    case v1::QUARTER:
      return FromUtc(absl::CivilMonth(day.year(), (day.month() - 1) / 3 * 3 + 1));
    case v1::MONTH:
      return FromUtc(absl::CivilMonth(day));
    default:
      return FromUtc(day);
  }
}

// Start of the unit after the one starting at `start`.
absl::Time NextUnitStart(absl::Time start, v1::Granularity unit) {
  const absl::CivilDay day = UtcDay(start);
  switch (unit) {
    case v1::CENTURY:
      return FromUtc(absl::CivilYear(day.year() + 100));
    case v1::DECADE:
      return FromUtc(absl::CivilYear(day.year() + 10));
    case v1::YEAR:
      return FromUtc(absl::CivilYear(day.year() + 1));
    case v1::QUARTER:
      return FromUtc(absl::CivilMonth(day) + 3);
    case v1::MONTH:
      return FromUtc(absl::CivilMonth(day) + 1);
    default:
      return FromUtc(day + 1);
  }
}

// "07" for 7: months and days as %m and %d write them.
void AppendTwoDigits(int value, std::string& out) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

v1::Granularity BucketGranularity(v1::TimelineRequest::Bucket bucket) {
  switch (bucket) {
    case v1::TimelineRequest::YEAR:
      return v1::YEAR;
    case v1::TimelineRequest::MONTH:
      return v1::MONTH;
    default:
      return v1::DAY;
  }
}

v1::Granularity FormatUnit(v1::Granularity granularity) {
  switch (granularity) {
    case v1::CENTURY:
    case v1::DECADE:
    case v1::YEAR:
    case v1::QUARTER:
    case v1::MONTH:
      return granularity;
    default:
      return v1::DAY;
  }
}

std::string FormatAt(absl::Time time, v1::Granularity granularity) {
  const absl::CivilDay civil = UtcDay(time);
  switch (granularity) {
    case v1::CENTURY:
      return absl::StrCat(civil.year() / 100, "XX");
    case v1::DECADE:
      return absl::StrCat(civil.year() / 10, "X");
    case v1::QUARTER:
      return absl::StrCat(civil.year(), "-Q", (civil.month() - 1) / 3 + 1);
    default:
      break;
  }
  // As absl::FormatTime's %Y, %Y-%m and %Y-%m-%d: the year unpadded.
  std::string out = absl::StrCat(civil.year());
  if (granularity == v1::YEAR) return out;
  out.push_back('-');
  AppendTwoDigits(civil.month(), out);
  if (granularity == v1::MONTH) return out;
  out.push_back('-');
  AppendTwoDigits(civil.day(), out);
  return out;
}

int64_t UnitIndex(absl::Time time, v1::Granularity granularity) {
  const v1::Granularity unit = FormatUnit(granularity);
  // A day's index is its day number: no civil date to go through.
  if (unit == v1::DAY) return UtcDayNumber(time);
  const absl::CivilDay day = UtcDay(time);
  const int64_t months = static_cast<int64_t>(day.year()) * 12 + (day.month() - 1);
  switch (unit) {
    case v1::CENTURY:
      return FloorDivide(day.year(), 100);
    case v1::DECADE:
      return FloorDivide(day.year(), 10);
    case v1::YEAR:
      return day.year();
    case v1::QUARTER:
      return FloorDivide(months, 3);
    default:  // MONTH: FormatUnit gives no other
      return months;
  }
}

Placement Place(const v1::TimeInterval& when, v1::TimelineRequest::Bucket bucket) {
  v1::Granularity granularity = BucketGranularity(bucket);
  if (when.granularity() != v1::GRANULARITY_UNSPECIFIED && when.granularity() < granularity) {
    granularity = when.granularity();
  }
  const absl::Time start = ToTime(when.start());
  absl::Time end = ToTime(when.end());
  if (end <= start) end = start + absl::Seconds(1);
  const absl::Time last = end - absl::Seconds(1);
  const v1::Granularity unit = FormatUnit(granularity);

  Placement placement;
  placement.granularity = granularity;
  placement.start = UnitStart(start, unit);
  placement.end = NextUnitStart(UnitStart(last, unit), unit);
  const std::string first_date = FormatAt(start, granularity);
  const std::string last_date = FormatAt(last, granularity);
  placement.span = first_date != last_date;
  placement.date = placement.span ? absl::StrCat(first_date, "/", last_date) : first_date;
  return placement;
}

Placement Placer::operator()(const v1::TimeInterval& when) {
  const Key key{when.start().seconds(), when.start().nanos(), when.end().seconds(), when.end().nanos(),
                static_cast<int>(when.granularity())};
  auto it = placed_.find(key);
  if (it == placed_.end()) it = placed_.emplace(key, Place(when, bucket_)).first;
  return it->second;
}

Relation Relate(const Placement& a, const Placement& b) {
  if (a.date == b.date) return Relation::kSame;
  if (a.span || b.span) return Relation::kFar;
  // Units nest (centuries hold decades, ..., months hold days), so two
  // overlapping single units are either equal or one inside the other.
  if (a.start < b.end && b.start < a.end) return Relation::kNested;
  const v1::Granularity coarser = std::min(FormatUnit(a.granularity), FormatUnit(b.granularity));
  const int64_t window = ConflictWindow(coarser);
  if (window == 0) return Relation::kFar;
  // Fast paths that skip calendar arithmetic: day units are whole UTC days,
  // and no window reaches further than a quarter and a day.
  const absl::Duration apart = absl::AbsDuration(a.start - b.start);
  if (coarser == v1::DAY) return apart <= absl::Hours(24) * window ? Relation::kNear : Relation::kFar;
  if (apart > absl::Hours(24 * 200)) return Relation::kFar;
  const int64_t distance = std::abs(UnitIndex(a.start, coarser) - UnitIndex(b.start, coarser));
  return distance <= window ? Relation::kNear : Relation::kFar;
}

int64_t ConflictWindow(v1::Granularity unit) {
  switch (unit) {
    case v1::DAY:
      return 7;
    case v1::MONTH:
      return 2;
    case v1::QUARTER:
      return 1;
    default:
      return 0;
  }
}

bool PlacementLess(const Placement& a, const Placement& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.end != b.end) return a.end > b.end;
  return a.date < b.date;
}

Reach ReachOf(const Placement& p) {
  const absl::Time end = std::max(p.end, p.start);
  if (p.span) return {p.start, end};
  int64_t longest_unit_days = 0;
  switch (FormatUnit(p.granularity)) {
    case v1::DAY:
      longest_unit_days = 1;
      break;
    case v1::MONTH:
      longest_unit_days = 31;
      break;
    case v1::QUARTER:
      longest_unit_days = 92;
      break;
    default:
      return {p.start, end};
  }
  const absl::Duration margin =
      absl::Hours(24) * (ConflictWindow(FormatUnit(p.granularity)) * longest_unit_days + 1);
  return {p.start - margin, end + margin};
}

bool MayRelate(const Placement& a, const Placement& b) {
  if (a.span || b.span) return a.date == b.date;
  const Reach reach_a = ReachOf(a);
  const Reach reach_b = ReachOf(b);
  return reach_a.start < reach_b.end && reach_b.start < reach_a.end;
}

}  // namespace chronicle::timeline
