#include "core/parse/dates.h"

#include <cstdint>
#include <cstdio>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/common/timestamp_range.h"

namespace chronicle::parse {
namespace {

struct Token {
  enum class Kind { kNumber, kWord, kSpace, kPunct };
  Kind kind;
  absl::string_view text;
  size_t begin;
  size_t end;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<Token> Tokenize(absl::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    Token::Kind kind;
    if (IsDigit(s[i])) {
      kind = Token::Kind::kNumber;
      while (i < s.size() && IsDigit(s[i])) ++i;
    } else if (IsAlpha(s[i])) {
      kind = Token::Kind::kWord;
      while (i < s.size() && IsAlpha(s[i])) ++i;
    } else if (IsSpace(s[i]) || (s.substr(i, 2) == "\xc2\xa0")) {
      kind = Token::Kind::kSpace;
      while (i < s.size() && (IsSpace(s[i]) || s.substr(i, 2) == "\xc2\xa0")) i += IsSpace(s[i]) ? 1 : 2;
    } else {
      kind = Token::Kind::kPunct;  // one code point
      ++i;
      while (i < s.size() && (static_cast<uint8_t>(s[i]) & 0xC0) == 0x80) ++i;
    }
    tokens.push_back({kind, s.substr(start, i - start), start, i});
  }
  return tokens;
}

int MonthNumber(absl::string_view word) {
  static constexpr absl::string_view kMonths[] = {"january", "february", "march",     "april",
                                                  "may",     "june",     "july",      "august",
                                                  "september", "october", "november", "december"};
  const std::string lower = absl::AsciiStrToLower(word);
  if (lower == "sept") return 9;
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m]) return m + 1;
    if (lower.size() == 3 && kMonths[m].substr(0, 3) == lower) return m + 1;
  }
  return 0;
}

bool IsWeekday(absl::string_view word) {
  static constexpr absl::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  const std::string lower = absl::AsciiStrToLower(word);
  for (absl::string_view day : kDays) {
    if (lower == day || (lower.size() >= 3 && day.substr(0, lower.size()) == lower)) return true;
  }
  return false;
}

// Zone abbreviations common in English-language news; ambiguous ones (IST,
// CST in Asia, "ET" without daylight information) are left out on purpose.
absl::optional<int> ZoneOffsetMinutes(absl::string_view word) {
  struct Zone { absl::string_view name; int minutes; };
  static constexpr Zone kZones[] = {
      {"utc", 0},    {"gmt", 0},    {"ut", 0},     {"z", 0},      {"est", -300}, {"edt", -240},
      {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}, {"bst", 60},
      {"cet", 60},   {"cest", 120}, {"eet", 120},  {"eest", 180}, {"msk", 180},  {"jst", 540},
      {"kst", 540},  {"hkt", 480},  {"sgt", 480},  {"aest", 600}, {"aedt", 660}, {"wib", 420}};
  const std::string lower = absl::AsciiStrToLower(word);
  for (const Zone& zone : kZones) {
    if (lower == zone.name) return zone.minutes;
  }
  return absl::nullopt;
}

bool IsFillerWord(absl::string_view word) {
  static constexpr absl::string_view kFiller[] = {
      "updated", "published", "posted", "on", "at", "last", "modified", "date", "dated",
      "am", "pm", "first", "created", "issued", "the", "of"};
  const std::string lower = absl::AsciiStrToLower(word);
  for (absl::string_view filler : kFiller) {
    if (lower == filler) return true;
  }
  return IsWeekday(word) || ZoneOffsetMinutes(word).has_value();
}

bool IsIgnorablePunct(absl::string_view p) {
  static constexpr absl::string_view kPunct[] = {"|", ",", ".", "-", "/", ":", "(", ")", "[", "]",
                                                 ";", "*", "–", "—", "•", "·", "\xc2\xa6"};
  for (absl::string_view ok : kPunct) {
    if (p == ok) return true;
  }
  return false;
}

