// Internal to core/parse: titles, headings and language.
#ifndef CHRONICLE_CORE_PARSE_METADATA_H_
#define CHRONICLE_CORE_PARSE_METADATA_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/parse/blocks.h"

namespace chronicle::parse {

// Lowercase ASCII, punctuation dropped, single spaces: for "is this the same
// line" comparisons (repeated titles).
std::string ComparisonKey(absl::string_view text);

// A headline: one source line, at most 30 words / 250 bytes, starting with an
// uppercase letter, digit or quote, not ending in a period (a question or
// exclamation only when short).
bool IsTitleLike(const Block& block);

// A section heading in plain text: like a title but at most 20 words, never
// ending in ".", "!" or "?" unless it is a question label, and with no
// reporting verb.
bool IsHeadingLike(const Block& block);

// Drops a generic leading section word ("Introduction: ", "Overview: ") from
// a first-line title.
std::string StripTitlePrefix(absl::string_view title);

struct TitleParts {
  std::string title;
  std::string site;  // the removed suffix ("Valley Post"), empty when none
};

// Removes a site name appended to a title: "Storm closes pass | Valley Post",
// "... - Valley Post", "... — Valley Post". The suffix goes when it matches
// `known_site` or, without a known site, when it is a short capitalised name
// after a long enough headline.
TitleParts StripSiteSuffix(absl::string_view title, absl::string_view known_site);

// Guesses the language of `text` from its script (Hangul, kana, Han,
// Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari) or, for Latin script,
// from common function words (en, de, fr, es, it, pt, nl). nullopt when unsure.
absl::optional<std::string> DetectLanguage(absl::string_view text);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_METADATA_H_
