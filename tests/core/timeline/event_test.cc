#include "core/timeline/event.h"

#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/arena.h"
#include "gtest/gtest.h"

namespace chronicle::timeline {
namespace {

TimelineEvent EventOnArena(google::protobuf::Arena& arena, const std::string& article) {
  TimelineEvent event(google::protobuf::Arena::CreateMessage<v1::Citation>(&arena));
  event.citation->set_article_id(article);
  event.citation->add_entity_ids("location:a-place-with-a-long-name");
  event.terms = "abcd";
  event.relevance = 0.5;
  return event;
}

// A copy owns its citation: it outlives the arena the original's was on
// (under AddressSanitizer, a copy that shared it would read freed memory).
TEST(TimelineEventTest, ACopyOwnsItsCitationBeyondTheArena) {
  std::vector<TimelineEvent> copies;
  {
    google::protobuf::Arena arena;
    const TimelineEvent original = EventOnArena(arena, "article-1");
    copies.push_back(original);
    copies.push_back(copies.front());
    EXPECT_NE(copies.front().citation.get(), original.citation.get());
    EXPECT_EQ(copies.front().citation->GetArena(), nullptr);
  }
  for (const TimelineEvent& copy : copies) {
    EXPECT_EQ(copy.citation->article_id(), "article-1");
    EXPECT_EQ(copy.citation->entity_ids(0), "location:a-place-with-a-long-name");
    EXPECT_EQ(copy.terms, "abcd");
    EXPECT_EQ(copy.relevance, 0.5);
  }
}

// Moving keeps the citation where it is, on the arena or not: events are
// sorted and gathered by moves, which must not copy a message each.
TEST(TimelineEventTest, MovesKeepTheCitation) {
  google::protobuf::Arena arena;
  TimelineEvent on_arena = EventOnArena(arena, "article-2");
  const v1::Citation* citation = on_arena.citation.get();
  std::vector<TimelineEvent> events;
  events.push_back(std::move(on_arena));
  events.emplace_back();
  events.back().citation->set_article_id("article-3");
  const v1::Citation* own = events.back().citation.get();
  std::swap(events[0], events[1]);
  EXPECT_EQ(events[1].citation.get(), citation);
  EXPECT_EQ(events[1].citation->GetArena(), &arena);
  EXPECT_EQ(events[0].citation.get(), own);
  EXPECT_EQ(events[0].citation->article_id(), "article-3");
}

}  // namespace
}  // namespace chronicle::timeline
