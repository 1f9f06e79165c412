#include "query-service/query_metrics.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "core/common/status_macros.h"
#include "core/index/schema.h"

namespace chronicle::query_service {
namespace {

// How long a scrape waits for an index reader to count documents with.
constexpr absl::Duration kReaderWait = absl::Milliseconds(100);

}  // namespace

absl::StatusOr<std::unique_ptr<QueryMetrics>> QueryMetrics::Create(metrics::Registry* registry) {
  std::unique_ptr<QueryMetrics> result(new QueryMetrics(registry));
  ASSIGN_OR_RETURN(result->applied_sequence_,
                   registry->AddGauge("chronicle_query_applied_sequence",
                                      "Last feed sequence committed to this replica's index."));
  ASSIGN_OR_RETURN(result->head_sequence_,
                   registry->AddGauge("chronicle_query_ingest_head_sequence",
                                      "The ingest service's last sequence, as last reported on the feed."));
  ASSIGN_OR_RETURN(result->lag_, registry->AddGauge("chronicle_query_feed_lag",
                                                    "Feed changes not yet searchable here: head minus applied."));
  ASSIGN_OR_RETURN(result->caught_up_,
                   registry->AddGauge("chronicle_query_caught_up",
                                      "1 while the index holds every change up to the ingest head (after first catching up)."));
  ASSIGN_OR_RETURN(result->documents_,
                   registry->AddGauge("chronicle_query_index_documents", "Documents in the index, by type.",
                                      {"type"}));
  ASSIGN_OR_RETURN(result->changes_applied_,
                   registry->AddCounter("chronicle_query_feed_changes_applied_total",
                                        "Changes applied from the feed since this process started."));
  ASSIGN_OR_RETURN(result->commit_seconds_,
                   registry->AddHistogram("chronicle_query_index_commit_seconds",
                                          "Time per index commit, in seconds.",
                                          {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}));
  ASSIGN_OR_RETURN(result->index_failures_,
                   registry->AddCounter("chronicle_query_index_failures_total",
                                        "Index applies or commits that failed; each time the index was reopened "
                                        "at its last commit."));
  ASSIGN_OR_RETURN(result->timeline_cache_lookups_,
                   registry->AddCounter("chronicle_query_timeline_cache_lookups_total",
                                        "Timelines answered from the cache of this index snapshot's answers "
                                        "(result=\"hit\") or built (result=\"miss\").",
                                        {"result"}));
  ASSIGN_OR_RETURN(result->timeline_cache_bytes_,
                   registry->AddGauge("chronicle_query_timeline_cache_bytes",
                                      "Memory held by cached timeline answers."));
  return result;
}

void QueryMetrics::RecordApplied(int changes, const feed::ChangeApplier& applier) {
  changes_applied_->WithLabels({}).Increment(changes);
  const int64_t committed = applier.resume_after();
  // The committed sequence moves only when Apply committed.
  if (committed != last_committed_) {
    commit_seconds_->WithLabels({}).Observe(absl::ToDoubleSeconds(applier.last_commit_duration()));
  }
  last_committed_ = committed;
}

void QueryMetrics::Watch(const SequenceWatch* applied, const feed::Follower* follower, index::ReaderPool* readers,
                         int64_t committed_at_start) {
  last_committed_ = committed_at_start;
  registry_->AddCollector([this, applied, follower, readers] {
    const int64_t applied_sequence = applied->Get();
    const int64_t head = follower->head();
    applied_sequence_->WithLabels({}).Set(static_cast<double>(applied_sequence));
    head_sequence_->WithLabels({}).Set(static_cast<double>(head));
    lag_->WithLabels({}).Set(static_cast<double>(std::max<int64_t>(0, head - applied_sequence)));
    caught_up_->WithLabels({}).Set(follower->caught_up() && applied_sequence >= head ? 1 : 0);
    if (const index::TimelineCache* cache = readers->timeline_cache(); cache != nullptr) {
      const index::TimelineCache::Stats stats = cache->stats();
      std::lock_guard<std::mutex> lock(cache_counts_mutex_);
      timeline_cache_lookups_->WithLabels({"hit"}).Increment(static_cast<double>(stats.hits - cache_hits_seen_));
      timeline_cache_lookups_->WithLabels({"miss"}).Increment(static_cast<double>(stats.misses - cache_misses_seen_));
      cache_hits_seen_ = stats.hits;
      cache_misses_seen_ = stats.misses;
      timeline_cache_bytes_->WithLabels({}).Set(static_cast<double>(stats.bytes));
    }
    // Before the first commit there is no index to read yet; when every
    // reader is busy, the document counts keep their last values rather than
    // holding up the scrape.
    absl::StatusOr<index::ReaderPool::Lease> reader = readers->Acquire(absl::Now() + kReaderWait);
    if (!reader.ok()) return;
    for (absl::string_view type :
         {index::schema::kArticleType, index::schema::kDuplicateType, index::schema::kEventType}) {
      documents_->WithLabels({type}).Set(static_cast<double>((*reader)->CountDocuments(type)));
    }
  });
}

}  // namespace chronicle::query_service
