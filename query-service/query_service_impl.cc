#include "query-service/query_service_impl.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/index/schema.h"
#include "core/server/call_context.h"
#include "core/server/grpc_status.h"

namespace chronicle::query_service {
namespace {

using server::DeadlineOf;
using server::ToGrpcStatus;

}  // namespace

QueryServiceImpl::QueryServiceImpl(index::ReaderPool* readers, const SequenceWatch* applied,
                                   const feed::Follower* follower, const feed::ChangeApplier* applier,
                                   QueryServiceOptions options)
    : readers_(readers), applied_(applied), follower_(follower), applier_(applier), options_(std::move(options)) {}

absl::Status QueryServiceImpl::AwaitSequence(const grpc::ServerContext& context,
                                             int64_t min_sequence) const {
  if (min_sequence < 0) return absl::InvalidArgumentError("min_sequence: must not be negative");
  if (min_sequence == 0) return absl::OkStatus();
  const absl::Time client_deadline = DeadlineOf(context);
  const absl::Time cap = absl::Now() + options_.max_min_sequence_wait;
  const absl::Time until = std::min(client_deadline, cap);
  // Short waits, so a client that gives up frees the thread at once.
  constexpr absl::Duration kCancellationCheck = absl::Milliseconds(50);
  int64_t reached = applied_->Get();
  while (reached < min_sequence && absl::Now() < until && !applied_->closed()) {
    if (context.IsCancelled()) return absl::CancelledError("the client cancelled the call");
    reached = applied_->WaitAtLeast(min_sequence, std::min(until, absl::Now() + kCancellationCheck));
  }
  if (reached >= min_sequence) return absl::OkStatus();
  const std::string message =
      absl::StrCat("min_sequence: ", min_sequence, " not applied yet (applied ", reached, ")");
  if (client_deadline <= cap) return absl::DeadlineExceededError(message);
  return absl::UnavailableError(message);
}

grpc::Status QueryServiceImpl::Search(grpc::ServerContext* context, const v1::SearchRequest* request,
                                      v1::SearchResponse* response) {
  if (absl::Status ready = AwaitSequence(*context, request->min_sequence()); !ready.ok()) {
    return ToGrpcStatus(ready);
  }
  absl::StatusOr<index::ReaderPool::Lease> reader = readers_->Acquire(DeadlineOf(*context));
  if (!reader.ok()) return ToGrpcStatus(reader.status());
  absl::StatusOr<v1::SearchResponse> result = (*reader)->Search(*request);
  reader->Report(result.status());
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::Timeline(grpc::ServerContext* context,
                                        const v1::TimelineRequest* request,
                                        v1::TimelineResponse* response) {
  if (absl::Status ready = AwaitSequence(*context, request->min_sequence()); !ready.ok()) {
    return ToGrpcStatus(ready);
  }
  absl::StatusOr<index::ReaderPool::Lease> reader = readers_->Acquire(DeadlineOf(*context));
  if (!reader.ok()) return ToGrpcStatus(reader.status());
  absl::StatusOr<v1::TimelineResponse> result = (*reader)->Timeline(*request);
  reader->Report(result.status());
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetArticle(grpc::ServerContext* context,
                                          const v1::GetArticleRequest* request,
                                          v1::StoredArticle* response) {
  if (request->article_id().empty()) {
    return ToGrpcStatus(absl::InvalidArgumentError("article_id: is required"));
  }
  if (absl::Status ready = AwaitSequence(*context, request->min_sequence()); !ready.ok()) {
    return ToGrpcStatus(ready);
  }
  absl::StatusOr<index::ReaderPool::Lease> reader = readers_->Acquire(DeadlineOf(*context));
  if (!reader.ok()) return ToGrpcStatus(reader.status());
  absl::StatusOr<absl::optional<v1::StoredArticle>> article =
      (*reader)->GetArticle(request->article_id(), request->view());
  reader->Report(article.status());
  if (!article.ok()) return ToGrpcStatus(article.status());
  if (!article->has_value()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("article \"", request->article_id(), "\" not found"));
  }
  *response = **std::move(article);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetIndexStatus(grpc::ServerContext* context,
                                              const v1::GetIndexStatusRequest* request,
                                              v1::IndexStatus* response) {
  absl::StatusOr<index::ReaderPool::Lease> reader = readers_->Acquire(DeadlineOf(*context));
  if (!reader.ok()) return ToGrpcStatus(reader.status());
  response->set_applied_sequence((*reader)->applied_sequence());
  response->set_ingest_head_sequence(follower_->head());
  // Caught up means now, not once: a replica that became ready and then fell
  // behind a burst is not caught up until it has applied the head again.
  response->set_caught_up(follower_->caught_up() && (*reader)->applied_sequence() >= follower_->head());
  response->set_article_count((*reader)->CountDocuments(index::schema::kArticleType));
  response->set_event_count((*reader)->CountDocuments(index::schema::kEventType));
  response->set_index_path(options_.index_path);
  response->set_segment_count((*reader)->segment_count());
  response->set_merging(applier_->merging());
  return grpc::Status::OK;
}

}  // namespace chronicle::query_service