// Fields gathered while scanning; converted to a PublicationDate at the end.
struct Fields {
  int year = 0, month = 0, day = 0;
  bool year_known = false;
  int hour = 0, minute = 0, second = 0;
  temporal::Granularity granularity = temporal::Granularity::kDay;
  absl::optional<int> offset;
};

Fields DayFields(int year, int month, int day, bool year_known) {
  Fields fields;
  fields.year = year;
  fields.month = month;
  fields.day = day;
  fields.year_known = year_known;
  return fields;
}

bool ValidDay(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const absl::CivilDay civil(year, month, day);
  return civil.month() == month && civil.day() == day;
}

class Scanner {
 public:
  Scanner(absl::string_view text, const std::vector<Token>& tokens) : text_(text), tokens_(tokens) {}

  // Index of the next non-space token at or after i.
  size_t Skip(size_t i) const {
    while (i < tokens_.size() && tokens_[i].kind == Token::Kind::kSpace) ++i;
    return i;
  }
  bool Is(size_t i, Token::Kind kind) const { return i < tokens_.size() && tokens_[i].kind == kind; }
  bool IsPunct(size_t i, absl::string_view p) const {
    return Is(i, Token::Kind::kPunct) && tokens_[i].text == p;
  }
  bool Number(size_t i, size_t min_digits, size_t max_digits, int* value) const {
    if (!Is(i, Token::Kind::kNumber)) return false;
    const absl::string_view t = tokens_[i].text;
    return t.size() >= min_digits && t.size() <= max_digits && absl::SimpleAtoi(t, value);
  }
  size_t TokenAtOffset(size_t offset) const {
    size_t i = 0;
    while (i < tokens_.size() && tokens_[i].begin < offset) ++i;
    return i;
  }

  // Tries every date form at token i; on success fills `fields` and returns the
  // index after the match.
  absl::optional<size_t> MatchDate(size_t i, bool allow_yearless, Fields& fields) const {
    if (auto next = MatchIso(i, fields)) return next;
    if (auto next = MatchWire(i, fields)) return MatchTime(*next, fields);
    if (auto next = MatchWritten(i, allow_yearless, fields)) return MatchTime(*next, fields);
    return absl::nullopt;
  }

