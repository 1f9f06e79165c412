#include "core/feed/follower.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/common/condition_wait.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::feed {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Counts named events across threads, so that a test waits for what it
// expects instead of sleeping. The deadline only turns a hang into a failure.
class Events {
 public:
  void Add(const std::string& name) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++counts_[name];
    }
    changed_.notify_all();
  }
  bool WaitFor(const std::string& name, int count = 1) {
    std::unique_lock<std::mutex> lock(mutex_);
    return WaitUntil(changed_, lock, absl::Now() + absl::Seconds(30), [&] { return counts_[name] >= count; });
  }
  int Count(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_[name];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> counts_;
};

v1::WatchChangesResponse Message(std::vector<int64_t> sequences, int64_t head, bool caught_up) {
  v1::WatchChangesResponse message;
  for (int64_t sequence : sequences) message.add_changes()->set_sequence(sequence);
  message.set_head_sequence(head);
  message.set_caught_up(caught_up);
  return message;
}

// What one call delivers: messages, then the end (`ending`), or, when
// `stays_open`, a live stream that waits until cancelled.
struct Script {
  std::vector<v1::WatchChangesResponse> messages = {};
  absl::Status ending = absl::OkStatus();
  bool stays_open = false;
};

class FakeStream final : public FeedStream {
 public:
  FakeStream(Script script, Events* events) : script_(std::move(script)), events_(events) {}

  bool Read(v1::WatchChangesResponse* message) override {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cancelled_ && next_ < script_.messages.size()) {
      *message = script_.messages[next_++];
      return true;
    }
    if (script_.stays_open) cancelled_changed_.wait(lock, [this] { return cancelled_; });
    return false;
  }
  void Cancel() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
    }
    cancelled_changed_.notify_all();
    events_->Add("cancel");
  }
  absl::Status Finish() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return cancelled_ ? absl::CancelledError("cancelled") : script_.ending;
  }

 private:
  const Script script_;
  Events* events_;
  std::mutex mutex_;
  std::condition_variable cancelled_changed_;
  size_t next_ = 0;  // guarded by mutex_
  bool cancelled_ = false;  // guarded by mutex_
};

// Hands out one script per call, then live streams with nothing to say, and
// records where each call asked to resume.
class FakeFeed {
 public:
  explicit FakeFeed(std::vector<Script> scripts) : scripts_(scripts.begin(), scripts.end()) {}

  FeedStreamFactory Factory() {
    return [this](const v1::WatchChangesRequest& request) {
      Script script{.stays_open = true};
      {
        std::lock_guard<std::mutex> lock(mutex_);
        resumed_after_.push_back(request.after_sequence());
        if (!scripts_.empty()) {
          script = std::move(scripts_.front());
          scripts_.pop_front();
        }
      }
      events.Add("open");
      return std::make_unique<FakeStream>(std::move(script), &events);
    };
  }
  std::vector<int64_t> resumed_after() {
    std::lock_guard<std::mutex> lock(mutex_);
    return resumed_after_;
  }

  Events events;

 private:
  std::mutex mutex_;
  std::deque<Script> scripts_;  // guarded by mutex_
  std::vector<int64_t> resumed_after_;  // guarded by mutex_
};

// Applies into a list and commits on caught-up messages and on Flush, like
// the index does when it is quiet. Used only on the follower's thread; the
// test reads it after Stop has joined that thread.
class FakeApplier final : public Applier {
 public:
  explicit FakeApplier(int64_t committed = 0) : committed_(committed) {}

  int64_t resume_after() const override { return committed_; }
  absl::Status Apply(v1::WatchChangesResponse message, absl::Time) override {
    if (broken_) return absl::FailedPreconditionError("broken");
    for (const v1::Change& change : message.changes()) {
      if (change.sequence() == fail_at) {
        fail_at = -1;  // once: the retry succeeds
        broken_ = true;
        return absl::ResourceExhaustedError("disk full");
      }
      pending_.push_back(change.sequence());
    }
    if (message.caught_up()) return Flush();
    return absl::OkStatus();
  }
  absl::Status Flush() override {
    if (broken_) return absl::FailedPreconditionError("broken");
    ++flushes;
    if (pending_.empty()) return absl::OkStatus();
    applied.insert(applied.end(), pending_.begin(), pending_.end());
    committed_ = pending_.back();
    pending_.clear();
    return absl::OkStatus();
  }
  bool needs_recovery() const override { return broken_; }
  absl::Status Recover() override {
    ++recoveries;
    if (!recover_result.ok()) return recover_result;
    pending_.clear();
    broken_ = false;
    return absl::OkStatus();
  }

  int64_t fail_at = -1;
  absl::Status recover_result;
  std::vector<int64_t> applied;  // committed changes, in order
  int flushes = 0;
  int recoveries = 0;

 private:
  int64_t committed_;
  std::vector<int64_t> pending_;
  bool broken_ = false;
};

class FollowerTest : public ::testing::Test {
 protected:
  FollowerOptions Options() {
    FollowerOptions options;
    options.source = "fake";
    options.initial_backoff = absl::Milliseconds(1);
    options.max_backoff = absl::Milliseconds(2);
    options.on_applied = [this](int) { events_.Add("applied"); };
    options.on_caught_up = [this] { events_.Add("caught_up"); };
    options.on_index_failed = [this](const absl::Status&) { events_.Add("index_failed"); };
    options.on_index_unusable = [this](const absl::Status&) { events_.Add("index_unusable"); };
    return options;
  }

  Events events_;
};

