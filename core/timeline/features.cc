#include "core/timeline/features.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace chronicle::timeline {
namespace {

const absl::flat_hash_set<absl::string_view>& IgnoredTerms() {
  // Words and, where the English stemmer changes them, their stems.
  // clang-format off
  static const auto* const kTerms = new absl::flat_hash_set<absl::string_view>({
      "a", "about", "abov", "above", "accord", "according", "after", "afternoon", "again", "against",
      "ago", "all", "also", "am", "an", "and", "ani", "any", "apr", "april", "are", "aren't", "as",
      "at", "aug", "august", "be", "becaus", "because", "been", "befor", "before", "being", "below",
      "between", "both", "but", "by", "can", "cannot", "centuri", "centuries", "century", "could",
      "current", "currently", "date", "day", "days", "dec", "decad", "decade", "decades", "decemb",
      "december", "did", "do", "doe", "does", "doing", "down", "dure", "during", "each", "earli",
      "earlier", "early", "eight", "even", "evening", "feb", "februari", "february", "few", "fifth",
      "first", "five", "for", "four", "fourth", "friday", "from", "further", "had", "has", "have",
      "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
      "in", "into", "is", "it", "its", "itself", "jan", "januari", "january", "jul", "juli", "july",
      "jun", "june", "just", "last", "late", "later", "let", "mar", "march", "may", "me", "monday",
      "month", "months", "more", "morn", "morning", "most", "my", "myself", "next", "night", "nine",
      "no", "nor", "not", "nov", "novemb", "november", "now", "oct", "octob", "october", "of", "off",
      "on", "onc", "once", "one", "onli", "only", "or", "other", "ought", "our", "ours", "ourselv",
      "ourselves", "out", "over", "own", "previous", "previously", "recent", "recently", "said",
      "same", "saturday", "say", "saying", "says", "second", "sep", "sept", "septemb", "september",
      "seven", "she", "should", "sinc", "since", "six", "so", "some", "such", "sunday", "tell",
      "tells", "ten", "than", "that", "the", "their", "theirs", "them", "themselv", "themselves",
      "then", "there", "these", "they", "third", "this", "those", "three", "through", "thursday",
      "time", "times", "to", "today", "told", "tomorrow", "tonight", "too", "tuesday", "two",
      "under", "until", "up", "upon", "veri", "very", "was", "we", "wednesday", "week", "weekend",
      "weeks", "were", "what", "when", "where", "whi", "which", "while", "who", "whom", "why",
      "will", "with", "within", "without", "would", "year", "years", "yesterday", "you", "your",
      "yours", "yourself", "yourselv", "yourselves",
  });
  // clang-format on
  return *kTerms;
}

bool IsWordByte(unsigned char c) { return absl::ascii_isalnum(c) || c >= 0x80; }

std::vector<std::string> SentenceWords(absl::string_view sentence) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < sentence.size()) {
    if (!IsWordByte(static_cast<unsigned char>(sentence[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < sentence.size() && IsWordByte(static_cast<unsigned char>(sentence[j]))) ++j;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(sentence[i]))) {
      words.push_back(absl::AsciiStrToLower(sentence.substr(i, j - i)));
    }
    i = j;
  }
  return words;
}

}  // namespace

bool IsIgnoredTerm(absl::string_view term) { return term.size() < 2 || IgnoredTerms().contains(term); }

std::vector<uint32_t> ContentTerms(const TimelineEvent& event) {
  const std::string from_sentence =
      event.terms.empty() ? TermsOf(SentenceWords(event.citation->sentence())) : std::string();
  const absl::string_view terms = event.terms.empty() ? absl::string_view(from_sentence) : event.terms;
  std::vector<uint32_t> hashes(TermCount(terms));
  for (size_t i = 0; i < hashes.size(); ++i) hashes[i] = TermAt(terms, i);
  return hashes;
}

std::vector<SparseVector> Vectorize(const std::vector<TimelineEvent>& events) {
  EventVectors made(events);
  std::vector<int> all(events.size());
  std::iota(all.begin(), all.end(), 0);
  std::vector<SparseVector> vectors(events.size());
  made.Make(all, vectors);
  return vectors;
}

