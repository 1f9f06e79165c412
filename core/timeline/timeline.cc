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
#include "core/timeline/cluster.h"
#include "core/timeline/features.h"
#include "core/timeline/placement.h"

namespace chronicle::timeline {
namespace {

using Bucket = v1::TimelineRequest::Bucket;

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* timestamp) {
  timestamp->set_seconds(absl::ToUnixSeconds(time));
}

// Publication instants with unknown ones last.
std::tuple<bool, int64_t, int32_t> PublishedKey(const v1::Citation& citation) {
  return {!citation.has_published_at(), citation.published_at().seconds(),
          citation.published_at().nanos()};
}

// A total order on events: the clustering visits them in this order, which
// makes the timeline a function of the set of events alone. Within a
// placement the most relevant and earliest-published come first, so they
// seed the groups.
bool CanonicalLess(const TimelineEvent& a, const Placement& pa, const TimelineEvent& b,
                   const Placement& pb) {
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
    return std::lexicographical_compare(x.entity_ids().begin(), x.entity_ids().end(),
                                        y.entity_ids().begin(), y.entity_ids().end());
  }
  if (a.terms != b.terms) return a.terms < b.terms;
  // Whatever is left (title, source) decides; events equal here are
  // interchangeable.
  return x.SerializeAsString() < y.SerializeAsString();
}

// Builds one entry from a group of events (indices into the canonical order).
v1::TimelineEntry MakeEntry(const std::vector<int>& group, std::vector<TimelineEvent>& events,
                            const std::vector<Placement>& placements,
                            const std::vector<SparseVector>& vectors) {
  // The group's placements and the articles at each.
  std::vector<int> distinct;  // one event index per distinct placement
  absl::flat_hash_map<absl::string_view, absl::flat_hash_set<absl::string_view>> articles_at;
  absl::flat_hash_set<absl::string_view> articles;
  for (int i : group) {
    auto& at = articles_at[placements[i].date];
    if (at.empty()) distinct.push_back(i);
    at.insert(events[i].citation.article_id());
    articles.insert(events[i].citation.article_id());
  }
  // The entry's date: the finest unit wins over the dates it nests in; among
  // the finest, the date most articles give, then the earliest.
  const Placement* date = &placements[distinct.front()];
  for (int i : distinct) {
    const Placement& p = placements[i];
    const auto unit = FormatUnit(p.granularity);
    const auto best_unit = FormatUnit(date->granularity);
    const size_t count = articles_at[p.date].size();
    const size_t best_count = articles_at[date->date].size();
    if (unit > best_unit || (unit == best_unit && (count > best_count || (count == best_count &&
                                                                          PlacementLess(p, *date))))) {
      date = &p;
    }
  }
  std::vector<const Placement*> conflicting;
  for (int i : distinct) {
    for (int j : distinct) {
      if (Relate(placements[i], placements[j]) == Relation::kNear) {
        conflicting.push_back(&placements[i]);
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
    ranked.push_back({i, placements[i].date == date->date, std::llround(similarity * 1e9)});
  }
  auto headline_less = [&](const Ranked& a, const Ranked& b) {
    const v1::Citation& x = events[a.event].citation;
    const v1::Citation& y = events[b.event].citation;
    const auto kx = std::make_tuple(!a.at_date, -a.closeness, -events[a.event].relevance,
                                    -static_cast<int>(x.interval().granularity()), PublishedKey(x),
                                    x.sentence().size());
    const auto ky = std::make_tuple(!b.at_date, -b.closeness, -events[b.event].relevance,
                                    -static_cast<int>(y.interval().granularity()), PublishedKey(y),
                                    y.sentence().size());
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

  v1::TimelineEntry entry;
  entry.set_date(date->date);
  SetTimestamp(date->start, entry.mutable_interval()->mutable_start());
  SetTimestamp(date->end, entry.mutable_interval()->mutable_end());
  entry.mutable_interval()->set_granularity(date->granularity);
  entry.set_headline(events[ranked.front().event].citation.sentence());
  entry.set_source_count(static_cast<int32_t>(articles.size()));
  for (const Placement* p : conflicting) entry.add_conflicting_dates(p->date);
  for (const Ranked& r : ranked) *entry.add_citations() = std::move(events[r.event].citation);
  return entry;
}

bool EntryLess(const v1::TimelineEntry& a, const v1::TimelineEntry& b) {
  auto key = [](const v1::TimelineEntry& e) {
    return std::make_tuple(e.interval().start().seconds(), -e.interval().end().seconds(),
                           absl::string_view(e.date()), -e.source_count(), -e.citations_size(),
                           absl::string_view(e.headline()), absl::string_view(e.citations(0).article_id()),
                           e.citations(0).begin());
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
  auto [earliest, latest] = std::minmax_element(
      events.begin(), events.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
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
  std::vector<Placement> placed;
  placed.reserve(events.size());
  for (const TimelineEvent& event : events) placed.push_back(Place(event.citation.interval(), bucket));
  std::vector<int> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return CanonicalLess(events[a], placed[a], events[b], placed[b]); });

  std::vector<TimelineEvent> sorted;
  std::vector<Placement> placements;
  std::vector<absl::string_view> articles;
  sorted.reserve(events.size());
  placements.reserve(events.size());
  for (int i : order) {
    sorted.push_back(std::move(events[i]));
    placements.push_back(std::move(placed[i]));
  }
  for (const TimelineEvent& event : sorted) articles.push_back(event.citation.article_id());
  const std::vector<SparseVector> vectors = Vectorize(sorted);
  const std::vector<std::vector<int>> groups = ClusterEvents(placements, vectors, articles);

  std::vector<v1::TimelineEntry> entries;
  entries.reserve(groups.size());
  for (const std::vector<int>& group : groups) {
    entries.push_back(MakeEntry(group, sorted, placements, vectors));
  }
  std::sort(entries.begin(), entries.end(), EntryLess);
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
