// Internal to core/parse: recognisers for the parts of an article that are
// not its text. Each combines several cues rather than matching fixed
// strings; docs/parsing.md lists the cues and the tests show both directions
// (boilerplate removed, look-alike news text kept).
#ifndef CHRONICLE_CORE_PARSE_BOILERPLATE_H_
#define CHRONICLE_CORE_PARSE_BOILERPLATE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace chronicle::parse {

struct Verdict {
  std::string kind;    // "promotion", "call-to-action", "newsletter"
  std::string reason;  // the cues that fired
  int score = 0;
};

// Scores a block for promotional intent: emoji or pointing-hand lead,
// imperative call-to-action verb first, second person, subscription words,
// self-promotion phrases ("if you enjoyed this post", "our ... series"),
// exclamation, shortness and position in the last part of the article; news
// cues (reporting verbs, quotation marks, length) count against it. Returns a
// verdict when the score reaches the removal threshold.
// `in_tail`: the block is in the last 40% of the article.
absl::optional<Verdict> ClassifyPromotion(absl::string_view text, bool in_tail);

// A "follow us" line: "For daily updates follow – Example Times", "Follow us
// on X". When a publisher name follows a separator it is stored in `*source`
// (social networks are not publishers and are left out).
bool IsFollowLine(absl::string_view text, std::string* source);

struct Byline {
  std::vector<std::string> authors;
  std::string source;
};

// "By Jane Roe", "By Jane Roe and Ali Khan, Example Wire", "Reporting by Jane
// Roe; Editing by Ali Khan". Returns nullopt for anything else.
absl::optional<Byline> ParseAuthorByline(absl::string_view text);

// A signature line that names the agency at the end of a story: "• Reuters",
// "— AP", "Reuter", "(Reuters)". `bulleted` tells whether the source line
// started with a bullet or dash (already stripped from `text`).
absl::optional<std::string> ParseSignatureLine(absl::string_view text, bool bulleted);

// A sentence in which a chat assistant talks about itself instead of the news:
// knowledge cutoff, training data, "as an AI", or first-person advice to look
// up recent news sources or official statements. Quoted speech and sentences
// with reporting verbs are never flagged. Sets `*reason`.
bool IsChatbotDisclaimer(absl::string_view sentence, std::string* reason);

// "FAQ", "FAQs:", "Frequently Asked Questions", "Questions and answers".
bool IsFaqHeading(absl::string_view text);

// Starts with a question label: "Q1:", "Q:", "Question 2:".
bool StartsWithQuestionLabel(absl::string_view text);

}  // namespace chronicle::parse

#endif  // CHRONICLE_CORE_PARSE_BOILERPLATE_H_
