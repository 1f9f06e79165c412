#include "core/timeline/cluster.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>
#include <string>
#include <tuple>
#include <utility>

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

// A candidate pair of step-1 groups (parts) and the similarity it needs.
struct Edge {
  double similarity;
  double threshold;
  int a;
  int b;
};

// Most similar first, then by the parts' numbers.
bool EdgeBefore(const Edge& l, const Edge& r) {
  return std::tie(r.similarity, l.a, l.b) < std::tie(l.similarity, r.a, r.b);
}

// Parts linked by candidate pairs, directly or through others, while later
// dates may still add to them.
struct Linked {
  std::vector<int> parts;
  std::vector<Edge> edges;
  absl::Time reach_end = absl::InfinitePast();  // the latest ReachOf end of a member's date
};

}  // namespace

struct ClusterSweep::State {
  const std::vector<SparseVector>& vectors;
  const std::vector<absl::string_view>& articles;
  bool settle_early;

  // Distinct placements by PlacementLess, each with its events in index
  // order, and for each the earliest reach start of it and every later
  // date that is not a span (spans meet no other date).
  std::vector<Placement> places;
  std::vector<std::vector<int>> events_at;
  std::vector<absl::Time> later_reach_start;
  size_t next_place = 0;

  // Scratch: one zero per feature; lists of groups, then of parts, per
  // feature.
  std::vector<double> spread;
  std::vector<std::vector<int>> groups_with_feature;
  std::vector<std::vector<int>> parts_with_feature;

  // Step-1 groups (parts), numbered in date order.
  std::vector<std::vector<int>> parts;
  std::vector<SparseVector> centroids;
  std::vector<int> place_of_part;
  std::vector<int> seen_by;  // per part: the last part that compared with it
  std::vector<bool> settled;  // per part: handed out
  size_t first_unsettled = 0;
  // Step 2's merged groups, by the part that owns them.
  std::vector<Merged> merged;
  std::vector<int> owner;
  // Linked sets by their root part (union-find), and the roots by reach
  // end, earliest first (entries go stale when a set grows or joins another).
  std::vector<int> parent;
  std::vector<Linked> linked;
  using Closing = std::pair<absl::Time, int>;
  std::priority_queue<Closing, std::vector<Closing>, std::greater<Closing>> closing;

  State(const std::vector<SparseVector>& v, const std::vector<absl::string_view>& a, bool early)
      : vectors(v), articles(a), settle_early(early) {}

  int Root(int part) {
    while (parent[part] != part) part = parent[part] = parent[parent[part]];
    return part;
  }

  // Records the pair and joins the parts' sets.
  void Link(const Edge& edge) {
    int a = Root(edge.a);
    int b = Root(edge.b);
    if (a != b) {
      if (linked[a].parts.size() < linked[b].parts.size()) std::swap(a, b);
      Linked& into = linked[a];
      Linked from = std::exchange(linked[b], Linked());
      parent[b] = a;
      into.parts.insert(into.parts.end(), from.parts.begin(), from.parts.end());
      into.edges.insert(into.edges.end(), from.edges.begin(), from.edges.end());
      into.reach_end = std::max(into.reach_end, from.reach_end);
      closing.emplace(into.reach_end, a);
    }
    linked[a].edges.push_back(edge);
  }

