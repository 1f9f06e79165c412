// How much one dated sentence is about a topic query, given the article it
// comes from: the query's words in the sentence, the query's words near it
// in the article, and the article's lead.
//
// A timeline about a topic gathers the events of the articles about it, but
// an article about forced labour also reports festivals and trade talks. A
// sentence is about the topic when
//  - it holds the query's words (their stems), or
//  - the article uses them close by: news writes a topic's history in the
//    sentences around its mention ("... compensation for forced labour. The
//    issue was settled by a treaty in 1965"), so each word counts less the
//    further its nearest occurrence is, by exp(-distance / kNearWords), or
//  - it opens an article about the query (one of its first kLeadSentences
//    sentences, in an article that has the query's words kLeadMentions
//    times or more): the lead reports the happening the article is about,
//    and an article that returns to the query's words again and again is
//    about them, while one that mentions them in passing is not.
// Each word weighs 1 + log((N + 1) / (n + 1)), n of N articles holding it:
// a rare word counts more than a common one, and a word every article has
// still counts.
#ifndef CHRONICLE_CORE_TIMELINE_RELEVANCE_H_
#define CHRONICLE_CORE_TIMELINE_RELEVANCE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chronicle::timeline {

// Words (positions) over which a mention's weight falls by a factor e: about
// one sentence of news.
inline constexpr double kNearWords = 25;
inline constexpr uint32_t kLeadSentences = 3;
inline constexpr size_t kLeadMentions = 3;
inline constexpr double kLeadRelevance = 0.5;
// Below this a sentence is not about the query: the relevance of a sentence
// whose only link is a mention about 30 words away.
inline constexpr double kMinTopicRelevance = 0.3;

// One word of the query and where the article has it.
struct QueryWordInArticle {
  std::string stem;                 // TimelineEvent::terms hold its TermHash
  double weight = 1;                // > 0 (rules above)
  std::vector<uint32_t> positions;  // word positions of its forms in the article, ascending
};

// Where a sentence is in its article.
struct SentencePlace {
  uint32_t sentence = 0;  // number among the body's sentences, from 0
  uint32_t first_word = 0;  // word positions, inclusive
  uint32_t last_word = 0;
};

// The sentence's relevance to the query, in [0, 1] (rules above): the
// weighted share of the query's words in it or near it, at least
// kLeadRelevance for the lead of an article about the query. Without
// `place` only the words in the sentence count. 0 when `words` is empty.
// `sentence_stems`: the sentence's stems as TimelineEvent::terms holds them.
double TopicRelevance(absl::string_view sentence_stems, const std::optional<SentencePlace>& place,
                      absl::Span<const QueryWordInArticle> words);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_RELEVANCE_H_
