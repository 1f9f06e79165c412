// Rule-based temporal tagger for news English, in the spirit of TimeML TIMEX3.
//
//   TemporalTagger tagger;
//   ReferenceDate published{absl::CivilSecond(2023, 12, 11), Granularity::kDay};
//   for (const TemporalExpression& e : tagger.Tag(text, published)) { ... }
#ifndef CHRONICLE_CORE_TEMPORAL_TAGGER_H_
#define CHRONICLE_CORE_TEMPORAL_TAGGER_H_

#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/temporal/types.h"

namespace chronicle::temporal {

namespace internal {
class Lexicon;
}

class TemporalTagger {
 public:
  // Builds the word tables. Immutable afterwards; Tag() may be called from
  // any number of threads at once.
  TemporalTagger();
  ~TemporalTagger();
  TemporalTagger(const TemporalTagger&) = delete;
  TemporalTagger& operator=(const TemporalTagger&) = delete;

  // Finds the temporal expressions in `text` (UTF-8), in text order and not
  // overlapping, with TIMEX3 type, value and mod.
  //
  // `reference` is the publication time relative expressions count from
  // ("yesterday", "last March", a bare "Friday"). Without it they are not
  // resolved: they get X-filled values ("XXXX-WXX-5", "XXXX-03") or
  // PAST_REF/FUTURE_REF/PRESENT_REF and no interval. The result depends on
  // (text, reference) only; the clock is never read. Texts of 4 GiB or more
  // are not supported (an empty result is returned).
  std::vector<TemporalExpression> Tag(absl::string_view text,
                                      const absl::optional<ReferenceDate>& reference) const;

 private:
  std::unique_ptr<const internal::Lexicon> lexicon_;
};

}  // namespace chronicle::temporal

#endif  // CHRONICLE_CORE_TEMPORAL_TAGGER_H_
