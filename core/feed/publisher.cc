#include "core/feed/publisher.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "core/common/status_macros.h"

namespace chronicle::feed {

Publisher::Publisher(const store::ArticleStore* store, const SequenceWatch* committed,
                     PublisherOptions options)
    : store_(store), committed_(committed), options_(options) {}

absl::Status Publisher::NextBatch(int batch_size, int64_t* after, v1::WatchChangesResponse* message) const {
  ASSIGN_OR_RETURN(std::vector<v1::Change> changes, store_->ReadChanges(*after, batch_size));
  size_t bytes = 0;
  for (v1::Change& change : changes) {
    // Always at least one change per message, however large.
    if (message->changes_size() > 0 && bytes + change.ByteSizeLong() > options_.max_message_bytes) break;
    bytes += change.ByteSizeLong();
    *after = change.sequence();
    *message->add_changes() = std::move(change);
  }
  return absl::OkStatus();
}

absl::Status Publisher::Publish(const v1::WatchChangesRequest& request, FeedSink* sink) const {
  if (request.after_sequence() < 0) return absl::InvalidArgumentError("after_sequence: must not be negative");
  if (request.max_batch_size() < 0) return absl::InvalidArgumentError("max_batch_size: must not be negative");
  const int batch_size = request.max_batch_size() == 0 ? options_.max_batch
                                                       : std::min(request.max_batch_size(), options_.max_batch);
  int64_t after = request.after_sequence();
  bool announced_caught_up = false;
  while (!sink->Cancelled() && !committed_->closed()) {
    const int64_t head = store_->LastSequence();
    v1::WatchChangesResponse message;
    message.set_head_sequence(head);
    if (after < head) {
      RETURN_IF_ERROR(NextBatch(batch_size, &after, &message));
      message.set_caught_up(after >= head);
      announced_caught_up = message.caught_up();
      if (!sink->Write(message)) return absl::OkStatus();
      continue;
    }
    if (!announced_caught_up) {
      // Tell the follower it has everything, so it can commit and report ready.
      message.set_caught_up(true);
      if (!sink->Write(message)) return absl::OkStatus();
      announced_caught_up = true;
    }
    const int64_t reached = committed_->WaitAtLeast(after + 1, absl::Now() + options_.heartbeat);
    if (reached <= after && !committed_->closed() && !sink->Cancelled()) {
      // Nothing committed here; a store other ingest replicas write to may
      // have changes of theirs, which are sent on the next turn.
      ASSIGN_OR_RETURN(const int64_t stored, store_->ReadLastSequence());
      if (stored > after) continue;
      message.set_head_sequence(stored);
      message.set_caught_up(true);
      if (!sink->Write(message)) return absl::OkStatus();  // heartbeat
    }
  }
  return absl::OkStatus();
}

}  // namespace chronicle::feed
