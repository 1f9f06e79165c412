#include "core/index/body_texts.h"

#include <string>

#include "gtest/gtest.h"

namespace chronicle::index {
namespace {

// An article whose elements cite its body the way the analysis writes them.
v1::Article HarbourArticle() {
  v1::Article article;
  article.set_body("The harbour reopened on Sunday. Ships from Busan lined up at dawn.");
  v1::Sentence* first = article.add_sentences();
  first->set_begin(0);
  first->set_end(31);
  first->set_text("The harbour reopened on Sunday.");
  v1::Sentence* second = article.add_sentences();
  second->set_begin(32);
  second->set_end(66);
  second->set_text("Ships from Busan lined up at dawn.");
  v1::TemporalExpression* sunday = article.add_temporal_expressions();
  sunday->set_begin(24);
  sunday->set_end(30);
  sunday->set_text("Sunday");
  v1::Event* event = article.add_events();
  event->set_begin(0);
  event->set_end(31);
  event->set_text("The harbour reopened on Sunday.");
  v1::Entity* busan = article.add_entities();
  busan->set_id("location:busan");
  v1::Mention* mention = busan->add_mentions();
  mention->set_begin(43);
  mention->set_end(48);
  mention->set_text("Busan");
  return article;
}

TEST(BodyTextsTest, DroppedTextsComeBackFromTheBody) {
  const v1::Article original = HarbourArticle();
  v1::Article stored = original;
  ASSERT_TRUE(DropTextsHeldByBody(stored, original.body()));
  EXPECT_EQ(stored.sentences(0).text(), "");
  EXPECT_EQ(stored.temporal_expressions(0).text(), "");
  EXPECT_EQ(stored.events(0).text(), "");
  EXPECT_EQ(stored.entities(0).mentions(0).text(), "");
  EXPECT_LT(stored.ByteSizeLong(), original.ByteSizeLong() - 100);
  ASSERT_TRUE(RestoreTextsFromBody(stored, original.body()).ok());
  EXPECT_EQ(stored.SerializeAsString(), original.SerializeAsString());
}

TEST(BodyTextsTest, KeepsATextTheBodyDoesNotHoldAtItsOffsets) {
  v1::Article original = HarbourArticle();
  // A mention written differently from the body (a normalised name).
  original.mutable_entities(0)->mutable_mentions(0)->set_text("Pusan");
  v1::Article stored = original;
  ASSERT_TRUE(DropTextsHeldByBody(stored, original.body()));
  EXPECT_EQ(stored.entities(0).mentions(0).text(), "Pusan");
  ASSERT_TRUE(RestoreTextsFromBody(stored, original.body()).ok());
  EXPECT_EQ(stored.SerializeAsString(), original.SerializeAsString());
}

TEST(BodyTextsTest, LeavesAnArticleWithAnEmptyTextOverARangeAsItIs) {
  v1::Article original = HarbourArticle();
  original.mutable_sentences(1)->clear_text();
  v1::Article stored = original;
  EXPECT_FALSE(DropTextsHeldByBody(stored, original.body()));
  EXPECT_EQ(stored.SerializeAsString(), original.SerializeAsString());
}

TEST(BodyTextsTest, RefusesOffsetsBeyondTheBody) {
  v1::Article stored = HarbourArticle();
  ASSERT_TRUE(DropTextsHeldByBody(stored, stored.body()));
  EXPECT_EQ(RestoreTextsFromBody(stored, "The harbour").code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace chronicle::index
