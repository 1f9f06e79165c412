// The unit a timeline is built from: one dated sentence of one article, as the
// index found it.
#ifndef CHRONICLE_CORE_TIMELINE_EVENT_H_
#define CHRONICLE_CORE_TIMELINE_EVENT_H_

#include <string>
#include <vector>

#include "chronicle/v1/timeline.pb.h"

namespace chronicle::timeline {

struct TimelineEvent {
  // Article id, title, source, published_at, sentence, offsets, date_value,
  // interval {start, end, granularity} and entity_ids of the event.
  v1::Citation citation;
  // The sentence's content terms as the index stemmed them (lowercase stems;
  // stop words may be present, they are ignored). When empty, the sentence's
  // lowercased words are used instead.
  std::vector<std::string> terms;
  // The search engine's weight for this event; 0 when there was no text query.
  double relevance = 0;
};

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_EVENT_H_
