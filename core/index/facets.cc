#include "core/index/facets.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/index/schema.h"

namespace chronicle::index {
namespace {

constexpr absl::string_view kFacetNames[] = {"source", "entity", "year", "month"};

}  // namespace

absl::StatusOr<std::vector<std::string>> FacetCounter::CheckNames(
    const google::protobuf::RepeatedPtrField<std::string>& names) {
  std::vector<std::string> checked;
  absl::flat_hash_set<std::string> seen;
  for (const std::string& name : names) {
    if (std::find(std::begin(kFacetNames), std::end(kFacetNames), name) == std::end(kFacetNames)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "facets: unknown facet \"", name.substr(0, 32), "\"; use source, entity, year or month"));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrCat("facets: \"", name, "\" asked for twice"));
    }
    checked.push_back(name);
  }
  return checked;
}

FacetCounter::FacetCounter(std::vector<std::string> names) {
  for (std::string& name : names) facets_.push_back({std::move(name), {}});
}

void FacetCounter::operator()(const Xapian::Document& doc, double weight) {
  for (Counts& facet : facets_) {
    if (facet.name == "source") {
      const std::string source = doc.get_value(schema::kSourceSlot);
      if (!source.empty()) ++facet.values[source];
    } else if (facet.name == "entity") {
      const std::string ids = doc.get_value(schema::kEntitiesSlot);
      for (absl::string_view id : absl::StrSplit(ids, schema::kEntitySeparator, absl::SkipEmpty())) {
        ++facet.values[id];
      }
    } else {
      const std::string month = doc.get_value(schema::kMonthSlot);
      if (month.empty()) continue;
      ++facet.values[facet.name == "year" ? month.substr(0, 4) : month];
    }
  }
}

std::vector<v1::Facet> FacetCounter::Top(int size) const {
  std::vector<v1::Facet> result;
  for (const Counts& facet : facets_) result.push_back(TopValues(facet.name, facet.values, size));
  return result;
}

v1::Facet FacetCounter::TopValues(const std::string& name, const absl::flat_hash_map<std::string, int64_t>& values,
                                  int size) {
  std::vector<std::pair<std::string, int64_t>> ranked(values.begin(), values.end());
  const size_t keep = std::min(ranked.size(), static_cast<size_t>(size));
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  v1::Facet out;
  out.set_name(name);
  for (size_t i = 0; i < keep; ++i) {
    v1::FacetValue* value = out.add_values();
    value->set_value(ranked[i].first);
    value->set_count(ranked[i].second);
  }
  return out;
}

}  // namespace chronicle::index
