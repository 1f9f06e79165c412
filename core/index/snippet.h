// Turns Xapian's marked-up snippets into plain text with highlight ranges.
#ifndef CHRONICLE_CORE_INDEX_SNIPPET_H_
#define CHRONICLE_CORE_INDEX_SNIPPET_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "chronicle/v1/search.pb.h"

namespace chronicle::index {

// Xapian's snippet output is HTML-escaped; these markers cannot occur in
// escaped text, so they delimit highlights unambiguously.
inline constexpr char kHighlightStart[] = "\x01";
inline constexpr char kHighlightEnd[] = "\x02";

struct HighlightedText {
  std::string text;                       // plain, unescaped
  std::vector<v1::Highlight> highlights;  // byte ranges into `text`
  std::string markup;                     // HTML-escaped with <b>...</b>
};

// `marked` is MSet::snippet output produced with kHighlightStart/End.
HighlightedText ParseMarkedSnippet(absl::string_view marked);

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_SNIPPET_H_
