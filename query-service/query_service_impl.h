// chronicle.v1.QueryService: thin gRPC adapters over the index readers.
#ifndef CHRONICLE_QUERY_SERVICE_QUERY_SERVICE_IMPL_H_
#define CHRONICLE_QUERY_SERVICE_QUERY_SERVICE_IMPL_H_

#include <string>

#include "absl/time/time.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "core/common/sequence_watch.h"
#include "core/index/reader_pool.h"
#include "core/feed/change_applier.h"
#include "core/feed/follower.h"

namespace chronicle::query_service {

struct QueryServiceOptions {
  // Longest a request waits for its min_sequence when the client set no
  // deadline (or a later one).
  absl::Duration max_min_sequence_wait = absl::Seconds(30);
  std::string index_path;
};

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  // Everything passed in must outlive the service.
  QueryServiceImpl(index::ReaderPool* readers, const SequenceWatch* applied,
                   const feed::Follower* follower, const feed::ChangeApplier* applier,
                   QueryServiceOptions options);

  grpc::Status Search(grpc::ServerContext* context, const v1::SearchRequest* request,
                      v1::SearchResponse* response) override;
  grpc::Status Timeline(grpc::ServerContext* context, const v1::TimelineRequest* request,
                        v1::TimelineResponse* response) override;
  grpc::Status GetArticle(grpc::ServerContext* context, const v1::GetArticleRequest* request,
                          v1::StoredArticle* response) override;
  grpc::Status GetIndexStatus(grpc::ServerContext* context, const v1::GetIndexStatusRequest* request,
                              v1::IndexStatus* response) override;
  // Streams the segments of one reader's view (core/index/index_seed.h);
  // the reader goes back to the pool at once, the view's segments stay
  // mapped until the stream ends.
  grpc::Status GetIndexSnapshot(grpc::ServerContext* context, const v1::GetIndexSnapshotRequest* request,
                                grpc::ServerWriter<v1::IndexSnapshotChunk>* writer) override;

 private:
  // Waits until `min_sequence` is applied. DEADLINE_EXCEEDED when the client's
  // deadline passes first, UNAVAILABLE when the server's own cap does.
  absl::Status AwaitSequence(const grpc::ServerContext& context, int64_t min_sequence) const;

  index::ReaderPool* readers_;
  const SequenceWatch* applied_;
  const feed::Follower* follower_;
  const feed::ChangeApplier* applier_;
  const QueryServiceOptions options_;
};

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_QUERY_SERVICE_IMPL_H_
