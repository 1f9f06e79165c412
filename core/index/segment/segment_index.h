// The segment engine's index: a directory of segments that a single writer
// grows commit by commit and that searches read through snapshots.
//
// The writer buffers added documents in memory and, at each Commit, writes
// them as one new segment, records the deletions the buffered changes made
// in older segments, and commits a manifest naming all of it with the
// applied feed sequence (segment_directory.h): the work of a commit is
// proportional to what arrived since the last one, not to the index. Merge
// then folds runs of merge_factor neighbouring segments of about the same
// size into one (a logarithmic policy, as Lucene's LogMergePolicy), so the
// number of segments grows with the logarithm of the index and each
// document is rewritten about once per size level.
//
// Each document has a key (its article id). Adding a document whose key a
// live document has replaces that document; deleting a key deletes it. A
// deletion finds the old document by binary search in each segment's key
// order (Segment::DocumentsWithKey).
//
// A merge of a large run takes long (seconds at a million documents), so
// it need not hold up commits: PlanMerge takes the inputs' snapshot, the
// merge runs on whichever thread the caller chooses (MergeTask::Run reads
// only immutable segments), and FinishMerge, back on the writer's thread,
// carries over the deletions the inputs received meanwhile and commits the
// merged segment in their place — Lucene's way with concurrent merges.
// Merge() does all three in turn.
//
// Searches read an IndexSnapshot: the segments and deletions of one commit,
// immutable and shared, so a search never sees a commit half made and a
// commit never waits for a search. Scores use the statistics of all the
// snapshot's segments together (documents deleted but not yet merged away
// included, as Lucene counts them), so a document's score does not depend
// on which segment holds it.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_INDEX_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_INDEX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/query_tree.h"
#include "core/index/segment/search.h"
#include "core/index/segment/segment.h"
#include "core/index/segment/segment_directory.h"

namespace chronicle::index::segment {

// Under Order::kRelevance, best first with equal scores in index order
// (segment, then document); under a date order, by publication time first.
struct IndexHit {
  uint32_t segment = 0;  // position in IndexSnapshot::segments()
  uint32_t doc = 0;
  double score = 0;
};

struct IndexSearchResult {
  // Best first; equal scores in index order (segment, then document).
  std::vector<IndexHit> hits;
  // Exact when matches_exact, otherwise a lower bound.
  int64_t matches = 0;
  // With count_all, below options.count_at_least, or fewer hits than k:
  // then nothing was skipped.
  bool matches_exact = false;
  // With count_all: matches per source name, per tag, per publication year
  // and per month (MonthOfTime).
  absl::flat_hash_map<std::string, int64_t> source_counts;
  absl::flat_hash_map<std::string, int64_t> tag_counts;
  absl::flat_hash_map<int, int64_t> year_counts;
  absl::flat_hash_map<int, int64_t> month_counts;
  SearchStats stats;
};

class IndexSnapshot {
 public:
  struct Part {
    std::shared_ptr<const Segment> segment;
    std::shared_ptr<const Deletions> deletions;  // never null
    std::string file;                            // its name in the directory
  };

  IndexSnapshot(std::vector<Part> parts, int64_t generation, int64_t applied_sequence);

  const std::vector<Part>& segments() const { return parts_; }
  int64_t generation() const { return generation_; }
  int64_t applied_sequence() const { return applied_sequence_; }
  // Documents not deleted.
  int64_t live_documents() const { return live_documents_; }
  absl::string_view key(const IndexHit& hit) const { return parts_[hit.segment].segment->key(hit.doc); }
  // The word positions of `term` in the hit's document, ascending.
  std::vector<uint32_t> Positions(const IndexHit& hit, absl::string_view term) const {
    return parts_[hit.segment].segment->Find(term).PositionsIn(hit.doc);
  }

  // Top options.k over every segment, scored with the statistics of all of
  // them (options.collection and options.deleted are ignored: the snapshot
  // supplies both).
  IndexSearchResult Search(const SegmentQuery& query, const SearchOptions& options) const;
  IndexSearchResult Search(const QueryTree& query, const SearchOptions& options) const;
  // The statistics Search scores with: of the snapshot, and of each term
  // given.
  CollectionStatistics Statistics(const std::vector<std::string>& terms) const;
  // The terms that start with `prefix` in any segment, the `limit` held by
  // the most documents (ties in term order), in term order: what a prefix
  // query stands for.
  std::vector<std::string> ExpandPrefix(absl::string_view prefix, size_t limit) const;

