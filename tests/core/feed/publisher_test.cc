#include "core/feed/publisher.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::feed {
namespace {

using ::testing::IsEmpty;

// Changes held in memory; only the feed's reads are implemented.
class FakeStore final : public store::ArticleStore {
 public:
  void Append(const std::string& article_id, size_t body_bytes = 0) {
    v1::Change change;
    change.set_sequence(static_cast<int64_t>(changes_.size()) + 1);
    change.set_kind(v1::Change::UPSERT);
    change.set_article_id(article_id);
    change.mutable_article()->mutable_article()->set_id(std::string(body_bytes, 'x'));
    changes_.push_back(change);
  }
  void FailReads(absl::Status status) { read_error_ = std::move(status); }

  absl::StatusOr<std::unique_ptr<store::WriteTransaction>> BeginWrite() override {
    return absl::UnimplementedError("the feed never writes");
  }
  absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(absl::string_view) const override {
    return absl::UnimplementedError("the feed never reads articles");
  }
  absl::StatusOr<std::vector<v1::Change>> ReadChanges(int64_t after_sequence, int max_changes) const override {
    if (!read_error_.ok()) return read_error_;
    std::vector<v1::Change> out;
    for (const v1::Change& change : changes_) {
      if (change.sequence() > after_sequence && static_cast<int>(out.size()) < max_changes) out.push_back(change);
    }
    return out;
  }
  int64_t LastSequence() const override { return static_cast<int64_t>(changes_.size()); }
  absl::StatusOr<store::StoreStats> Stats() const override { return store::StoreStats{}; }

 private:
  std::vector<v1::Change> changes_;
  absl::Status read_error_;
};

// Records every message; `on_write` decides whether the follower stays.
class RecordingSink final : public FeedSink {
 public:
  bool Write(const v1::WatchChangesResponse& message) override {
    messages.push_back(message);
    return on_write ? on_write(message) : true;
  }
  bool Cancelled() const override { return cancelled; }

  std::vector<v1::WatchChangesResponse> messages;
  std::function<bool(const v1::WatchChangesResponse&)> on_write;
  bool cancelled = false;
};

// "2,3|4|" for a message with changes 2 and 3, one with 4, and an empty one.
std::string Shape(const std::vector<v1::WatchChangesResponse>& messages) {
  std::string shape;
  for (const v1::WatchChangesResponse& message : messages) {
    for (int i = 0; i < message.changes_size(); ++i) {
      absl::StrAppend(&shape, i > 0 ? "," : "", message.changes(i).sequence());
    }
    absl::StrAppend(&shape, message.caught_up() ? "*" : "", "|");
  }
  return shape;
}

v1::WatchChangesRequest After(int64_t sequence, int max_batch_size = 0) {
  v1::WatchChangesRequest request;
  request.set_after_sequence(sequence);
  request.set_max_batch_size(max_batch_size);
  return request;
}

class PublisherTest : public ::testing::Test {
 protected:
  void AppendAndPublish(const std::string& article_id) {
    store_.Append(article_id);
    committed_.Publish(store_.LastSequence());
  }

  // Ends the feed after `count` messages.
  static std::function<bool(const v1::WatchChangesResponse&)> StopAfter(RecordingSink* sink, size_t count) {
    return [sink, count](const v1::WatchChangesResponse&) { return sink->messages.size() < count; };
  }

  FakeStore store_;
  SequenceWatch committed_;
  PublisherOptions options_{.heartbeat = absl::Milliseconds(1), .max_batch = 2};
};

TEST_F(PublisherTest, SendsChangesInOrderInBatchesThenSaysCaughtUp) {
  for (int i = 0; i < 5; ++i) AppendAndPublish(absl::StrCat("a", i));
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = StopAfter(&sink, 3);
  ASSERT_TRUE(publisher.Publish(After(0), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "1,2|3,4|5*|");
  for (const v1::WatchChangesResponse& message : sink.messages) EXPECT_EQ(message.head_sequence(), 5);
  EXPECT_EQ(sink.messages[0].changes(1).article_id(), "a1");
}

TEST_F(PublisherTest, ResumesAfterTheFollowersSequenceAndHonoursASmallerBatch) {
  for (int i = 0; i < 5; ++i) AppendAndPublish(absl::StrCat("a", i));
  options_.max_batch = 10;
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = StopAfter(&sink, 2);
  ASSERT_TRUE(publisher.Publish(After(2, /*max_batch_size=*/1), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "3|4|");
}

TEST_F(PublisherTest, AFollowerAtTheHeadGetsACaughtUpMarkerThenHeartbeats) {
  AppendAndPublish("a");
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = StopAfter(&sink, 3);
  ASSERT_TRUE(publisher.Publish(After(1), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "*|*|*|");
  for (const v1::WatchChangesResponse& message : sink.messages) {
    EXPECT_THAT(message.changes(), IsEmpty());
    EXPECT_EQ(message.head_sequence(), 1);
  }
}

TEST_F(PublisherTest, ChangesCommittedWhileWaitingAreSentLive) {
  options_.heartbeat = absl::Hours(1);  // only a new commit can end a wait
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  // Each caught-up message commits one more change, three in all: the wait
  // that follows ends with it, not with a heartbeat.
  sink.on_write = [this, &sink](const v1::WatchChangesResponse& message) {
    if (message.caught_up() && store_.LastSequence() < 3) {
      AppendAndPublish(absl::StrCat("live", store_.LastSequence() + 1));
    }
    return sink.messages.size() < 4;
  };
  ASSERT_TRUE(publisher.Publish(After(0), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "*|1*|2*|3*|");
  EXPECT_EQ(sink.messages[3].changes(0).article_id(), "live3");
}

TEST_F(PublisherTest, CutsMessagesBySizeButAlwaysSendsOneChange) {
  store_.Append("big", 1000);
  store_.Append("small");
  store_.Append("small too");
  store_.Append("big too", 1000);
  committed_.Publish(4);
  options_.max_batch = 10;
  options_.max_message_bytes = 500;
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = StopAfter(&sink, 3);
  ASSERT_TRUE(publisher.Publish(After(0), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "1|2,3|4*|");
}

TEST_F(PublisherTest, EndsWhenTheFollowerCancels) {
  AppendAndPublish("a");
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = [&sink](const v1::WatchChangesResponse& message) {
    sink.cancelled = message.caught_up();
    return true;
  };
  ASSERT_TRUE(publisher.Publish(After(0), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "1*|");
}

TEST_F(PublisherTest, EndsWhenTheWatchIsClosedAtShutdown) {
  options_.heartbeat = absl::Hours(1);  // a wait only Close can end
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  sink.on_write = [this](const v1::WatchChangesResponse&) {
    committed_.Close();
    return true;
  };
  ASSERT_TRUE(publisher.Publish(After(0), &sink).ok());
  EXPECT_EQ(Shape(sink.messages), "*|");
}

TEST_F(PublisherTest, RefusesNegativeArgumentsAndReportsStoreErrors) {
  Publisher publisher(&store_, &committed_, options_);
  RecordingSink sink;
  EXPECT_EQ(publisher.Publish(After(-1), &sink).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(publisher.Publish(After(0, -1), &sink).code(), absl::StatusCode::kInvalidArgument);
  AppendAndPublish("a");
  store_.FailReads(absl::DataLossError("disk"));
  EXPECT_EQ(publisher.Publish(After(0), &sink).code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(sink.messages, IsEmpty());
}

}  // namespace
}  // namespace chronicle::feed
