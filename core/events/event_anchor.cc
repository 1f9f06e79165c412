#include "core/events/event_anchor.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace chronicle::events {
namespace {

using temporal::TemporalExpression;
using temporal::TimexType;

constexpr absl::string_view kReportingVerbs[] = {
    "said", "says", "say", "reported", "reports", "report", "told", "tells", "announced",
    "announces", "stated", "confirmed", "confirms", "disclosed", "added", "wrote", "quoted",
    "according", "claimed", "noted", "revealed", "tweeted", "posted", "showed", "shows"};

// Words that may sit between a reporting verb and its date: "said in a
// statement on Friday", "told reporters on Sunday".
constexpr absl::string_view kReportingFillers[] = {
    "on", "in", "a", "an", "the", "late", "early", "statement", "briefing", "interview",
    "reporters", "journalists", "conference", "news", "press", "release", "at", "to", "it",
    "he", "she", "they", "late", "its"};

constexpr absl::string_view kDeterminers[] = {"the", "a", "an", "its", "their", "his", "her",
                                              "our", "this", "that", "these", "those"};

template <size_t N>
bool OneOf(absl::string_view word, const absl::string_view (&list)[N]) {
  for (absl::string_view w : list) {
    if (absl::EqualsIgnoreCase(word, w)) return true;
  }
  return false;
}

bool IsWordByte(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// The word ending at or before `pos` (skipping spaces and commas), within
// [floor, pos); empty when a stronger boundary comes first. Moves `pos` to
// the word's start.
absl::string_view PreviousWord(absl::string_view text, size_t floor, size_t* pos) {
  size_t end = *pos;
  while (end > floor && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t')) {
    --end;
  }
  if (end == floor || !IsWordByte(text[end - 1])) return {};
  size_t begin = end;
  while (begin > floor && IsWordByte(text[begin - 1])) --begin;
  *pos = begin;
  return text.substr(begin, end - begin);
}

absl::string_view NextWord(absl::string_view text, size_t pos, size_t ceiling) {
  while (pos < ceiling && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t')) ++pos;
  size_t end = pos;
  while (end < ceiling && IsWordByte(text[end])) ++end;
  return text.substr(pos, end - pos);
}

// "Kyodo reported on Friday", "officials said Friday", "said in a statement on Friday".
bool DatesTheReport(absl::string_view text, const SentenceSpan& s, const TemporalExpression& e) {
  size_t pos = e.begin;
  for (int step = 0; step < 6; ++step) {
    const absl::string_view word = PreviousWord(text, s.begin, &pos);
    if (word.empty()) return false;
    if (OneOf(word, kReportingVerbs)) return true;
    if (!OneOf(word, kReportingFillers)) return false;
  }
  return false;
}

// "the 2015 deal", "last year's talks": a date inside a noun phrase.
bool QualifiesANoun(absl::string_view text, const SentenceSpan& s, const TemporalExpression& e) {
  if (e.end + 1 < s.end && (text[e.end] == '\'' || text.substr(e.end, 3) == "\xE2\x80\x99") &&
      (text[e.end + 1] == 's' || (e.end + 3 < s.end && text[e.end + 3] == 's'))) {
    return true;
  }
  size_t pos = e.begin;
  const absl::string_view before = PreviousWord(text, s.begin, &pos);
  if (!OneOf(before, kDeterminers)) return false;
  if (e.end < s.end && !(text[e.end] == ' ')) return false;
  const absl::string_view after = NextWord(text, e.end, s.end);
  return !after.empty() && absl::ascii_islower(static_cast<unsigned char>(after[0]));
}

int Precision(const TemporalExpression& e) { return static_cast<int>(e.resolved->granularity); }

}  // namespace

std::vector<Event> AnchorEvents(absl::string_view text, const std::vector<SentenceSpan>& sentences,
                                const std::vector<TemporalExpression>& expressions) {
  std::vector<Event> events;
  for (size_t si = 0; si < sentences.size(); ++si) {
    const SentenceSpan& s = sentences[si];
    if (s.end > text.size() || s.begin > s.end) continue;
    // The tagger returns expressions in text order: find the sentence's first.
    const size_t next = static_cast<size_t>(
        std::lower_bound(expressions.begin(), expressions.end(), s.begin,
                         [](const TemporalExpression& e, size_t pos) { return e.begin < pos; }) -
        expressions.begin());
    std::vector<size_t> candidates;
    for (size_t k = next; k < expressions.size() && expressions[k].begin < s.end; ++k) {
      const TemporalExpression& e = expressions[k];
      if (e.begin < s.begin) continue;
      if ((e.type != TimexType::kDate && e.type != TimexType::kTime) || !e.resolved.has_value()) {
        continue;
      }
      candidates.push_back(k);
    }
    if (!s.may_make_event || candidates.empty()) continue;
    // Reporting dates and noun qualifiers give way when anything else is left.
    std::vector<size_t> main;
    for (size_t k : candidates) {
      if (!DatesTheReport(text, s, expressions[k]) && !QualifiesANoun(text, s, expressions[k])) {
        main.push_back(k);
      }
    }
    const std::vector<size_t>& pool = main.empty() ? candidates : main;
    size_t best = pool[0];
    for (size_t k : pool) {
      if (Precision(expressions[k]) > Precision(expressions[best])) best = k;
    }
    Event event;
    event.sentence_index = si;
    event.expression_index = best;
    event.interval = *expressions[best].resolved;
    event.value = expressions[best].value;
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace chronicle::events
