#include "core/index/index_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/document_builder.h"
#include "core/index/index_layout.h"
#include "core/index/index_writer.h"

namespace chronicle::index {
namespace {

// The live document with `key` in `snapshot`, if any.
absl::optional<segment::IndexHit> FindKey(const segment::IndexSnapshot& snapshot, absl::string_view key) {
  const std::vector<segment::IndexSnapshot::Part>& parts = snapshot.segments();
  // The newest segment first: an older copy of the key is deleted anyway.
  for (size_t s = parts.size(); s-- > 0;) {
    for (uint32_t doc : parts[s].segment->DocumentsWithKey(key)) {
      const segment::Deletions& deleted = *parts[s].deletions;
      if (deleted.empty() || !deleted.contains(doc)) return segment::IndexHit{static_cast<uint32_t>(s), doc, 0};
    }
  }
  return absl::nullopt;
}

// The segment indexes report a failed read as INTERNAL; to callers it is
// the index being unavailable, which another replica or a retry may answer
// (and which tells the reader pool to reopen).
absl::Status Unavailable(absl::Status status) {
  if (status.code() != absl::StatusCode::kInternal) return status;
  return absl::UnavailableError(absl::StrCat("index cannot be read: ", status.message()));
}

}  // namespace

SharedSegments::SharedSegments(const std::string& index_path, size_t timeline_cache_bytes)
    : articles(std::make_shared<segment::SegmentIndexReader>(SegmentsPath(index_path))),
      duplicates(std::make_shared<segment::SegmentIndexReader>(DuplicatesPath(index_path))),
      records(std::make_shared<RecordDecompressor>()),
      timelines(timeline_cache_bytes > 0 ? std::make_shared<TimelineCache>(timeline_cache_bytes) : nullptr) {}

absl::StatusOr<std::unique_ptr<IndexReader>> IndexReader::Open(const std::string& path,
                                                               EntityResolver resolve_entity,
                                                               std::shared_ptr<SharedSegments> segments) {
  RETURN_IF_ERROR(Unavailable(CheckIndexDirectory(path)));
  if (segments == nullptr) segments = std::make_shared<SharedSegments>(path);
  auto reader = std::unique_ptr<IndexReader>(new IndexReader(std::move(resolve_entity), std::move(segments)));
  RETURN_IF_ERROR(reader->Refresh());
  return reader;
}

IndexReader::IndexReader(EntityResolver resolve_entity, std::shared_ptr<SharedSegments> segments)
    : segment_readers_(std::move(segments)), stemmer_("english"), resolve_entity_(std::move(resolve_entity)) {}

absl::Status IndexReader::Refresh() {
  // The articles after the duplicates, as the writer commits them: the
  // view is complete up to the sequence of the one furthest behind.
  absl::StatusOr<std::shared_ptr<const segment::IndexSnapshot>> duplicates = segment_readers_->duplicates->Latest();
  if (!duplicates.ok()) return Unavailable(duplicates.status());
  absl::StatusOr<std::shared_ptr<const segment::IndexSnapshot>> articles = segment_readers_->articles->Latest();
  if (!articles.ok()) return Unavailable(articles.status());
  duplicates_ = *std::move(duplicates);
  segments_ = *std::move(articles);
  applied_sequence_ = std::min(segments_->applied_sequence(), duplicates_->applied_sequence());
  return absl::OkStatus();
}

absl::StatusOr<absl::optional<v1::StoredArticle>> IndexReader::GetArticle(absl::string_view id,
                                                                         v1::GetArticleRequest::View view) {
  const segment::IndexSnapshot* snapshot = segments_.get();
  absl::optional<segment::IndexHit> hit = FindKey(*snapshot, id);
  if (!hit.has_value()) {
    snapshot = duplicates_.get();
    hit = FindKey(*snapshot, id);
  }
  if (!hit.has_value()) return absl::nullopt;
  const segment::Segment& segment = *snapshot->segments()[hit->segment].segment;
  absl::StatusOr<v1::StoredArticle> stored =
      ArticleOfRecord(segment.stored(hit->doc), view != v1::GetArticleRequest::BASIC,
                      [&](absl::string_view frame) { return segment_readers_->records->Decompress(frame, segment); });
  if (!stored.ok()) {
    return absl::DataLossError(
        absl::StrCat("stored record of article \"", id, "\" does not parse: ", stored.status().message()));
  }
  return *std::move(stored);
}

int64_t IndexReader::CountDocuments(absl::string_view type) const {
  return index::CountDocuments(*segments_, *duplicates_, type);
}

}  // namespace chronicle::index
