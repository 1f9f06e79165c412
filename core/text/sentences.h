// Sentence segmentation for news text.
//
// ICU's sentence BreakIterator (UAX #29 with the English abbreviation
// suppressions of the "en@ss=standard" locale) proposes the boundaries; a
// second pass removes the ones it gets wrong in news copy: after titles
// ("Gen. Nakatani", "Prof. Lee"), initials ("J. Smith"), "U.S." inside a
// sentence, month abbreviations before a day ("Jan. 5"), "No. 3", and before a
// lowercase continuation ('"Why?" she asked.').
#ifndef CHRONICLE_CORE_TEXT_SENTENCES_H_
#define CHRONICLE_CORE_TEXT_SENTENCES_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::text {

// A sentence as a half-open byte range [begin, end) into the segmented text.
// The range excludes leading and trailing white space.
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;

  friend bool operator==(const SentenceSpan& a, const SentenceSpan& b) {
    return a.begin == b.begin && a.end == b.end;
  }
};

// Holds one ICU sentence iterator, cloned from a process-wide immutable
// prototype (building one with the suppression list costs far more than
// splitting a paragraph). Constructing splitters is thread-safe; one splitter
// is not: use one per thread or per call.
class SentenceSplitter {
 public:
  SentenceSplitter();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Splits `utf8` (valid UTF-8; typically one paragraph) into sentences and
  // returns their byte ranges in order. White space between sentences belongs
  // to no sentence; a text of only white space yields no sentence. CR, LF and
  // U+2029 always end a sentence (ICU treats them as paragraph separators), so
  // callers pass one paragraph at a time. Never fails: if ICU is unusable the
  // whole trimmed text is one sentence.
  std::vector<SentenceSpan> Split(absl::string_view utf8);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience for one text: builds a SentenceSplitter and splits `utf8`.
std::vector<SentenceSpan> SplitSentences(absl::string_view utf8);

}  // namespace chronicle::text

#endif  // CHRONICLE_CORE_TEXT_SENTENCES_H_
