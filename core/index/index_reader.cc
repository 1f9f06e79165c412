#include "core/index/index_reader.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/index_layout.h"
#include "core/index/schema.h"
#include "core/index/xapian_status.h"

namespace chronicle::index {

absl::StatusOr<std::unique_ptr<IndexReader>> IndexReader::Open(
    const std::string& path, EntityResolver resolve_entity, std::shared_ptr<segment::SegmentIndexReader> segments) {
  ASSIGN_OR_RETURN(std::vector<std::string> shard_paths, ShardPaths(path));
  if (segments == nullptr) segments = std::make_shared<segment::SegmentIndexReader>(SegmentsPath(path));
  try {
    std::vector<Xapian::Database> shards;
    Xapian::Database combined;
    for (const std::string& shard_path : shard_paths) {
      shards.emplace_back(shard_path);
      combined.add_database(shards.back());
    }
    auto reader = std::unique_ptr<IndexReader>(new IndexReader(std::move(combined), std::move(shards),
                                                               std::move(resolve_entity), std::move(segments)));
    RETURN_IF_ERROR(reader->ReadAppliedSequence());
    return reader;
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, absl::StrCat("opening index ", path, " for reading"));
  }
}

IndexReader::IndexReader(Xapian::Database db, std::vector<Xapian::Database> shards, EntityResolver resolve_entity,
                         std::shared_ptr<segment::SegmentIndexReader> segment_reader)
    : segment_reader_(std::move(segment_reader)),
      db_(std::move(db)),
      shards_(std::move(shards)),
      stemmer_("english"),
      resolve_entity_(std::move(resolve_entity)) {}

absl::Status IndexReader::ReadAppliedSequence() {
  // The view is complete up to the sequence of the shard furthest behind.
  // The shards share their state with db_, so they move when it reopens.
  int64_t view = std::numeric_limits<int64_t>::max();
  for (const Xapian::Database& shard : shards_) {
    int64_t applied = 0;
    if (!absl::SimpleAtoi(shard.get_metadata(schema::kAppliedSequenceKey), &applied)) applied = 0;
    view = std::min(view, applied);
  }
  // The segments after the shards: the writer commits them last.
  ASSIGN_OR_RETURN(segments_, segment_reader_->Latest());
  applied_sequence_ = std::min(view, segments_->applied_sequence());
  return absl::OkStatus();
}

absl::Status IndexReader::RefreshSegments() {
  ASSIGN_OR_RETURN(std::shared_ptr<const segment::IndexSnapshot> latest, segment_reader_->Latest());
  // Never behind the view's sequence: only a merge keeps it the same.
  if (latest->applied_sequence() >= segments_->applied_sequence()) segments_ = std::move(latest);
  return absl::OkStatus();
}

absl::Status IndexReader::Refresh() {
  try {
    db_.reopen();
    return ReadAppliedSequence();
  } catch (const Xapian::Error& error) {
    return FromXapianError(error, "refreshing index reader");
  }
}

template <typename Result, typename Body>
absl::StatusOr<Result> IndexReader::WithRetry(absl::string_view what, Body body) {
  // A reader can only lag a few commits behind before Xapian drops the blocks
  // it is reading; then it must reopen and start again.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    try {
      return body();
    } catch (const Xapian::DatabaseModifiedError& error) {
      if (attempt == kAttempts) return FromXapianError(error, what);
      absl::Status refreshed = Refresh();
      if (!refreshed.ok()) return refreshed;
    } catch (const Xapian::Error& error) {
      return FromXapianError(error, what);
    }
  }
}

absl::StatusOr<absl::optional<v1::StoredArticle>> IndexReader::GetArticle(
    absl::string_view id, v1::GetArticleRequest::View view) {
  return WithRetry<absl::optional<v1::StoredArticle>>(
      "reading article", [&]() -> absl::StatusOr<absl::optional<v1::StoredArticle>> {
        const std::string term = schema::BooleanTerm(schema::kIdPrefix, id);
        Xapian::PostingIterator it = db_.postlist_begin(term);
        if (it == db_.postlist_end(term)) return absl::nullopt;
        v1::StoredArticle stored;
        if (!stored.ParseFromString(db_.get_document(*it).get_data())) {
          return absl::DataLossError(absl::StrCat("index entry of article \"", id, "\" does not parse"));
        }
        if (view == v1::GetArticleRequest::BASIC) {
          v1::Article& article = *stored.mutable_article();
          article.clear_body();
          article.clear_sections();
          article.clear_sentences();
          article.clear_removed_blocks();
          article.clear_temporal_expressions();
          article.clear_events();
          article.clear_entities();
        }
        return stored;
      });
}

absl::StatusOr<v1::SearchResponse> IndexReader::Search(const v1::SearchRequest& request) {
  return WithRetry<v1::SearchResponse>("searching", [&] { return SearchSegments(request); });
}

absl::StatusOr<v1::TimelineResponse> IndexReader::Timeline(const v1::TimelineRequest& request) {
  return WithRetry<v1::TimelineResponse>("building timeline", [&] { return TimelineOnce(request); });
}

int64_t IndexReader::CountDocuments(absl::string_view type) const {
  try {
    return db_.get_termfreq(schema::BooleanTerm(schema::kTypePrefix, type));
  } catch (const Xapian::Error&) {
    return -1;
  }
}

}  // namespace chronicle::index
