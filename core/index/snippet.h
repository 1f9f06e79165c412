// Snippets: the passage of an article that shows why it matched, with the
// query's words marked.
#ifndef CHRONICLE_CORE_INDEX_SNIPPET_H_
#define CHRONICLE_CORE_INDEX_SNIPPET_H_

#include <array>
#include <bitset>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/search.pb.h"
#include "xapian.h"

namespace chronicle::index {

struct HighlightedText {
  std::string text;                       // plain, unescaped
  std::vector<v1::Highlight> highlights;  // byte ranges into `text`
  std::string markup;                     // HTML-escaped with <b>...</b>
};

// Marks the words a query looks for in article text. Words are split and
// lowercased as Xapian's term generator does (runs of word characters); a
// word matches when its lowercase form is a query word, or its stem a
// query word's stem. Built once per request, used for every result.
class Highlighter {
 public:
  // `terms` are the query's weighted index terms (QueryTree::WeightedTerms):
  // word forms ("ruling"), stems ("Zrule"), and their title forms
  // ("Sruling", "ZSrule"), which count in titles only. `stemmer` must
  // outlive the highlighter.
  Highlighter(const Xapian::Stem* stemmer, const std::vector<std::string>& terms);

  // About `max_bytes` of `text` (cut at words, "…" where cut): the passage
  // with the most different query words, then the most matches, from the
  // start of its sentence when that fits; the text's start when nothing
  // matches. Runs of white space read as one space.
  HighlightedText Snippet(absl::string_view text, size_t max_bytes) const;
  // The whole title, its matches marked (title: words count too).
  HighlightedText MarkTitle(absl::string_view title) const;

 private:
  struct Word {
    size_t begin;  // bytes into the text
    size_t end;
  };
  // Where the words of `text` are. Their lowercase forms are made only for
  // the words that may match (Matches): a string per word of a result's
  // body was the largest cost of a search for a rare word.
  static std::vector<Word> Words(absl::string_view text);
  // Whether `word` of `text` matches. Its lowercase form is left in `form`
  // unless its first character rules it out; a true answer always has it.
  bool Matches(absl::string_view text, const Word& word, bool title, std::string& form,
               absl::flat_hash_map<std::string, bool>& stemmed) const;
  bool MatchesForm(absl::string_view form, bool title, absl::flat_hash_map<std::string, bool>& stemmed) const;
  // `text`[begin, end) with the matching words marked.
  HighlightedText Render(absl::string_view text, size_t begin, size_t end, const std::vector<Word>& words,
                         const std::vector<bool>& matched) const;

  const Xapian::Stem* stemmer_;
  absl::flat_hash_set<std::string> forms_, stems_, title_forms_, title_stems_;
  // Stems keep their word's first letters (the English stemmer changes
  // endings: "dying" is "die"), so only a word that starts as some stem
  // does — its first one to three bytes, by the stem's length — is stemmed.
  std::array<absl::flat_hash_set<std::string>, 4> stem_starts_;
  // The first bytes of all four sets' words: a word that starts otherwise
  // matches none, by form or by stem, and is passed over without hashing
  // it (most of a result's words, for a query of a word or two).
  std::bitset<256> first_bytes_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_SNIPPET_H_
