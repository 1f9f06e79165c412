// Feed changes for the index tests: an article upserted, deleted, given an
// event.
#ifndef CHRONICLE_TESTS_CORE_INDEX_FEED_CHANGES_H_
#define CHRONICLE_TESTS_CORE_INDEX_FEED_CHANGES_H_

#include <cstdint>
#include <string>

#include "chronicle/v1/feed.pb.h"

namespace chronicle::index {

// An article from "Harbor Times" in English; published when
// `published_seconds` > 0.
inline v1::Change Upsert(int64_t sequence, const std::string& id, const std::string& title,
                         const std::string& body, int64_t published_seconds = 0) {
  v1::Change change;
  change.set_sequence(sequence);
  change.set_kind(v1::Change::UPSERT);
  change.set_article_id(id);
  v1::Article* article = change.mutable_article()->mutable_article();
  article->set_id(id);
  article->set_body(body);
  article->mutable_metadata()->set_title(title);
  article->mutable_metadata()->set_source("Harbor Times");
  article->mutable_metadata()->set_language("en");
  if (published_seconds > 0) {
    article->mutable_metadata()->mutable_published()->mutable_time()->set_seconds(published_seconds);
  }
  return change;
}

inline v1::Change Delete(int64_t sequence, const std::string& id) {
  v1::Change change;
  change.set_sequence(sequence);
  change.set_kind(v1::Change::DELETE);
  change.set_article_id(id);
  return change;
}

inline void AddEvent(v1::Change& change, const std::string& text, int64_t start, int64_t end,
                     v1::Granularity granularity, const std::string& value) {
  v1::Event* event = change.mutable_article()->mutable_article()->add_events();
  event->set_text(text);
  event->set_date_value(value);
  event->mutable_when()->mutable_start()->set_seconds(start);
  event->mutable_when()->mutable_end()->set_seconds(end);
  event->mutable_when()->set_granularity(granularity);
}

}  // namespace chronicle::index

#endif  // CHRONICLE_TESTS_CORE_INDEX_FEED_CHANGES_H_
