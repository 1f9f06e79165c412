// Where an index's bytes go: each segment index's parts (postings,
// dictionary, columns, keys, stored records) and the stored records' fields,
// per article. `bench_chronicle sizes --index=DIR` on an index kept with
// `service --keep_data`.
#ifndef CHRONICLE_BENCH_SYSTEM_INDEX_SIZES_H_
#define CHRONICLE_BENCH_SYSTEM_INDEX_SIZES_H_

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

// Errors: the segment readers' (FAILED_PRECONDITION for a missing index).
absl::StatusOr<nlohmann::json> MeasureIndexSizes(const std::string& index_path);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_INDEX_SIZES_H_
