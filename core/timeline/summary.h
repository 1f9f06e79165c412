// Timeline summaries: the few dates of a long story that matter, out of the
// hundreds a full timeline holds.
//
// A date's importance is the evidence the articles give for it, each part
// divided by its largest value over the timeline's dates so that they add up
// on one scale:
//  - mentions: distinct articles that give the date;
//  - references: distinct articles published after the date that give it
//    (later reporting that refers back to it).
// importance = mentions + kReferenceWeight * references.
// The weight was chosen on the development topics of Timeline17 and measured
// on the others (docs/search.md, tools/eval/timeline17_eval). A third kind
// of evidence, the articles published on the date or the day after (news
// reports its own day), was measured and left out: at any weight tried it
// lowered the development figure (0.672 without it, 0.649 at weight 1).
//
// Dates at the timeline's own granularity come before coarser dates and
// spans ("2010", "1910/1945"), which only fill places the finer dates leave
// free: a reader asking for the important days of a story wants days. One
// entry stands for each chosen date: the one with the most sources there
// (one happening from several articles is already one entry; other
// happenings on that day give way).
//
// Choosing dates reads only each event's date, article and publication, so
// a summary clusters the events of its chosen dates alone.
#ifndef CHRONICLE_CORE_TIMELINE_SUMMARY_H_
#define CHRONICLE_CORE_TIMELINE_SUMMARY_H_

#include <string>
#include <vector>

#include "chronicle/v1/timeline.pb.h"
#include "core/timeline/event.h"

namespace chronicle::timeline {

inline constexpr double kReferenceWeight = 1.0;

struct ImportantDate {
  std::string date;  // as Place writes it at the timeline's granularity
  double importance = 0;
};

// The `max_entries` most important dates of `events` (of which only the
// citation's article_id, interval and published_at are read) on a timeline
// of `bucket` granularity (resolved with ChooseBucket), most important
// first; ties go to the earlier date.
std::vector<ImportantDate> ChooseDates(const std::vector<TimelineEvent>& events, v1::TimelineRequest::Bucket bucket,
                                       int max_entries);

// The summary's entries: of `entries` (BuildTimeline's, of events at the
// chosen dates), the best-sourced one at each of `dates` in turn, up to
// `max_entries`, in the order they came in (date order), each with its
// importance set. A date may have no entry of its own (sources that
// disagree by a few days make one entry, dated as most of them say), so
// callers offer more dates than they want entries.
std::vector<v1::TimelineEntry> SummaryEntries(std::vector<v1::TimelineEntry> entries,
                                              const std::vector<ImportantDate>& dates, int max_entries);

// Dates ChooseDates is asked for per entry wanted.
inline constexpr int kDatesPerEntry = 2;

// ChooseDates (kDatesPerEntry times max_entries), then the timeline of the
// events at those dates, then SummaryEntries.
std::vector<v1::TimelineEntry> Summarize(std::vector<TimelineEvent> events, v1::TimelineRequest::Bucket bucket,
                                         int max_entries);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_SUMMARY_H_
