// Which events of a timeline report one happening: the clustering behind
// BuildTimeline (core/timeline/timeline.h), exposed for tests and tools.
#ifndef CHRONICLE_CORE_TIMELINE_CLUSTER_H_
#define CHRONICLE_CORE_TIMELINE_CLUSTER_H_

#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "chronicle/v1/article.pb.h"
#include "core/timeline/features.h"
#include "core/timeline/placement.h"

namespace chronicle::timeline {

// Placements here are the events' own dates (Place at DAY: the date each
// source gives, at its precision up to a day), not the timeline's.
//
// Similarity (cosine of Vectorize vectors) two events of the same date need
// to be one happening: 0.30, read off Timeline17 news (tools/eval/
// timeline_eval --show/--coarse): on the same day, pairs merged between 0.30
// and 0.35 were about 85% the same happening (the UN sanctions vote reported
// in ten wordings, NATO taking command), those between 0.25 and 0.30 about
// 70%; a ferry strike and a summit on one day share nothing (0). Year-level
// background sentences ("since the 2003 invasion of Iraq", "the 1989 Exxon
// Valdez spill") merge as well at 0.30 as day-level news, so one threshold
// serves every precision.
inline constexpr double kMergeThreshold = 0.30;
// Similarity two groups at different dates need to be one happening: when the
// dates disagree (Relation::kNear: a conflict) or one contains the other
// (Relation::kNested: "2019" and "2019-12-24"). The dates do not back the
// match up, so the wording must be close: of the merges this added on
// Timeline17 between 0.5 and 0.6 only about a quarter were one happening
// (most were follow-ups told in the words of the first: "a second wave of
// strikes after halting the advance", daily oil collection figures), between
// 0.6 and 0.7 about two thirds (mostly one report dated a day apart by time
// zones or publication days).
inline constexpr double kCrossPlacementThreshold = 0.60;
// Similarity two groups at one span need to be one happening: a span names
// its happening by both its ends ("from 1910 to 1945"), so sources that give
// the same two ends and share kMinSharedFeatures words or entities are
// telling one story in their own words (the colonial rule of Korea as
// "colonial rule over Korea" and as "colonization of Korea" in sentences
// that otherwise go different ways, below kMergeThreshold).
inline constexpr double kSpanMergeThreshold = 0.10;
// Features (words or entities) two events must share to be compared at all:
// in short sentences one shared word ("Jack", "curfew") makes a high cosine
// without saying anything.
inline constexpr int kMinSharedFeatures = 2;

// Groups events into happenings. Event i is described by placements[i],
// vectors[i] (from Vectorize) and articles[i] (its article id); indices must
// be in a canonical order (the result depends on it, never on anything
// else). Placements are visited by PlacementLess, each one's events in
// index order.
//
// 1. Within each placement, events are taken in order and each joins the
//    group whose centroid it is most similar to, if at least kMergeThreshold,
//    or starts a new group (centroids, not single members, so that chains of
//    loosely related sentences do not pull different happenings together).
//    Spans use kSpanMergeThreshold instead.
// 2. Groups are then merged across placements, most similar pairs first:
//    pairs at the same placement above kMergeThreshold (kSpanMergeThreshold
//    at a span), and pairs at kNested
//    or kNear placements above kCrossPlacementThreshold. A merge is refused
//    when groups that have already grown are no longer that similar as
//    wholes (their vector sums), when the result would hold two placements
//    that are kFar apart (spans therefore never merge with other dates, and
//    a conflict cannot chain Dec 17 - Dec 23 - Dec 29), or when one article
//    would date it at two disjoint placements: an article that gives two
//    dates to two similar sentences is telling two happenings apart.
// Pairs sharing fewer than kMinSharedFeatures features are never merged.
// Candidates are found through an index of vector prefixes (PrefixLength),
// so only pairs sharing a telling feature are ever compared.
//
// Returns the groups as sorted event indices, ordered by first index.
std::vector<std::vector<int>> ClusterEvents(const std::vector<Placement>& placements,
                                            const std::vector<SparseVector>& vectors,
                                            const std::vector<absl::string_view>& articles);

// ClusterEvents a date at a time, in date order, handing out each group as
// soon as no later date can change it, so that a caller that needs only the
// earliest happenings pays for the dates it visits.
//
// Why the groups are ClusterEvents' own: step 2 only ever merges groups
// joined by a candidate pair, and its checks look at the two groups alone,
// so the groups linked by pairs (directly or through others) settle the
// same way whatever happens elsewhere, visiting their pairs in the global
// order restricted to them. Such a set is settled once every later date
// lies beyond the reach (ReachOf) of all its members: no later group can
// pair with it. News that comes every day chains dates into one long run
// of reaches, but rarely into one long set of pairs.
class ClusterSweep {
 public:
  // As ClusterEvents; the three vectors must outlive the sweep.
  ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
               const std::vector<absl::string_view>& articles);
  // As above, for vectors made as the sweep goes (EventVectors): every
  // feature is below `feature_count`, and vectors[i] must be made before
  // the Step that clusters event i (NextEvents tells which).
  ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
               const std::vector<absl::string_view>& articles, int feature_count);
  ClusterSweep(const ClusterSweep&) = delete;
  ClusterSweep& operator=(const ClusterSweep&) = delete;
  ~ClusterSweep();

  // Clusters the events of the next date and appends to `settled` the
  // groups no later date can change (sorted event indices, as
  // ClusterEvents gives them). False, with nothing done, once every date
  // has been visited; by then every group has been handed out.
  bool Step(std::vector<std::vector<int>>& settled);

  // The events the next Step clusters; empty once every date is visited.
  absl::Span<const int> NextEvents() const;

  // The earliest start (placements[i].start) of an event not yet handed
  // out in a group; absl::InfiniteFuture() when none is left.
  absl::Time UnsettledStart() const;

 private:
  friend std::vector<std::vector<int>> ClusterEvents(const std::vector<Placement>& placements,
                                                     const std::vector<SparseVector>& vectors,
                                                     const std::vector<absl::string_view>& articles);
  struct State;
  // With `settle_early` false nothing is handed out before the last date,
  // and then every pair is visited in one global order: the rules as
  // written, which ClusterEvents follows and the tests compare against.
  // `feature_count` -1: counted from `vectors`.
  ClusterSweep(const std::vector<Placement>& placements, const std::vector<SparseVector>& vectors,
               const std::vector<absl::string_view>& articles, bool settle_early, int feature_count);

  std::unique_ptr<State> state_;
};

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_CLUSTER_H_
