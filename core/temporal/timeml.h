// Reading TimeML annotations and scoring the tagger against them, TempEval-3
// style. Used by tools/eval/timeml_eval and by the tagger's quality tests.
#ifndef CHRONICLE_CORE_TEMPORAL_TIMEML_H_
#define CHRONICLE_CORE_TEMPORAL_TIMEML_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/temporal/types.h"

namespace chronicle::temporal {

// One gold TIMEX3 over the tag-free text.
struct GoldTimex {
  size_t begin = 0;  // byte offsets into AnnotatedText::text
  size_t end = 0;
  std::string type;  // "DATE", "TIME", "DURATION", "SET"
  std::string value;
  std::string mod;
};

// Text with its gold expressions.
struct AnnotatedText {
  std::string text;
  std::vector<GoldTimex> timexes;
};

struct TimeMlDocument {
  AnnotatedText body;                         // the <TEXT> element
  absl::optional<ReferenceDate> creation_time;  // from <DCT>, when present
};

// Strips the markup from `annotated` (inline TIMEX3 elements; every other
// element is dropped, its text kept; XML entities decoded) and records each
// TIMEX3's span and attributes. Errors: InvalidArgument on unbalanced or
// nested TIMEX3 tags and unterminated tags.
absl::StatusOr<AnnotatedText> ParseInlineTimex(absl::string_view annotated);

// Parses a TimeML document: the TEXT element as ParseInlineTimex does and
// the DCT's value as the creation time. Errors: InvalidArgument when there
// is no TEXT element or its markup is broken.
absl::StatusOr<TimeMlDocument> ParseTimeMl(absl::string_view xml);

// TempEval-3 counts, summed over documents.
struct TimexScores {
  int gold = 0;
  int predicted = 0;
  int strict = 0;   // exact span matches
  int relaxed = 0;  // overlapping pairs (one-to-one)
  int type = 0;     // relaxed pairs with the same type
  int value = 0;    // relaxed pairs with the same (normalized) value

  void Add(const TimexScores& other);
  double StrictPrecision() const;
  double StrictRecall() const;
  double StrictF1() const;
  double RelaxedPrecision() const;
  double RelaxedRecall() const;
  double RelaxedF1() const;
  double TypeAccuracy() const;  // over relaxed matches
  double ValueF1() const;       // relaxed F1 x share of relaxed matches with the right value
};

// A value as compared in scoring: decade and century notations "199X"/"19XX"
// are taken as the TimeML 1.2 "199"/"19", and one-digit ISO weeks "2000-W7"
// as "2000-W07".
std::string NormalizeValueForScoring(absl::string_view value);

// Scores `predicted` against `gold` for one text. Pairs are made greedily in
// text order, each gold expression used once. When `errors` is not null,
// appends one human-readable line per missed, spurious or wrong-valued pair.
TimexScores ScoreTimexes(const AnnotatedText& gold,
                         const std::vector<TemporalExpression>& predicted,
                         std::vector<std::string>* errors = nullptr);

}  // namespace chronicle::temporal

#endif  // CHRONICLE_CORE_TEMPORAL_TIMEML_H_
