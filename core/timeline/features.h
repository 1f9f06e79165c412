// What a sentence is about, as a weighted feature vector: its content terms
// and the entities it mentions, for telling whether two sentences report the
// same happening.
#ifndef CHRONICLE_CORE_TIMELINE_FEATURES_H_
#define CHRONICLE_CORE_TIMELINE_FEATURES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/timeline/event.h"

namespace chronicle::timeline {

// Sparse vector: (feature, weight) pairs sorted by feature. Features are
// numbered rarest first, so a vector's leading entries are its most telling.
using SparseVector = std::vector<std::pair<int, double>>;

// True for terms that do not tell happenings apart: English stop words (plain
// and as the index stems them: "the", "was", "veri"), reporting verbs
// ("said", "told"), words for dates and times ("december", "decemb",
// "tuesday", "yesterday", "year": the date is compared separately), and
// one-letter terms.
bool IsIgnoredTerm(absl::string_view term);

// TimelineEvent::terms of these terms (stems, or words), without those
// IsIgnoredTerm drops.
template <typename Terms>
std::string TermsOf(const Terms& terms) {
  std::vector<uint32_t> hashes;
  for (const auto& term : terms) {
    if (!IsIgnoredTerm(term)) hashes.push_back(TermHash(term));
  }
  return PackTermHashes(std::move(hashes));
}

// The hashes (TermHash) of the event's content terms: its `terms`, or when
// there are none its sentence's words (ASCII-lowercased, split at anything
// that is neither an ASCII letter or digit nor part of a multi-byte
// character, words starting with a digit dropped, as the index does for its
// stems) without ignored terms; ascending, each once.
std::vector<uint32_t> ContentTerms(const TimelineEvent& event);

// Weight of a feature found in `df` of `n` events:
//   ln((n + kBackgroundEvents) / (df + 0.5)).
// The pseudo-count keeps small sets close to plain word overlap (in a set of
// two events every shared word has df 2, and a plain inverse frequency would
// punish exactly the words they share), while in large result sets words that
// most events share (the query's own words) weigh little.
inline constexpr double kBackgroundEvents = 50;
// Entities count as features of their own, on top of their words, with this
// factor: a shared place or person is good evidence of one happening.
inline constexpr double kEntityWeight = 1.0;

// One unit-length (or empty, when nothing is left) vector per event, in the
// order given. Features are content terms and entity ids, weighted as above,
// numbered by (document frequency, entity id or term hash) so that the
// numbering does not depend on the order of `events`.
std::vector<SparseVector> Vectorize(const std::vector<TimelineEvent>& events);

// Vectorize, each event's vector made when asked for. The weights need
// every event (a feature's document frequency), but a timeline's page
// clusters only the events of its earliest dates: at a million articles an
// entity's timeline reads 5,000 events and clusters a few hundred of them,
// and sorting and normalising every event's vector was a twentieth of it.
class EventVectors {
 public:
  // Counts and numbers the features of `events` (Vectorize's numbering).
  explicit EventVectors(const std::vector<TimelineEvent>& events);

  // How many features there are: every vector's features are below it.
  int feature_count() const { return static_cast<int>(weights_.size()); }
  // Puts into vectors[i], for each i of `events` whose vector is not made
  // yet, what Vectorize gives for event i. `vectors` holds one (empty)
  // vector per event.
  void Make(absl::Span<const int> events, std::vector<SparseVector>& vectors);

 private:
  // Event i's features are feature_ids_[first_[i] .. first_[i + 1]).
  std::vector<int> feature_ids_;
  std::vector<size_t> first_;
  std::vector<int> rank_;        // by feature id
  std::vector<double> weights_;  // by feature id
  std::vector<bool> made_;       // by event
};

// Dot product of two sparse vectors.
double Dot(const SparseVector& a, const SparseVector& b);

// Number of leading entries of unit vector `v` needed so that the rest has
// norm below `threshold`. Two unit vectors with Dot >= threshold share a
// feature within both of their prefixes (the shared features cannot all lie
// in the tail of the one whose prefix ends first, whose norm bounds their
// contribution), so indexing prefixes finds every such pair.
size_t PrefixLength(const SparseVector& v, double threshold);

}  // namespace chronicle::timeline

#endif  // CHRONICLE_CORE_TIMELINE_FEATURES_H_
