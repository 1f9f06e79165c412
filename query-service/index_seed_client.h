// chronicle-query --seed_from: a new replica copies a serving replica's
// index (QueryService.GetIndexSnapshot) before it follows the feed, instead
// of replaying the whole feed (core/index/index_seed.h).
#ifndef CHRONICLE_QUERY_SERVICE_INDEX_SEED_CLIENT_H_
#define CHRONICLE_QUERY_SERVICE_INDEX_SEED_CLIENT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "query-service/feed_stream.h"

namespace chronicle::query_service {

// Copies the index of the replica at peer.ingest_address (with the peer's
// TLS and token) into `index_path`; returns the bytes copied. Errors:
// FAILED_PRECONDITION when `index_path` holds an index already; the call's
// (UNAVAILABLE when no peer answers); DATA_LOSS for a copy that does not
// check out. On error no index is left at `index_path`.
absl::StatusOr<int64_t> SeedIndexFromPeer(const FeedChannelOptions& peer, const std::string& index_path);

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_INDEX_SEED_CLIENT_H_
