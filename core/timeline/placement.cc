#include "core/timeline/placement.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace chronicle::timeline {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds());
}

// Start of the unit of `unit` containing `time`.
absl::Time UnitStart(absl::Time time, v1::Granularity unit) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilDay day = absl::ToCivilDay(time, utc);
  switch (unit) {
    case v1::CENTURY:
      return absl::FromCivil(absl::CivilYear(FloorDiv(day.year(), 100) * 100), utc);
    case v1::DECADE:
      return absl::FromCivil(absl::CivilYear(FloorDiv(day.year(), 10) * 10), utc);
    case v1::YEAR:
      return absl::FromCivil(absl::CivilYear(day.year()), utc);
    case v1::QUARTER:
      return absl::FromCivil(absl::CivilMonth(day.year(), (day.month() - 1) / 3 * 3 + 1), utc);
    case v1::MONTH:
      return absl::FromCivil(absl::CivilMonth(day), utc);
    default:
      return absl::FromCivil(day, utc);
  }
}

// Start of the unit after the one starting at `start`.
absl::Time NextUnitStart(absl::Time start, v1::Granularity unit) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilDay day = absl::ToCivilDay(start, utc);
  switch (unit) {
    case v1::CENTURY:
      return absl::FromCivil(absl::CivilYear(day.year() + 100), utc);
    case v1::DECADE:
      return absl::FromCivil(absl::CivilYear(day.year() + 10), utc);
    case v1::YEAR:
      return absl::FromCivil(absl::CivilYear(day.year() + 1), utc);
    case v1::QUARTER:
      return absl::FromCivil(absl::CivilMonth(day) + 3, utc);
    case v1::MONTH:
      return absl::FromCivil(absl::CivilMonth(day) + 1, utc);
    default:
      return absl::FromCivil(day + 1, utc);
  }
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
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond civil = absl::ToCivilSecond(time, utc);
  switch (granularity) {
    case v1::CENTURY:
      return absl::StrCat(civil.year() / 100, "XX");
    case v1::DECADE:
      return absl::StrCat(civil.year() / 10, "X");
    case v1::YEAR:
      return absl::FormatTime("%Y", time, utc);
    case v1::QUARTER:
      return absl::StrCat(civil.year(), "-Q", (civil.month() - 1) / 3 + 1);
    case v1::MONTH:
      return absl::FormatTime("%Y-%m", time, utc);
    default:
      return absl::FormatTime("%Y-%m-%d", time, utc);
  }
}

int64_t UnitIndex(absl::Time time, v1::Granularity granularity) {
  const absl::CivilDay day = absl::ToCivilDay(time, absl::UTCTimeZone());
  const int64_t months = static_cast<int64_t>(day.year()) * 12 + (day.month() - 1);
  switch (FormatUnit(granularity)) {
    case v1::CENTURY:
      return FloorDiv(day.year(), 100);
    case v1::DECADE:
      return FloorDiv(day.year(), 10);
    case v1::YEAR:
      return day.year();
    case v1::QUARTER:
      return FloorDiv(months, 3);
    case v1::MONTH:
      return months;
    default:
      return day - absl::CivilDay(1970, 1, 1);
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

}  // namespace chronicle::timeline
