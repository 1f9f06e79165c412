// Read access to the index: GetArticle, Search and Timeline.
//
// Each IndexReader owns one Xapian::Database (over all shards of a sharded
// index) and must be used by one thread at a time (the query service keeps a
// pool of them). Refresh() moves it to the latest committed state.
#ifndef CHRONICLE_CORE_INDEX_INDEX_READER_H_
#define CHRONICLE_CORE_INDEX_INDEX_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/search.pb.h"
#include "chronicle/v1/timeline.pb.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment/segment_index.h"
#include "core/index/segment_query.h"
#include "xapian.h"

namespace chronicle::index {

class IndexReader {
 public:
  // `resolve_entity` turns names in entity filters into ids (may be empty:
  // then only ids match). `segments` reads the index's segments (readers
  // of one pool share one, and so the segments in memory); null: the reader
  // opens its own. Errors: FAILED_PRECONDITION when no index exists at
  // `path` yet.
  static absl::StatusOr<std::unique_ptr<IndexReader>> Open(
      const std::string& path, EntityResolver resolve_entity = nullptr,
      std::shared_ptr<segment::SegmentIndexReader> segments = nullptr);

  // Catches up with the writer's last commit. Cheap when nothing changed.
  absl::Status Refresh();
  // Catches up with the segments' last commit only (merges committed while
  // no change arrived): one read of their manifest when nothing changed.
  absl::Status RefreshSegments();

  // The feed sequence the reader's current view reflects.
  int64_t applied_sequence() const { return applied_sequence_; }

  // The article (an original or a duplicate) or nullopt. BASIC drops the body
  // and the analysis, keeping metadata.
  absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(absl::string_view id,
                                                              v1::GetArticleRequest::View view);

  // Errors: INVALID_ARGUMENT naming the request field at fault.
  // Answered by the segment engine, with the page's articles read from
  // Xapian.
  absl::StatusOr<v1::SearchResponse> Search(const v1::SearchRequest& request);
  absl::StatusOr<v1::TimelineResponse> Timeline(const v1::TimelineRequest& request);

  // Segments of the search index in the current view.
  int segment_count() const { return static_cast<int>(segments_->segments().size()); }

  // Documents of a kind (schema::kArticleType, ...) in the current view.
  int64_t CountDocuments(absl::string_view type) const;

 private:
  IndexReader(Xapian::Database db, std::vector<Xapian::Database> shards, EntityResolver resolve_entity,
              std::shared_ptr<segment::SegmentIndexReader> segment_reader);
  // How text queries are compiled against events (articles' words are in
  // the segments).
  QueryContext EventContext() const {
    return {&db_, &stemmer_, &resolve_entity_, std::string(schema::kEventTextPrefix)};
  }
  // How text queries are compiled against the articles of `snapshot`, which
  // must outlive the context (prefixes expand over its terms).
  SegmentQueryContext ArticleContext(const segment::IndexSnapshot& snapshot) const {
    return {&stemmer_, &resolve_entity_, "", [&snapshot](absl::string_view prefix, size_t limit) {
              return snapshot.ExpandPrefix(prefix, limit);
            }};
  }
  // Reads the applied sequences and the segments' latest snapshot.
  absl::Status ReadAppliedSequence();
  // Runs `body`, reopening and retrying when the writer moved on underneath.
  template <typename Result, typename Body>
  absl::StatusOr<Result> WithRetry(absl::string_view what, Body body);

  absl::StatusOr<v1::SearchResponse> SearchSegments(const v1::SearchRequest& request);
  absl::StatusOr<v1::TimelineResponse> TimelineOnce(const v1::TimelineRequest& request);
  // The articles a timeline's query matches (timeline.cc).
  struct TopicArticles;
  // The best-ranked articles the query `text` matches in `snapshot`, the
  // query's words with their weights and where each article has them.
  // Errors: INVALID_ARGUMENT for a malformed query.
  absl::StatusOr<TopicArticles> MatchTopicArticles(const std::string& text,
                                                   std::shared_ptr<const segment::IndexSnapshot> snapshot);

  std::shared_ptr<segment::SegmentIndexReader> segment_reader_;
  std::shared_ptr<const segment::IndexSnapshot> segments_;
  // All shards as one database, and each alone for its own metadata.
  Xapian::Database db_;
  std::vector<Xapian::Database> shards_;
  Xapian::Stem stemmer_;
  EntityResolver resolve_entity_;
  // The view's sequence: of the shard or segments furthest behind.
  int64_t applied_sequence_ = 0;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_READER_H_
