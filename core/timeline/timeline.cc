#include "core/timeline/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
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
};

// Builds one entry from a group of events (indices into the canonical
// order). `own` places each event at its own date, `placed` at the
// timeline's granularity.
Built MakeEntry(const std::vector<int>& group, std::vector<TimelineEvent>& events,
                const std::vector<Placement>& own, const std::vector<Placement>& placed,
                const std::vector<SparseVector>& vectors) {
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

  // Average similarity to the others, through the group's vector sum.
  SparseVector sum;
  {
    absl::flat_hash_map<int, double> total;
    for (int i : group) {
      for (const auto& [feature, weight] : vectors[i]) total[feature] += weight;
    }
    sum.assign(total.begin(), total.end());
    std::sort(sum.begin(), sum.end());
  }
  struct Ranked {
    int event;
    bool at_date;
    int64_t closeness;  // average similarity, in 1e-9 steps so that rounding noise never outranks relevance
  };
  std::vector<Ranked> ranked;
  ranked.reserve(group.size());
  const double others = group.size() > 1 ? static_cast<double>(group.size() - 1) : 1.0;
  for (int i : group) {
    const double similarity = (Dot(vectors[i], sum) - Dot(vectors[i], vectors[i])) / others;
    ranked.push_back({i, own[i].date == own[dated].date, std::llround(similarity * 1e9)});
  }
  auto headline_less = [&](const Ranked& a, const Ranked& b) {
    const v1::Citation& x = events[a.event].citation;
    const v1::Citation& y = events[b.event].citation;
    const auto kx =
        std::make_tuple(!a.at_date, -a.closeness, -events[a.event].relevance,
                        -static_cast<int>(x.interval().granularity()), PublishedKey(x), x.sentence().size());
    const auto ky =
        std::make_tuple(!b.at_date, -b.closeness, -events[b.event].relevance,
                        -static_cast<int>(y.interval().granularity()), PublishedKey(y), y.sentence().size());
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

  Built built{v1::TimelineEntry(), own[dated].start, own[dated].end};
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
                           absl::string_view(e.citations(0).article_id()), e.citations(0).begin());
  };
  return key(a) < key(b);
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

std::vector<v1::TimelineEntry> BuildTimeline(std::vector<TimelineEvent> events, Bucket bucket) {
  bucket = ChooseBucket(events, bucket);
  // Which events report one happening is decided on the dates the sources
  // give (a DAY placement keeps coarser dates and spans as they are); the
  // timeline's granularity only dates the entries.
  std::vector<Placement> own_unsorted;
  own_unsorted.reserve(events.size());
  for (const TimelineEvent& event : events) {
    own_unsorted.push_back(Place(event.citation.interval(), v1::TimelineRequest::DAY));
  }
  std::vector<int> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return CanonicalLess(events[a], own_unsorted[a], events[b], own_unsorted[b]);
  });

  std::vector<TimelineEvent> sorted;
  std::vector<Placement> own;
  std::vector<Placement> placed;
  std::vector<absl::string_view> articles;
  sorted.reserve(events.size());
  own.reserve(events.size());
  placed.reserve(events.size());
  for (int i : order) {
    sorted.push_back(std::move(events[i]));
    own.push_back(std::move(own_unsorted[i]));
    placed.push_back(bucket == v1::TimelineRequest::DAY ? own.back()
                                                        : Place(sorted.back().citation.interval(), bucket));
  }
  for (const TimelineEvent& event : sorted) articles.push_back(event.citation.article_id());
  const std::vector<SparseVector> vectors = Vectorize(sorted);
  const std::vector<std::vector<int>> groups = ClusterEvents(own, vectors, articles);

  std::vector<Built> built;
  built.reserve(groups.size());
  for (const std::vector<int>& group : groups)
    built.push_back(MakeEntry(group, sorted, own, placed, vectors));
  std::sort(built.begin(), built.end(), EntryLess);
  std::vector<v1::TimelineEntry> entries;
  entries.reserve(built.size());
  for (Built& b : built) entries.push_back(std::move(b.entry));
  return entries;
}

std::vector<v1::HistogramBucket> Histogram(const std::vector<TimelineEvent>& events, Bucket bucket) {
  bucket = ChooseBucket(events, bucket);
  std::map<std::string, std::pair<Placement, int64_t>> counts;
  for (const TimelineEvent& event : events) {
    Placement placement = Place(event.citation.interval(), bucket);
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
