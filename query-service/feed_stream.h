// The feed follower's transport: WatchChanges calls to the ingest service.
#ifndef CHRONICLE_QUERY_SERVICE_FEED_STREAM_H_
#define CHRONICLE_QUERY_SERVICE_FEED_STREAM_H_

#include <memory>
#include <string>

#include "core/feed/follower.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::query_service {

struct FeedChannelOptions {
  std::string ingest_address;
  // TLS to the ingest service (null = plaintext), and the name its
  // certificate is checked against ("" = the host in ingest_address).
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string tls_server_name;
  // Sent as `authorization` metadata on each feed call when not empty.
  std::string authorization;
};

// A channel to options.ingest_address with the options' TLS (also used for
// another query replica: chronicle-query --seed_from).
std::shared_ptr<grpc::Channel> ClientChannel(const FeedChannelOptions& options);

// Opens WatchChanges calls over one channel, kept for the factory's lifetime.
feed::FeedStreamFactory GrpcFeedStreams(const FeedChannelOptions& options);

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_FEED_STREAM_H_
