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

grpc::Status QueryServiceImpl::GetIndexSnapshot(grpc::ServerContext* context,
                                                const v1::GetIndexSnapshotRequest* request,
                                                grpc::ServerWriter<v1::IndexSnapshotChunk>* writer) {
  std::shared_ptr<const index::segment::IndexSnapshot> articles;
  std::shared_ptr<const index::segment::IndexSnapshot> duplicates;
  {
    absl::StatusOr<index::ReaderPool::Lease> reader = readers_->Acquire(DeadlineOf(*context));
    if (!reader.ok()) return ToGrpcStatus(reader.status());
    articles = (*reader)->articles_snapshot();
    duplicates = (*reader)->duplicates_snapshot();
  }
  // Chunks well under gRPC's 4 MiB default message limit.
  constexpr size_t kChunkBytes = size_t{1} << 20;
  int64_t total = 0;
  for (const auto* snapshot : {duplicates.get(), articles.get()}) {
    for (const index::segment::IndexSnapshot::Part& part : snapshot->segments()) {
      total += static_cast<int64_t>(part.segment->bytes().size());
    }
  }
  bool first = true;
  for (const auto& [snapshot, which] :
       {std::pair{duplicates.get(), v1::IndexSnapshotChunk::DUPLICATES},
        std::pair{articles.get(), v1::IndexSnapshotChunk::ARTICLES}}) {
    for (const index::segment::IndexSnapshot::Part& part : snapshot->segments()) {
      absl::string_view bytes = part.segment->bytes();
      do {
        v1::IndexSnapshotChunk chunk;
        chunk.set_part(which);
        if (first) chunk.set_total_bytes(total);
        first = false;
        const size_t size = std::min(bytes.size(), kChunkBytes);
        chunk.set_data(std::string(bytes.substr(0, size)));
        bytes.remove_prefix(size);
        if (bytes.empty()) {
          chunk.set_segment_end(true);
          if (!part.deletions->empty()) chunk.set_deletions(part.deletions->Serialize());
        }
        if (context->IsCancelled() || !writer->Write(chunk)) {
          return grpc::Status(grpc::StatusCode::CANCELLED, "the snapshot's reader went away");
        }
      } while (!bytes.empty());
    }
    v1::IndexSnapshotChunk end;
    end.set_part(which);
    if (first) end.set_total_bytes(total);
    first = false;
    end.set_part_end(true);
    end.set_applied_sequence(snapshot->applied_sequence());
    if (!writer->Write(end)) return grpc::Status(grpc::StatusCode::CANCELLED, "the snapshot's reader went away");
  }
  return grpc::Status::OK;
}

}  // namespace chronicle::query_service