 private:
  // YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][Z|+HH[:MM]] straight on the bytes.
  absl::optional<size_t> MatchIso(size_t i, Fields& f) const {
    if (!Is(i, Token::Kind::kNumber) || tokens_[i].text.size() != 4) return absl::nullopt;
    const absl::string_view s = text_.substr(tokens_[i].begin);
    auto digits = [&s](size_t pos, size_t n, int* out) {
      if (pos + n > s.size()) return false;
      int v = 0;
      for (size_t k = 0; k < n; ++k) {
        if (!IsDigit(s[pos + k])) return false;
        v = v * 10 + (s[pos + k] - '0');
      }
      *out = v;
      return true;
    };
    Fields r;
    if (!digits(0, 4, &r.year) || s.size() < 10 || s[4] != '-' || !digits(5, 2, &r.month) ||
        s[7] != '-' || !digits(8, 2, &r.day) || !ValidDay(r.year, r.month, r.day)) {
      return absl::nullopt;
    }
    r.year_known = true;
    size_t pos = 10;
    if (pos + 5 < s.size() + 0 && (s[pos] == 'T' || s[pos] == ' ') && digits(pos + 1, 2, &r.hour) &&
        pos + 3 < s.size() && s[pos + 3] == ':' && digits(pos + 4, 2, &r.minute)) {
      if (r.hour > 23 || r.minute > 59) return absl::nullopt;
      pos += 6;
      r.granularity = temporal::Granularity::kMinute;
      if (pos < s.size() && s[pos] == ':' && digits(pos + 1, 2, &r.second)) {
        if (r.second > 60) return absl::nullopt;
        if (r.second == 60) r.second = 59;
        pos += 3;
        r.granularity = temporal::Granularity::kSecond;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
          ++pos;
          while (pos < s.size() && IsDigit(s[pos])) ++pos;
        }
      }
      int oh = 0, om = 0;
      if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        r.offset = 0;
        ++pos;
      } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && digits(pos + 1, 2, &oh)) {
        const int sign = s[pos] == '-' ? -1 : 1;
        pos += 3;
        if (pos < s.size() && s[pos] == ':' && digits(pos + 1, 2, &om)) pos += 3;
        else if (digits(pos, 2, &om)) pos += 2;
        if (oh > 14 || om > 59) return absl::nullopt;
        r.offset = sign * (oh * 60 + om);
      }
    }
    f = r;
    size_t next = TokenAtOffset(tokens_[i].begin + pos);
    if (f.granularity != temporal::Granularity::kDay && !f.offset) {
      // "2023-12-11 09:30 KST"
      next = MatchZone(next, f);
    } else if (f.granularity == temporal::Granularity::kDay) {
      next = MatchTime(next, f);
    }
    return next;
  }

  // 26-FEB-1987
  absl::optional<size_t> MatchWire(size_t i, Fields& f) const {
    int day = 0, year = 0;
    if (!Number(i, 1, 2, &day) || !IsPunct(i + 1, "-") || !Is(i + 2, Token::Kind::kWord) ||
        !IsPunct(i + 3, "-") || !Number(i + 4, 4, 4, &year)) {
      return absl::nullopt;
    }
    const int month = MonthNumber(tokens_[i + 2].text);
    if (month == 0 || !ValidDay(year, month, day)) return absl::nullopt;
    f = DayFields(year, month, day, true);
    return i + 5;
  }

  // "December 24, 2019", "Dec. 24 2019", "24th of December, 2019", "11 December 2023".
  absl::optional<size_t> MatchWritten(size_t i, bool allow_yearless, Fields& f) const {
    int month = 0, day = 0;
    size_t j;
    if (Is(i, Token::Kind::kWord) && (month = MonthNumber(tokens_[i].text)) != 0) {
      j = i + 1;
      if (IsPunct(j, ".")) ++j;
      j = Skip(j);
      if (!Number(j, 1, 2, &day)) return absl::nullopt;
      j = SkipOrdinal(j + 1);
    } else if (Number(i, 1, 2, &day)) {
      j = Skip(SkipOrdinal(i + 1));
      if (Is(j, Token::Kind::kWord) && absl::AsciiStrToLower(tokens_[j].text) == "of") j = Skip(j + 1);
      if (!Is(j, Token::Kind::kWord) || (month = MonthNumber(tokens_[j].text)) == 0) return absl::nullopt;
      ++j;
      if (IsPunct(j, ".")) ++j;
    } else {
      return absl::nullopt;
    }
    size_t k = j;
    if (IsPunct(k, ",")) ++k;
    k = Skip(k);
    int year = 0;
    if (Number(k, 4, 4, &year)) {
      if (!ValidDay(year, month, day)) return absl::nullopt;
      f = DayFields(year, month, day, true);
      return k + 1;
    }
    if (!allow_yearless || !ValidDay(2000, month, day)) return absl::nullopt;  // 2000: leap year
    f = DayFields(2000, month, day, false);
    return j;
  }

  size_t SkipOrdinal(size_t j) const {
    if (Is(j, Token::Kind::kWord)) {
      const std::string lower = absl::AsciiStrToLower(tokens_[j].text);
      if (lower == "st" || lower == "nd" || lower == "rd" || lower == "th") return j + 1;
    }
    return j;
  }

  // Optional ", at 10:30:15.5 a.m. GMT+1" after a date.
  size_t MatchTime(size_t i, Fields& f) const {
    size_t j = Skip(i);
    if (IsPunct(j, ",")) j = Skip(j + 1);
    if (Is(j, Token::Kind::kWord) && absl::AsciiStrToLower(tokens_[j].text) == "at") j = Skip(j + 1);
    int hour = 0, minute = 0, second = 0;
    if (!Number(j, 1, 2, &hour) || !IsPunct(j + 1, ":") || !Number(j + 2, 2, 2, &minute)) return i;
    if (hour > 23 || minute > 59) return i;
    j += 3;
    temporal::Granularity granularity = temporal::Granularity::kMinute;
    if (IsPunct(j, ":") && Number(j + 1, 2, 2, &second) && second <= 60) {
      j += 2;
      granularity = temporal::Granularity::kSecond;
      if (IsPunct(j, ".") && Is(j + 1, Token::Kind::kNumber)) j += 2;
    }
    // am / pm / a.m. / p.m.
    size_t k = Skip(j);
    if (Is(k, Token::Kind::kWord)) {
      const std::string lower = absl::AsciiStrToLower(tokens_[k].text);
      bool pm = false, marker = false;
      if (lower == "am" || lower == "pm") {
        marker = true;
        pm = lower == "pm";
        j = k + 1;
      } else if ((lower == "a" || lower == "p") && IsPunct(k + 1, ".") && Is(k + 2, Token::Kind::kWord) &&
                 absl::AsciiStrToLower(tokens_[k + 2].text) == "m") {
        marker = true;
        pm = lower == "p";
        j = k + 3;
        if (IsPunct(j, ".")) ++j;
      }
      if (marker) {
        if (hour < 1 || hour > 12) return i;
        hour = hour % 12 + (pm ? 12 : 0);
      }
    }
    f.hour = hour;
    f.minute = minute;
    f.second = second == 60 ? 59 : second;
    f.granularity = granularity;
    return MatchZone(j, f);
  }

  // "Z", "GMT", "+0900", "+09:00", "GMT+9", "UTC-05:00", "(KST)".
  size_t MatchZone(size_t i, Fields& f) const {
    size_t j = Skip(i);
    bool paren = false;
    if (IsPunct(j, "(")) {
      paren = true;
      ++j;
    }
    absl::optional<int> offset;
    if (Is(j, Token::Kind::kWord)) {
      offset = ZoneOffsetMinutes(tokens_[j].text);
      if (offset) ++j;
    }
    if (IsPunct(j, "+") || IsPunct(j, "-")) {
      const int sign = tokens_[j].text == "-" ? -1 : 1;
      int hours = 0, minutes = 0;
      const Token* t = j + 1 < tokens_.size() ? &tokens_[j + 1] : nullptr;
      if (t != nullptr && t->kind == Token::Kind::kNumber && t->text.size() == 4 &&
          absl::SimpleAtoi(t->text.substr(0, 2), &hours) && absl::SimpleAtoi(t->text.substr(2), &minutes)) {
        j += 2;
      } else if (Number(j + 1, 1, 2, &hours)) {
        j += 2;
        if (IsPunct(j, ":") && Number(j + 1, 2, 2, &minutes)) j += 2;
      } else {
        hours = -1;
      }
      if (hours >= 0 && hours <= 14 && minutes <= 59) offset = offset.value_or(0) + sign * (hours * 60 + minutes);
    }
    if (!offset) return i;
    if (paren) {
      if (!IsPunct(j, ")")) return i;
      ++j;
    }
    f.offset = offset;
    return j;
  }

  absl::string_view text_;
  const std::vector<Token>& tokens_;
};

