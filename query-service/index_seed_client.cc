#include "query-service/index_seed_client.h"

#include <chrono>
#include <memory>

#include "chronicle/v1/query_service.grpc.pb.h"
#include "core/common/status_macros.h"
#include "core/index/index_seed.h"
#include "core/server/grpc_status.h"

namespace chronicle::query_service {

absl::StatusOr<int64_t> SeedIndexFromPeer(const FeedChannelOptions& peer, const std::string& index_path) {
  ASSIGN_OR_RETURN(std::unique_ptr<index::IndexSeeder> seeder, index::IndexSeeder::Start(index_path));
  std::unique_ptr<v1::QueryService::Stub> stub = v1::QueryService::NewStub(ClientChannel(peer));
  grpc::ClientContext context;
  // Generous: a million articles are gigabytes; a peer that stops sending
  // must not hold the start-up forever.
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  if (!peer.authorization.empty()) context.AddMetadata("authorization", peer.authorization);
  std::unique_ptr<grpc::ClientReader<v1::IndexSnapshotChunk>> stream =
      stub->GetIndexSnapshot(&context, v1::GetIndexSnapshotRequest());
  auto copy = [&]() -> absl::Status {
    v1::IndexSnapshotChunk chunk;
    while (stream->Read(&chunk)) {
      const index::IndexPart part = chunk.part() == v1::IndexSnapshotChunk::DUPLICATES ? index::IndexPart::kDuplicates
                                                                                        : index::IndexPart::kArticles;
      if (!chunk.data().empty()) RETURN_IF_ERROR(seeder->Append(part, chunk.data()));
      if (chunk.segment_end()) RETURN_IF_ERROR(seeder->EndSegment(part, chunk.deletions()));
      if (chunk.part_end()) RETURN_IF_ERROR(seeder->EndPart(part, chunk.applied_sequence()));
    }
    return absl::OkStatus();
  };
  absl::Status copied = copy();
  // A stream left unread must be cancelled before it can be finished.
  if (!copied.ok()) context.TryCancel();
  const grpc::Status finished = stream->Finish();
  RETURN_IF_ERROR(copied);
  RETURN_IF_ERROR(server::FromGrpcStatus(finished));
  RETURN_IF_ERROR(seeder->Finish());
  return seeder->bytes_received();
}

}  // namespace chronicle::query_service
