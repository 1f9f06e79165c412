#include "tests/integration/cluster.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"

namespace chronicle::testing {

Cluster::Cluster() : root_(FreshTestDir("cluster")), ingest_dir_(root_ + "/ingest") {}

Cluster::~Cluster() {
  // The processes first: a service still running would write into what is
  // being removed.
  queries_.clear();
  ingest_.reset();
  RemoveTestDirUnlessFailed(root_);
}

std::string Cluster::query_dir(int replica) const { return absl::StrCat(root_, "/query-", replica); }

std::string Cluster::log_path(const std::string& name) const { return absl::StrCat(root_, "/", name, ".log"); }

absl::Status Cluster::StartIngest(const std::vector<std::string>& extra_args) {
  ingest_.reset();
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--data_dir=" + ingest_dir_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  ASSIGN_OR_RETURN(ingest_, ServiceProcess::Start(IngestBinary(), args, log_path("ingest")));
  return ingest_->WaitServing();
}

absl::Status Cluster::RestartIngestOnSamePort(const std::vector<std::string>& extra_args) {
  const std::string address = ingest_->address();
  ingest_.reset();  // kills it if it still runs
  std::vector<std::string> args = {"--listen=" + address, "--data_dir=" + ingest_dir_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  ASSIGN_OR_RETURN(ingest_, ServiceProcess::Start(IngestBinary(), args, log_path("ingest")));
  return ingest_->WaitServing();
}

absl::Status Cluster::StartQuery(int replica, const std::vector<std::string>& extra_args) {
  queries_[replica].reset();
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--data_dir=" + query_dir(replica),
                                   "--ingest_address=" + ingest_->address()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  ASSIGN_OR_RETURN(queries_[replica], ServiceProcess::Start(QueryBinary(), args,
                                                            log_path(absl::StrCat("query-", replica))));
  return queries_[replica]->WaitServing();
}

std::unique_ptr<v1::IngestService::Stub> Cluster::IngestStub() const {
  return v1::IngestService::NewStub(ingest_->channel());
}

std::unique_ptr<v1::QueryService::Stub> Cluster::QueryStub(int replica) const {
  return v1::QueryService::NewStub(queries_.at(replica)->channel());
}

absl::StatusOr<int64_t> Cluster::Ingest(const v1::RawArticle& article, const std::string& authorization) const {
  v1::IngestArticleRequest request;
  *request.mutable_article() = article;
  grpc::ClientContext context;
  SetTestDeadline(context);
  if (!authorization.empty()) context.AddMetadata("authorization", authorization);
  v1::IngestArticleResponse response;
  const grpc::Status status = IngestStub()->IngestArticle(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(article.id(), ": ", status.error_message()));
  }
  return response.sequence();
}

v1::IngestArticleRequest TextArticle(const std::string& id, const std::string& text,
                                     const std::string& published_at) {
  v1::IngestArticleRequest request;
  request.mutable_article()->set_id(id);
  request.mutable_article()->set_content_type("text/plain");
  request.mutable_article()->set_content(text);
  if (!published_at.empty()) request.mutable_article()->set_published_at(published_at);
  return request;
}

void SetTestDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
}

}  // namespace chronicle::testing
