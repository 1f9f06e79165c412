#include "core/timeline/cluster.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_map.h"

namespace chronicle::timeline {
namespace {

SparseVector Add(const SparseVector& a, const SparseVector& b) {
  SparseVector sum;
  sum.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      sum.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      sum.push_back(b[j++]);
    } else {
      sum.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  return sum;
}

// A group of events at one placement while it grows: the sum of its members'
// unit vectors is its (unnormalised) centroid.
struct Growing {
  SparseVector sum;
  double norm2 = 0;
  std::vector<int> members;
};

// Step 1 for the events of one placement, in order: appends each group's
// members to `parts`, the sum of their vectors to `sums` and its unit-length
// version to `centroids`. `spread` is scratch space, one zero per feature;
// `groups_with_feature` too, one empty list per feature, left empty.
void ClusterPlacement(const std::vector<int>& events, const std::vector<SparseVector>& vectors,
                      double threshold, std::vector<double>& spread,
                      std::vector<std::vector<int>>& groups_with_feature, std::vector<std::vector<int>>& parts,
                      std::vector<SparseVector>& sums, std::vector<SparseVector>& centroids) {
  std::vector<Growing> groups;
  std::vector<int> features_used;  // those whose groups_with_feature to empty at the end
  std::vector<int> seen_by;  // per group: the last event that compared with it
  for (int event : events) {
    const SparseVector& v = vectors[event];
    int best = -1;
    double best_similarity = 0;
    double best_dot = 0;
    // The event spread out, so that each candidate costs one branch-free pass
    // over its own sum.
    for (const auto& [feature, weight] : v) spread[feature] = weight;
    const size_t prefix = PrefixLength(v, threshold);
    for (size_t k = 0; k < prefix; ++k) {
      for (int g : groups_with_feature[v[k].first]) {
        if (seen_by[g] == event) continue;
        seen_by[g] = event;
        int shared = 0;
        double dot = 0;
        for (const auto& [feature, weight] : groups[g].sum) {
          dot += weight * spread[feature];
          shared += spread[feature] != 0;
        }
        if (shared < kMinSharedFeatures) continue;
        const double similarity = dot / std::sqrt(groups[g].norm2);
        if (similarity < threshold) continue;
        if (best < 0 || similarity > best_similarity || (similarity == best_similarity && g < best)) {
          best = g;
          best_similarity = similarity;
          best_dot = dot;
        }
      }
    }
    for (const auto& [feature, weight] : v) spread[feature] = 0;
    if (best < 0) {
      best = static_cast<int>(groups.size());
      groups.emplace_back();
      seen_by.push_back(event);
    }
    Growing& group = groups[best];
    group.members.push_back(event);
    group.norm2 += 2 * best_dot + (v.empty() ? 0 : 1);
    // Features new to the group make it findable through them.
    size_t i = 0;
    for (const auto& [feature, weight] : v) {
      while (i < group.sum.size() && group.sum[i].first < feature) ++i;
      if (i == group.sum.size() || group.sum[i].first != feature) {
        std::vector<int>& with_feature = groups_with_feature[feature];
        if (with_feature.empty()) features_used.push_back(feature);
        with_feature.push_back(best);
      }
    }
    group.sum = Add(group.sum, v);
  }
  for (int feature : features_used) groups_with_feature[feature].clear();
  for (Growing& group : groups) {
    parts.push_back(std::move(group.members));
    SparseVector& sum = sums.emplace_back(std::move(group.sum));
    const double norm = std::sqrt(Dot(sum, sum));
    SparseVector& centroid = centroids.emplace_back(sum);
    for (auto& [feature, weight] : centroid) weight /= norm;
  }
}

// Step 2's merged groups: which step-1 groups they hold, the sum of their
// events' vectors, at which placements, and where each article dates them.
struct Merged {
  std::vector<int> parts;
  SparseVector sum;
  std::vector<int> placements;
  absl::flat_hash_map<absl::string_view, std::vector<int>> article_placements;
};

double Cosine(const SparseVector& a, const SparseVector& b) {
  const double norms = std::sqrt(Dot(a, a) * Dot(b, b));
  return norms > 0 ? Dot(a, b) / norms : 0;
}

void AddUnique(int value, std::vector<int>& values) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

bool CanMerge(const Merged& a, const Merged& b, const std::vector<Placement>& places) {
  for (int pa : a.placements) {
    for (int pb : b.placements) {
      if (Relate(places[pa], places[pb]) == Relation::kFar) return false;
    }
  }
  const Merged& small = a.article_placements.size() <= b.article_placements.size() ? a : b;
  const Merged& large = &small == &a ? b : a;
  for (const auto& [article, small_places] : small.article_placements) {
    auto found = large.article_placements.find(article);
    if (found == large.article_placements.end()) continue;
    for (int ps : small_places) {
      for (int pl : found->second) {
        const Relation relation = Relate(places[ps], places[pl]);
        if (relation != Relation::kSame && relation != Relation::kNested) return false;
      }
    }
  }
  return true;
}

}  // namespace

std::vector<std::vector<int>> ClusterEvents(const std::vector<Placement>& placements,
                                            const std::vector<SparseVector>& vectors,
                                            const std::vector<absl::string_view>& articles) {
  // Distinct placements, numbered in order of first appearance.
  std::vector<Placement> places;
  std::vector<std::vector<int>> events_at;
  absl::flat_hash_map<absl::string_view, int> place_of_date;
  for (size_t i = 0; i < placements.size(); ++i) {
    auto [it, inserted] = place_of_date.try_emplace(placements[i].date, static_cast<int>(places.size()));
    if (inserted) {
      places.push_back(placements[i]);
      events_at.emplace_back();
    }
    events_at[it->second].push_back(static_cast<int>(i));
  }

  int feature_count = 0;
  for (const SparseVector& v : vectors) {
    if (!v.empty()) feature_count = std::max(feature_count, v.back().first + 1);
  }
  std::vector<double> spread(feature_count, 0.0);
  std::vector<std::vector<int>> groups_with_feature(feature_count);

  // Step 1: groups within each placement.
  std::vector<std::vector<int>> parts;
  std::vector<SparseVector> sums;
  std::vector<SparseVector> centroids;
  std::vector<int> place_of_part;
  for (size_t p = 0; p < places.size(); ++p) {
    ClusterPlacement(events_at[p], vectors, places[p].span ? kSpanMergeThreshold : kMergeThreshold, spread,
                     groups_with_feature, parts, sums, centroids);
    place_of_part.resize(parts.size(), static_cast<int>(p));
  }
  const int part_count = static_cast<int>(parts.size());

  // Step 2: candidate pairs through the prefix index, then merges, most
  // similar first.
  // Spans only ever pair with the same span (Relate), so their lower
  // threshold lengthens only their own prefixes.
  const double lowest = std::min(kMergeThreshold, kCrossPlacementThreshold);
  struct Edge {
    double similarity;
    double threshold;
    int a;
    int b;
  };
  std::vector<Edge> edges;
  std::vector<std::vector<int>> parts_with_feature(feature_count);
  std::vector<int> seen_by(parts.size(), -1);
  for (int x = 0; x < part_count; ++x) {
    const SparseVector& centroid = centroids[x];
    for (const auto& [feature, weight] : centroid) spread[feature] = weight;
    const bool span = places[place_of_part[x]].span;
    const size_t prefix = PrefixLength(centroid, span ? kSpanMergeThreshold : lowest);
    for (size_t k = 0; k < prefix; ++k) {
      for (int y : parts_with_feature[centroid[k].first]) {
        if (seen_by[y] == x) continue;
        seen_by[y] = x;
        const Placement& px = places[place_of_part[x]];
        const Relation relation = Relate(px, places[place_of_part[y]]);
        if (relation == Relation::kFar) continue;
        const double threshold =
            relation != Relation::kSame ? kCrossPlacementThreshold : span ? kSpanMergeThreshold : kMergeThreshold;
        double similarity = 0;
        int shared = 0;
        for (const auto& [feature, weight] : centroids[y]) {
          similarity += weight * spread[feature];
          shared += spread[feature] != 0;
        }
        if (shared < kMinSharedFeatures) continue;
        if (similarity >= threshold) edges.push_back({similarity, threshold, y, x});
      }
    }
    for (size_t k = 0; k < prefix; ++k) parts_with_feature[centroid[k].first].push_back(x);
    for (const auto& [feature, weight] : centroid) spread[feature] = 0;
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& l, const Edge& r) {
    return std::tie(r.similarity, l.a, l.b) < std::tie(l.similarity, r.a, r.b);
  });

