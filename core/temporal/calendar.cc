#include "core/temporal/calendar.h"

#include <cstdio>

#include "absl/strings/str_format.h"

namespace chronicle::temporal::internal {
namespace {

constexpr const char* kSeasonCodes[] = {"SP", "SU", "FA", "WI"};
constexpr const char* kPartCodes[] = {"MO", "AF", "EV", "NI"};
// Hours each part of the day spans: [begin, end).
constexpr int kPartHours[][2] = {{6, 12}, {12, 18}, {18, 22}, {20, 30}};

absl::CivilDay WeekMonday(absl::CivilDay day) { return day - (WeekdayNumber(day) - 1); }

}  // namespace

int WeekdayNumber(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday: return 1;
    case absl::Weekday::tuesday: return 2;
    case absl::Weekday::wednesday: return 3;
    case absl::Weekday::thursday: return 4;
    case absl::Weekday::friday: return 5;
    case absl::Weekday::saturday: return 6;
    case absl::Weekday::sunday: return 7;
  }
  return 1;
}

void IsoWeek(absl::CivilDay day, int* iso_year, int* week) {
  // The ISO week belongs to the year its Thursday falls in.
  const absl::CivilDay thursday = WeekMonday(day) + 3;
  *iso_year = static_cast<int>(thursday.year());
  const absl::CivilDay jan1(thursday.year(), 1, 1);
  *week = static_cast<int>((thursday - jan1) / 7 + 1);
}

int SeasonOf(int month) {
  if (month == 12 || month <= 2) return 3;
  return (month - 3) / 3;
}

int SeasonYear(absl::CivilSecond time) {
  return static_cast<int>(time.month() <= 2 ? time.year() - 1 : time.year());
}

absl::CivilSecond Shift(absl::CivilSecond time, Granularity unit, int amount) {
  switch (unit) {
    case Granularity::kCentury: return absl::CivilSecond(absl::CivilYear(time) + 100 * amount);
    case Granularity::kDecade: return absl::CivilSecond(absl::CivilYear(time) + 10 * amount);
    case Granularity::kYear:
    case Granularity::kQuarter:
    case Granularity::kMonth: {
      const int months = unit == Granularity::kYear      ? 12 * amount
                         : unit == Granularity::kQuarter ? 3 * amount
                                                         : amount;
      const absl::CivilMonth month = absl::CivilMonth(time) + months;
      // Clamp the day so that "a month after January 31" stays in February.
      const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
      const int day = time.day() > last.day() ? last.day() : time.day();
      return absl::CivilSecond(month.year(), month.month(), day, time.hour(), time.minute(),
                               time.second());
    }
    case Granularity::kWeek: return time + 7 * 86400 * static_cast<int64_t>(amount);
    case Granularity::kDay: return time + 86400 * static_cast<int64_t>(amount);
    case Granularity::kHour: return time + 3600 * static_cast<int64_t>(amount);
    case Granularity::kMinute: return time + 60 * static_cast<int64_t>(amount);
    case Granularity::kSecond: return time + amount;
    case Granularity::kUnknown: return time;
  }
  return time;
}

std::string FormatValue(const CalendarPoint& p) {
  const int64_t y = p.time.year();
  switch (p.granularity) {
    case Granularity::kCentury: return absl::StrFormat("%02dXX", y / 100);
    case Granularity::kDecade: return absl::StrFormat("%03dX", y / 10);
    case Granularity::kYear: return absl::StrFormat("%04d", y);
    case Granularity::kQuarter:
      if (p.sub == SubUnit::kHalf) return absl::StrFormat("%04d-H%d", y, p.index);
      if (p.sub == SubUnit::kSeason) {
        return absl::StrFormat("%04d-%s", y, kSeasonCodes[p.index & 3]);
      }
      return absl::StrFormat("%04d-Q%d", y, p.index);
    case Granularity::kMonth: return absl::StrFormat("%04d-%02d", y, p.time.month());
    case Granularity::kWeek: {
      int iso_year = 0, week = 0;
      IsoWeek(absl::CivilDay(p.time), &iso_year, &week);
      return absl::StrFormat("%04d-W%02d%s", iso_year, week,
                             p.sub == SubUnit::kWeekend ? "-WE" : "");
    }
    case Granularity::kDay:
      return absl::StrFormat("%04d-%02d-%02d", y, p.time.month(), p.time.day());
    case Granularity::kHour:
      if (p.sub == SubUnit::kPartOfDay) {
        return absl::StrFormat("%04d-%02d-%02dT%s", y, p.time.month(), p.time.day(),
                               kPartCodes[p.index & 3]);
      }
      [[fallthrough]];
    case Granularity::kMinute:
      return absl::StrFormat("%04d-%02d-%02dT%02d:%02d", y, p.time.month(), p.time.day(),
                             p.time.hour(), p.time.minute());
    case Granularity::kSecond:
      return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d", y, p.time.month(), p.time.day(),
                             p.time.hour(), p.time.minute(), p.time.second());
    case Granularity::kUnknown: break;
  }
  return "";
}

