// The ingest service's own metrics, beside the per-call ones every server has:
//
//   chronicle_ingest_writes_total{outcome}   acknowledged (durable) writes: CREATED, UPDATED,
//                                           UNCHANGED, DUPLICATE, DELETED
//   chronicle_ingest_queue_depth             writes waiting for the writer thread
//   chronicle_ingest_queue_capacity          --queue_capacity
//   chronicle_ingest_last_sequence           last committed feed sequence
//   chronicle_ingest_store_bytes             article store size on disk (database + WAL)
//   chronicle_ingest_store_failures_total{code}  batches the store refused (UNAVAILABLE: I/O
//                                           error; RESOURCE_EXHAUSTED: disk full); none acknowledged
#ifndef CHRONICLE_INGEST_SERVICE_INGEST_METRICS_H_
#define CHRONICLE_INGEST_SERVICE_INGEST_METRICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/ingest/article_writer.h"
#include "core/metrics/registry.h"
#include "core/store/article_store.h"

namespace chronicle::ingest_service {

class IngestMetrics {
 public:
  // Registers the metrics in `registry`, which must outlive this object.
  static absl::StatusOr<std::unique_ptr<IngestMetrics>> Create(metrics::Registry* registry);

  // Counts one acknowledged write (ArticleWriterOptions::on_outcome).
  void RecordOutcome(const ingest::WriteOutcome& outcome);

  // Counts one batch the store refused (ArticleWriterOptions::on_commit_failed).
  void RecordStoreFailure(const absl::Status& status);

  // Reads queue, sequence and store size at every scrape. Everything passed
  // must outlive the registry's last Render.
  void Watch(const ingest::ArticleWriter* writer, int queue_capacity, const store::ArticleStore* store,
             std::string store_path);

 private:
  explicit IngestMetrics(metrics::Registry* registry) : registry_(registry) {}

  metrics::Registry* registry_;
  metrics::CounterFamily* writes_ = nullptr;
  metrics::CounterFamily* store_failures_ = nullptr;
  metrics::GaugeFamily* queue_depth_ = nullptr;
  metrics::GaugeFamily* queue_capacity_ = nullptr;
  metrics::GaugeFamily* last_sequence_ = nullptr;
  metrics::GaugeFamily* store_bytes_ = nullptr;
};

}  // namespace chronicle::ingest_service

#endif  // CHRONICLE_INGEST_SERVICE_INGEST_METRICS_H_