 private:
  // Top k over the segments, each searched by `search_segment(segment,
  // options)` with the statistics of all.
  template <typename SearchSegment>
  IndexSearchResult SearchEach(const CollectionStatistics& statistics, const SearchOptions& options,
                               const SearchSegment& search_segment) const;

  std::vector<Part> parts_;
  int64_t generation_;
  int64_t applied_sequence_;
  int64_t documents_ = 0;  // deleted ones included
  uint64_t total_length_ = 0;
  int64_t live_documents_ = 0;
};

struct IndexDocument {
  std::string key;
  std::vector<SegmentBuilder::TermFrequency> terms;
  int64_t published = kNoTime;  // seconds
  std::string source;
  std::vector<std::string> tags = {};  // for facets: the article's entity ids
  std::string stored = {};             // kept as it is: Segment::stored
};

struct SegmentIndexOptions {
  std::string path;  // created when missing
  // Segments per size level before the level's run merges into one.
  int merge_factor = 10;
  // Segments below this many documents share the lowest level.
  uint32_t min_merge_documents = 1000;
  // A segment with more than this share of its documents deleted is
  // rewritten on its own, so deleted documents do not linger in the
  // statistics and the postings.
  double max_deleted_share = 0.5;
};

// A merge planned by SegmentIndexWriter::PlanMerge: its inputs as they
// were then. Run it on any thread, once; hand it back to FinishMerge.
class MergeTask {
 public:
  // Builds the merged segment and writes its file. Errors: MergeSegments',
  // Segment::Write's.
  absl::Status Run();
  size_t input_count() const { return inputs_.size(); }
  int64_t input_documents() const;

 private:
  friend class SegmentIndexWriter;
  std::vector<IndexSnapshot::Part> inputs_;
  int64_t applied_sequence_ = 0;
  // Where Run writes the merged segment, durably, so that finishing the
  // merge writes only its manifest: a name the directory reserved.
  std::string path_;
  std::string file_;
  std::shared_ptr<const Segment> merged_;  // after Run
};

// One writer per directory; use from one thread (a MergeTask may Run on
// another). snapshot() may be called from any thread.
class SegmentIndexWriter {
 public:
  // Opens the index at options.path, reading every segment it names.
  // Errors: those of SegmentDirectory::Open and Segment::Read (DATA_LOSS
  // means the index must be rebuilt from the feed).
  static absl::StatusOr<std::unique_ptr<SegmentIndexWriter>> Open(const SegmentIndexOptions& options);

  // Buffers a document for the next commit; it replaces the live document
  // with the same key, if any, once committed.
  void Add(IndexDocument document);
  // Deletes the document with this key, if any, at the next commit.
  void Delete(absl::string_view key);

  // Writes what was buffered as a new segment with the deletions it made,
  // and commits the index at `applied_sequence` (also when nothing is
  // buffered: the sequence moved). On error the index on disk still holds
  // the previous commit; the writer has failed and must be reopened
  // (FAILED_PRECONDITION from then on). Errors: the directory's.
  absl::Status Commit(int64_t applied_sequence);
  // Carries out every merge the policy asks for and commits the result
  // (same applied sequence). Buffered documents stay buffered. Errors as
  // Commit.
  absl::Status Merge();
  // The next merge the policy asks for among segments no planned merge
  // holds, or null. Its segments stay out of other plans until it is
  // finished or abandoned.
  std::unique_ptr<MergeTask> PlanMerge();
  // Commits a task that ran: its merged segment replaces its inputs, with
  // the deletions they received since it was planned (same applied
  // sequence). Errors: FAILED_PRECONDITION for a task that did not run;
  // otherwise as Commit.
  absl::Status FinishMerge(std::unique_ptr<MergeTask> task);
  // Gives a planned task up (its run failed, or the caller is closing).
  void AbandonMerge(const MergeTask& task);

