// The words of a text as the index stores them, found without building a
// Xapian document.
//
// The index's words were first made by Xapian's TermGenerator, which writes
// into a Xapian::Document (a map of terms with position lists) that the
// writer then copied into a segment document: at ~0.5 ms per article this
// was half of what a replica spent indexing (docs/performance.md). The
// segments need only the words, so SplitWords finds them itself, following
// TermGenerator 1.4's rules exactly (the queries, snippets and the engine
// comparisons still split text through Xapian, and must agree with what was
// indexed): tests/core/index/word_splitter_test.cc and word_splitter_fuzzer
// compare the two on every input they make.
#ifndef CHRONICLE_CORE_INDEX_WORD_SPLITTER_H_
#define CHRONICLE_CORE_INDEX_WORD_SPLITTER_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "xapian.h"

namespace chronicle::index {

// TermGenerator's default limit: longer words are left out, and take no
// position.
inline constexpr size_t kMaxWordBytes = 64;

// Calls `on_word` with each word of `text` (UTF-8; other bytes are read as
// Latin-1, as Xapian reads them), lowercased, in text order:
// - a word is a run of Unicode letters, marks, digits and connector
//   punctuation;
// - an apostrophe (also U+2019 and U+201B, written as "'"), '&', U+00B7,
//   U+05F4 or U+2027 between two word characters joins them ("don't",
//   "at&t"), and so do ',', '.', ';' and a few others between two digits
//   ("3.5", "1,000"); zero-width characters there are dropped;
// - single capital ASCII letters separated by dots are one word ("U.S.A."
//   is "usa"), unless a word character follows;
// - one to three '+' or '#' right after a word belong to it ("c++", "c#"),
//   unless a word character follows them;
// - words longer than kMaxWordBytes are skipped.
// CJK text is split as other text (TermGenerator's CJK n-grams are off in
// the index, as its default is).
void SplitWords(absl::string_view text, absl::FunctionRef<void(const std::string& word)> on_word);

// Xapian's English stemmer with a memory of the words it has stemmed: news
// text repeats its words, and a Snowball stem costs far more than a lookup.
// Not thread-safe; one per thread, like the builder that holds it.
class StemCache {
 public:
  explicit StemCache(size_t max_words = 200000) : stemmer_("english"), max_words_(max_words) {}

  // The stem of `word` (a lowercased word, as SplitWords gives), or the
  // empty string when the stemmer gives none.
  const std::string& Stem(const std::string& word);

 private:
  Xapian::Stem stemmer_;
  size_t max_words_;
  absl::flat_hash_map<std::string, std::string> stems_;
};

// Whether TermGenerator (STEM_SOME) also indexes the stem of `word`: when
// its first character is a letter that is not upper case (so not a word
// that starts with a digit, a mark or '_').
bool WordTakesStem(const std::string& word);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_WORD_SPLITTER_H_
