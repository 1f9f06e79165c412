#include "core/temporal/lexicon.h"

#include <utility>

namespace chronicle::temporal::internal {
namespace {

struct NamedWord {
  const char* text;
  W word;
};

constexpr NamedWord kNamedWords[] = {
    {"the", W::kThe}, {"a", W::kA}, {"an", W::kAn}, {"this", W::kThis},
    {"that", W::kThat}, {"these", W::kThese}, {"last", W::kLast},
    {"next", W::kNext}, {"past", W::kPast}, {"previous", W::kPrevious},
    {"prior", W::kPrevious}, {"preceding", W::kPrevious},
    {"following", W::kFollowing}, {"coming", W::kComing},
    {"upcoming", W::kComing}, {"recent", W::kRecent}, {"current", W::kCurrent},
    {"latest", W::kLatest}, {"same", W::kSame}, {"present", W::kPresent},
    {"future", W::kFuture}, {"early", W::kEarly}, {"earlier", W::kEarlier},
    {"mid", W::kMid}, {"middle", W::kMiddle}, {"late", W::kLate},
    {"later", W::kLater}, {"end", W::kEnd}, {"beginning", W::kBeginning},
    {"start", W::kStart}, {"close", W::kClose}, {"turn", W::kTurn},
    {"half", W::kHalf}, {"final", W::kFinal}, {"of", W::kOf},
    {"in", W::kIn}, {"on", W::kOn}, {"at", W::kAt}, {"by", W::kBy},
    {"from", W::kFrom}, {"to", W::kTo}, {"until", W::kUntil},
    {"till", W::kUntil}, {"through", W::kThrough}, {"thru", W::kThrough},
    {"and", W::kAnd}, {"or", W::kOr}, {"between", W::kBetween},
    {"since", W::kSince}, {"during", W::kDuring}, {"for", W::kFor},
    {"over", W::kOver}, {"within", W::kWithin}, {"ago", W::kAgo},
    {"before", W::kBefore}, {"after", W::kAfter}, {"hence", W::kHence},
    {"now", W::kNow}, {"today", W::kToday}, {"yesterday", W::kYesterday},
    {"tomorrow", W::kTomorrow}, {"tonight", W::kTonight},
    {"currently", W::kCurrently}, {"recently", W::kRecently},
    {"soon", W::kSoon}, {"nowadays", W::kNowadays},
    {"previously", W::kPreviously}, {"formerly", W::kFormerly},
    {"lately", W::kLately}, {"about", W::kAbout}, {"around", W::kAround},
    {"approximately", W::kApproximately}, {"roughly", W::kRoughly},
    {"some", W::kSome}, {"nearly", W::kNearly}, {"almost", W::kAlmost},
    {"more", W::kMore}, {"less", W::kLess}, {"fewer", W::kLess},
    {"than", W::kThan}, {"under", W::kUnder}, {"least", W::kLeast},
    {"most", W::kMost}, {"up", W::kUp}, {"no", W::kNo}, {"plus", W::kPlus},
    {"beyond", W::kBeyond}, {"fiscal", W::kFiscal}, {"every", W::kEvery},
    {"each", W::kEach}, {"per", W::kPer}, {"other", W::kOther},
    {"few", W::kFew}, {"several", W::kSeveral}, {"couple", W::kCouple},
    {"many", W::kMany}, {"dozen", W::kDozen}, {"dozens", W::kDozens},
    {"hundreds", W::kHundreds}, {"noon", W::kNoon},
    {"midnight", W::kMidnight}, {"midday", W::kNoon}, {"clock", W::kOclock}, {"local", W::kLocal},
    {"time", W::kTime}, {"ended", W::kEnded}, {"ending", W::kEnding},
    {"period", W::kPeriod}, {"full", W::kFull}, {"whole", W::kWhole},
    {"entire", W::kEntire}, {"so", W::kSo}, {"as", W::kAs},
    {"thousand", W::kThousand}, {"hundred", W::kHundred},
    {"times", W::kTimes}, {"once", W::kOnce}, {"twice", W::kTwice},
    {"comparable", W::kComparable}, {"corresponding", W::kCorresponding},
    {"moment", W::kMoment}, {"while", W::kWhile}, {"am", W::kAm},
    {"pm", W::kPm}, {"right", W::kRight},
    {"est", W::kTimeZone}, {"edt", W::kTimeZone}, {"cst", W::kTimeZone},
    {"cdt", W::kTimeZone}, {"pst", W::kTimeZone}, {"pdt", W::kTimeZone},
    {"mst", W::kTimeZone}, {"gmt", W::kTimeZone}, {"utc", W::kTimeZone},
    {"bst", W::kTimeZone}, {"cet", W::kTimeZone}, {"jst", W::kTimeZone},
    {"kst", W::kTimeZone}, {"ist", W::kTimeZone}, {"et", W::kTimeZone},
};

constexpr const char* kMonths[][3] = {
    {"january", "jan", nullptr},  {"february", "feb", nullptr},
    {"march", "mar", nullptr},    {"april", "apr", nullptr},
    {"may", nullptr, nullptr},    {"june", "jun", nullptr},
    {"july", "jul", nullptr},     {"august", "aug", nullptr},
    {"september", "sep", "sept"}, {"october", "oct", nullptr},
    {"november", "nov", nullptr}, {"december", "dec", nullptr},
};

constexpr const char* kWeekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                     "friday", "saturday", "sunday"};

constexpr const char* kCardinals[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen"};
constexpr const char* kTens[] = {"twenty", "thirty", "forty", "fifty",
                                 "sixty",  "seventy", "eighty", "ninety"};
constexpr const char* kOrdinals[] = {
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
constexpr const char* kTensOrdinals[] = {"twentieth", "thirtieth"};

struct UnitWord {
  const char* singular;
  const char* plural;
  Unit unit;
};
constexpr UnitWord kUnits[] = {
    {"second", "seconds", Unit::kSecond}, {"sec", "secs", Unit::kSecond},
    {"minute", "minutes", Unit::kMinute}, {"min", "mins", Unit::kMinute},
    {"hour", "hours", Unit::kHour},       {"hr", "hrs", Unit::kHour},
    {"day", "days", Unit::kDay},          {"week", "weeks", Unit::kWeek},
    {"fortnight", "fortnights", Unit::kFortnight},
    {"month", "months", Unit::kMonth},    {"quarter", "quarters", Unit::kQuarter},
    {"year", "years", Unit::kYear},       {"yr", "yrs", Unit::kYear},
    {"decade", "decades", Unit::kDecade}, {"century", "centuries", Unit::kCentury},
    {"weekend", "weekends", Unit::kWeekend},
};

struct FrequencyWord {
  const char* text;
  const char* value;
};
constexpr FrequencyWord kFrequencies[] = {
    {"hourly", "PT1H"},    {"daily", "P1D"},      {"nightly", "P1D"},
    {"weekly", "P1W"},     {"biweekly", "P2W"},   {"fortnightly", "P2W"},
    {"monthly", "P1M"},    {"annually", "P1Y"},   {"yearly", "P1Y"},
};

// Past-tense forms that do not end in "-ed", plus auxiliaries; news reports
// lean on a small set of them.
constexpr const char* kPastCues[] = {
    "was", "were", "had", "did", "said", "told", "met", "held", "went", "came", "took",
    "made", "gave", "saw", "found", "began", "ran", "won", "lost", "left", "fell", "rose",
    "sold", "bought", "paid", "spent", "struck", "hit", "brought", "thought", "felt",
    "kept", "led", "meant", "sent", "stood", "wrote", "spoke", "broke", "chose", "drove",
    "flew", "grew", "knew", "threw", "wore", "won", "became", "sought", "fought", "caught",
    "taught", "shot", "slid", "swore", "overtook", "withdrew", "beat", "ago", "earlier"};
// "ended" is left out on purpose: "the week ended February 22" names a period.
// Past forms ("pledged", "predicted") are left out: "Cuba predicted Wednesday"
// dates the prediction. "expected" stays: it is nearly always "expected to".
constexpr const char* kFutureCues[] = {
    "will", "shall", "ll", "scheduled", "slated", "expected", "expects", "plans", "plan",
    "planning", "due", "set", "upcoming", "coming", "would", "intends", "aims", "tomorrow",
    "next", "going", "hopes", "payable", "effective", "expire", "expires"};
constexpr const char* kPresentCues[] = {"is", "are", "says", "remains", "stands", "am"};

constexpr const char* kAbbreviations[] = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "co", "corp", "ltd", "gen", "gov",
    "sen", "rep", "lt", "col", "sgt", "capt", "prof", "vs", "no", "u", "s", "a", "p", "m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "e", "g",
    "i", "etc", "approx", "est"};

// Plural nouns that follow counts, not years ("1500 people").
constexpr const char* kCountNouns[] = {
    "people", "persons", "workers", "employees", "jobs", "troops", "soldiers", "members",
    "votes", "units", "cars", "homes", "houses", "shares", "tons", "tonnes", "barrels",
    "points", "feet", "metres", "meters", "miles", "kilometres", "kilometers", "km",
    "acres", "pounds", "dollars", "euros", "yen", "won", "yuan", "children", "students",
    "residents", "patients", "cases", "deaths", "victims", "refugees", "civilians",
    "passengers", "vehicles", "copies", "sites", "stores", "companies", "firms", "percent",
    "per", "hectares", "kg", "mw", "megawatts", "delegates", "seats", "rounds", "mph",
    "calories", "words", "pages", "items", "tickets", "visitors", "police", "officers"};

// Capitalized words after a weekday that make it part of a name.
constexpr const char* kTitleWords[] = {
    "times", "telegraph", "express", "mirror", "post", "herald", "mail", "independent",
    "observer", "tribune", "star", "sport", "people", "business", "review", "magazine",
    "edition", "show", "prayers", "mass", "school", "service", "sermon", "league",
    "club"};

}  // namespace

Lexeme& Lexicon::Add(absl::string_view word) { return entries_[std::string(word)]; }

Lexicon::Lexicon() {
  for (const NamedWord& w : kNamedWords) Add(w.text).word = w.word;
  Add("o").word = W::kNone;  // "o'clock" is matched as o + ' + clock
  for (int m = 0; m < 12; ++m) {
    Add(kMonths[m][0]).month = static_cast<int8_t>(m + 1);
    for (int k = 1; k < 3; ++k) {
      if (kMonths[m][k] == nullptr) continue;
      Lexeme& abbrev = Add(kMonths[m][k]);
      abbrev.month = static_cast<int8_t>(m + 1);
      abbrev.month_abbrev = true;
    }
  }
  for (int d = 0; d < 7; ++d) Add(kWeekdays[d]).weekday = static_cast<int8_t>(d + 1);
  const char* weekday_abbrevs[][2] = {{"mon", "tue"}, {"tues", "wed"}, {"thu", "thur"},
                                      {"thurs", "fri"}, {"sat", "sun"}};
  const int weekday_abbrev_days[][2] = {{1, 2}, {2, 3}, {4, 4}, {4, 5}, {6, 7}};
  for (int i = 0; i < 5; ++i) {
    for (int k = 0; k < 2; ++k) {
      Lexeme& abbrev = Add(weekday_abbrevs[i][k]);
      abbrev.weekday = static_cast<int8_t>(weekday_abbrev_days[i][k]);
      abbrev.month_abbrev = true;  // like month abbreviations: only with a period
    }
  }
  const char* seasons[][2] = {{"spring", nullptr}, {"summer", nullptr},
                              {"fall", "autumn"}, {"winter", nullptr}};
  for (int s = 0; s < 4; ++s) {
    for (int k = 0; k < 2; ++k) {
      if (seasons[s][k] != nullptr) Add(seasons[s][k]).season = static_cast<int8_t>(s);
    }
  }
  const char* parts[][2] = {{"morning", "mornings"}, {"afternoon", "afternoons"},
                            {"evening", "evenings"}, {"night", "nights"}};
  for (int p = 0; p < 4; ++p) {
    for (int k = 0; k < 2; ++k) Add(parts[p][k]).part_of_day = static_cast<int8_t>(p);
  }
  Add("overnight").part_of_day = 3;
  for (int n = 0; n < 20; ++n) {
    Add(kCardinals[n]).number = static_cast<int16_t>(n);
    Add(kOrdinals[n]).ordinal = static_cast<int16_t>(n);
  }
  for (int t = 0; t < 8; ++t) Add(kTens[t]).number = static_cast<int16_t>(20 + 10 * t);
  for (int t = 0; t < 2; ++t) Add(kTensOrdinals[t]).ordinal = static_cast<int16_t>(20 + 10 * t);
  const char* decades[] = {"twenties", "thirties", "forties", "fifties",
                           "sixties",  "seventies", "eighties", "nineties"};
  for (int d = 0; d < 8; ++d) Add(decades[d]).decade = static_cast<int16_t>(192 + d);
  Add("hundred").number = 100;
  Add("thousand").number = 1000;
  Add("a").number = 1;
  Add("an").number = 1;
  Add("dozen").number = 12;
  for (const UnitWord& u : kUnits) {
    Add(u.singular).unit = u.unit;
    Lexeme& plural = Add(u.plural);
    plural.unit = u.unit;
    plural.plural = true;
  }
  for (const FrequencyWord& f : kFrequencies) Add(f.text).frequency = f.value;
  for (const char* w : kPastCues) Add(w).past_cue = true;
  for (const char* w : kFutureCues) Add(w).future_cue = true;
  for (const char* w : kPresentCues) Add(w).present_cue = true;
  for (const char* w : kAbbreviations) Add(w).abbreviation = true;
  for (const char* w : kCountNouns) Add(w).noun_after_year = true;
  for (const char* w : kTitleWords) Add(w).title_word = true;
  for (W w : {W::kThe, W::kA, W::kAn, W::kThis, W::kThat, W::kThese, W::kOf, W::kIn, W::kOn,
              W::kAt, W::kBy, W::kFrom, W::kTo, W::kUntil, W::kThrough, W::kAnd, W::kOr,
              W::kBetween, W::kSince, W::kDuring, W::kFor, W::kOver, W::kWithin, W::kBefore,
              W::kAfter, W::kAbout, W::kAround, W::kApproximately, W::kRoughly, W::kSome,
              W::kNearly, W::kAlmost, W::kMore, W::kLess, W::kThan, W::kUnder, W::kLeast,
              W::kMost, W::kUp, W::kNo, W::kPlus, W::kBeyond, W::kEvery, W::kEach, W::kPer,
              W::kOther, W::kFew, W::kSeveral, W::kCouple, W::kMany, W::kSo, W::kAs, W::kRight,
              W::kTimes, W::kOnce, W::kTwice, W::kSame, W::kFull, W::kWhole, W::kEntire,
              W::kFiscal, W::kComparable, W::kCorresponding, W::kEarly, W::kLate, W::kMid,
              W::kMiddle, W::kEnd, W::kBeginning, W::kStart, W::kClose, W::kTurn, W::kHalf,
              W::kFinal, W::kLast, W::kNext, W::kPrevious, W::kFollowing, W::kComing,
              W::kCurrent, W::kLatest, W::kEarlier, W::kLater, W::kRecent}) {
    for (auto& entry : entries_) {
      // "a" counts as one, yet only opens an expression before a unit word.
      const bool article = w == W::kA || w == W::kAn;
      if (entry.second.word == w && entry.second.unit == Unit::kNone &&
          (entry.second.number < 0 || article) && entry.second.ordinal < 0) {
        entry.second.glue = true;
      }
    }
  }
  // "the near term", "the short term" have no other temporal word.
  Add("term");
  // First words of holiday names (matched with what follows in the matcher).
  for (const char* w : {"christmas", "thanksgiving", "easter", "halloween", "valentine",
                        "new", "good", "labor", "labour", "memorial", "boxing"}) {
    Add(w).word = W::kHolidayWord;
  }
  // Quarter shorthands: "Q3".
  for (int q = 1; q <= 4; ++q) {
    std::string name = "q" + std::to_string(q);
    Add(name).ordinal = static_cast<int16_t>(q);
    Add(name).word = W::kQuarterWord;
  }
}

}  // namespace chronicle::temporal::internal