  std::vector<Merged> merged(parts.size());
  std::vector<int> owner(parts.size());
  for (int x = 0; x < part_count; ++x) {
    owner[x] = x;
    merged[x].parts = {x};
    merged[x].sum = std::move(sums[x]);
    merged[x].placements = {place_of_part[x]};
    for (int event : parts[x]) {
      AddUnique(place_of_part[x], merged[x].article_placements[articles[event]]);
    }
  }
  for (const Edge& edge : edges) {
    int into = owner[edge.a];
    int from = owner[edge.b];
    if (into == from) continue;
    if (from < into) std::swap(into, from);
    Merged& target = merged[into];
    Merged& source = merged[from];
    // Groups that have grown since the edge was measured must still be alike
    // as wholes, so that A~B and B~C cannot pull A and C together.
    if (target.parts.size() + source.parts.size() > 2 && Cosine(target.sum, source.sum) < edge.threshold) {
      continue;
    }
    if (!CanMerge(target, source, places)) continue;
    target.sum = Add(target.sum, source.sum);
    for (int part : source.parts) {
      owner[part] = into;
      target.parts.push_back(part);
    }
    for (int place : source.placements) AddUnique(place, target.placements);
    for (auto& [article, article_places] : source.article_placements) {
      for (int place : article_places) AddUnique(place, target.article_placements[article]);
    }
    source = Merged();
  }

  std::vector<std::vector<int>> groups;
  for (int x = 0; x < part_count; ++x) {
    if (owner[x] != x) continue;
    std::vector<int>& group = groups.emplace_back();
    for (int part : merged[x].parts) group.insert(group.end(), parts[part].begin(), parts[part].end());
    std::sort(group.begin(), group.end());
  }
  std::sort(groups.begin(), groups.end(),
            [](const std::vector<int>& l, const std::vector<int>& r) { return l.front() < r.front(); });
  return groups;
}

}  // namespace chronicle::timeline
