// chronicle.v1.IngestService: thin gRPC adapters over the analyzer, the article
// writer, the store and the feed publisher.
#ifndef CHRONICLE_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_
#define CHRONICLE_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_

#include "absl/time/time.h"
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "core/analysis/article_analyzer.h"
#include "core/feed/publisher.h"
#include "core/ingest/article_writer.h"
#include "core/store/article_store.h"

namespace chronicle::ingest_service {

struct IngestServiceOptions {
  // Responses a bidirectional stream may owe before it stops reading.
  int stream_window = 128;
};

class IngestServiceImpl final : public v1::IngestService::Service {
 public:
  // Everything passed in must outlive the service.
  IngestServiceImpl(const analysis::ArticleAnalyzer* analyzer, ingest::ArticleWriter* writer,
                    const store::ArticleStore* store, const feed::Publisher* feed,
                    IngestServiceOptions options);

  grpc::Status IngestArticle(grpc::ServerContext* context, const v1::IngestArticleRequest* request,
                             v1::IngestArticleResponse* response) override;
  grpc::Status IngestArticles(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::IngestArticleResponse, v1::IngestArticleRequest>* stream) override;
  grpc::Status AnalyzeArticle(grpc::ServerContext* context, const v1::AnalyzeArticleRequest* request,
                              v1::AnalyzeArticleResponse* response) override;
  grpc::Status DeleteArticle(grpc::ServerContext* context, const v1::DeleteArticleRequest* request,
                             v1::DeleteArticleResponse* response) override;
  grpc::Status WatchChanges(grpc::ServerContext* context, const v1::WatchChangesRequest* request,
                            grpc::ServerWriter<v1::WatchChangesResponse>* writer) override;
  grpc::Status GetStoredArticle(grpc::ServerContext* context,
                                const v1::GetStoredArticleRequest* request,
                                v1::StoredArticle* response) override;

 private:
  // Checks and analyses one article into what the writer stores.
  absl::StatusOr<v1::StoredArticle> Analyze(const v1::IngestArticleRequest& request,
                                            v1::ArticleSummary* summary) const;

  const analysis::ArticleAnalyzer* analyzer_;
  ingest::ArticleWriter* writer_;
  const store::ArticleStore* store_;
  const feed::Publisher* feed_;
  const IngestServiceOptions options_;
};

}  // namespace chronicle::ingest_service

#endif  // CHRONICLE_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_
