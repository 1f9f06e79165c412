// gRPC client side of the Chronicle benchmark: channels, streaming a corpus
// through IngestArticles, and waiting until a feed sequence is searchable.
#ifndef CHRONICLE_BENCH_SYSTEM_CHRONICLE_CLIENT_H_
#define CHRONICLE_BENCH_SYSTEM_CHRONICLE_CLIENT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

// A channel with its own TCP connection (channels to one address otherwise
// share one), so that load spread over several channels is spread over
// several connections as it would be from several clients.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address, int id);

struct IngestRun {
  int64_t articles = 0;  // acknowledged (any outcome but REJECTED)
  int64_t rejected = 0;
  int64_t bytes = 0;     // title + content bytes sent
  double seconds = 0;    // first write to last acknowledgement
  int64_t last_sequence = 0;
  std::map<std::string, int64_t> outcomes;
  std::vector<std::string> first_errors;
};

struct IngestInput {
  std::string id, title, published_at, source, content, content_type;
};

// Source of articles for StreamArticles; thread-safe. Returns false at the end.
using NextArticleFn = std::function<bool(IngestInput* article)>;

// Sends every article `next` yields over `streams` concurrent IngestArticles
// streams (the service analyses each stream's articles in order, so one
// stream uses one core) and waits for every acknowledgement.
// Errors: the first stream's failure status.
absl::StatusOr<IngestRun> StreamArticles(const std::vector<std::string>& addresses, int streams,
                                         const NextArticleFn& next);

// Waits until the query service at `address` has no segment merge running
// (after a burst of ingest the index merges for a while, and searches are
// slower meanwhile). Errors: DEADLINE_EXCEEDED after `timeout`; `alive`'s.
absl::Status WaitMerged(const std::string& address, absl::Duration timeout,
                        const std::function<absl::Status()>& alive);

// Waits until the query service at `address` answers a Search with
// min_sequence = `sequence` (retrying past the server's own wait cap), at most
// `timeout`, giving up early when `alive` (checked between attempts) fails.
// Errors: DEADLINE_EXCEEDED, `alive`'s error, or the service's error.
absl::Status WaitSearchable(const std::string& address, int64_t sequence, absl::Duration timeout,
                            const std::function<absl::Status()>& alive);

// GetIndexStatus as JSON (applied sequence, article and event counts).
absl::StatusOr<nlohmann::json> IndexStatusJson(const std::string& address);

nlohmann::json ToJson(const IngestRun& run);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_CHRONICLE_CLIENT_H_