PublicationDate ToDate(const Fields& f) {
  PublicationDate date;
  date.civil = absl::CivilSecond(f.year, f.month, f.day, f.hour, f.minute, f.second);
  date.year_known = f.year_known;
  date.granularity = f.granularity;
  date.utc_offset_minutes = f.offset;
  date.value = FormatTimexValue(date);
  return date;
}

}  // namespace

absl::Time PublicationDate::UtcInstant() const {
  return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Minutes(utc_offset_minutes.value_or(0));
}

std::string FormatTimexValue(const PublicationDate& date) {
  const absl::CivilSecond& c = date.civil;
  std::string value = date.year_known ? absl::StrFormat("%04d-%02d-%02d", c.year(), c.month(), c.day())
                                      : absl::StrFormat("XXXX-%02d-%02d", c.month(), c.day());
  if (date.granularity == temporal::Granularity::kMinute ||
      date.granularity == temporal::Granularity::kSecond) {
    absl::StrAppendFormat(&value, "T%02d:%02d", c.hour(), c.minute());
    if (date.granularity == temporal::Granularity::kSecond) absl::StrAppendFormat(&value, ":%02d", c.second());
    if (date.utc_offset_minutes) {
      const int offset = *date.utc_offset_minutes;
      if (offset == 0) {
        value += "Z";
      } else {
        const int magnitude = offset < 0 ? -offset : offset;
        absl::StrAppendFormat(&value, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
      }
    }
  }
  return value;
}

bool IsUsableDate(const PublicationDate& date) {
  if (!date.year_known) return true;  // placed by ResolveYear near a known date
  // "0001-01-01T00:00:00Z" is the zero time that publishing systems write
  // when they have no date: a placeholder, not a date. Nothing before year 2
  // or after 9999 fits a google.protobuf.Timestamp once moved to UTC.
  if (date.civil.year() < 2 || date.civil.year() > 9999) return false;
  return InTimestampRange(date.UtcInstant());
}

absl::optional<PublicationDate> ParseDateString(absl::string_view text) {
  if (text.size() > 200) return absl::nullopt;  // metadata dates are short; bounds the scan
  const std::vector<Token> tokens = Tokenize(text);
  const Scanner scanner(text, tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::Kind::kSpace) continue;
    Fields fields;
    if (t.kind == Token::Kind::kNumber || t.kind == Token::Kind::kWord) {
      if (auto next = scanner.MatchDate(i, /*allow_yearless=*/false, fields)) {
        for (size_t k = *next; k < tokens.size(); ++k) {
          const Token& rest = tokens[k];
          if (rest.kind == Token::Kind::kSpace) continue;
          if (rest.kind == Token::Kind::kPunct && IsIgnorablePunct(rest.text)) continue;
          if (rest.kind == Token::Kind::kWord && IsFillerWord(rest.text)) continue;
          return absl::nullopt;
        }
        PublicationDate date = ToDate(fields);
        if (!IsUsableDate(date)) return absl::nullopt;
        return date;
      }
    }
    // Only separators and words like "Updated" or "Monday" may come first.
    if (t.kind == Token::Kind::kNumber) return absl::nullopt;
    if (t.kind == Token::Kind::kWord && !IsFillerWord(t.text)) return absl::nullopt;
    if (t.kind == Token::Kind::kPunct && !IsIgnorablePunct(t.text)) return absl::nullopt;
  }
  return absl::nullopt;
}

