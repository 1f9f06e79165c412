#include "core/index/timeline_cache.h"

#include <string>

#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

v1::TimelineRequest Request(const std::string& entity) {
  v1::TimelineRequest request;
  request.set_entity(entity);
  return request;
}

// A response of about `bytes` in memory, told apart by its sequence.
v1::TimelineResponse Response(int64_t sequence, size_t bytes = 0) {
  v1::TimelineResponse response;
  response.set_applied_sequence(sequence);
  if (bytes > 0) response.add_entries()->set_headline(std::string(bytes, 'x'));
  return response;
}

TEST(TimelineCacheTest, KeysNameTheSnapshotAndTheWholeRequest) {
  const std::string key = TimelineCache::Key(3, 40, Request("person:ahn"));
  EXPECT_EQ(key, TimelineCache::Key(3, 40, Request("person:ahn")));
  EXPECT_NE(key, TimelineCache::Key(4, 40, Request("person:ahn")));
  EXPECT_NE(key, TimelineCache::Key(3, 41, Request("person:ahn")));
  EXPECT_NE(key, TimelineCache::Key(3, 40, Request("person:an")));
  v1::TimelineRequest paged = Request("person:ahn");
  paged.set_page_token("next");
  EXPECT_NE(key, TimelineCache::Key(3, 40, paged));
  // Generation and sequence cannot run into each other.
  EXPECT_NE(TimelineCache::Key(1, 23, Request("")), TimelineCache::Key(12, 3, Request("")));
}

TEST(TimelineCacheTest, FindsWhatWasInsertedAndCountsHitsAndMisses) {
  TimelineCache cache(1 << 20);
  const std::string key = TimelineCache::Key(1, 1, Request("org:un"));
  EXPECT_EQ(cache.Find(key), nullptr);
  cache.Insert(key, Response(7));
  std::shared_ptr<const v1::TimelineResponse> found = cache.Find(key);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->applied_sequence(), 7);
  const TimelineCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_GT(stats.bytes, 0u);

  // Inserted again, the key holds the new answer once.
  cache.Insert(key, Response(8));
  EXPECT_EQ(cache.Find(key)->applied_sequence(), 8);
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(TimelineCacheTest, DropsTheLeastRecentlyUsedToStayWithinItsCapacity) {
  // Room for eight answers of 20 kB (each is then within an eighth), not
  // nine.
  const size_t answer = 20000;
  TimelineCache cache(8 * answer + 8 * 1024);
  const std::string a = TimelineCache::Key(1, 1, Request("a"));
  const std::string b = TimelineCache::Key(1, 1, Request("b"));
  const std::string c = TimelineCache::Key(1, 1, Request("c"));
  const std::string d = TimelineCache::Key(1, 1, Request("d"));
  cache.Insert(a, Response(1, answer));
  cache.Insert(b, Response(2, answer));
  cache.Insert(c, Response(3, answer));
  ASSERT_NE(cache.Find(a), nullptr);  // a is now the most recently used
  for (int i = 0; i < 6; ++i) cache.Insert(TimelineCache::Key(2, i, Request("filler")), Response(9, answer));
  cache.Insert(d, Response(4, answer));
  EXPECT_LE(cache.stats().bytes, 8 * answer + 8 * 1024);
  EXPECT_NE(cache.Find(d), nullptr);
  EXPECT_NE(cache.Find(a), nullptr);
  EXPECT_EQ(cache.Find(b), nullptr);
  EXPECT_EQ(cache.Find(c), nullptr);
}

TEST(TimelineCacheTest, KeepsNothingTooLargeOrWithoutCapacity) {
  TimelineCache small(80000);
  const std::string key = TimelineCache::Key(1, 1, Request("x"));
  small.Insert(key, Response(1, 20000));  // over an eighth
  EXPECT_EQ(small.Find(key), nullptr);
  EXPECT_EQ(small.stats().bytes, 0u);

  TimelineCache none(0);
  none.Insert(key, Response(1));
  EXPECT_EQ(none.Find(key), nullptr);
  EXPECT_EQ(none.stats().entries, 0u);
}

}  // namespace
}  // namespace chronicle::index
