#include "bench/system/chronicle_requests.h"

namespace chronicle::bench {

v1::SearchRequest FirstPageRequest(const BenchQuery& query) {
  v1::SearchRequest request;
  request.set_query(query.text);
  request.set_page_size(kResultsPerPage);
  if (!query.published_from.empty()) request.mutable_filter()->set_published_from(query.published_from);
  if (!query.published_until.empty()) request.mutable_filter()->set_published_until(query.published_until);
  if (query.facets) {
    request.add_facets("source");
    request.add_facets("year");
  }
  return request;
}

absl::StatusOr<ChronicleRequests> ChronicleRequests::Build(const QueryMix& mix, const SearchFn& search) {
  ChronicleRequests requests;
  for (const QueryClass& klass : mix.classes) {
    for (const BenchQuery& query : klass.queries) {
      if (klass.timeline) {
        v1::TimelineRequest request;
        request.set_query(query.text);
        request.set_entity(query.entity);
        requests.timelines_[&query] = std::move(request);
        continue;
      }
      v1::SearchRequest request = FirstPageRequest(query);
      for (int page = 0; page < query.offset / kResultsPerPage; ++page) {
        absl::StatusOr<v1::SearchResponse> response = search(request);
        if (!response.ok()) return response.status();
        // Fewer results than the offset: the last page stands in for the deep one.
        if (response->next_page_token().empty()) break;
        request.set_page_token(response->next_page_token());
      }
      requests.searches_[&query] = std::move(request);
    }
  }
  return requests;
}

}  // namespace chronicle::bench
