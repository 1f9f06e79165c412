// Which events of a timeline report one happening: the clustering behind
// BuildTimeline (core/timeline/timeline.h), exposed for tests and tools.
#ifndef CHRONICLE_CORE_TIMELINE_CLUSTER_H_
#define CHRONICLE_CORE_TIMELINE_CLUSTER_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "chronicle/v1/article.pb.h"
#include "core/timeline/features.h"
#include "core/timeline/placement.h"

namespace chronicle::timeline {

// Similarity (cosine of Vectorize vectors) two events of the same placement
// need to be one happening. The coarser the placement, the less their shared
// date says, so the more their wording must:
//   day (or finer):      0.35  e.g. "leaders met in Chengdu for a trilateral
//                              summit" / "the trilateral summit in Chengdu
//                              brought Moon and Abe together" (~0.4);
//                              a ferry strike the same day shares nothing (0)
//   week..quarter:       0.40
//   year and coarser:    0.45  a year holds many reports on one topic, whose
//                              shared names (weighed down when common) put
//                              different happenings at 0.1-0.3
inline constexpr double kDayThreshold = 0.35;
inline constexpr double kMonthThreshold = 0.40;
inline constexpr double kYearThreshold = 0.45;
// Similarity two groups at different placements need to be one happening:
// when the dates disagree (Relation::kNear: a conflict) or one contains the
// other (Relation::kNested: "2019" and "2019-12-24"). The dates do not back
// the match up here, so the wording must be close: about half of the weighted
// features shared.
inline constexpr double kCrossPlacementThreshold = 0.50;

// kDayThreshold, kMonthThreshold or kYearThreshold for a FormatUnit value.
double MergeThreshold(v1::Granularity unit);

// Groups events into happenings. Event i is described by placements[i],
// vectors[i] (from Vectorize) and articles[i] (its article id); indices must
// be in a canonical order (the result depends on it, never on anything
// else).
//
// 1. Within each placement, events are taken in order and each joins the
//    group whose centroid it is most similar to, if at least MergeThreshold,
//    or starts a new group (centroids, not single members, so that chains of
//    loosely related sentences do not pull different happenings together).
// 2. Groups are then merged across placements, most similar pairs first:
//    pairs at the same placement above MergeThreshold, and pairs at kNested
//    or kNear placements above kCrossPlacementThreshold. A merge is refused
//    when groups that have already grown are no longer that similar as
//    wholes (their vector sums), when the result would hold two placements
//    that are kFar apart (spans
//    therefore never merge with other dates, and a conflict cannot chain
//    Dec 17 - Dec 23 - Dec 29), or when one article would date it at two
//    disjoint placements: an article that gives two dates to two similar
//    sentences is telling two happenings apart.
// Candidates are found through an index of vector prefixes (PrefixLength),
// so only pairs sharing a telling feature are ever compared.
//
// Returns the groups as sorted event indices, ordered by first index.
std::vector<std::vector<int>> ClusterEvents(const std::vector<Placement>& placements,
                                            const std::vector<SparseVector>& vectors,
                                            const std::vector<absl::string_view>& articles);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_CLUSTER_H_
