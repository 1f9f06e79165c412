// Event anchoring: a sentence becomes an event when a resolvable date in it
// says when what it reports happened.
#ifndef CHRONICLE_CORE_EVENTS_EVENT_ANCHOR_H_
#define CHRONICLE_CORE_EVENTS_EVENT_ANCHOR_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/temporal/types.h"

namespace chronicle::events {

// A sentence of the body text, as byte offsets into it.
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;
  // False for sentences that must not become events (headlines, captions,
  // datelines, boilerplate: the caller decides).
  bool may_make_event = true;
};

// One dated sentence.
struct Event {
  size_t sentence_index = 0;    // into the sentences given to AnchorEvents
  size_t expression_index = 0;  // into the expressions given to AnchorEvents
  temporal::Interval interval;  // the anchoring expression's resolved interval
  std::string value;            // and its TIMEX3 value
};

// Picks, for each sentence that may make an event, the date expression the
// sentence is about, and returns one Event per such sentence, in sentence
// order.
//
// `expressions` are the tagger's output for `text` (byte offsets into it, in
// text order as TemporalTagger::Tag returns them); sentences may come in any
// order, and spans outside `text` are skipped. Only DATE and TIME expressions with a resolved interval can anchor;
// DURATION, SET and *_REF values never do. An expression belongs to the
// sentence that contains its first byte. With several candidates, dates of
// the reporting act ("Kyodo reported on Friday that ...") and dates that only
// qualify a noun ("the 2015 deal", "last year's talks") give way to the
// others; among what is left the most precise wins, then the earliest. A
// reporting or qualifying date still anchors when it is the only one.
// Pure function of its arguments.
std::vector<Event> AnchorEvents(absl::string_view text, const std::vector<SentenceSpan>& sentences,
                                const std::vector<temporal::TemporalExpression>& expressions);

}  // namespace chronicle::events

#endif  // CHRONICLE_CORE_EVENTS_EVENT_ANCHOR_H_
