#include "query-service/feed_stream.h"

#include <utility>

#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "core/server/grpc_status.h"

namespace chronicle::query_service {

std::shared_ptr<grpc::Channel> ClientChannel(const FeedChannelOptions& options) {
  grpc::ChannelArguments args;
  // A feed message carries whole analysed articles.
  args.SetMaxReceiveMessageSize(256 << 20);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (!options.tls_server_name.empty()) args.SetSslTargetNameOverride(options.tls_server_name);
  return grpc::CreateCustomChannel(
      options.ingest_address,
      options.credentials != nullptr ? options.credentials : grpc::InsecureChannelCredentials(), args);
}

namespace {

// The call starts at the first Read, so that Cancel (which only needs the
// context) can interrupt connecting too.
class GrpcFeedStream final : public feed::FeedStream {
 public:
  GrpcFeedStream(std::shared_ptr<v1::IngestService::Stub> stub, v1::WatchChangesRequest request,
                 const std::string& authorization)
      : stub_(std::move(stub)), request_(std::move(request)) {
    if (!authorization.empty()) context_.AddMetadata("authorization", authorization);
  }

  bool Read(v1::WatchChangesResponse* message) override {
    if (reader_ == nullptr) reader_ = stub_->WatchChanges(&context_, request_);
    return reader_->Read(message);
  }
  void Cancel() override { context_.TryCancel(); }
  absl::Status Finish() override {
    if (reader_ == nullptr) return absl::CancelledError("the feed call never started");
    return server::FromGrpcStatus(reader_->Finish());
  }

 private:
  const std::shared_ptr<v1::IngestService::Stub> stub_;
  const v1::WatchChangesRequest request_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchChangesResponse>> reader_;
};

}  // namespace

feed::FeedStreamFactory GrpcFeedStreams(const FeedChannelOptions& options) {
  std::shared_ptr<v1::IngestService::Stub> stub = v1::IngestService::NewStub(ClientChannel(options));
  return [stub, authorization = options.authorization](const v1::WatchChangesRequest& request) {
    return std::make_unique<GrpcFeedStream>(stub, request, authorization);
  };
}

}  // namespace chronicle::query_service
