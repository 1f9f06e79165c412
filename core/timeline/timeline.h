// Timelines: dated events from many articles turned into "what happened
// when", each entry traced to the sentences it comes from.
//
// Rules (thresholds and their reasons in cluster.h, features.h and
// placement.h):
//  - Placement: an entry sits at the timeline's granularity, except that an
//    event known only at a coarser granularity stays at its own ("2019" stays
//    a year on a DAY timeline) and one covering more than one unit becomes a
//    span ("1910/1945").
//  - One entry per happening: events whose own dates agree (the date each
//    source gives, at its own precision up to a day) and whose wording and
//    entities are similar (cosine over weighted terms and entity ids, stop
//    and date words ignored) become one entry, whether they come from one
//    article or several; different happenings on one day stay apart. The
//    timeline's granularity only dates the entries: a YEAR timeline holds the
//    same groups as a DAY timeline, so two strikes in April and June 2011
//    are two "2011" entries, ordered by their own dates.
//  - Conflicting dates: very similar events from different articles at
//    disjoint but close dates (within 7 days, 2 months, 1 quarter; years
//    never) are one entry whose `conflicting_dates` lists those dates as the
//    sources give them ("2019-12-23", "2019-12-24", on any timeline); the
//    entry is dated by the date most articles give (ties: the earliest).
//    Each citation keeps its own date_value and interval.
//  - Nested dates are not a conflict: a very similar event known only at a
//    coarser unit ("2019", "2019-12") joins the finer entry it contains, and
//    the finer date dates the entry. Spans only ever join identical spans.
//  - Headline: the sentence closest to all the others of its entry (highest
//    average similarity), preferring sentences dated like the entry; ties go
//    to higher relevance, a finer date, earlier publication, then the
//    shorter sentence.
//  - Output depends only on the set of events, never on their order.
#ifndef CHRONICLE_CORE_TIMELINE_TIMELINE_H_
#define CHRONICLE_CORE_TIMELINE_TIMELINE_H_

#include <vector>

#include "chronicle/v1/timeline.pb.h"
#include "core/timeline/event.h"
#include "core/timeline/placement.h"

namespace chronicle::timeline {

// Resolves AUTO and BUCKET_UNSPECIFIED from the spread of the events' start
// dates: more than 5 years (of 365 days) gives YEAR, more than 90 days MONTH,
// anything else (no events included) DAY. DAY, MONTH and YEAR are returned
// as they are.
v1::TimelineRequest::Bucket ChooseBucket(const std::vector<TimelineEvent>& events,
                                         v1::TimelineRequest::Bucket requested);

// The timeline's entries, one per happening (rules above), ordered by date:
// interval start, then longer spans first, then by the date the sources give,
// then more sources first. Each
// entry has its date (TIMEX3-style at the entry's granularity: "2019-12-24",
// "2023-03", "2019", "199X", "19XX", "1910/1945"), the interval of the whole
// units that date names, the headline, source_count (distinct article ids),
// every citation (the headline's first, then by publication date, unknown
// last) and conflicting_dates. AUTO and BUCKET_UNSPECIFIED are resolved with
// ChooseBucket. 5,000 events take about 20 ms (bench/timeline_bench.cc).
std::vector<v1::TimelineEntry> BuildTimeline(std::vector<TimelineEvent> events,
                                             v1::TimelineRequest::Bucket bucket);

// The first `wanted` entries of BuildTimeline(events, bucket), exactly as it
// orders and builds them, and whether any follow. Only the events those
// entries can be made of are clustered: dates are clustered in date order
// (ClusterSweep, core/timeline/cluster.h), each happening is built as soon
// as no later date can join it, and clustering stops once the events left
// start past the wanted-th entry's date. Every event is still read for the
// word weights (Vectorize), so the result does not depend on `wanted`.
struct TimelineBeginning {
  std::vector<v1::TimelineEntry> entries;
  bool more = false;  // entries beyond the first `wanted` exist
};
TimelineBeginning BuildTimelineBeginning(std::vector<TimelineEvent> events, v1::TimelineRequest::Bucket bucket,
                                         size_t wanted);

// Events per placement date (Place at `bucket`, resolved like BuildTimeline):
// "2019-12-24": 3, and coarse or spanning events under their own date
// ("2019", "1910/1945"). Ordered like the entries.
std::vector<v1::HistogramBucket> Histogram(const std::vector<TimelineEvent>& events,
                                           v1::TimelineRequest::Bucket bucket);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_TIMELINE_H_
