#include "core/temporal/tagger.h"

#include <algorithm>
#include <limits>

#include "core/temporal/calendar.h"
#include "core/temporal/lexicon.h"
#include "core/temporal/matcher.h"
#include "core/temporal/matcher_util.h"
#include "core/temporal/resolve.h"
#include "core/temporal/tense.h"
#include "core/temporal/tokenizer.h"

namespace chronicle::temporal {

const char* TimexTypeName(TimexType type) {
  switch (type) {
    case TimexType::kDate: return "DATE";
    case TimexType::kTime: return "TIME";
    case TimexType::kDuration: return "DURATION";
    case TimexType::kSet: return "SET";
  }
  return "DATE";
}

const char* GranularityName(Granularity granularity) {
  switch (granularity) {
    case Granularity::kUnknown: return "UNKNOWN";
    case Granularity::kCentury: return "CENTURY";
    case Granularity::kDecade: return "DECADE";
    case Granularity::kYear: return "YEAR";
    case Granularity::kQuarter: return "QUARTER";
    case Granularity::kMonth: return "MONTH";
    case Granularity::kWeek: return "WEEK";
    case Granularity::kDay: return "DAY";
    case Granularity::kHour: return "HOUR";
    case Granularity::kMinute: return "MINUTE";
    case Granularity::kSecond: return "SECOND";
  }
  return "UNKNOWN";
}

namespace {

using internal::CalendarPoint;
using internal::Match;
using internal::Resolution;

// True when token `i` can open an expression: most words cannot, and
// function words only when a temporal word or a number follows closely.
bool MayStart(const std::vector<internal::Token>& tokens, size_t i) {
  const internal::Token& t = tokens[i];
  switch (t.kind) {
    case internal::TokenKind::kNumber: return true;
    case internal::TokenKind::kPunct: return t.punct == '\'';
    case internal::TokenKind::kWord: break;
  }
  if (t.lex == nullptr) return false;
  if (!t.lex->glue) return true;
  const size_t stop = std::min(tokens.size(), i + 5);
  for (size_t k = i + 1; k < stop; ++k) {
    const internal::Token& next = tokens[k];
    if (next.kind == internal::TokenKind::kNumber) return true;
    if (next.kind == internal::TokenKind::kPunct && next.punct == '\'') return true;
    if (next.lex != nullptr && !next.lex->glue) return true;
  }
  return false;
}

// "due in three weeks", "resumes in two months": after "in", with a future
// verb, a counted duration names the date that far from the reference. The
// spec of that date, or nullopt when `m` is not such a duration.
absl::optional<internal::Spec> FutureOffset(const std::vector<internal::Token>& tokens, const Match& m,
                                            internal::Tense tense) {
  if (m.is_range || m.spec.type != TimexType::kDuration || tense != internal::Tense::kFuture) return absl::nullopt;
  if (m.first == 0 || tokens[m.first - 1].lex == nullptr || tokens[m.first - 1].lex->word != internal::W::kIn) {
    return absl::nullopt;
  }
  // Only whole counts of calendar units: "P3W", not "PXW" or "PT2H".
  const std::string& value = m.spec.literal;
  if (value.size() < 3 || value[0] != 'P') return absl::nullopt;
  int count = 0;
  for (size_t k = 1; k + 1 < value.size(); ++k) {
    if (value[k] < '0' || value[k] > '9' || count > 1000) return absl::nullopt;
    count = count * 10 + (value[k] - '0');
  }
  internal::Unit unit;
  switch (value.back()) {
    case 'D': unit = internal::Unit::kDay; break;
    case 'W': unit = internal::Unit::kWeek; break;
    case 'M': unit = internal::Unit::kMonth; break;
    case 'Y': unit = internal::Unit::kYear; break;
    default: return absl::nullopt;
  }
  if (count <= 0) return absl::nullopt;
  internal::Spec date;
  internal::SetShift(&date, internal::Anchor::kReference, unit, count);
  return date;
}

TimexType TypeOf(const internal::Spec& spec, const Resolution& r) {
  if (spec.type == TimexType::kDuration || spec.type == TimexType::kSet) return spec.type;
  if (r.point.has_value()) {
    const Granularity g = r.point->granularity;
    return g == Granularity::kHour || g == Granularity::kMinute || g == Granularity::kSecond
               ? TimexType::kTime
               : TimexType::kDate;
  }
  return spec.hour >= 0 || spec.part_of_day >= 0 ? TimexType::kTime : TimexType::kDate;
}

}  // namespace

TemporalTagger::TemporalTagger() : lexicon_(std::make_unique<internal::Lexicon>()) {}
TemporalTagger::~TemporalTagger() = default;

std::vector<TemporalExpression> TemporalTagger::Tag(
    absl::string_view text, const absl::optional<ReferenceDate>& reference) const {
  std::vector<TemporalExpression> out;
  if (text.size() >= std::numeric_limits<uint32_t>::max()) return out;
  std::vector<internal::Token> tokens;
  tokens.reserve(text.size() / 5 + 1);
  internal::Tokenize(text, *lexicon_, &tokens);
  const internal::Matcher matcher(text, tokens);
  absl::optional<internal::SentenceMap> sentences;  // built on the first match
  absl::optional<CalendarPoint> discourse;
  uint32_t discourse_sentence = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!MayStart(tokens, i)) continue;
    Match m;
    if (!matcher.MatchAt(i, &m)) continue;
    if (!sentences.has_value()) sentences.emplace(text, tokens);
    internal::ResolveContext context;
    context.reference = &reference;
    context.discourse = discourse.has_value() ? &*discourse : nullptr;
    context.tense = sentences->TenseAround(m.first, m.last);
    if (absl::optional<internal::Spec> date = FutureOffset(tokens, m, context.tense)) m.spec = *std::move(date);
    const uint32_t sentence = sentences->SentenceOf(m.first);
    context.discourse_in_sentence = discourse.has_value() && discourse_sentence == sentence;
    Resolution r = internal::Resolve(m.spec, context);
    if (!r.valid) continue;
    TemporalExpression e;
    e.begin = tokens[m.first].begin;
    e.end = tokens[m.last - 1].end;
    e.text = std::string(text.substr(e.begin, e.end - e.begin));
    e.type = TypeOf(m.spec, r);
    e.mod = m.spec.mod;
    if (m.is_range) {
      Resolution r2 = internal::Resolve(m.range_end, context);
      if (!r2.valid) continue;
      if (r.interval.has_value() && r2.interval.has_value() &&
          r2.interval->end <= r.interval->start) {
        // A range runs forward: "from today through Nov. 17".
        internal::ResolveContext forward = context;
        forward.tense = internal::Tense::kFuture;
        const Resolution again = internal::Resolve(m.range_end, forward);
        if (again.valid) r2 = again;
      }
      e.type = TimexType::kDate;
      e.value = r.value + "/" + r2.value;
      if (r.interval.has_value() && r2.interval.has_value() &&
          r.interval->start < r2.interval->end) {
        Interval span = *r.interval;
        span.end = r2.interval->end;
        span.granularity = r.interval->granularity;
        e.resolved = span;
      }
    } else {
      e.value = std::move(r.value);
      e.resolved = r.interval;
    }
    // Comparison points ("a year earlier") are not where the story is.
    if (r.point.has_value() && !m.spec.inherit_granularity &&
        (e.type == TimexType::kDate || e.type == TimexType::kTime)) {
      discourse = r.point;
      discourse_sentence = sentence;
    }
    out.push_back(std::move(e));
    i = m.last - 1;
  }
  return out;
}

}  // namespace chronicle::temporal
