// Read access to the index: GetArticle, Search and Timeline.
//
// An IndexReader reads one view of the index's two segment indexes (the
// articles and the duplicates, index_layout.h) and must be used by one
// thread at a time (the query service keeps a pool of them). Refresh()
// moves it to the latest commit.
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
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/search.pb.h"
#include "chronicle/v1/timeline.pb.h"
#include "core/index/page_token.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/record_compression.h"
#include "core/index/segment/segment_index.h"
#include "core/index/segment_query.h"
#include "core/index/timeline_cache.h"
#include "core/query/date_period.h"
#include "xapian.h"

namespace chronicle::index {

// The segment index readers of one index: readers of a pool share them, and
// so each segment in memory.
struct SharedSegments {
  // `timeline_cache_bytes`: the memory TimelineCache may hold; 0 keeps no
  // timelines.
  explicit SharedSegments(const std::string& index_path, size_t timeline_cache_bytes = 0);
  std::shared_ptr<segment::SegmentIndexReader> articles;
  std::shared_ptr<segment::SegmentIndexReader> duplicates;
  // The records' compression dictionaries, each digested once.
  std::shared_ptr<RecordDecompressor> records;
  // Timelines answered on recent snapshots; null when none are kept.
  std::shared_ptr<TimelineCache> timelines;
};

class IndexReader {
 public:
  // `resolve_entity` turns names in entity filters into ids (may be empty:
  // then only ids match). `segments`: the pool's shared readers; null: the
  // reader opens its own. Errors: FAILED_PRECONDITION when no index of this
  // schema version exists at `path` yet.
  static absl::StatusOr<std::unique_ptr<IndexReader>> Open(const std::string& path,
                                                          EntityResolver resolve_entity = nullptr,
                                                          std::shared_ptr<SharedSegments> segments = nullptr);

  // Catches up with the writer's last commit (merges included, which may
  // come while no change arrives): one read of each manifest when nothing
  // changed.
  absl::Status Refresh();

  // The feed sequence the reader's current view reflects.
  int64_t applied_sequence() const { return applied_sequence_; }

  // The article (an original or a duplicate) or nullopt. BASIC drops the body
  // and the analysis, keeping metadata.
  absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(absl::string_view id,
                                                              v1::GetArticleRequest::View view);

  // Errors: INVALID_ARGUMENT naming the request field at fault; DATA_LOSS
  // for a stored record that does not parse.
  absl::StatusOr<v1::SearchResponse> Search(const v1::SearchRequest& request);
  // Answers from SharedSegments::timelines when the same request was
  // answered on the same snapshot.
  absl::StatusOr<v1::TimelineResponse> Timeline(const v1::TimelineRequest& request);

  // The view's two segment indexes, for a copy of the index
  // (index_seed.h): holding them keeps their segments mapped.
  std::shared_ptr<const segment::IndexSnapshot> articles_snapshot() const { return segments_; }
  std::shared_ptr<const segment::IndexSnapshot> duplicates_snapshot() const { return duplicates_; }

  // Segments of the search index in the current view.
  int segment_count() const { return static_cast<int>(segments_->segments().size()); }

  // Documents of a kind (schema::kArticleType, ...) in the current view.
  int64_t CountDocuments(absl::string_view type) const;

 private:
  IndexReader(EntityResolver resolve_entity, std::shared_ptr<SharedSegments> segments);
  // How text queries are compiled against the articles of `snapshot`, which
  // must outlive the context (prefixes expand over its terms).
  SegmentQueryContext ArticleContext(const segment::IndexSnapshot& snapshot) const {
    return {&stemmer_, &resolve_entity_, "", [&snapshot](absl::string_view prefix, size_t limit) {
              return snapshot.ExpandPrefix(prefix, limit);
            }};
  }
  // The duplicates of article `id`: how many, and the first ids.
  void FillSimilar(absl::string_view id, v1::SearchResult* result) const;
  // The articles a timeline's query matches (timeline.cc).
  struct TopicArticles;
  // The best-ranked articles the query `text` matches in `snapshot`, the
  // query's words with their weights and where each article has them.
  // Errors: INVALID_ARGUMENT for a malformed query.
  absl::StatusOr<TopicArticles> MatchTopicArticles(const std::string& text,
                                                   std::shared_ptr<const segment::IndexSnapshot> snapshot);
  // Timeline's answer built from the events of `snapshot` (the one `token`
  // names, or the current one), the request checked and its range parsed.
  absl::StatusOr<v1::TimelineResponse> BuildTimeline(const v1::TimelineRequest& request,
                                                     const std::shared_ptr<const segment::IndexSnapshot>& snapshot,
                                                     const PageToken& token, const query::DatePeriod& range,
                                                     absl::Time now);

  std::shared_ptr<SharedSegments> segment_readers_;
  std::shared_ptr<const segment::IndexSnapshot> segments_;
  std::shared_ptr<const segment::IndexSnapshot> duplicates_;
  Xapian::Stem stemmer_;
  EntityResolver resolve_entity_;
  // The view's sequence: of the segment index furthest behind.
  int64_t applied_sequence_ = 0;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_READER_H_