absl::optional<DatelinePrefix> FindDatelinePrefix(absl::string_view paragraph) {
  const absl::string_view head = paragraph.substr(0, 120);
  const std::vector<Token> tokens = Tokenize(head);
  // The dash that closes the dateline: " - ", " -- ", " – ", " — ", or a
  // dash ending a paragraph that is only the dateline.
  size_t dash = 0;
  size_t end = 0;
  for (size_t i = 1; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == Token::Kind::kPunct && (t.text == "-" || t.text == "–" || t.text == "—") &&
        tokens[i - 1].kind == Token::Kind::kSpace) {
      size_t after = i + 1;
      if (t.text == "-" && after < tokens.size() && tokens[after].text == "-") ++after;
      if (after < tokens.size() && tokens[after].kind == Token::Kind::kSpace) {
        dash = i;
        end = tokens[after].end;
        break;
      }
      if (after == tokens.size() && paragraph.size() == head.size()) {
        dash = i;
        end = paragraph.size();
        break;
      }
    }
  }
  if (dash == 0) return absl::nullopt;
  const Scanner scanner(head, tokens);
  DatelinePrefix result;
  result.end = end;

  // Walk back over "(Agency)".
  size_t last = dash - 1;  // a space
  while (last > 0 && tokens[last].kind == Token::Kind::kSpace) --last;
  if (tokens[last].text == ")") {
    size_t open = last;
    while (open > 0 && tokens[open].text != "(") --open;
    if (tokens[open].text != "(" || open == 0) return absl::nullopt;
    result.agency = std::string(head.substr(tokens[open].end, tokens[last].begin - tokens[open].end));
    if (result.agency.empty() || result.agency.size() > 30 || !IsAlpha(result.agency[0])) return absl::nullopt;
    last = open;
    while (last > 0 && tokens[last - 1].kind == Token::Kind::kSpace) --last;
    --last;
  }
  const size_t place_or_date_end = tokens[last].end;

  // A date right before: after the last comma that leaves a date to its right.
  size_t place_end = place_or_date_end;
  for (size_t c = 0; c < last; ++c) {
    if (tokens[c].text != ",") continue;
    Fields fields;
    const size_t start = scanner.Skip(c + 1);
    auto next = scanner.MatchDate(start, /*allow_yearless=*/true, fields);
    if (!next) continue;
    size_t k = *next;
    while (k < tokens.size() && (tokens[k].kind == Token::Kind::kSpace || tokens[k].text == ",")) ++k;
    if (k < tokens.size() && tokens[k].begin < place_or_date_end) continue;
    result.date = ToDate(fields);
    place_end = tokens[c].begin;
    break;
  }
  if (!result.date && result.agency.empty()) return absl::nullopt;

  // The place: 1-6 capitalised words, no digits.
  const absl::string_view place = head.substr(0, place_end);
  int words = 0;
  for (absl::string_view word : absl::StrSplit(place, absl::ByAnyChar(" ,"), absl::SkipEmpty())) {
    ++words;
    for (char ch : word) {
      if (IsDigit(ch)) return absl::nullopt;
    }
    if (IsAlpha(word[0]) && !absl::ascii_isupper(static_cast<unsigned char>(word[0]))) {
      // Lowercase words only as connectors: "Rio de Janeiro".
      if (words == 1 || (word != "de" && word != "la" && word != "of" && word != "del" && word != "upon" &&
                         word != "am" && word != "sur" && word != "el")) {
        return absl::nullopt;
      }
    }
  }
  if (words == 0 || words > 6) return absl::nullopt;
  result.place = std::string(place);
  return result;
}

