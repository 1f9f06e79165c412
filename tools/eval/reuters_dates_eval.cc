// Publication dates on Reuters-21578, fed as plain text the way stories come
// over the wire.
//
//   reuters_dates_eval /path/to/reuters21578
//
// For every story with a body:
//  A. "<DATE>\n<TITLE>\n<DATELINE><BODY>": is the parsed publication date the
//     day of <DATE>?
//  B. the same without the <DATE> line: does the date from the dateline alone
//     have <DATE>'s month and day (the year is unknown), and does it have the
//     month and day written in <DATELINE> (extraction accuracy; a story is
//     sometimes filed a day after its dateline)?
// Also counts how often the title comes out as <TITLE>.
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/parse/dates.h"
#include "core/parse/parse_article.h"
#include "core/text/encoding.h"
#include "tools/corpora/reuters_sgml.h"

namespace {

using chronicle::parse::ParseArticle;
using chronicle::parse::RawInput;

struct MonthDay {
  int month = 0;
  int day = 0;
};

int MonthFromAbbreviation(absl::string_view word) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = absl::AsciiStrToLower(word.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m]) return m + 1;
  }
  return 0;
}

// "26-FEB-1987 15:01:01.79" -> year, month, day (independent of the parser).
bool WireDate(absl::string_view date, int* year, MonthDay* md) {
  std::vector<absl::string_view> parts = absl::StrSplit(absl::StripAsciiWhitespace(date), absl::ByAnyChar("- "));
  if (parts.size() < 3) return false;
  md->month = MonthFromAbbreviation(parts[1]);
  return md->month != 0 && absl::SimpleAtoi(parts[0], &md->day) && absl::SimpleAtoi(parts[2], year);
}

// "    SALVADOR, Feb 26 - " -> Feb 26, by a trivial independent scan.
bool DatelineMonthDay(absl::string_view dateline, MonthDay* md) {
  absl::string_view text = absl::StripAsciiWhitespace(dateline);
  absl::ConsumeSuffix(&text, "-");
  const size_t comma = text.rfind(',');
  if (comma == absl::string_view::npos) return false;
  std::vector<absl::string_view> words =
      absl::StrSplit(absl::StripAsciiWhitespace(text.substr(comma + 1)), ' ', absl::SkipEmpty());
  if (words.size() < 2) return false;
  md->month = MonthFromAbbreviation(words[0]);
  return md->month != 0 && absl::SimpleAtoi(words[1], &md->day);
}

double Percent(int part, int whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s REUTERS21578_FOLDER [SHOW_FAILURES]\n", argv[0]);
    return 2;
  }
  int show_failures = 0;
  if (argc == 3 && !absl::SimpleAtoi(argv[2], &show_failures)) return 2;
  auto stories = chronicle::corpora::ReadReutersFolder(argv[1]);
  if (!stories.ok()) {
    std::fprintf(stderr, "%s\n", std::string(stories.status().message()).c_str());
    return 1;
  }
  int total = 0, a_right = 0, a_none = 0, a_wrong = 0, errors = 0, titles_right = 0;
  int b_right_date = 0, b_none = 0, with_dateline = 0, b_right_dateline = 0, b_yearless = 0;
  std::map<std::string, int> error_kinds;
  for (const auto& story : *stories) {
    if (absl::StripAsciiWhitespace(story.body).empty()) continue;
    int year = 0;
    MonthDay expected;
    if (!WireDate(story.date, &year, &expected)) continue;
    ++total;
    const std::string without_date = story.title + "\n" + story.dateline + story.body;
    const std::string with_date = story.date + "\n" + without_date;

    RawInput input;
    input.content = with_date;
    auto a = ParseArticle(input);
    if (!a.ok()) {
      ++errors;
      ++error_kinds[std::string(a.status().message()).substr(0, 40)];
      continue;
    }
    const auto& published = a->metadata.published;
    if (!published || !published->year_known) {
      if (++a_none <= show_failures) std::printf("no date:\n%s\n----\n", with_date.substr(0, 300).c_str());
    } else if (published->civil.year() == year && published->civil.month() == expected.month &&
               published->civil.day() == expected.day) {
      ++a_right;
    } else {
      if (++a_wrong <= show_failures) std::printf("wrong day:\n%s\n----\n", with_date.substr(0, 300).c_str());
    }
    if (chronicle::text::CollapseWhitespace(story.title) == a->metadata.title) ++titles_right;

    input.content = without_date;
    auto b = ParseArticle(input);
    if (!b.ok() || !b->metadata.published) {
      ++b_none;
    } else {
      const auto& d = *b->metadata.published;
      b_yearless += !d.year_known;
      if (d.civil.month() == expected.month && d.civil.day() == expected.day) ++b_right_date;
    }
    MonthDay written;
    if (DatelineMonthDay(story.dateline, &written)) {
      ++with_dateline;
      if (b.ok() && b->metadata.published && b->metadata.published->civil.month() == written.month &&
          b->metadata.published->civil.day() == written.day) {
        ++b_right_dateline;
      }
    }
  }
  std::printf("stories with a body: %d (parse errors: %d)\n", total, errors);
  for (const auto& [kind, count] : error_kinds) std::printf("  error %-40s %d\n", kind.c_str(), count);
  std::printf("A. with the <DATE> line: right day %d (%.2f%%), no date %d, wrong day %d\n", a_right,
              Percent(a_right, total), a_none, a_wrong);
  std::printf("   title equals <TITLE>: %d (%.2f%%)\n", titles_right, Percent(titles_right, total));
  std::printf("B. dateline only: <DATE>'s month/day %d (%.2f%%), no date %d, year-less %d\n", b_right_date,
              Percent(b_right_date, total), b_none, b_yearless);
  std::printf("   stories whose <DATELINE> has a month/day: %d; extracted it right: %d (%.2f%%)\n", with_dateline,
              b_right_dateline, Percent(b_right_dateline, with_dateline));
  return 0;
}