Interval PointInterval(const CalendarPoint& p) {
  Interval out;
  out.granularity = p.granularity;
  const absl::CivilYear year(p.time);
  switch (p.granularity) {
    case Granularity::kCentury: {
      const absl::CivilYear first(p.time.year() / 100 * 100);
      out.start = absl::CivilSecond(first);
      out.end = absl::CivilSecond(first + 100);
      break;
    }
    case Granularity::kDecade: {
      const absl::CivilYear first(p.time.year() / 10 * 10);
      out.start = absl::CivilSecond(first);
      out.end = absl::CivilSecond(first + 10);
      break;
    }
    case Granularity::kYear:
      out.start = absl::CivilSecond(year);
      out.end = absl::CivilSecond(year + 1);
      break;
    case Granularity::kQuarter: {
      absl::CivilMonth first(p.time.year(), 1);
      int months = 3;
      if (p.sub == SubUnit::kHalf) {
        first += 6 * (p.index - 1);
        months = 6;
      } else if (p.sub == SubUnit::kSeason) {
        first += 2 + 3 * p.index;  // spring opens in March
      } else {
        first += 3 * (p.index - 1);
      }
      out.start = absl::CivilSecond(first);
      out.end = absl::CivilSecond(first + months);
      break;
    }
    case Granularity::kMonth: {
      const absl::CivilMonth month(p.time);
      out.start = absl::CivilSecond(month);
      out.end = absl::CivilSecond(month + 1);
      break;
    }
    case Granularity::kWeek: {
      absl::CivilDay monday = WeekMonday(absl::CivilDay(p.time));
      if (p.sub == SubUnit::kWeekend) monday += 5;
      out.start = absl::CivilSecond(monday);
      out.end = absl::CivilSecond(monday + (p.sub == SubUnit::kWeekend ? 2 : 7));
      break;
    }
    case Granularity::kDay: {
      const absl::CivilDay day(p.time);
      out.start = absl::CivilSecond(day);
      out.end = absl::CivilSecond(day + 1);
      break;
    }
    case Granularity::kHour:
      if (p.sub == SubUnit::kPartOfDay) {
        const absl::CivilSecond day_start(absl::CivilDay(p.time));
        out.start = day_start + 3600 * kPartHours[p.index & 3][0];
        out.end = day_start + 3600 * kPartHours[p.index & 3][1];
      } else {
        out.start = absl::CivilSecond(absl::CivilHour(p.time));
        out.end = out.start + 3600;
      }
      break;
    case Granularity::kMinute:
      out.start = absl::CivilSecond(absl::CivilMinute(p.time));
      out.end = out.start + 60;
      break;
    case Granularity::kSecond:
    case Granularity::kUnknown:
      out.start = p.time;
      out.end = p.time + 1;
      break;
  }
  return out;
}

Interval NarrowByMod(const Interval& in, absl::string_view mod) {
  int part;
  if (mod == "START") part = 0;
  else if (mod == "MID") part = 1;
  else if (mod == "END") part = 2;
  else return in;
  Interval out = in;
  const int64_t length = in.end - in.start;
  const int64_t days = length / 86400;
  if (days >= 3) {
    // Cut on whole days so that the pieces stay readable calendar dates.
    const absl::CivilDay first(in.start);
    const int64_t third = days / 3;
    out.start = absl::CivilSecond(first + third * part);
    out.end = part == 2 ? in.end : absl::CivilSecond(first + third * (part + 1));
  } else {
    const int64_t third = length / 3;
    out.start = in.start + third * part;
    out.end = part == 2 ? in.end : in.start + third * (part + 1);
  }
  return out;
}

}  // namespace chronicle::temporal::internal