void ResolveYear(absl::CivilDay reference, PublicationDate& date) {
  if (date.year_known) return;
  const int month = date.civil.month();
  const int day = date.civil.day();
  bool found = false;
  absl::civil_diff_t best = 0;
  int best_year = 0;
  for (int year = static_cast<int>(reference.year()) - 1; year <= reference.year() + 1; ++year) {
    if (!ValidDay(year, month, day)) continue;
    const absl::civil_diff_t diff = absl::CivilDay(year, month, day) - reference;
    if (diff > 7) continue;
    if (!found || diff > best) {
      found = true;
      best = diff;
      best_year = year;
    }
  }
  if (!found) return;
  date.civil = absl::CivilSecond(best_year, month, day, date.civil.hour(), date.civil.minute(),
                                 date.civil.second());
  date.year_known = true;
  date.value = FormatTimexValue(date);
}

PublicationDate DateFromUnixTime(int64_t value) {
  if (value > 100000000000LL || value < -100000000000LL) value /= 1000;  // milliseconds
  PublicationDate date;
  date.civil = absl::ToCivilSecond(absl::FromUnixSeconds(value), absl::UTCTimeZone());
  date.utc_offset_minutes = 0;
  date.granularity = temporal::Granularity::kSecond;
  date.value = FormatTimexValue(date);
  return date;
}

}  // namespace chronicle::parse