EventVectors::EventVectors(const std::vector<TimelineEvent>& events) {
  // Each event's features as temporary ids (one hash lookup per term or
  // entity), then ids renumbered rarest first. Terms are their hashes
  // (event.h), so a timeline of thousands of events looks up integers;
  // entity names are views into `events`, which outlive this constructor.
  struct Feature {
    uint32_t term = 0;       // a term's hash
    absl::string_view name;  // an entity's id
    int df = 0;
    int last_event = -1;  // the last event counted in df
    bool entity = false;
  };
  // Terms and entity ids are numbered apart: an entity "japan" is not the
  // word "japan".
  absl::flat_hash_map<uint32_t, int> term_ids;
  absl::flat_hash_map<absl::string_view, int> entity_ids;
  std::vector<Feature> features;
  first_.reserve(events.size() + 1);
  // Each feature once per event, in the order met (a vector is sorted by
  // rank when made): counted when an event meets it the first time.
  int event_index = 0;
  auto add = [&](int id) {
    Feature& feature = features[id];
    if (feature.last_event == event_index) return;
    feature.last_event = event_index;
    ++feature.df;
    feature_ids_.push_back(id);
  };
  auto add_term = [&](uint32_t hash) {
    auto [it, inserted] = term_ids.try_emplace(hash, static_cast<int>(features.size()));
    if (inserted) features.push_back({hash, {}, 0, -1, false});
    add(it->second);
  };
  for (const TimelineEvent& event : events) {
    first_.push_back(feature_ids_.size());
    if (event.terms.empty()) {
      for (uint32_t hash : ContentTerms(event)) add_term(hash);
    } else {
      for (size_t i = 0; i < TermCount(event.terms); ++i) add_term(TermAt(event.terms, i));
    }
    for (const std::string& entity : event.citation->entity_ids()) {
      if (entity.empty()) continue;
      auto [it, inserted] = entity_ids.try_emplace(entity, static_cast<int>(features.size()));
      if (inserted) features.push_back({0, entity, 0, -1, true});
      add(it->second);
    }
    ++event_index;
  }
  first_.push_back(feature_ids_.size());

  // Rarest first; among equals entities before terms, entities by id and
  // terms by hash.
  std::vector<int> order(features.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const Feature& x = features[a];
    const Feature& y = features[b];
    if (x.df != y.df) return x.df < y.df;
    if (x.entity != y.entity) return x.entity;
    return x.entity ? x.name < y.name : x.term < y.term;
  });
  rank_.resize(features.size());
  for (size_t r = 0; r < order.size(); ++r) rank_[order[r]] = static_cast<int>(r);
  // Each feature's weight, once.
  const double n = static_cast<double>(events.size());
  weights_.resize(features.size());
  for (size_t id = 0; id < features.size(); ++id) {
    weights_[id] = std::log((n + kBackgroundEvents) / (features[id].df + 0.5));
    if (features[id].entity) weights_[id] *= kEntityWeight;
  }
  made_.assign(events.size(), false);
}

void EventVectors::Make(absl::Span<const int> events, std::vector<SparseVector>& vectors) {
  for (const int i : events) {
    if (made_[i]) continue;
    made_[i] = true;
    SparseVector& v = vectors[i];
    v.clear();
    v.reserve(first_[i + 1] - first_[i]);
    for (size_t k = first_[i]; k < first_[i + 1]; ++k) {
      const int id = feature_ids_[k];
      v.emplace_back(rank_[id], weights_[id]);
    }
    std::sort(v.begin(), v.end());
    // Summed in rank order, so that the norm does not depend on the order
    // the features were met in.
    double norm2 = 0;
    for (const auto& [feature, weight] : v) norm2 += weight * weight;
    const double norm = std::sqrt(norm2);
    for (auto& [feature, weight] : v) weight /= norm;
  }
}

double Dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      sum += a[i++].second * b[j++].second;
    }
  }
  return sum;
}

size_t PrefixLength(const SparseVector& v, double threshold) {
  double tail2 = 0;
  for (const auto& [feature, weight] : v) tail2 += weight * weight;
  // A little slack so that rounding in the running sum never drops a pair that
  // sits exactly on the threshold.
  const double limit = threshold * threshold - 1e-9;
  size_t length = 0;
  while (length < v.size() && tail2 >= limit) {
    tail2 -= v[length].second * v[length].second;
    ++length;
  }
  return length;
}

}  // namespace chronicle::timeline