  // Step 2's candidate pairs of part x with earlier parts, through the
  // prefix index; then x is indexed by its own prefix.
  void FindPairs(int x) {
    // Spans only ever pair with the same span (Relate), so their lower
    // threshold lengthens only their own prefixes.
    const double lowest = std::min(kMergeThreshold, kCrossPlacementThreshold);
    const SparseVector& centroid = centroids[x];
    for (const auto& [feature, weight] : centroid) spread[feature] = weight;
    const Placement& px = places[place_of_part[x]];
    const size_t prefix = PrefixLength(centroid, px.span ? kSpanMergeThreshold : lowest);
    for (size_t k = 0; k < prefix; ++k) {
      std::vector<int>& with_feature = parts_with_feature[centroid[k].first];
      // Settled parts pair with nothing later: they leave the lists.
      size_t kept = 0;
      for (int y : with_feature) {
        if (settled[y]) continue;
        with_feature[kept++] = y;
        if (seen_by[y] == x) continue;
        seen_by[y] = x;
        const Relation relation = Relate(px, places[place_of_part[y]]);
        if (relation == Relation::kFar) continue;
        const double threshold = relation != Relation::kSame ? kCrossPlacementThreshold
                                 : px.span                  ? kSpanMergeThreshold
                                                            : kMergeThreshold;
        double similarity = 0;
        int shared = 0;
        for (const auto& [feature, weight] : centroids[y]) {
          similarity += weight * spread[feature];
          shared += spread[feature] != 0;
        }
        if (shared < kMinSharedFeatures) continue;
        if (similarity >= threshold) Link({similarity, threshold, y, x});
      }
      with_feature.resize(kept);
    }
    for (size_t k = 0; k < prefix; ++k) parts_with_feature[centroid[k].first].push_back(x);
    for (const auto& [feature, weight] : centroid) spread[feature] = 0;
  }

  // Step 2 for one linked set: merges along its pairs, most similar first;
  // appends the resulting groups to `out`.
  void Settle(Linked& set, std::vector<std::vector<int>>& out) {
    std::sort(set.edges.begin(), set.edges.end(), EdgeBefore);
    for (const Edge& edge : set.edges) {
      int into = owner[edge.a];
      int from = owner[edge.b];
      if (into == from) continue;
      if (from < into) std::swap(into, from);
      Merged& target = merged[into];
      Merged& source = merged[from];
      // Groups that have grown since the edge was measured must still be
      // alike as wholes, so that A~B and B~C cannot pull A and C together.
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
    std::sort(set.parts.begin(), set.parts.end());
    for (int x : set.parts) {
      settled[x] = true;
      if (owner[x] != x) continue;
      std::vector<int>& group = out.emplace_back();
      for (int part : merged[x].parts) group.insert(group.end(), parts[part].begin(), parts[part].end());
      std::sort(group.begin(), group.end());
      merged[x] = Merged();
    }
    while (first_unsettled < parts.size() && settled[first_unsettled]) ++first_unsettled;
  }
};

ClusterSweep::ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
                           const std::vector<absl::string_view>& articles)
    : ClusterSweep(placements, vectors, articles, /*settle_early=*/true, /*feature_count=*/-1) {}

ClusterSweep::ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
                           const std::vector<absl::string_view>& articles, int feature_count)
    : ClusterSweep(placements, vectors, articles, /*settle_early=*/true, feature_count) {}

ClusterSweep::ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
                           const std::vector<absl::string_view>& articles, bool settle_early, int feature_count)
    : state_(std::make_unique<State>(vectors, articles, settle_early)) {
  State& s = *state_;
  absl::flat_hash_map<absl::string_view, int> place_of_date;
  for (size_t i = 0; i < placements.size(); ++i) {
    auto [it, inserted] = place_of_date.try_emplace(placements[i].date, static_cast<int>(s.places.size()));
    if (inserted) {
      s.places.push_back(placements[i]);
      s.events_at.emplace_back();
    }
    s.events_at[it->second].push_back(static_cast<int>(i));
  }
  // Dates in PlacementLess order (a canonical order already is).
  std::vector<int> order(s.places.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return PlacementLess(s.places[a], s.places[b]); });
  std::vector<Placement> places;
  std::vector<std::vector<int>> events_at;
  places.reserve(order.size());
  events_at.reserve(order.size());
  for (int p : order) {
    places.push_back(std::move(s.places[p]));
    events_at.push_back(std::move(s.events_at[p]));
  }
  s.places = std::move(places);
  s.events_at = std::move(events_at);
  s.later_reach_start.assign(s.places.size() + 1, absl::InfiniteFuture());
  for (size_t p = s.places.size(); p-- > 0;) {
    s.later_reach_start[p] = s.later_reach_start[p + 1];
    if (!s.places[p].span) s.later_reach_start[p] = std::min(s.later_reach_start[p], ReachOf(s.places[p]).start);
  }

  if (feature_count < 0) {
    feature_count = 0;
    for (const SparseVector& v : vectors) {
      if (!v.empty()) feature_count = std::max(feature_count, v.back().first + 1);
    }
  }
  s.spread.assign(feature_count, 0.0);
  s.groups_with_feature.resize(feature_count);
  s.parts_with_feature.resize(feature_count);
}

