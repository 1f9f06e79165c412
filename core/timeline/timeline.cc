#include "core/timeline/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
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
  const v1::Citation& x = a.citation;
  const v1::Citation& y = b.citation;
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
    at.insert(events[i].citation.article_id());
    articles.insert(events[i].citation.article_id());
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
    const v1::Citation& x = events[a.event].citation;
    const v1::Citation& y = events[b.event].citation;
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
    const v1::Citation& x = events[a.event].citation;
    const v1::Citation& y = events[b.event].citation;
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
  entry.set_headline(events[ranked.front().event].citation.sentence());
  entry.set_source_count(static_cast<int32_t>(articles.size()));
  for (const Placement* p : conflicting) entry.add_conflicting_dates(p->date);
  for (const Ranked& r : ranked) *entry.add_citations() = std::move(events[r.event].citation);
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

// How far beyond its own date an event may meet another that Relate does
// not call kFar: the conflict window of its unit (7 days, 2 months, a
// quarter) in whole days of the longest such unit, plus a day for rounding.
// Years and coarser units relate only by nesting, which needs overlap.
absl::Duration RelationMargin(const Placement& p) {
  if (p.span) return absl::ZeroDuration();
  const v1::Granularity unit = FormatUnit(p.granularity);
  int64_t longest_unit_days = 0;
  switch (unit) {
    case v1::DAY:
      longest_unit_days = 1;
      break;
    case v1::MONTH:
      longest_unit_days = 31;
      break;
    case v1::QUARTER:
      longest_unit_days = 92;
      break;
    default:
      return absl::ZeroDuration();
  }
  return absl::Hours(24) * (ConflictWindow(unit) * longest_unit_days + 1);
}

// Canonical event indices split into runs that clustering can never join
// (MayRelate is false across runs), ordered by their earliest start; each
// run in canonical order.
std::vector<std::vector<int>> IndependentRuns(const std::vector<Placement>& own) {
  // Distinct dates first: every event of a date is in its date's run.
  absl::flat_hash_map<absl::string_view, int> date_index;
  std::vector<int> first_of_date;
  std::vector<int> date_of_event(own.size());
  for (size_t i = 0; i < own.size(); ++i) {
    auto [it, inserted] = date_index.try_emplace(own[i].date, static_cast<int>(first_of_date.size()));
    if (inserted) first_of_date.push_back(static_cast<int>(i));
    date_of_event[i] = it->second;
  }
  // A span is a run of its own; other dates are swept by their widened
  // intervals, overlapping ones forming one run.
  std::vector<int> run_of_date(first_of_date.size(), -1);
  std::vector<absl::Time> run_start;
  struct Widened {
    absl::Time start;
    absl::Time end;
    int date;
  };
  std::vector<Widened> widened;
  for (size_t d = 0; d < first_of_date.size(); ++d) {
    const Placement& p = own[first_of_date[d]];
    if (p.span) {
      run_of_date[d] = static_cast<int>(run_start.size());
      run_start.push_back(p.start);
      continue;
    }
    const absl::Duration margin = RelationMargin(p);
    widened.push_back({p.start - margin, std::max(p.end, p.start) + margin, static_cast<int>(d)});
  }
  std::sort(widened.begin(), widened.end(), [](const Widened& a, const Widened& b) {
    return a.start != b.start ? a.start < b.start : a.date < b.date;
  });
  absl::Time reach = absl::InfinitePast();
  for (size_t k = 0; k < widened.size(); ++k) {
    const Widened& w = widened[k];
    const Placement& p = own[first_of_date[w.date]];
    if (k == 0 || w.start >= reach) {
      run_start.push_back(p.start);
      reach = w.end;
    } else {
      reach = std::max(reach, w.end);
      run_start.back() = std::min(run_start.back(), p.start);
    }
    run_of_date[w.date] = static_cast<int>(run_start.size()) - 1;
  }
  std::vector<std::vector<int>> runs(run_start.size());
  for (size_t i = 0; i < own.size(); ++i) runs[run_of_date[date_of_event[i]]].push_back(static_cast<int>(i));
  std::vector<int> order(runs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return run_start[a] != run_start[b] ? run_start[a] < run_start[b] : runs[a].front() < runs[b].front();
  });
  std::vector<std::vector<int>> ordered;
  ordered.reserve(runs.size());
  for (int r : order) ordered.push_back(std::move(runs[r]));
  return ordered;
}

