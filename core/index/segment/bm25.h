// BM25 as Xapian 1.4's BM25Weight computes it with its default parameters
// (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5), so that a segment
// ranks exactly as the Xapian index it stands beside: the same idf floor for
// terms in more than a third of the documents, the same length normalisation.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_BM25_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_BM25_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace chronicle::index::segment {

struct Bm25Parameters {
  double k1 = 1.0;
  double b = 0.5;
  double min_normalised_length = 0.5;
};

// One query term's weight function over a collection's statistics.
class Bm25Term {
 public:
  Bm25Term(int64_t documents, int64_t term_documents, double average_length, Bm25Parameters parameters = {})
      : parameters_(parameters), length_factor_(average_length > 0 ? 1.0 / average_length : 0.0) {
    double odds = (static_cast<double>(documents) - static_cast<double>(term_documents) + 0.5) /
                  (static_cast<double>(term_documents) + 0.5);
    // Xapian's floor: a term in most documents still weighs a little, never
    // negatively.
    if (odds < 2) odds = std::max(odds, 1e-6) / 2 + 1;
    weight_ = std::log(odds) * (parameters_.k1 + 1);
  }

  // A term that adds nothing: a filter's.
  static Bm25Term Zero() { return Bm25Term(); }

  // The term's contribution to a document holding it `frequency` times in
  // `length` words (the sum of all its term frequencies).
  double Score(uint32_t frequency, uint32_t length) const {
    const double tf = frequency;
    return weight_ * tf / (LengthNorm(length) + tf);
  }
  // Score's parts: weight() * tf / (LengthNorm(length) + tf).
  double weight() const { return weight_; }
  double LengthNorm(uint32_t length) const {
    const double normalised = std::max(length * length_factor_, parameters_.min_normalised_length);
    return parameters_.k1 * (normalised * parameters_.b + (1 - parameters_.b));
  }

  // No document can score more than this for the term.
  double UpperBound() const { return weight_; }

 private:
  Bm25Term() : length_factor_(0) {}

  Bm25Parameters parameters_;
  double length_factor_;
  double weight_ = 0;
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_BM25_H_