ClusterSweep::~ClusterSweep() = default;

bool ClusterSweep::Step(std::vector<std::vector<int>>& settled) {
  State& s = *state_;
  if (s.next_place == s.places.size()) return false;
  const size_t p = s.next_place++;
  const Placement& place = s.places[p];

  // Step 1 for this date's events.
  const size_t first_new = s.parts.size();
  std::vector<SparseVector> sums;
  ClusterPlacement(s.events_at[p], s.vectors, place.span ? kSpanMergeThreshold : kMergeThreshold, s.spread,
                   s.groups_with_feature, s.parts, sums, s.centroids);
  const absl::Time reach_end = place.span ? absl::InfinitePast() : ReachOf(place).end;
  for (size_t x = first_new; x < s.parts.size(); ++x) {
    const int part = static_cast<int>(x);
    s.place_of_part.push_back(static_cast<int>(p));
    s.seen_by.push_back(-1);
    s.settled.push_back(false);
    s.owner.push_back(part);
    s.parent.push_back(part);
    Merged& merged = s.merged.emplace_back();
    merged.parts = {part};
    merged.sum = std::move(sums[x - first_new]);
    merged.placements = {static_cast<int>(p)};
    for (int event : s.parts[x]) AddUnique(static_cast<int>(p), merged.article_placements[s.articles[event]]);
    Linked& set = s.linked.emplace_back();
    set.parts = {part};
    set.reach_end = reach_end;
    s.closing.emplace(reach_end, part);
  }
  // Step 2's pairs with earlier parts, and with each other.
  for (size_t x = first_new; x < s.parts.size(); ++x) s.FindPairs(static_cast<int>(x));

  const bool last = s.next_place == s.places.size();
  if (!s.settle_early) {
    if (!last) return true;
    // Every set at once, as one: the global order of pairs (a set joined
    // to another was left empty).
    Linked all;
    for (Linked& set : s.linked) {
      all.parts.insert(all.parts.end(), set.parts.begin(), set.parts.end());
      all.edges.insert(all.edges.end(), set.edges.begin(), set.edges.end());
      set = Linked();
    }
    s.Settle(all, settled);
    return true;
  }
  // Sets that no later date reaches are settled.
  const absl::Time later = s.later_reach_start[p + 1];
  while (!s.closing.empty() && s.closing.top().first <= later) {
    const auto [reach, root] = s.closing.top();
    s.closing.pop();
    // Stale: the set was settled, joined another, or grew its reach since.
    if (s.settled[root] || s.parent[root] != root || s.linked[root].reach_end != reach) continue;
    Linked set = std::exchange(s.linked[root], Linked());
    s.Settle(set, settled);
  }
  return true;
}

absl::Span<const int> ClusterSweep::NextEvents() const {
  const State& s = *state_;
  if (s.next_place == s.places.size()) return {};
  return s.events_at[s.next_place];
}

absl::Time ClusterSweep::UnsettledStart() const {
  const State& s = *state_;
  if (s.first_unsettled < s.parts.size()) return s.places[s.place_of_part[s.first_unsettled]].start;
  if (s.next_place < s.places.size()) return s.places[s.next_place].start;
  return absl::InfiniteFuture();
}

std::vector<std::vector<int>> ClusterEvents(const std::vector<Placement>& placements,
                                            const std::vector<SparseVector>& vectors,
                                            const std::vector<absl::string_view>& articles) {
  ClusterSweep sweep(placements, vectors, articles, /*settle_early=*/false, /*feature_count=*/-1);
  std::vector<std::vector<int>> groups;
  while (sweep.Step(groups)) {
  }
  std::sort(groups.begin(), groups.end(),
            [](const std::vector<int>& l, const std::vector<int>& r) { return l.front() < r.front(); });
  return groups;
}

}  // namespace chronicle::timeline
