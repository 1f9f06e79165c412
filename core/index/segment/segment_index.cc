#include "core/index/segment/segment_index.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/index/segment/merge.h"

namespace chronicle::index::segment {
namespace {

// "a ranks before b" across segments: higher score, then index order.
bool RanksBefore(const IndexHit& a, const IndexHit& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.segment != b.segment ? a.segment < b.segment : a.doc < b.doc;
}

int64_t LiveDocuments(const IndexSnapshot::Part& part) {
  return int64_t{part.segment->document_count()} - part.deletions->deleted_count();
}

}  // namespace

IndexSnapshot::IndexSnapshot(std::vector<Part> parts, int64_t generation, int64_t applied_sequence)
    : parts_(std::move(parts)), generation_(generation), applied_sequence_(applied_sequence) {
  for (const Part& part : parts_) {
    documents_ += part.segment->document_count();
    total_length_ += part.segment->total_length();
    live_documents_ += LiveDocuments(part);
  }
}

CollectionStatistics IndexSnapshot::Statistics(const std::vector<std::string>& terms) const {
  CollectionStatistics statistics;
  statistics.documents = documents_;
  statistics.average_length = documents_ > 0 ? static_cast<double>(total_length_) / documents_ : 0;
  for (const std::string& term : terms) {
    auto [it, inserted] = statistics.term_documents.try_emplace(term, 0);
    if (!inserted) continue;
    for (const Part& part : parts_) it->second += part.segment->Find(term).document_count();
  }
  return statistics;
}

std::vector<std::string> IndexSnapshot::ExpandPrefix(absl::string_view prefix, size_t limit) const {
  absl::flat_hash_map<std::string, int64_t> held;
  for (const Part& part : parts_) {
    // The cursor holds each term's postings: no second lookup.
    for (Segment::TermCursor cursor = part.segment->Terms(prefix);
         !cursor.done() && absl::StartsWith(cursor.term(), prefix); cursor.Next()) {
      held[std::string(cursor.term())] += cursor.postings().document_count();
    }
  }
  std::vector<std::pair<std::string, int64_t>> ranked(held.begin(), held.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  std::vector<std::string> terms;
  for (auto& [term, count] : ranked) terms.push_back(std::move(term));
  std::sort(terms.begin(), terms.end());
  return terms;
}

template <typename SearchSegment>
IndexSearchResult IndexSnapshot::SearchEach(const CollectionStatistics& statistics, const SearchOptions& options,
                                            const SearchSegment& search_segment) const {
  IndexSearchResult result;
  const size_t k = static_cast<size_t>(std::max(options.k, 0));
  const bool by_relevance = options.order == Order::kRelevance;
  auto before = [&](const IndexHit& a, const IndexHit& b) {
    if (!by_relevance) {
      const int64_t when_a = parts_[a.segment].segment->published()[a.doc];
      const int64_t when_b = parts_[b.segment].segment->published()[b.doc];
      if (when_a != when_b) return options.order == Order::kNewest ? when_a > when_b : when_a < when_b;
    }
    return RanksBefore(a, b);
  };
  // Newest first, the latest segments first: they hold the articles that
  // came last, mostly the newest, so that the bar below soon keeps the
  // older segments' hits out. Any order of visits gives the same hits.
  const bool newest_first = options.order == Order::kNewest;
  for (size_t visit = 0; visit < parts_.size(); ++visit) {
    const size_t i = newest_first ? parts_.size() - 1 - visit : visit;
    const Part& part = parts_[i];
    SearchOptions segment_options = options;
    segment_options.collection = &statistics;
    segment_options.hits_in_any_order = !by_relevance;
    segment_options.deleted = part.deletions->empty() ? absl::Span<const uint64_t>() : part.deletions->words();
    // A later segment's hit must beat the k-th so far: at an equal score it
    // ranks after it.
    segment_options.count_at_least = std::max<int64_t>(0, options.count_at_least - result.matches);
    if (!options.count_all && by_relevance && k > 0 && result.hits.size() == k &&
        result.matches >= options.count_at_least) {
      segment_options.min_score = std::max(options.min_score, result.hits.back().score);
    }
    // Under a date order a later segment's hit must be published no later
    // (oldest first: no earlier) than the k-th so far (the last of the
    // hits kept, below); at the same second its score and place decide.
    if (!by_relevance && k > 0 && result.hits.size() == k) {
      const IndexHit& kth = result.hits.back();
      segment_options.published_bar = parts_[kth.segment].segment->published()[kth.doc];
    }
    const SearchResult found = search_segment(*part.segment, segment_options);
    const size_t kept = result.hits.size();
    for (const Hit& hit : found.hits) result.hits.push_back({static_cast<uint32_t>(i), hit.doc, hit.score});
    if (by_relevance) {
      // Both runs are already in `before` order (a segment's hits rank as
      // `before` ranks them within one segment): merging them is linear
      // where sorting the k kept and the segment's k again cost k log k
      // per segment.
      std::inplace_merge(result.hits.begin(), result.hits.begin() + static_cast<std::ptrdiff_t>(kept),
                         result.hits.end(), before);
      if (result.hits.size() > k) result.hits.resize(k);
    } else if (k > 0 && result.hits.size() >= k) {
      // Date orders keep hits in no order until the end: the k first are
      // selected (linear), the k-th last, and sorted once below. Sorting
      // each segment's hits cost a timeline by entity at a million
      // articles a sort of about 28,000 hits over 18 segments to keep 8,192.
      const auto kth = result.hits.begin() + static_cast<std::ptrdiff_t>(k - 1);
      std::nth_element(result.hits.begin(), kth, result.hits.end(), before);
      result.hits.resize(k);
    }
    result.matches += found.matches;
    result.stats.scored += found.stats.scored;
    result.stats.blocks_skipped += found.stats.blocks_skipped;
    result.stats.tier_candidates += found.stats.tier_candidates;
    for (size_t s = 0; s < found.source_counts.size(); ++s) {
      if (found.source_counts[s] > 0) result.source_counts[part.segment->source_names()[s]] += found.source_counts[s];
    }
    for (size_t t = 0; t < found.tag_counts.size(); ++t) {
      if (found.tag_counts[t] > 0) result.tag_counts[part.segment->tag_names()[t]] += found.tag_counts[t];
    }
    for (const auto& [month, count] : found.month_counts) {
      result.month_counts[month] += count;
      result.year_counts[month / 100] += count;
    }
  }
  if (!by_relevance) std::sort(result.hits.begin(), result.hits.end(), before);
  result.matches_exact = options.count_all || !by_relevance || result.matches < options.count_at_least ||
                         result.hits.size() < k;
  return result;
}

IndexSearchResult IndexSnapshot::Search(const SegmentQuery& query, const SearchOptions& options) const {
  std::vector<std::string> terms;
  for (const auto* groups : {&query.clauses, &query.phrases}) {
    for (const std::vector<std::string>& group : *groups) terms.insert(terms.end(), group.begin(), group.end());
  }
  return SearchEach(Statistics(terms), options, [&](const Segment& segment, const SearchOptions& segment_options) {
    return segment::Search(segment, query, segment_options);
  });
}

IndexSearchResult IndexSnapshot::Search(const QueryTree& query, const SearchOptions& options) const {
  return SearchEach(Statistics(query.WeightedTerms()), options,
                    [&](const Segment& segment, const SearchOptions& segment_options) {
                      return SearchTree(segment, query, segment_options);
                    });
}

absl::StatusOr<std::unique_ptr<SegmentIndexWriter>> SegmentIndexWriter::Open(const SegmentIndexOptions& options) {
  absl::StatusOr<SegmentDirectory> directory = SegmentDirectory::Open(options.path);
  if (!directory.ok()) return directory.status();
  std::vector<IndexSnapshot::Part> parts;
  for (const Manifest::Entry& entry : directory->manifest().segments) {
    absl::StatusOr<Segment> segment = Segment::Read(options.path + "/" + entry.file);
    if (!segment.ok()) return segment.status();
    absl::StatusOr<Deletions> deletions = directory->ReadDeletions(entry, segment->document_count());
    if (!deletions.ok()) return deletions.status();
    parts.push_back({std::make_shared<const Segment>(*std::move(segment)),
                     std::make_shared<const Deletions>(*std::move(deletions)), entry.file});
  }
  return std::unique_ptr<SegmentIndexWriter>(
      new SegmentIndexWriter(options, *std::move(directory), std::move(parts)));
}

SegmentIndexWriter::SegmentIndexWriter(SegmentIndexOptions options, SegmentDirectory directory,
                                       std::vector<IndexSnapshot::Part> parts)
    : options_(std::move(options)), directory_(std::move(directory)), parts_(std::move(parts)) {
  Publish();
}

void SegmentIndexWriter::Add(IndexDocument document) {
  if (auto it = buffered_.find(document.key); it != buffered_.end()) buffered_deleted_.push_back(it->second);
  const uint32_t doc =
      builder_.AddDocument(document.terms, document.published, document.source, document.key, document.tags, document.stored);
  buffered_[document.key] = doc;
  pending_deletes_.insert(std::move(document.key));
}

void SegmentIndexWriter::Attach(std::string name, std::string bytes) {
  attachments_.try_emplace(std::move(name), std::move(bytes));
}

void SegmentIndexWriter::Delete(absl::string_view key) {
  if (auto it = buffered_.find(key); it != buffered_.end()) {
    buffered_deleted_.push_back(it->second);
    buffered_.erase(it);
  }
  pending_deletes_.insert(std::string(key));
}

absl::Status SegmentIndexWriter::Commit(int64_t applied_sequence) {
  if (failed()) return absl::FailedPreconditionError(absl::StrCat("segment index failed: ", failure_.message()));
  std::vector<IndexSnapshot::Part> parts = parts_;
  std::vector<bool> new_segment(parts.size(), false);
  std::vector<bool> new_deletions(parts.size(), false);
  // The committed documents the buffered changes replace or delete: a new
  // deletions bitmap for each segment that holds one.
  for (const std::string& key : pending_deletes_) {
    for (size_t i = 0; i < parts.size(); ++i) {
      for (uint32_t doc : parts[i].segment->DocumentsWithKey(key)) {
        if (parts[i].deletions->contains(doc)) continue;
        if (!new_deletions[i]) {
          parts[i].deletions = std::make_shared<Deletions>(*parts[i].deletions);
          new_deletions[i] = true;
        }
        std::const_pointer_cast<Deletions>(parts[i].deletions)->Delete(doc);
      }
    }
  }
  if (builder_.document_count() > 0) {
    std::vector<Attachment> attachments;
    attachments.reserve(attachments_.size());
    for (const auto& [name, bytes] : attachments_) attachments.push_back({name, bytes});
    absl::StatusOr<Segment> segment = std::move(builder_).Finish(applied_sequence, attachments);
    builder_ = SegmentBuilder();
    if (!segment.ok()) return Fail(segment.status());
    auto deletions = std::make_shared<Deletions>(segment->document_count());
    for (uint32_t doc : buffered_deleted_) deletions->Delete(doc);
    parts.push_back({std::make_shared<const Segment>(*std::move(segment)), std::move(deletions), ""});
    new_segment.push_back(true);
    new_deletions.push_back(true);
  }
  buffered_.clear();
  buffered_deleted_.clear();
  pending_deletes_.clear();
  return CommitParts(std::move(parts), new_segment, new_deletions, applied_sequence);
}

std::pair<size_t, size_t> SegmentIndexWriter::NextMerge() const {
  for (size_t i = 0; i < parts_.size(); ++i) {
    const double documents = parts_[i].segment->document_count();
    if (!Merging(parts_[i]) && parts_[i].deletions->deleted_count() > options_.max_deleted_share * documents) {
      return {i, i + 1};
    }
  }
  // A segment's level: the logarithm, base merge_factor, of its live
  // documents over min_merge_documents (0 below that). A run of merge_factor
  // neighbours whose levels lie within 1 of each other (sizes within a
  // factor of merge_factor) merges; of several such runs, the one of the
  // smallest segments first, so a large segment is rewritten only when
  // merge_factor others of its size have grown beside it.
  const size_t factor = static_cast<size_t>(std::max(options_.merge_factor, 2));
  if (parts_.size() < factor) return {0, 0};
  std::vector<double> levels;
  for (const IndexSnapshot::Part& part : parts_) {
    const double live = static_cast<double>(LiveDocuments(part));
    levels.push_back(live <= options_.min_merge_documents
                         ? 0.0
                         : std::log(live / options_.min_merge_documents) / std::log(static_cast<double>(factor)));
  }
  std::pair<size_t, size_t> best{0, 0};
  double best_level = 0;
  for (size_t first = 0; first + factor <= parts_.size(); ++first) {
    if (std::any_of(parts_.begin() + first, parts_.begin() + first + factor,
                    [&](const IndexSnapshot::Part& part) { return Merging(part); })) {
      continue;
    }
    const auto [low, high] = std::minmax_element(levels.begin() + first, levels.begin() + first + factor);
    if (*high - *low >= 1.0) continue;
    if (best.first == best.second || *high < best_level) {
      best = {first, first + factor};
      best_level = *high;
    }
  }
  return best;
}

int64_t MergeTask::input_documents() const {
  int64_t documents = 0;
  for (const IndexSnapshot::Part& part : inputs_) documents += part.segment->document_count();
  return documents;
}

absl::Status MergeTask::Run() {
  std::vector<MergeInput> inputs;
  for (const IndexSnapshot::Part& part : inputs_) inputs.push_back({part.segment.get(), part.deletions.get()});
  absl::StatusOr<Segment> merged = MergeSegments(inputs, applied_sequence_);
  if (!merged.ok()) return merged.status();
  if (absl::Status written = merged->Write(path_ + "/" + file_); !written.ok()) return written;
  merged_ = std::make_shared<const Segment>(*std::move(merged));
  return absl::OkStatus();
}

std::unique_ptr<MergeTask> SegmentIndexWriter::PlanMerge() {
  const auto [first, last] = NextMerge();
  if (first == last) return nullptr;
  auto task = std::make_unique<MergeTask>();
  task->inputs_.assign(parts_.begin() + first, parts_.begin() + last);
  task->applied_sequence_ = committed_sequence();
  task->path_ = options_.path;
  task->file_ = directory_.ReserveName();
  for (const IndexSnapshot::Part& part : task->inputs_) merging_.insert(part.file);
  return task;
}

void SegmentIndexWriter::AbandonMerge(const MergeTask& task) {
  for (const IndexSnapshot::Part& part : task.inputs_) merging_.erase(part.file);
  directory_.ReleaseName(task.file_);  // removes the file unless a commit adopted it
}

absl::Status SegmentIndexWriter::Merge() {
  if (failed()) return absl::FailedPreconditionError(absl::StrCat("segment index failed: ", failure_.message()));
  while (std::unique_ptr<MergeTask> task = PlanMerge()) {
    if (absl::Status status = task->Run(); !status.ok()) {
      AbandonMerge(*task);
      return Fail(status);
    }
    if (absl::Status status = FinishMerge(std::move(task)); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status SegmentIndexWriter::FinishMerge(std::unique_ptr<MergeTask> task) {
  // Whatever happens, the task's inputs and name are free again once this
  // returns (its file removed unless the commit adopted it).
  struct Release {
    SegmentIndexWriter* writer;
    const MergeTask& task;
    ~Release() { writer->AbandonMerge(task); }
  } release{this, *task};
  if (failed()) return absl::FailedPreconditionError(absl::StrCat("segment index failed: ", failure_.message()));
  if (task->merged_ == nullptr) return absl::FailedPreconditionError("segment index: the merge did not run");
  // The inputs are still where the plan found them, side by side: only
  // merges take segments out, and no other merge could take these. (A
  // segment whose documents were all deleted meanwhile stayed for the
  // same reason: see CommitParts.)
  const auto first = std::find_if(parts_.begin(), parts_.end(), [&](const IndexSnapshot::Part& part) {
    return part.file == task->inputs_.front().file;
  });
  const size_t begin = static_cast<size_t>(first - parts_.begin());
  if (first == parts_.end() || begin + task->inputs_.size() > parts_.size()) {
    return Fail(absl::InternalError("segment index: a merge's inputs are no longer in the index"));
  }
  // Deletions the inputs received since the plan, carried over to the
  // merged documents (numbered in input order, deleted ones skipped).
  auto deletions = std::make_shared<Deletions>(task->merged_->document_count());
  uint32_t merged_doc = 0;
  for (size_t i = 0; i < task->inputs_.size(); ++i) {
    const IndexSnapshot::Part& then = task->inputs_[i];
    const IndexSnapshot::Part& now = parts_[begin + i];
    if (now.file != then.file) {
      return Fail(absl::InternalError("segment index: a merge's inputs are no longer side by side"));
    }
    for (uint32_t doc = 0; doc < then.segment->document_count(); ++doc) {
      if (then.deletions->contains(doc)) continue;
      if (now.deletions->contains(doc)) deletions->Delete(merged_doc);
      ++merged_doc;
    }
  }
  std::vector<IndexSnapshot::Part> parts(parts_.begin(), parts_.begin() + begin);
  parts.push_back({task->merged_, std::move(deletions), task->file_});
  parts.insert(parts.end(), parts_.begin() + begin + task->inputs_.size(), parts_.end());
  std::vector<bool> new_segment(parts.size(), false);
  new_segment[begin] = true;
  std::vector<bool> new_deletions = new_segment;
  return CommitParts(std::move(parts), new_segment, new_deletions, committed_sequence());
}

absl::Status SegmentIndexWriter::CommitParts(std::vector<IndexSnapshot::Part> parts,
                                             const std::vector<bool>& new_segment,
                                             const std::vector<bool>& new_deletions, int64_t applied_sequence) {
  // Segments whose every document is deleted go, unless a planned merge
  // holds them (it expects its inputs side by side when it finishes).
  std::vector<IndexSnapshot::Part> kept_parts;
  std::vector<bool> kept_new;
  std::vector<SegmentDirectory::CommitEntry> entries;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (LiveDocuments(parts[i]) == 0 && (new_segment[i] || !Merging(parts[i]))) continue;
    kept_new.push_back(new_segment[i]);
    SegmentDirectory::CommitEntry entry;
    if (new_segment[i]) {
      entry.added = parts[i].segment.get();
      entry.adopted = parts[i].file;  // a merge's file, already written; empty otherwise
    } else {
      entry.kept = parts[i].file;
    }
    if (new_deletions[i]) entry.deletions = parts[i].deletions.get();
    entries.push_back(entry);
    kept_parts.push_back(std::move(parts[i]));
  }
  if (absl::Status status = directory_.Commit(entries, applied_sequence); !status.ok()) return Fail(status);
  const std::vector<Manifest::Entry>& named = directory_.manifest().segments;
  for (size_t i = 0; i < kept_parts.size(); ++i) {
    kept_parts[i].file = named[i].file;
    // A new segment was built in the heap; now that its file is written,
    // it is read through a mapping of the file instead, like every segment
    // a reader opens, so that the index is not held twice in memory (the
    // pages are the ones readers map). Should mapping fail, the built copy
    // serves as well: the commit stands either way.
    if (!kept_new[i]) continue;
    absl::StatusOr<Segment> mapped =
        Segment::ReadWritten(directory_.path() + "/" + kept_parts[i].file, *kept_parts[i].segment);
    if (mapped.ok()) kept_parts[i].segment = std::make_shared<const Segment>(*std::move(mapped));
  }
  parts_ = std::move(kept_parts);
  Publish();
  return absl::OkStatus();
}

void SegmentIndexWriter::Publish() {
  auto snapshot = std::make_shared<const IndexSnapshot>(parts_, directory_.manifest().generation,
                                                        directory_.manifest().applied_sequence);
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  snapshot_ = std::move(snapshot);
}

std::shared_ptr<const IndexSnapshot> SegmentIndexWriter::snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  return snapshot_;
}

absl::Status SegmentIndexWriter::Fail(absl::Status status) {
  if (failure_.ok()) failure_ = status;
  return status;
}

absl::StatusOr<std::shared_ptr<const IndexSnapshot>> SegmentIndexReader::Latest() {
  // A commit removes the files it no longer names once its manifest is in
  // place, so a manifest read just before may name a file that is gone by
  // the time it is opened: the manifest is then read again.
  constexpr int kAttempts = 5;
  absl::Status status;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    absl::StatusOr<Manifest> manifest = ReadManifest(path_);
    if (!manifest.ok()) return manifest.status();
    std::lock_guard<std::mutex> lock(mutex_);
    if (latest_ != nullptr && latest_->generation() == manifest->generation) return latest_;
    absl::StatusOr<std::shared_ptr<const IndexSnapshot>> opened = OpenSnapshot(*manifest);
    if (opened.ok()) {
      latest_ = *opened;
      return latest_;
    }
    status = opened.status();
    if (!absl::IsNotFound(status)) return status;
  }
  return absl::InternalError(absl::StrCat("segments: the index kept changing while it was read: ", status.message()));
}

absl::StatusOr<std::shared_ptr<const IndexSnapshot>> SegmentIndexReader::OpenSnapshot(
    const Manifest& manifest) const {
  // The segments the current snapshot already holds, by file name. (The
  // deletion bitmaps, small, are read again.)
  absl::flat_hash_map<std::string, const IndexSnapshot::Part*> known;
  if (latest_ != nullptr) {
    for (const IndexSnapshot::Part& part : latest_->segments()) known[part.file] = &part;
  }
  std::vector<IndexSnapshot::Part> parts;
  for (const Manifest::Entry& entry : manifest.segments) {
    IndexSnapshot::Part part;
    part.file = entry.file;
    if (auto it = known.find(entry.file); it != known.end()) {
      part.segment = it->second->segment;
    } else {
      absl::StatusOr<Segment> segment = Segment::Read(path_ + "/" + entry.file);
      if (!segment.ok()) return segment.status();
      part.segment = std::make_shared<const Segment>(*std::move(segment));
    }
    absl::StatusOr<Deletions> deletions = ReadDeletions(path_, entry, part.segment->document_count());
    if (!deletions.ok()) return deletions.status();
    part.deletions = std::make_shared<const Deletions>(*std::move(deletions));
    parts.push_back(std::move(part));
  }
  return std::make_shared<const IndexSnapshot>(std::move(parts), manifest.generation, manifest.applied_sequence);
}

void SegmentIndexReader::Retain(std::shared_ptr<const IndexSnapshot> snapshot, absl::Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const absl::Time expires = now + kRetention;
  retained_.erase(std::remove_if(retained_.begin(), retained_.end(),
                                 [&](const RetainedSnapshot& kept) {
                                   return kept.expires <= now || kept.snapshot->generation() == snapshot->generation();
                                 }),
                  retained_.end());
  if (retained_.size() == kMaxRetained) {
    retained_.erase(std::min_element(retained_.begin(), retained_.end(), [](const auto& a, const auto& b) {
      return a.expires < b.expires;
    }));
  }
  retained_.push_back({std::move(snapshot), expires});
}

std::shared_ptr<const IndexSnapshot> SegmentIndexReader::Retained(int64_t generation, int64_t applied_sequence,
                                                                  absl::Time now) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const RetainedSnapshot& kept : retained_) {
    if (kept.snapshot->generation() == generation && kept.snapshot->applied_sequence() == applied_sequence &&
        kept.expires > now) {
      return kept.snapshot;
    }
  }
  return nullptr;
}

}  // namespace chronicle::index::segment
