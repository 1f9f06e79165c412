#include "core/timeline/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/common/timestamp_range.h"
#include "core/timeline/cluster.h"
#include "core/timeline/features.h"
#include "core/timeline/placement.h"

namespace chronicle::timeline {
namespace {

using Bucket = v1::TimelineRequest::Bucket;

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  SetTimestampInRange(time, timestamp);
}

// Publication instants with unknown ones last.
std::tuple<bool, int64_t, int32_t> PublishedKey(const v1::Citation& citation) {
  return {!citation.has_published_at(), citation.published_at().seconds(), citation.published_at().nanos()};
}

// The length of a citation's sentence. A citation may carry only the
// sentence's range until its entry is answered with (an index reads the
// texts of those alone), and the range tells the length as well.
size_t SentenceLength(const v1::Citation& citation) {
  if (citation.sentence().empty() && citation.begin() < citation.end()) return citation.end() - citation.begin();
  return citation.sentence().size();
}

// A total order on events: the clustering visits them in this order, which
// makes the timeline a function of the set of events alone. Within a
// placement the most relevant and earliest-published come first, so they
// seed the groups.
bool CanonicalLess(const TimelineEvent& a, const Placement& pa, const TimelineEvent& b, const Placement& pb) {
  if (PlacementLess(pa, pb)) return true;
  if (PlacementLess(pb, pa)) return false;
  if (a.relevance != b.relevance) return a.relevance > b.relevance;
  const v1::Citation& x = *a.citation;
  const v1::Citation& y = *b.citation;
  const auto kx = std::make_tuple(PublishedKey(x), absl::string_view(x.article_id()), x.begin(), x.end(),
                                  absl::string_view(x.sentence()), absl::string_view(x.date_value()),
                                  x.interval().start().seconds(), x.interval().end().seconds(),
                                  static_cast<int>(x.interval().granularity()));
  const auto ky = std::make_tuple(PublishedKey(y), absl::string_view(y.article_id()), y.begin(), y.end(),
                                  absl::string_view(y.sentence()), absl::string_view(y.date_value()),
                                  y.interval().start().seconds(), y.interval().end().seconds(),
                                  static_cast<int>(y.interval().granularity()));
  if (kx != ky) return kx < ky;
  if (!std::equal(x.entity_ids().begin(), x.entity_ids().end(), y.entity_ids().begin(),
                  y.entity_ids().end())) {
    return std::lexicographical_compare(x.entity_ids().begin(), x.entity_ids().end(), y.entity_ids().begin(),
                                        y.entity_ids().end());
  }
  if (a.terms != b.terms) return a.terms < b.terms;
  // Whatever is left (title, source) decides; events equal here are
  // interchangeable.
  return x.SerializeAsString() < y.SerializeAsString();
}

// An entry with what orders it among entries of the same timeline date: the
// date its sources give.
struct Built {
  v1::TimelineEntry entry;
  absl::Time own_start;
  absl::Time own_end;
  int first_event = 0;  // the group's first event in the canonical order
};

// Builds one entry from a group of events (indices into the canonical
// order). `own` places each event at its own date, `placed` at the
// timeline's granularity. `dense` is scratch space, one zero per feature of
// `vectors`, left so.
Built MakeEntry(const std::vector<int>& group, std::vector<TimelineEvent>& events,
                const std::vector<Placement>& own, const std::vector<Placement>& placed,
                const std::vector<SparseVector>& vectors, std::vector<double>& dense) {
  // The group's own dates and the articles giving each.
  std::vector<int> distinct;  // one event per distinct own date
  absl::flat_hash_map<absl::string_view, absl::flat_hash_set<absl::string_view>> articles_at;
  absl::flat_hash_set<absl::string_view> articles;
  for (int i : group) {
    auto& at = articles_at[own[i].date];
    if (at.empty()) distinct.push_back(i);
    at.insert(events[i].citation->article_id());
    articles.insert(events[i].citation->article_id());
  }
  // The date the entry goes by: the finest unit wins over the dates it nests
  // in; among the finest, the date most articles give, then the earliest.
  int dated = distinct.front();
  for (int i : distinct) {
    const Placement& p = own[i];
    const Placement& best = own[dated];
    const auto unit = FormatUnit(p.granularity);
    const auto best_unit = FormatUnit(best.granularity);
    const size_t count = articles_at[p.date].size();
    const size_t best_count = articles_at[best.date].size();
    if (unit > best_unit ||
        (unit == best_unit && (count > best_count || (count == best_count && PlacementLess(p, best))))) {
      dated = i;
    }
  }
  std::vector<const Placement*> conflicting;
  for (int i : distinct) {
    for (int j : distinct) {
      if (Relate(own[i], own[j]) == Relation::kNear) {
        conflicting.push_back(&own[i]);
        break;
      }
    }
  }
  std::sort(conflicting.begin(), conflicting.end(),
            [](const Placement* a, const Placement* b) { return PlacementLess(*a, *b); });

  // Average similarity to the others, through the group's vector sum, held
  // spread out in `dense` (every member's features are in it).
  for (int i : group) {
    for (const auto& [feature, weight] : vectors[i]) dense[feature] += weight;
  }
  auto dot_with_sum = [&](const SparseVector& v) {
    double dot = 0;
    for (const auto& [feature, weight] : v) dot += weight * dense[feature];
    return dot;
  };
  struct Ranked {
    int event;
    bool at_date;
    int64_t closeness;  // average similarity, in 1e-9 steps so that rounding noise never outranks relevance
  };
  std::vector<Ranked> ranked;
  ranked.reserve(group.size());
  const double others = group.size() > 1 ? static_cast<double>(group.size() - 1) : 1.0;
  for (int i : group) {
    const double similarity = (dot_with_sum(vectors[i]) - Dot(vectors[i], vectors[i])) / others;
    ranked.push_back({i, own[i].date == own[dated].date, std::llround(similarity * 1e9)});
  }
  for (int i : group) {
    for (const auto& [feature, weight] : vectors[i]) dense[feature] = 0;
  }
  auto headline_less = [&](const Ranked& a, const Ranked& b) {
    const v1::Citation& x = *events[a.event].citation;
    const v1::Citation& y = *events[b.event].citation;
    const auto kx =
        std::make_tuple(!a.at_date, -a.closeness, -events[a.event].relevance,
                        -static_cast<int>(x.interval().granularity()), PublishedKey(x), SentenceLength(x));
    const auto ky =
        std::make_tuple(!b.at_date, -b.closeness, -events[b.event].relevance,
                        -static_cast<int>(y.interval().granularity()), PublishedKey(y), SentenceLength(y));
    if (kx != ky) return kx < ky;
    return a.event < b.event;
  };
  std::sort(ranked.begin(), ranked.end(), headline_less);
  std::sort(ranked.begin() + 1, ranked.end(), [&](const Ranked& a, const Ranked& b) {
    const v1::Citation& x = *events[a.event].citation;
    const v1::Citation& y = *events[b.event].citation;
    const auto kx = std::make_tuple(PublishedKey(x), absl::string_view(x.article_id()), x.begin(), x.end());
    const auto ky = std::make_tuple(PublishedKey(y), absl::string_view(y.article_id()), y.begin(), y.end());
    if (kx != ky) return kx < ky;
    return a.event < b.event;
  });

  Built built{v1::TimelineEntry(), own[dated].start, own[dated].end, group.front()};
  v1::TimelineEntry& entry = built.entry;
  const Placement& date = placed[dated];
  entry.set_date(date.date);
  SetTimestamp(date.start, entry.mutable_interval()->mutable_start());
  SetTimestamp(date.end, entry.mutable_interval()->mutable_end());
  entry.mutable_interval()->set_granularity(date.granularity);
  entry.set_headline(events[ranked.front().event].citation->sentence());
  entry.set_source_count(static_cast<int32_t>(articles.size()));
  for (const Placement* p : conflicting) entry.add_conflicting_dates(p->date);
  // A move when the citation is the event's own; a copy onto the heap when
  // a request's arena holds it (core/index/timeline.cc): only the entries
  // built pay for it, not every event read.
  for (const Ranked& r : ranked) *entry.add_citations() = std::move(*events[r.event].citation);
  return built;
}

// By timeline date, then by the date the sources give (so that the entries of
// one year run through the year), then more sources first.
bool EntryLess(const Built& a, const Built& b) {
  auto key = [](const Built& built) {
    const v1::TimelineEntry& e = built.entry;
    return std::make_tuple(e.interval().start().seconds(), -e.interval().end().seconds(),
                           absl::string_view(e.date()), built.own_start, -(built.own_end - built.own_start),
                           -e.source_count(), -e.citations_size(), absl::string_view(e.headline()),
                           absl::string_view(e.citations(0).article_id()), e.citations(0).begin(),
                           built.first_event);
  };
  return key(a) < key(b);
}

// BuildTimeline and BuildTimelineBeginning. With `whole` every event is
// clustered at once, as the rules are written (ClusterEvents); otherwise
// the events are clustered a date at a time and only as far as `wanted`
// entries need (ClusterSweep), which the tests check gives the same
// entries.
TimelineBeginning BuildEntries(std::vector<TimelineEvent> events, Bucket bucket, size_t wanted, bool whole) {
  bucket = ChooseBucket(events, bucket);
  // Which events report one happening is decided on the dates the sources
  // give (a DAY placement keeps coarser dates and spans as they are); the
  // timeline's granularity only dates the entries.
  Placer place_own(v1::TimelineRequest::DAY);
  std::vector<Placement> own_unsorted;
  own_unsorted.reserve(events.size());
  for (const TimelineEvent& event : events) own_unsorted.push_back(place_own(event.citation->interval()));
  std::vector<int> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return CanonicalLess(events[a], own_unsorted[a], events[b], own_unsorted[b]);
  });

  std::vector<TimelineEvent> sorted;
  std::vector<Placement> own;
  sorted.reserve(events.size());
  own.reserve(events.size());
  for (int i : order) {
    sorted.push_back(std::move(events[i]));
    own.push_back(std::move(own_unsorted[i]));
  }
  // Word weights come from every event, whichever are clustered; an
  // event's vector is made when its date is clustered.
  EventVectors event_vectors(sorted);
  std::vector<SparseVector> vectors(sorted.size());
  std::vector<double> dense(event_vectors.feature_count(), 0.0);
  // Placed at the timeline's granularity when their entry is built.
  std::vector<Placement> placed(sorted.size());
  Placer place(bucket);

  // An entry's timeline date starts no earlier than the start, at the
  // timeline's unit, of the own date of its earliest event.
  auto floor_seconds = [&](absl::Time own_start) {
    v1::TimeInterval instant;
    SetTimestamp(own_start, instant.mutable_start());
    SetTimestamp(own_start, instant.mutable_end());
    instant.set_granularity(v1::SECOND);
    return Place(instant, bucket).start;
  };
  auto entry_start = [](const Built& b) { return b.entry.interval().start().seconds(); };

  std::vector<absl::string_view> articles;
  articles.reserve(sorted.size());
  for (const TimelineEvent& event : sorted) articles.push_back(event.citation->article_id());
  std::vector<Built> built;
  auto build = [&](const std::vector<int>& group) {
    for (int i : group) {
      placed[i] = bucket == v1::TimelineRequest::DAY ? own[i] : place(sorted[i].citation->interval());
    }
    built.push_back(MakeEntry(group, sorted, own, placed, vectors, dense));
  };
  TimelineBeginning beginning;
  if (whole) {
    std::vector<int> all(sorted.size());
    std::iota(all.begin(), all.end(), 0);
    event_vectors.Make(all, vectors);
    for (const std::vector<int>& group : ClusterEvents(own, vectors, articles)) build(group);
  } else if (wanted > 0) {
    // The starts of the `wanted` earliest entries built so far, latest on
    // top: once the events left to cluster start past it (at the timeline's
    // unit, where their entries start at the earliest), none of their
    // entries can come among the first `wanted`.
    std::priority_queue<int64_t> earliest_starts;
    ClusterSweep sweep(own, vectors, articles, event_vectors.feature_count());
    std::vector<std::vector<int>> groups;
    while (true) {
      const absl::Time unsettled = sweep.UnsettledStart();
      if (unsettled == absl::InfiniteFuture()) break;
      if (earliest_starts.size() == wanted && absl::ToUnixSeconds(floor_seconds(unsettled)) > earliest_starts.top()) {
        beginning.more = true;
        break;
      }
      groups.clear();
      event_vectors.Make(sweep.NextEvents(), vectors);
      sweep.Step(groups);
      for (const std::vector<int>& group : groups) {
        build(group);
        const int64_t start = entry_start(built.back());
        if (earliest_starts.size() < wanted) {
          earliest_starts.push(start);
        } else if (start < earliest_starts.top()) {
          earliest_starts.pop();
          earliest_starts.push(start);
        }
      }
    }
  } else {
    beginning.more = !sorted.empty();
  }
  std::sort(built.begin(), built.end(), EntryLess);
  beginning.more = beginning.more || built.size() > wanted;
  const size_t kept = std::min(wanted, built.size());
  beginning.entries.reserve(kept);
  for (size_t i = 0; i < kept; ++i) beginning.entries.push_back(std::move(built[i].entry));
  return beginning;
}

}  // namespace

