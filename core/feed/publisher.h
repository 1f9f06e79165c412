// The publishing side of the change feed: reads changes from the article
// store in sequence order and writes them to one follower's stream, then
// follows the store live.
//
// A follower connects with the last sequence it applied and receives every
// later change exactly once, in order, in messages of at most a batch of
// changes and about a size limit. A message with `caught_up` set says that
// everything committed so far has been sent; while nothing new is committed,
// such a message is repeated every heartbeat interval so that the follower
// (and the connection's idle timers) know the feed is alive.
#ifndef CHRONICLE_CORE_FEED_PUBLISHER_H_
#define CHRONICLE_CORE_FEED_PUBLISHER_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/v1/feed.pb.h"
#include "core/common/sequence_watch.h"
#include "core/store/article_store.h"

namespace chronicle::feed {

// Where the publisher writes one follower's messages: the gRPC server stream
// in the ingest service, a recording fake in tests.
class FeedSink {
 public:
  virtual ~FeedSink() = default;

  // Sends one message; false when the follower is gone, which ends the feed.
  virtual bool Write(const v1::WatchChangesResponse& message) = 0;

  // Whether the follower gave up (cancelled the call). Checked between
  // messages and after each wait for new changes.
  virtual bool Cancelled() const = 0;
};

struct PublisherOptions {
  // A feed with nothing new sends a heartbeat this often.
  absl::Duration heartbeat = absl::Seconds(1);
  // Changes per message at most (followers may ask for fewer).
  int max_batch = 256;
  // Messages are cut at about this size so that followers' receive limits
  // hold; a single larger change still goes out alone.
  size_t max_message_bytes = 4 << 20;
};

class Publisher {
 public:
  // `store` and `committed` must outlive the publisher. `committed` carries
  // the store's last committed sequence (the article writer publishes it after
  // each commit); closing it ends every feed.
  Publisher(const store::ArticleStore* store, const SequenceWatch* committed, PublisherOptions options);

  // Streams the changes after `request.after_sequence()` to `sink` until the
  // sink refuses a message or is cancelled, or `committed` is closed; all of
  // these end the feed with OK. Errors: INVALID_ARGUMENT for a negative
  // resume point or batch size, and the store's when it cannot be read.
  // Safe to call from many threads at once, one call per follower.
  absl::Status Publish(const v1::WatchChangesRequest& request, FeedSink* sink) const;

 private:
  // Fills `message` with the next changes after `*after`, advancing it.
  absl::Status NextBatch(int batch_size, int64_t* after, v1::WatchChangesResponse* message) const;

  const store::ArticleStore* store_;
  const SequenceWatch* committed_;
  const PublisherOptions options_;
};

}  // namespace chronicle::feed

#endif  // CHRONICLE_CORE_FEED_PUBLISHER_H_
