#include "core/timeline/summary.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "core/timeline/placement.h"
#include "core/timeline/timeline.h"

namespace chronicle::timeline {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

// The evidence for one timeline date.
struct DateEvidence {
  Placement placement;
  bool at_granularity = false;  // neither coarser than the timeline nor a span
  absl::flat_hash_set<absl::string_view> mentions;
  absl::flat_hash_set<absl::string_view> references;
  double importance = 0;
};

}  // namespace

std::vector<ImportantDate> ChooseDates(const std::vector<TimelineEvent>& events, v1::TimelineRequest::Bucket bucket,
                                       int max_entries) {
  if (max_entries <= 0) return {};
  bucket = ChooseBucket(events, bucket);
  const v1::Granularity unit = BucketGranularity(bucket);
  absl::flat_hash_map<std::string, DateEvidence> by_date;
  Placer place(bucket);
  for (const TimelineEvent& event : events) {
    const v1::Citation& citation = *event.citation;
    Placement placement = place(citation.interval());
    auto [it, inserted] = by_date.try_emplace(placement.date);
    DateEvidence& evidence = it->second;
    if (inserted) {
      evidence.at_granularity = FormatUnit(placement.granularity) == unit && !placement.span;
      evidence.placement = std::move(placement);
    }
    evidence.mentions.insert(citation.article_id());
    if (citation.has_published_at() && ToTime(citation.published_at()) >= evidence.placement.end) {
      evidence.references.insert(citation.article_id());
    }
  }

  double max_mentions = 0, max_references = 0;
  for (const auto& [date, evidence] : by_date) {
    max_mentions = std::max(max_mentions, static_cast<double>(evidence.mentions.size()));
    max_references = std::max(max_references, static_cast<double>(evidence.references.size()));
  }
  auto share = [](double value, double max) { return max > 0 ? value / max : 0.0; };
  std::vector<const DateEvidence*> ranked;
  ranked.reserve(by_date.size());
  for (auto& [date, evidence] : by_date) {
    evidence.importance = share(evidence.mentions.size(), max_mentions) +
                          kReferenceWeight * share(evidence.references.size(), max_references);
    ranked.push_back(&evidence);
  }
  auto key = [](const DateEvidence* e) {
    return std::make_tuple(!e->at_granularity, -e->importance, e->placement.start,
                           -(e->placement.end - e->placement.start), absl::string_view(e->placement.date));
  };
  const size_t kept = std::min(ranked.size(), static_cast<size_t>(max_entries));
  std::partial_sort(ranked.begin(), ranked.begin() + kept, ranked.end(),
                    [&](const DateEvidence* a, const DateEvidence* b) { return key(a) < key(b); });
  std::vector<ImportantDate> dates;
  dates.reserve(kept);
  for (size_t i = 0; i < kept; ++i) dates.push_back({ranked[i]->placement.date, ranked[i]->importance});
  return dates;
}

std::vector<v1::TimelineEntry> SummaryEntries(std::vector<v1::TimelineEntry> entries,
                                              const std::vector<ImportantDate>& dates, int max_entries) {
  absl::flat_hash_map<absl::string_view, int> best;  // date -> its best-sourced entry
  for (int e = 0; e < static_cast<int>(entries.size()); ++e) {
    auto [it, inserted] = best.try_emplace(entries[e].date(), e);
    if (!inserted && entries[e].source_count() > entries[it->second].source_count()) it->second = e;
  }
  std::vector<std::pair<int, double>> chosen;  // entry, importance
  for (const ImportantDate& date : dates) {
    if (chosen.size() == static_cast<size_t>(std::max(max_entries, 0))) break;
    if (const auto found = best.find(date.date); found != best.end()) {
      chosen.emplace_back(found->second, date.importance);
    }
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<v1::TimelineEntry> summary;
  summary.reserve(chosen.size());
  for (const auto& [entry, importance] : chosen) {
    summary.push_back(std::move(entries[entry]));
    summary.back().set_importance(importance);
  }
  return summary;
}

std::vector<v1::TimelineEntry> Summarize(std::vector<TimelineEvent> events, v1::TimelineRequest::Bucket bucket,
                                         int max_entries) {
  bucket = ChooseBucket(events, bucket);
  const std::vector<ImportantDate> dates = ChooseDates(events, bucket, kDatesPerEntry * max_entries);
  absl::flat_hash_set<absl::string_view> chosen;
  for (const ImportantDate& date : dates) chosen.insert(date.date);
  std::vector<TimelineEvent> at_dates;
  Placer place(bucket);
  for (TimelineEvent& event : events) {
    if (chosen.contains(place(event.citation->interval()).date)) at_dates.push_back(std::move(event));
  }
  return SummaryEntries(BuildTimeline(std::move(at_dates), bucket), dates, max_entries);
}

}  // namespace chronicle::timeline