TEST_F(FollowerTest, AppliesMessagesInOrderAndSaysWhenCaughtUp) {
  FakeFeed feed({{.messages = {Message({1, 2}, 3, false), Message({3}, 3, true)}, .stays_open = true}});
  FakeApplier applier;
  Follower follower(&applier, feed.Factory(), Options());
  EXPECT_FALSE(follower.caught_up());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("caught_up"));
  EXPECT_TRUE(follower.caught_up());
  EXPECT_EQ(follower.head(), 3);
  follower.Stop();
  EXPECT_THAT(applier.applied, ElementsAre(1, 2, 3));
  EXPECT_THAT(feed.resumed_after(), ElementsAre(0));
  EXPECT_EQ(events_.Count("applied"), 2);
}

TEST_F(FollowerTest, HeartbeatsKeepTheHeadCurrentAndCaughtUpIsReportedOnce) {
  FakeFeed feed({{.messages = {Message({}, 5, true), Message({}, 5, true), Message({}, 5, true)},
                  .stays_open = true}});
  FakeApplier applier(/*committed=*/5);
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("applied", 3));
  follower.Stop();
  EXPECT_EQ(follower.head(), 5);
  EXPECT_EQ(events_.Count("caught_up"), 1);
  EXPECT_THAT(applier.applied, IsEmpty());
  EXPECT_THAT(feed.resumed_after(), ElementsAre(5));
}

TEST_F(FollowerTest, NotCaughtUpUntilEverythingUpToTheHeadIsApplied) {
  // The marker says the feed sent all it had, but the replica is behind it.
  FakeFeed feed({{.messages = {Message({1}, 2, true)}, .ending = absl::UnavailableError("cut")},
                 {.messages = {Message({2}, 2, true)}, .stays_open = true}});
  FakeApplier applier;
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("caught_up"));
  follower.Stop();
  EXPECT_EQ(events_.Count("applied"), 2);
  EXPECT_THAT(feed.resumed_after(), ElementsAre(0, 1));
}

TEST_F(FollowerTest, ResumesFromTheCommittedSequenceAfterTheStreamEnds) {
  // The first stream is cut while the replica is behind: what it applied is
  // committed on disconnect, and the next call resumes right after it.
  FakeFeed feed({{.messages = {Message({8, 9}, 12, false), Message({10}, 12, false)},
                  .ending = absl::UnavailableError("connection reset")},
                 {.messages = {Message({11, 12}, 12, true)}, .stays_open = true}});
  FakeApplier applier(/*committed=*/7);
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("caught_up"));
  follower.Stop();
  EXPECT_THAT(feed.resumed_after(), ElementsAre(7, 10));
  EXPECT_THAT(applier.applied, ElementsAre(8, 9, 10, 11, 12));
}

TEST_F(FollowerTest, ReconnectsAfterFailedCallsUntilOneSucceeds) {
  FakeFeed feed({{.ending = absl::UnavailableError("refused")},
                 {.ending = absl::UnavailableError("refused")},
                 {.messages = {Message({1}, 1, true)}, .stays_open = true}});
  FakeApplier applier;
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("caught_up"));
  follower.Stop();
  EXPECT_THAT(feed.resumed_after(), ElementsAre(0, 0, 0));
  EXPECT_THAT(applier.applied, ElementsAre(1));
}

TEST_F(FollowerTest, StopCancelsALiveStreamAndCommitsWhatWasApplied) {
  FakeFeed feed({{.messages = {Message({1, 2}, 5, false)}, .stays_open = true}});
  FakeApplier applier;
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("applied"));
  follower.Stop();  // returns only because the blocked Read was cancelled
  EXPECT_EQ(feed.events.Count("cancel"), 1);
  EXPECT_EQ(feed.events.Count("open"), 1);
  EXPECT_THAT(applier.applied, ElementsAre(1, 2));
  EXPECT_FALSE(follower.caught_up());
  follower.Stop();  // idempotent
}

TEST_F(FollowerTest, AFailedApplyIsRecoveredAndFollowedAgainFromTheLastCommit) {
  FakeFeed feed({{.messages = {Message({1}, 1, true), Message({2, 3}, 3, true)}},
                 {.messages = {Message({2, 3}, 3, true)}, .stays_open = true}});
  FakeApplier applier;
  applier.fail_at = 3;
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("caught_up", 2));
  follower.Stop();
  EXPECT_EQ(events_.Count("index_failed"), 1);
  EXPECT_EQ(applier.recoveries, 1);
  EXPECT_EQ(feed.events.Count("cancel"), 2);  // the failed stream, then Stop
  EXPECT_THAT(feed.resumed_after(), ElementsAre(0, 1));
  EXPECT_THAT(applier.applied, ElementsAre(1, 2, 3));
}

TEST_F(FollowerTest, AnApplierThatCannotRecoverEndsTheFollower) {
  FakeFeed feed({{.messages = {Message({1}, 1, false)}}});
  FakeApplier applier;
  applier.fail_at = 1;
  applier.recover_result = absl::DataLossError("went back");
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(events_.WaitFor("index_unusable"));
  follower.Stop();
  EXPECT_EQ(feed.events.Count("open"), 1);
  EXPECT_EQ(events_.Count("index_failed"), 1);
}

TEST_F(FollowerTest, AFeedBehindTheReplicaIsRefusedNotApplied) {
  // The replica was built from another store: nothing may be applied.
  FakeFeed feed({{.messages = {Message({}, 4, true)}, .stays_open = true}});
  FakeApplier applier(/*committed=*/9);
  Follower follower(&applier, feed.Factory(), Options());
  follower.Start();
  ASSERT_TRUE(feed.events.WaitFor("open", 2));
  follower.Stop();
  EXPECT_EQ(events_.Count("applied"), 0);
  EXPECT_FALSE(follower.caught_up());
  EXPECT_THAT(applier.applied, IsEmpty());
}

}  // namespace
}  // namespace chronicle::feed
