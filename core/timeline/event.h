// The unit a timeline is built from: one dated sentence of one article, as the
// index found it.
#ifndef CHRONICLE_CORE_TIMELINE_EVENT_H_
#define CHRONICLE_CORE_TIMELINE_EVENT_H_

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/timeline.pb.h"

namespace chronicle::timeline {

struct TimelineEvent {
  // Article id, title, source, published_at, sentence, offsets, date_value,
  // interval {start, end, granularity} and entity_ids of the event.
  v1::Citation citation;
  // The sentence's content terms as the index stemmed them (lowercase stems;
  // stop words may be present, they are ignored), each followed by one
  // space: "court rule summit " (JoinTerms). One string, in the form the
  // index stores it, rather than a list: a timeline reads thousands of
  // events, and a list cost an allocation and a copy per term. When empty,
  // the sentence's lowercased words are used instead.
  std::string terms;
  // The search engine's weight for this event; 0 when there was no text query.
  double relevance = 0;
};

// TimelineEvent::terms from a list of terms (none empty or holding a
// space), in the list's order.
template <typename Terms>
std::string JoinTerms(const Terms& terms) {
  std::string joined;
  for (const auto& term : terms) {
    joined.append(term.data(), term.size());
    joined.push_back(' ');
  }
  return joined;
}

// The terms of a TimelineEvent::terms, as views into it; no empty term from
// stray or missing spaces.
inline std::vector<absl::string_view> SplitTerms(absl::string_view terms) {
  return absl::StrSplit(terms, ' ', absl::SkipEmpty());
}

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_EVENT_H_
