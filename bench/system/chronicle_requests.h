// Chronicle's Search and Timeline requests for a query mix, built once before
// timing so that both the gRPC path and the in-process path send identical
// requests. A deep-page query gets the page token of its page, fetched by
// paging through the results the way a client would.
#ifndef CHRONICLE_BENCH_SYSTEM_CHRONICLE_REQUESTS_H_
#define CHRONICLE_BENCH_SYSTEM_CHRONICLE_REQUESTS_H_

#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "bench/system/query_mix.h"
#include "chronicle/v1/query_service.pb.h"

namespace chronicle::bench {

inline constexpr int kResultsPerPage = 10;

class ChronicleRequests {
 public:
  using SearchFn = std::function<absl::StatusOr<v1::SearchResponse>(const v1::SearchRequest&)>;

  // Builds a request for every query of `mix`, calling `search` to page to
  // deep pages. `mix` must outlive the result (queries are keyed by address).
  // Errors: those of `search`.
  static absl::StatusOr<ChronicleRequests> Build(const QueryMix& mix, const SearchFn& search);

  // The request for a query of a search (timeline) class of the mix.
  const v1::SearchRequest& search(const BenchQuery& query) const { return searches_.at(&query); }
  const v1::TimelineRequest& timeline(const BenchQuery& query) const { return timelines_.at(&query); }

 private:
  absl::flat_hash_map<const BenchQuery*, v1::SearchRequest> searches_;
  absl::flat_hash_map<const BenchQuery*, v1::TimelineRequest> timelines_;
};

// The first page's request for `query` (no page token).
v1::SearchRequest FirstPageRequest(const BenchQuery& query);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_CHRONICLE_REQUESTS_H_
