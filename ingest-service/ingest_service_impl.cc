#include "ingest-service/ingest_service_impl.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/ingest/stream_answers.h"
#include "core/server/call_context.h"
#include "core/server/grpc_status.h"

namespace chronicle::ingest_service {
namespace {

using server::DeadlineOf;
using server::ToGrpcStatus;

v1::ArticleSummary SummaryOf(const v1::Article& article) {
  v1::ArticleSummary summary;
  summary.set_title(article.metadata().title());
  summary.set_source(article.metadata().source());
  if (article.metadata().has_published()) *summary.mutable_published() = article.metadata().published();
  return summary;
}

// The feed publisher's view of one WatchChanges call.
class ServerStreamSink final : public feed::FeedSink {
 public:
  ServerStreamSink(grpc::ServerContext* context, grpc::ServerWriter<v1::WatchChangesResponse>* writer)
      : context_(context), writer_(writer) {}

  bool Write(const v1::WatchChangesResponse& message) override { return writer_->Write(message); }
  bool Cancelled() const override { return context_->IsCancelled(); }

 private:
  grpc::ServerContext* context_;
  grpc::ServerWriter<v1::WatchChangesResponse>* writer_;
};

}  // namespace

IngestServiceImpl::IngestServiceImpl(const analysis::ArticleAnalyzer* analyzer,
                                     ingest::ArticleWriter* writer, const store::ArticleStore* store,
                                     const feed::Publisher* feed, IngestServiceOptions options)
    : analyzer_(analyzer),
      writer_(writer),
      store_(store),
      feed_(feed),
      options_(std::move(options)) {}

absl::StatusOr<v1::StoredArticle> IngestServiceImpl::Analyze(const v1::IngestArticleRequest& request,
                                                            v1::ArticleSummary* summary) const {
  if (!request.has_article()) return absl::InvalidArgumentError("article: is required");
  absl::StatusOr<v1::Article> article = analyzer_->Analyze(request.article());
  if (!article.ok()) return analysis::WithFieldPath(article.status(), "article.");
  *summary = SummaryOf(*article);
  v1::StoredArticle stored;
  *stored.mutable_article() = *std::move(article);
  stored.set_content_type(request.article().content_type());
  return stored;
}

grpc::Status IngestServiceImpl::IngestArticle(grpc::ServerContext* context,
                                              const v1::IngestArticleRequest* request,
                                              v1::IngestArticleResponse* response) {
  // A full queue is answered at once: the client backs off, the server keeps
  // no unbounded backlog.
  absl::StatusOr<v1::StoredArticle> stored = Analyze(*request, response->mutable_summary());
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  absl::StatusOr<std::shared_ptr<ingest::PendingWrite>> pending =
      writer_->SubmitUpsert(*std::move(stored), request->article(), absl::InfinitePast());
  if (!pending.ok()) return ToGrpcStatus(pending.status());
  if (!(*pending)->WaitUntil(DeadlineOf(*context))) {
    // The write stays queued and will land; a retry will find it UNCHANGED.
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "deadline passed before the article was committed; retry to learn its outcome");
  }
  const absl::StatusOr<ingest::WriteOutcome>& outcome = (*pending)->Wait();
  if (!outcome.ok()) return ToGrpcStatus(outcome.status());
  ingest::FillResponse(*outcome, response);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestArticles(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestArticleResponse, v1::IngestArticleRequest>* stream) {
  // Answers are written in order by StreamAnswers' thread as commits land,
  // while this one reads and analyses the next articles.
  ingest::StreamAnswers answers(options_.stream_window,
                                [stream](const v1::IngestArticleResponse& response) { return stream->Write(response); });
  v1::IngestArticleRequest request;
  while (stream->Read(&request)) {
    ingest::StreamedWrite write;
    absl::StatusOr<std::shared_ptr<ingest::PendingWrite>> pending;
    absl::StatusOr<v1::StoredArticle> stored = Analyze(request, write.response.mutable_summary());
    if (stored.ok()) {
      // A full queue slows the stream down instead of failing it; the article
      // is analysed once, and cancellation is checked between short waits.
      do {
        pending = writer_->SubmitUpsert(*stored, request.article(), absl::Now() + absl::Milliseconds(100));
      } while (pending.status().code() == absl::StatusCode::kResourceExhausted && !context->IsCancelled());
    } else {
      pending = stored.status();
    }
    if (pending.ok()) {
      write.pending = *std::move(pending);
    } else {
      ingest::FillRejection(pending.status(), &write.response);
    }
    if (!answers.Push(std::move(write))) break;
  }
  const bool answered = answers.Finish();
  if (!answered || context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::AnalyzeArticle(grpc::ServerContext* context,
                                               const v1::AnalyzeArticleRequest* request,
                                               v1::AnalyzeArticleResponse* response) {
  if (!request->has_article()) {
    return ToGrpcStatus(absl::InvalidArgumentError("article: is required"));
  }
  absl::StatusOr<v1::Article> article = analyzer_->Analyze(request->article());
  if (!article.ok()) return ToGrpcStatus(analysis::WithFieldPath(article.status(), "article."));
  *response->mutable_article() = *std::move(article);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::DeleteArticle(grpc::ServerContext* context,
                                              const v1::DeleteArticleRequest* request,
                                              v1::DeleteArticleResponse* response) {
  if (request->article_id().empty()) {
    return ToGrpcStatus(absl::InvalidArgumentError("article_id: is required"));
  }
  absl::StatusOr<std::shared_ptr<ingest::PendingWrite>> pending =
      writer_->SubmitDelete(request->article_id(), absl::InfinitePast());
  if (!pending.ok()) return ToGrpcStatus(pending.status());
  if (!(*pending)->WaitUntil(DeadlineOf(*context))) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "deadline passed before the deletion was committed");
  }
  const absl::StatusOr<ingest::WriteOutcome>& outcome = (*pending)->Wait();
  if (!outcome.ok()) return ToGrpcStatus(outcome.status());
  response->set_sequence(outcome->sequence);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::WatchChanges(grpc::ServerContext* context,
                                             const v1::WatchChangesRequest* request,
                                             grpc::ServerWriter<v1::WatchChangesResponse>* writer) {
  ServerStreamSink sink(context, writer);
  return ToGrpcStatus(feed_->Publish(*request, &sink));
}

grpc::Status IngestServiceImpl::GetStoredArticle(grpc::ServerContext* context,
                                                 const v1::GetStoredArticleRequest* request,
                                                 v1::StoredArticle* response) {
  if (request->article_id().empty()) {
    return ToGrpcStatus(absl::InvalidArgumentError("article_id: is required"));
  }
  absl::StatusOr<absl::optional<v1::StoredArticle>> stored = store_->GetArticle(request->article_id());
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  if (!stored->has_value()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("article \"", request->article_id(), "\" not found"));
  }
  *response = **std::move(stored);
  return grpc::Status::OK;
}

}  // namespace chronicle::ingest_service