Bucket ChooseBucket(const std::vector<TimelineEvent>& events, Bucket requested) {
  if (requested == v1::TimelineRequest::DAY || requested == v1::TimelineRequest::MONTH ||
      requested == v1::TimelineRequest::YEAR) {
    return requested;
  }
  if (events.empty()) return v1::TimelineRequest::DAY;
  auto [earliest, latest] =
      std::minmax_element(events.begin(), events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
        return a.citation->interval().start().seconds() < b.citation->interval().start().seconds();
      });
  const absl::Duration span = absl::Seconds(latest->citation->interval().start().seconds() -
                                            earliest->citation->interval().start().seconds());
  if (span > absl::Hours(24 * 365 * 5)) return v1::TimelineRequest::YEAR;
  if (span > absl::Hours(24 * 90)) return v1::TimelineRequest::MONTH;
  return v1::TimelineRequest::DAY;
}

std::vector<v1::TimelineEntry> BuildTimeline(std::vector<TimelineEvent> events, Bucket bucket) {
  return BuildEntries(std::move(events), bucket, std::numeric_limits<size_t>::max(), /*whole=*/true).entries;
}

TimelineBeginning BuildTimelineBeginning(std::vector<TimelineEvent> events, Bucket bucket, size_t wanted) {
  return BuildEntries(std::move(events), bucket, wanted, /*whole=*/false);
}

std::vector<v1::HistogramBucket> Histogram(const std::vector<TimelineEvent>& events, Bucket bucket) {
  bucket = ChooseBucket(events, bucket);
  absl::flat_hash_map<std::string, std::pair<Placement, int64_t>> counts;
  Placer place(bucket);
  for (const TimelineEvent& event : events) {
    Placement placement = place(event.citation->interval());
    auto [it, inserted] = counts.try_emplace(placement.date, placement, 0);
    ++it->second.second;
  }
  std::vector<const std::pair<Placement, int64_t>*> ordered;
  for (const auto& [date, value] : counts) ordered.push_back(&value);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* a, const auto* b) { return PlacementLess(a->first, b->first); });
  std::vector<v1::HistogramBucket> histogram;
  histogram.reserve(ordered.size());
  for (const auto* value : ordered) {
    v1::HistogramBucket& out = histogram.emplace_back();
    out.set_date(value->first.date);
    out.set_count(value->second);
  }
  return histogram;
}

}  // namespace chronicle::timeline
