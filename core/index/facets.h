// Facet names and their ranking. FacetCounter also counts as Xapian
// matches (a MatchSpy): searches count on the segments now, and only
// bench_engines, which compares the two engines, still counts this way.
#ifndef CHRONICLE_CORE_INDEX_FACETS_H_
#define CHRONICLE_CORE_INDEX_FACETS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "chronicle/v1/search.pb.h"
#include "google/protobuf/repeated_field.h"
#include "xapian.h"

namespace chronicle::index {

// Counts "source", "entity", "year" and "month" values of matching articles.
class FacetCounter : public Xapian::MatchSpy {
 public:
  // Errors: INVALID_ARGUMENT "facets: ..." for an unknown or repeated name.
  static absl::StatusOr<std::vector<std::string>> CheckNames(
      const google::protobuf::RepeatedPtrField<std::string>& names);

  explicit FacetCounter(std::vector<std::string> names);

  void operator()(const Xapian::Document& doc, double weight) override;

  // The `size` most frequent values of each facet (ties by value), in the
  // order the facets were asked for.
  std::vector<v1::Facet> Top(int size) const;

  // The `size` most frequent of `values` (ties by value), as facet `name`.
  static v1::Facet TopValues(const std::string& name, const absl::flat_hash_map<std::string, int64_t>& values,
                             int size);

 private:
  struct Counts {
    std::string name;
    absl::flat_hash_map<std::string, int64_t> values;
  };
  std::vector<Counts> facets_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_FACETS_H_