// BuildTimeline and BuildTimelineBeginning. With `split_runs` false, every
// event is clustered in one run, as the rules are written; with it true,
// runs that cannot meet are clustered apart and only as far as `wanted`
// entries need, which the tests check gives the same entries.
TimelineBeginning BuildEntries(std::vector<TimelineEvent> events, Bucket bucket, size_t wanted, bool split_runs) {
  bucket = ChooseBucket(events, bucket);
  // Which events report one happening is decided on the dates the sources
  // give (a DAY placement keeps coarser dates and spans as they are); the
  // timeline's granularity only dates the entries.
  Placer place_own(v1::TimelineRequest::DAY);
  std::vector<Placement> own_unsorted;
  own_unsorted.reserve(events.size());
  for (const TimelineEvent& event : events) own_unsorted.push_back(place_own(event.citation.interval()));
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
  // Word weights come from every event, whichever are clustered.
  std::vector<SparseVector> vectors = Vectorize(sorted);
  int feature_count = 0;
  for (const SparseVector& v : vectors) {
    if (!v.empty()) feature_count = std::max(feature_count, v.back().first + 1);
  }
  std::vector<double> dense(feature_count, 0.0);
  // Placed at the timeline's granularity when a run is built.
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

  std::vector<std::vector<int>> runs;
  if (split_runs) {
    runs = IndependentRuns(own);
  } else if (!sorted.empty()) {
    runs.emplace_back(sorted.size());
    std::iota(runs.back().begin(), runs.back().end(), 0);
  }
  std::vector<Built> built;
  size_t next_run = 0;
  for (; next_run < runs.size(); ++next_run) {
    const std::vector<int>& run = runs[next_run];
    if (wanted == 0) break;
    if (built.size() >= wanted) {
      // Later runs' entries start no earlier than this one's floor: once
      // that is past the wanted-th entry's date, none of them can come
      // before it.
      std::vector<int64_t> starts;
      starts.reserve(built.size());
      for (const Built& b : built) starts.push_back(entry_start(b));
      std::nth_element(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(wanted - 1), starts.end());
      // (A run is in canonical order, which starts with the earliest date.)
      const absl::Time floor = floor_seconds(own[run.front()].start);
      if (absl::ToUnixSeconds(floor) > starts[wanted - 1]) break;
    }
    // A run of every event (BuildTimeline) clusters the arrays as they are;
    // a shorter one, copies of its events' placements and its vectors, lent
    // (each event is in one run) and given back for MakeEntry.
    const bool whole = run.size() == sorted.size();
    std::vector<Placement> run_own;
    std::vector<SparseVector> run_vectors;
    std::vector<absl::string_view> run_articles;
    run_articles.reserve(run.size());
    if (!whole) {
      run_own.reserve(run.size());
      run_vectors.reserve(run.size());
    }
    for (int i : run) {
      if (!whole) {
        run_own.push_back(own[i]);
        run_vectors.push_back(std::move(vectors[i]));
      }
      run_articles.push_back(sorted[i].citation.article_id());
      placed[i] = bucket == v1::TimelineRequest::DAY ? own[i] : place(sorted[i].citation.interval());
    }
    std::vector<std::vector<int>> groups =
        ClusterEvents(whole ? own : run_own, whole ? vectors : run_vectors, run_articles);
    if (!whole) {
      for (size_t k = 0; k < run.size(); ++k) vectors[run[k]] = std::move(run_vectors[k]);
    }
    for (std::vector<int>& group : groups) {
      for (int& member : group) member = run[member];
      built.push_back(MakeEntry(group, sorted, own, placed, vectors, dense));
    }
  }
  std::sort(built.begin(), built.end(), EntryLess);
  TimelineBeginning beginning;
  beginning.more = built.size() > wanted || next_run < runs.size();
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
        return a.citation.interval().start().seconds() < b.citation.interval().start().seconds();
      });
  const absl::Duration span = absl::Seconds(latest->citation.interval().start().seconds() -
                                            earliest->citation.interval().start().seconds());
  if (span > absl::Hours(24 * 365 * 5)) return v1::TimelineRequest::YEAR;
  if (span > absl::Hours(24 * 90)) return v1::TimelineRequest::MONTH;
  return v1::TimelineRequest::DAY;
}

bool MayRelate(const Placement& a, const Placement& b) {
  if (a.span || b.span) return a.date == b.date;
  const absl::Duration margin_a = RelationMargin(a);
  const absl::Duration margin_b = RelationMargin(b);
  return a.start - margin_a < std::max(b.end, b.start) + margin_b &&
         b.start - margin_b < std::max(a.end, a.start) + margin_a;
}

std::vector<v1::TimelineEntry> BuildTimeline(std::vector<TimelineEvent> events, Bucket bucket) {
  return BuildEntries(std::move(events), bucket, std::numeric_limits<size_t>::max(), /*split_runs=*/false).entries;
}

TimelineBeginning BuildTimelineBeginning(std::vector<TimelineEvent> events, Bucket bucket, size_t wanted) {
  return BuildEntries(std::move(events), bucket, wanted, /*split_runs=*/true);
}

std::vector<v1::HistogramBucket> Histogram(const std::vector<TimelineEvent>& events, Bucket bucket) {
  bucket = ChooseBucket(events, bucket);
  absl::flat_hash_map<std::string, std::pair<Placement, int64_t>> counts;
  Placer place(bucket);
  for (const TimelineEvent& event : events) {
    Placement placement = place(event.citation.interval());
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
