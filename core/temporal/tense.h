// Sentence bounds and the verb tense around an expression, which decides
// whether a bare "Friday" or "March" lies before or after the reference date.
#ifndef CHRONICLE_CORE_TEMPORAL_TENSE_H_
#define CHRONICLE_CORE_TEMPORAL_TENSE_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/temporal/resolve.h"
#include "core/temporal/tokenizer.h"

namespace chronicle::temporal::internal {

class SentenceMap {
 public:
  // Splits `tokens` into sentences at ., ! and ? (not after abbreviations
  // such as "Dec." or "Mr.") and at blank lines.
  SentenceMap(absl::string_view text, const std::vector<Token>& tokens);

  // Tense of the sentence around tokens [first, last): the past or future
  // cue closest to the expression wins; cues before it win ties.
  Tense TenseAround(size_t first, size_t last) const;

  // Index of the sentence that holds token `i`.
  uint32_t SentenceOf(size_t i) const { return sentence_of_[i]; }

 private:
  int CueAt(size_t i) const;  // -1 past, 1 future, 2 present, 0 none

  absl::string_view text_;
  const std::vector<Token>& tokens_;
  std::vector<uint32_t> sentence_of_;
  std::vector<uint32_t> starts_;  // first token of each sentence, plus a sentinel
};

}  // namespace chronicle::temporal::internal

#endif  // CHRONICLE_CORE_TEMPORAL_TENSE_H_
