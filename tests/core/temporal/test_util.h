// Helpers shared by the temporal tagger tests.
#ifndef CHRONICLE_TESTS_CORE_TEMPORAL_TEST_UTIL_H_
#define CHRONICLE_TESTS_CORE_TEMPORAL_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "core/temporal/tagger.h"
#include "gtest/gtest.h"

namespace chronicle::temporal {

// Publication day used by most tests: Monday, 11 December 2023.
inline ReferenceDate Monday11Dec2023() {
  return ReferenceDate{absl::CivilSecond(2023, 12, 11), Granularity::kDay};
}

// The expression whose text is exactly `text`, or nullptr.
inline const TemporalExpression* Find(const std::vector<TemporalExpression>& found,
                                      absl::string_view text) {
  for (const TemporalExpression& e : found) {
    if (e.text == text) return &e;
  }
  return nullptr;
}

// "text=value|text=value" summary, for readable failure messages.
inline std::string Summary(const std::vector<TemporalExpression>& found) {
  std::string out;
  for (const TemporalExpression& e : found) {
    if (!out.empty()) out += " | ";
    out += e.text + "=" + e.value;
    if (!e.mod.empty()) out += "(" + e.mod + ")";
  }
  return out;
}

}  // namespace chronicle::temporal

#endif  // CHRONICLE_TESTS_CORE_TEMPORAL_TEST_UTIL_H_
