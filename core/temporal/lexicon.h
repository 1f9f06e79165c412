// The words the temporal matcher knows, with what each one means.
#ifndef CHRONICLE_CORE_TEMPORAL_LEXICON_H_
#define CHRONICLE_CORE_TEMPORAL_LEXICON_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace chronicle::temporal::internal {

// Calendar units; kNone when a word is not one.
enum class Unit : int8_t {
  kNone,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kFortnight,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kWeekend,
};

// Words the rules test for by identity.
enum class W : uint8_t {
  kNone,
  kThe, kA, kAn, kThis, kThat, kThese, kLast, kNext, kPast, kPrevious,
  kFollowing, kComing, kRecent, kCurrent, kLatest, kSame, kPresent, kFuture,
  kEarly, kEarlier, kMid, kMiddle, kLate, kLater, kEnd, kBeginning, kStart,
  kClose, kTurn, kHalf, kFirst, kFinal,
  kOf, kIn, kOn, kAt, kBy, kFrom, kTo, kUntil, kThrough, kAnd, kOr, kBetween,
  kSince, kDuring, kFor, kOver, kWithin, kAgo, kBefore, kAfter, kHence, kNow,
  kToday, kYesterday, kTomorrow, kTonight, kCurrently, kRecently, kSoon,
  kNowadays, kPreviously, kFormerly, kLately,
  kAbout, kAround, kApproximately, kRoughly, kSome, kNearly, kAlmost, kMore,
  kLess, kThan, kUnder, kLeast, kMost, kUp, kNo, kPlus, kBeyond,
  kFiscal, kYearWord, kAgoAdj, kEvery, kEach, kPer, kOther, kFew, kSeveral,
  kCouple, kMany, kDozen, kDozens, kHundreds, kCenturyWord, kNoon, kMidnight,
  kOclock, kTimeZone, kLocal, kTime, kEnded, kEnding, kPeriod, kFull, kWhole,
  kEntire, kDay, kSo, kAs, kThousand, kHundred, kNineteen, kTwenty, kMonday,
  kNight, kWeek, kMonth, kQuarterWord, kNearFuture, kTimes, kOnce, kTwice,
  kComparable, kCorresponding, kMoment, kWhile, kAm, kPm, kRight, kHolidayWord,
};

// Frequencies of "weekly", "daily", ...: the SET value they stand for.
struct Frequency {
  const char* value = nullptr;  // "P1W"
};

struct Lexeme {
  W word = W::kNone;
  int8_t month = 0;          // 1..12 for month names and abbreviations
  bool month_abbrev = false; // "sept", "dec": needs a number after it
  int8_t weekday = 0;        // 1 (Monday) .. 7 (Sunday)
  int8_t season = -1;        // 0 spring, 1 summer, 2 fall, 3 winter
  int8_t part_of_day = -1;   // 0 morning, 1 afternoon, 2 evening, 3 night
  int16_t number = -1;       // cardinal value of a number word ("twenty" = 20)
  int16_t ordinal = -1;      // "third" = 3
  int16_t decade = -1;       // "nineties" = 199
  Unit unit = Unit::kNone;
  bool plural = false;       // "years"
  const char* frequency = nullptr;  // "weekly" -> "P1W"
  bool past_cue = false;     // a past-tense verb or auxiliary
  bool future_cue = false;   // "will", "scheduled", ...
  bool present_cue = false;  // "is", "are", "says"
  bool abbreviation = false; // a period after it does not end a sentence
  bool noun_after_year = false;  // "1500 people": a number before it is no year
  bool title_word = false;   // "Times" in "Sunday Times": the weekday is a name
  // A function word or modifier that opens an expression only when a
  // temporal word or a number follows within a few tokens ("the", "of",
  // "early", "last"); lets the tagger skip most words cheaply.
  bool glue = false;
};

// Lower-case word -> meaning. Immutable once built.
class Lexicon {
 public:
  Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // The entry for `lower_word` (already lower-cased), or nullptr.
  const Lexeme* Find(absl::string_view lower_word) const {
    auto it = entries_.find(lower_word);
    return it == entries_.end() ? nullptr : &it->second;
  }

 private:
  Lexeme& Add(absl::string_view word);
  absl::flat_hash_map<std::string, Lexeme> entries_;
};

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_LEXICON_H_
