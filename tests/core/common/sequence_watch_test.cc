#include "core/common/sequence_watch.h"

#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace chronicle {
namespace {

TEST(SequenceWatchTest, WaiterOnAnotherThreadWakesWhenTheSequenceArrives) {
  SequenceWatch watch;
  int64_t seen = 0;
  std::thread waiter([&] { seen = watch.WaitAtLeast(5, absl::InfiniteFuture()); });
  for (int64_t sequence = 1; sequence <= 5; ++sequence) watch.Publish(sequence);
  waiter.join();
  EXPECT_EQ(seen, 5);
}

TEST(SequenceWatchTest, NeverLowersAndGivesUpAtTheDeadlineOrWhenClosed) {
  SequenceWatch watch(7);
  watch.Publish(3);
  EXPECT_EQ(watch.Get(), 7);
  EXPECT_EQ(watch.WaitAtLeast(8, absl::Now() + absl::Milliseconds(20)), 7);
  EXPECT_EQ(watch.WaitAtLeast(8, absl::InfinitePast()), 7);
  std::thread closer([&] { watch.Close(); });
  EXPECT_EQ(watch.WaitAtLeast(100, absl::InfiniteFuture()), 7);  // returns because closed
  closer.join();
  EXPECT_TRUE(watch.closed());
}

}  // namespace
}  // namespace chronicle
