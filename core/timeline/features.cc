#include "core/timeline/features.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace chronicle::timeline {
namespace {

// Entity ids live beside terms in one feature space; the prefix keeps an
// entity "japan" apart from the word "japan".
constexpr char kEntityMark = '\x01';

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

std::vector<std::string> ContentTerms(const TimelineEvent& event) {
  std::vector<std::string> terms =
      event.terms.empty() ? SentenceWords(event.citation.sentence()) : event.terms;
  terms.erase(
      std::remove_if(terms.begin(), terms.end(), [](const std::string& term) { return IsIgnoredTerm(term); }),
      terms.end());
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

std::vector<SparseVector> Vectorize(const std::vector<TimelineEvent>& events) {
  // Each event's features as temporary ids (one hash lookup per word, ignored
  // words included so that they are looked up once), then ids renumbered
  // rarest first.
  struct Feature {
    std::string name;
    int df = 0;
    bool ignored = false;
    bool entity = false;
  };
  absl::flat_hash_map<std::string, int> ids;
  std::vector<Feature> features;
  std::vector<std::vector<int>> event_features(events.size());
  auto id_of = [&](absl::string_view name, bool entity) {
    auto it = ids.find(name);
    if (it != ids.end()) return it->second;
    const int id = static_cast<int>(features.size());
    features.push_back({std::string(name), 0, !entity && IsIgnoredTerm(name), entity});
    ids.emplace(features.back().name, id);
    return id;
  };
  std::string entity_name;
  for (size_t i = 0; i < events.size(); ++i) {
    std::vector<int>& own = event_features[i];
    auto add_term = [&](absl::string_view term) {
      const int id = id_of(term, false);
      if (!features[id].ignored) own.push_back(id);
    };
    if (events[i].terms.empty()) {
      for (const std::string& word : SentenceWords(events[i].citation.sentence())) add_term(word);
    } else {
      for (const std::string& term : events[i].terms) add_term(term);
    }
    for (const std::string& entity : events[i].citation.entity_ids()) {
      if (entity.empty()) continue;
      entity_name.assign(1, kEntityMark);
      entity_name += entity;
      own.push_back(id_of(entity_name, true));
    }
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
    for (int id : own) ++features[id].df;
  }

  std::vector<int> order(features.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return features[a].df != features[b].df ? features[a].df < features[b].df
                                            : features[a].name < features[b].name;
  });
  std::vector<int> rank(features.size());
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);

  const double n = static_cast<double>(events.size());
  std::vector<SparseVector> vectors(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    SparseVector& v = vectors[i];
    v.reserve(event_features[i].size());
    double norm2 = 0;
    for (int id : event_features[i]) {
      double weight = std::log((n + kBackgroundEvents) / (features[id].df + 0.5));
      if (features[id].entity) weight *= kEntityWeight;
      v.emplace_back(rank[id], weight);
      norm2 += weight * weight;
    }
    std::sort(v.begin(), v.end());
    const double norm = std::sqrt(norm2);
    for (auto& [feature, weight] : v) weight /= norm;
  }
  return vectors;
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
