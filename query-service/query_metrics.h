// The query replica's own metrics, beside the per-call ones every server has:
//
//   chronicle_query_applied_sequence          last feed sequence committed to this replica's index
//   chronicle_query_ingest_head_sequence      the ingest service's last sequence, as last reported
//   chronicle_query_feed_lag                  head minus applied: changes not yet searchable here
//   chronicle_query_caught_up                 1 while caught up with the feed (GetIndexStatus.caught_up)
//   chronicle_query_index_documents{type}     documents in the index (article, event, ...)
//   chronicle_query_feed_changes_applied_total changes applied from the feed since start
//   chronicle_query_index_commit_seconds      time per index commit (histogram)
//   chronicle_query_index_failures_total      index applies or commits that failed (the index was
//                                             reopened at its last commit)
//   chronicle_query_timeline_cache_lookups_total{result}  timelines answered from the cache ("hit")
//                                             or built ("miss") since start
//   chronicle_query_timeline_cache_bytes      memory the cached timelines hold
#ifndef CHRONICLE_QUERY_SERVICE_QUERY_METRICS_H_
#define CHRONICLE_QUERY_SERVICE_QUERY_METRICS_H_

#include <cstdint>
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "chronicle/v1/feed.pb.h"
#include "core/common/sequence_watch.h"
#include "core/feed/change_applier.h"
#include "core/feed/follower.h"
#include "core/index/reader_pool.h"
#include "core/metrics/registry.h"

namespace chronicle::query_service {

class QueryMetrics {
 public:
  // Registers the metrics in `registry`, which must outlive this object.
  static absl::StatusOr<std::unique_ptr<QueryMetrics>> Create(metrics::Registry* registry);

  // feed::FollowerOptions::on_applied: counts the changes and times the commit
  // the message led to, if any. Runs on the follower thread, the only one
  // that may read `applier`.
  void RecordApplied(int changes, const feed::ChangeApplier& applier);

  // feed::FollowerOptions::on_index_failed.
  void RecordIndexFailure() { index_failures_->WithLabels({}).Increment(1); }

  // Reads sequences, lag and document counts at every scrape. Everything
  // passed must outlive the registry's last Render.
  // `committed_at_start` is the index's committed sequence before the
  // follower starts.
  void Watch(const SequenceWatch* applied, const feed::Follower* follower, index::ReaderPool* readers,
             int64_t committed_at_start);

 private:
  explicit QueryMetrics(metrics::Registry* registry) : registry_(registry) {}

  metrics::Registry* registry_;
  metrics::GaugeFamily* applied_sequence_ = nullptr;
  metrics::GaugeFamily* head_sequence_ = nullptr;
  metrics::GaugeFamily* lag_ = nullptr;
  metrics::GaugeFamily* caught_up_ = nullptr;
  metrics::GaugeFamily* documents_ = nullptr;
  metrics::CounterFamily* changes_applied_ = nullptr;
  metrics::HistogramFamily* commit_seconds_ = nullptr;
  metrics::CounterFamily* index_failures_ = nullptr;
  metrics::CounterFamily* timeline_cache_lookups_ = nullptr;
  metrics::GaugeFamily* timeline_cache_bytes_ = nullptr;
  // The cache's counts at the last scrape: the counters grow by the
  // difference. Scrapes may overlap.
  std::mutex cache_counts_mutex_;
  int64_t cache_hits_seen_ = 0;    // guarded by cache_counts_mutex_
  int64_t cache_misses_seen_ = 0;  // guarded by cache_counts_mutex_
  // Follower thread only: the committed sequence seen after the last message.
  int64_t last_committed_ = 0;
};

}  // namespace chronicle::query_service

#endif  // CHRONICLE_QUERY_SERVICE_QUERY_METRICS_H_