  // Carried by every segment the writer writes from now on, buffered
  // documents included (a merge carries its inputs' attachments): what the
  // stored bytes of the documents added from now on need to be read. A name
  // attached again keeps its first bytes.
  void Attach(std::string name, std::string bytes);

  // The last commit, for searches.
  std::shared_ptr<const IndexSnapshot> snapshot() const;
  int64_t committed_sequence() const { return directory_.manifest().applied_sequence; }
  bool has_buffered_changes() const { return builder_.document_count() > 0 || !pending_deletes_.empty(); }
  bool failed() const { return !failure_.ok(); }

 private:
  SegmentIndexWriter(SegmentIndexOptions options, SegmentDirectory directory, std::vector<IndexSnapshot::Part> parts);
  // The next run of segments to merge, [first, last), or first == last.
  std::pair<size_t, size_t> NextMerge() const;
  bool Merging(const IndexSnapshot::Part& part) const { return merging_.contains(part.file); }
  // Commits `parts` (with `changed` deletions to write) as the index.
  absl::Status CommitParts(std::vector<IndexSnapshot::Part> parts, const std::vector<bool>& new_segment,
                           const std::vector<bool>& new_deletions, int64_t applied_sequence);
  void Publish();
  absl::Status Fail(absl::Status status);

  const SegmentIndexOptions options_;
  SegmentDirectory directory_;
  std::vector<IndexSnapshot::Part> parts_;
  std::shared_ptr<const IndexSnapshot> snapshot_;
  mutable std::mutex snapshot_mutex_;

  // Buffered since the last commit.
  SegmentBuilder builder_;
  std::vector<uint32_t> buffered_deleted_;                 // buffered documents replaced or deleted since
  absl::flat_hash_map<std::string, uint32_t> buffered_;   // key -> its live buffered document
  absl::flat_hash_set<std::string> pending_deletes_;       // keys to delete in committed segments
  absl::flat_hash_set<std::string> merging_;               // files of planned merges
  std::map<std::string, std::string> attachments_;         // name -> bytes, in name order
  absl::Status failure_;
};

// Reads what a SegmentIndexWriter commits, from any thread or process
// beside it: the directory's manifest, and the segments it names, each read
// once and shared by every later snapshot that still names it. Thread-safe.
//
// Paging through a search reads one snapshot throughout (AIP-158): the
// search that hands out a page token retains its snapshot, which stays
// findable by generation for kRetention after the last page asked for it,
// so later pages neither shift nor show what arrived meanwhile.
class SegmentIndexReader {
 public:
  // How long a retained snapshot outlives its last use, and how many are
  // kept at most (each keeps its segments in memory, merged away or not).
  static constexpr absl::Duration kRetention = absl::Minutes(5);
  static constexpr size_t kMaxRetained = 16;

  explicit SegmentIndexReader(std::string path) : path_(std::move(path)) {}

  // The last commit (generation 0 and no segments before the first).
  // Cheap when nothing changed: one read of the manifest. Errors:
  // DATA_LOSS when the manifest or a segment is damaged; INTERNAL on I/O
  // errors.
  absl::StatusOr<std::shared_ptr<const IndexSnapshot>> Latest();

  // Keeps `snapshot` findable by Retained for kRetention from `now`.
  void Retain(std::shared_ptr<const IndexSnapshot> snapshot, absl::Time now);
  // The retained snapshot of `generation` at `applied_sequence`, or null
  // when it was not retained or has expired by `now`. (The sequence tells
  // this index's generation from another replica's of the same number.)
  std::shared_ptr<const IndexSnapshot> Retained(int64_t generation, int64_t applied_sequence, absl::Time now);

 private:
  // Opens the snapshot `manifest` describes, reusing latest_'s segments.
  // Errors: NOT_FOUND when a file it names is gone already.
  absl::StatusOr<std::shared_ptr<const IndexSnapshot>> OpenSnapshot(const Manifest& manifest) const;

  const std::string path_;
  std::mutex mutex_;
  std::shared_ptr<const IndexSnapshot> latest_;  // guarded by mutex_
  struct RetainedSnapshot {
    std::shared_ptr<const IndexSnapshot> snapshot;
    absl::Time expires;
  };
  std::vector<RetainedSnapshot> retained_;  // guarded by mutex_
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_INDEX_H_
