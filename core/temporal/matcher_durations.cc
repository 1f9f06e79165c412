// Rules for durations ("three years", "the past two months") and sets
// ("weekly", "every Monday"), plus the unit helpers the other rules share.
#include <string>
#include "absl/strings/str_cat.h"
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"

namespace chronicle::temporal::internal {

Granularity UnitGranularity(Unit unit) {
  switch (unit) {
    case Unit::kSecond: return Granularity::kSecond;
    case Unit::kMinute: return Granularity::kMinute;
    case Unit::kHour: return Granularity::kHour;
    case Unit::kDay: return Granularity::kDay;
    case Unit::kWeek:
    case Unit::kFortnight:
    case Unit::kWeekend: return Granularity::kWeek;
    case Unit::kMonth: return Granularity::kMonth;
    case Unit::kQuarter: return Granularity::kQuarter;
    case Unit::kYear: return Granularity::kYear;
    case Unit::kDecade: return Granularity::kDecade;
    case Unit::kCentury: return Granularity::kCentury;
    case Unit::kNone: break;
  }
  return Granularity::kUnknown;
}

// ISO-8601 duration of `n` units ("X" when vague): "P3Y", "PT2H", "PXM".
std::string DurationValue(Unit unit, int n, bool vague) {
  const std::string num = vague ? "X" : std::to_string(n);
  switch (unit) {
    case Unit::kSecond: return absl::StrCat("PT", num, "S");
    case Unit::kMinute: return absl::StrCat("PT", num, "M");
    case Unit::kHour: return absl::StrCat("PT", num, "H");
    case Unit::kDay: return absl::StrCat("P", num, "D");
    case Unit::kWeek: return absl::StrCat("P", num, "W");
    case Unit::kFortnight: return vague ? "PXW" : absl::StrCat("P", 2 * n, "W");
    case Unit::kMonth: return absl::StrCat("P", num, "M");
    case Unit::kQuarter: return absl::StrCat("P", num, "Q");
    case Unit::kYear: return absl::StrCat("P", num, "Y");
    case Unit::kDecade: return vague ? "PXE" : absl::StrCat("P", 10 * n, "Y");
    case Unit::kCentury: return vague ? "PXC" : absl::StrCat("P", 100 * n, "Y");
    case Unit::kWeekend:
    case Unit::kNone: break;
  }
  return "";
}

void SetShift(Spec* spec, Anchor anchor, Unit unit, int amount) {
  spec->anchor = anchor;
  spec->shift_unit = UnitGranularity(unit);
  spec->shift = unit == Unit::kFortnight ? 2 * amount : amount;
  spec->granularity = UnitGranularity(unit);
  if (unit == Unit::kWeekend) spec->weekend = true;
}

size_t Matcher::ParseDuration(size_t i, Spec* spec) const {
  size_t j = i;
  const bool the = Is(j, W::kThe);
  if (the) ++j;
  bool qualified = false;
  const Lexeme* q = Lex(j);
  if (q != nullptr && (q->word == W::kPast || q->word == W::kLast || q->word == W::kNext ||
                       q->word == W::kComing || q->word == W::kPrevious ||
                       q->word == W::kFollowing || q->word == W::kFinal ||
                       q->word == W::kLatest || (q->ordinal == 1 && q->word == W::kNone))) {
    qualified = true;
    ++j;
  }
  // "half an hour"
  if (Is(j, W::kHalf) && (Is(j + 1, W::kA) || Is(j + 1, W::kAn)) && Lex(j + 2) != nullptr &&
      !Lex(j + 2)->plural) {
    const Unit u = Lex(j + 2)->unit;
    const char* value = u == Unit::kHour ? "PT30M" : u == Unit::kDay ? "PT12H"
                        : u == Unit::kYear ? "P6M" : u == Unit::kCentury ? "P50Y" : nullptr;
    if (value == nullptr) return 0;
    spec->type = TimexType::kDuration;
    spec->literal = value;
    return j + 3;
  }
  int n = 0;
  bool vague = false;
  size_t k = ParseCardinal(j, &n, &vague);
  if (k == 0) {
    // "for years", "after months of talks"
    if (the || qualified || i == 0) return 0;
    const Lexeme* u = Lex(i);
    const Lexeme* prev = Lex(i - 1);
    if (u == nullptr || !u->plural || u->unit == Unit::kNone || u->unit == Unit::kWeekend ||
        prev == nullptr) {
      return 0;
    }
    if (prev->word != W::kFor && prev->word != W::kOver && prev->word != W::kAfter &&
        prev->word != W::kWithin) {
      return 0;
    }
    spec->type = TimexType::kDuration;
    spec->literal = DurationValue(u->unit, 0, true);
    return i + 1;
  }
  if ((Is(j, W::kA) || Is(j, W::kAn)) && (the || qualified)) return 0;
  if (Is(k, W::kMore)) ++k;  // "two more years"
  bool hyphen = false;
  if (IsPunct(k, '-') && Attached(k) && Attached(k + 1)) {
    hyphen = true;
    ++k;
  }
  const Lexeme* u = Lex(k);
  if (u == nullptr || u->unit == Unit::kNone || u->unit == Unit::kWeekend) return 0;
  if (hyphen && u->plural) return 0;
  if (hyphen && the && !qualified) return 0;  // "the two-year term": the article is the noun's
  if (!vague && n <= 0) return 0;
  if (Has(j) && T(j).kind == TokenKind::kNumber && T(j).digits == 4) return 0;  // "the 1988 quarter"
  if (u->unit == Unit::kSecond && !u->plural && T(j).kind != TokenKind::kNumber &&
      Lex(j)->number == 1) {
    return 0;  // "a second attack"
  }
  const size_t e = k + 1;
  // "a year-earlier figure"; "a 6-year-old boy" is an age, not a time.
  if (IsPunct(e, '-') && Attached(e)) return 0;
  spec->type = TimexType::kDuration;
  spec->literal = DurationValue(u->unit, n, vague);
  return e;
}

size_t Matcher::ParseSet(size_t i, Spec* spec) const {
  const Lexeme* lex = Lex(i);
  if (lex == nullptr) return 0;
  if (lex->frequency != nullptr) {
    spec->type = TimexType::kSet;
    spec->literal = lex->frequency;
    return i + 1;
  }
  if (lex->word == W::kEvery || lex->word == W::kEach) {
    size_t k = i + 1;
    int n = 1;
    bool vague = false;
    if (Is(k, W::kOther)) {
      n = 2;
      ++k;
    } else if (Has(k) && (T(k).kind == TokenKind::kNumber ||
                          (Lex(k) != nullptr && Lex(k)->number > 1))) {
      const size_t e = ParseCardinal(k, &n, &vague);
      if (e == 0 || vague) return 0;
      k = e;
    }
    const Lexeme* t = Lex(k);
    if (t == nullptr) return 0;
    spec->type = TimexType::kSet;
    if (t->unit != Unit::kNone && t->unit != Unit::kWeekend) {
      spec->literal = DurationValue(t->unit, n, false);
      return k + 1;
    }
    if (n != 1) return 0;
    if (t->weekday > 0 && !t->month_abbrev) {
      spec->literal = absl::StrCat("XXXX-WXX-", t->weekday);
      return k + 1;
    }
    if (t->unit == Unit::kWeekend) {
      spec->literal = "XXXX-WXX-WE";
      return k + 1;
    }
    if (t->month > 0 && !t->month_abbrev) {
      spec->literal = absl::StrCat("XXXX-", t->month < 10 ? "0" : "", t->month);
      return k + 1;
    }
    if (t->season >= 0) {
      constexpr const char* kSeasons[] = {"SP", "SU", "FA", "WI"};
      spec->literal = absl::StrCat("XXXX-", kSeasons[t->season & 3]);
      return k + 1;
    }
    if (t->part_of_day >= 0) {
      constexpr const char* kParts[] = {"MO", "AF", "EV", "NI"};
      spec->literal = absl::StrCat("XXXX-XX-XXT", kParts[t->part_of_day & 3]);
      return k + 1;
    }
    return 0;
  }
  // "$5 a year", "twice a week", "per day"
  if (lex->word == W::kA || lex->word == W::kAn || lex->word == W::kPer) {
    const Lexeme* u = Lex(i + 1);
    if (u == nullptr || u->unit == Unit::kNone || u->plural || u->unit == Unit::kWeekend) {
      return 0;
    }
    bool rate = lex->word == W::kPer;
    if (!rate && i > 0) {
      const Token& prev = T(i - 1);
      rate = prev.kind == TokenKind::kNumber || IsPunct(i - 1, '%') || Is(i - 1, W::kTimes) ||
             Is(i - 1, W::kTwice) || Is(i - 1, W::kOnce) || IsWordText(i - 1, "percent") ||
             IsWordText(i - 1, "million") || IsWordText(i - 1, "billion") ||
             IsWordText(i - 1, "dollars") || IsWordText(i - 1, "cents");
    }
    if (!rate) return 0;
    spec->type = TimexType::kSet;
    spec->literal = DurationValue(u->unit, 1, false);
    return i + 2;
  }
  return 0;
}

}  // namespace chronicle::temporal::internal
