#include "ingest-service/ingest_metrics.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "core/common/status_macros.h"

namespace chronicle::ingest_service {
namespace {

// Bytes of `path`, 0 when it does not exist (a WAL between checkpoints may not).
double FileBytes(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<double>(size);
}

}  // namespace

absl::StatusOr<std::unique_ptr<IngestMetrics>> IngestMetrics::Create(metrics::Registry* registry) {
  std::unique_ptr<IngestMetrics> result(new IngestMetrics(registry));
  ASSIGN_OR_RETURN(result->writes_,
                   registry->AddCounter("chronicle_ingest_writes_total",
                                        "Writes made durable and acknowledged, by outcome.", {"outcome"}));
  ASSIGN_OR_RETURN(result->queue_depth_,
                   registry->AddGauge("chronicle_ingest_queue_depth", "Writes waiting for the writer thread."));
  ASSIGN_OR_RETURN(result->queue_capacity_,
                   registry->AddGauge("chronicle_ingest_queue_capacity",
                                      "Writes that may wait before callers are told to back off."));
  ASSIGN_OR_RETURN(result->last_sequence_,
                   registry->AddGauge("chronicle_ingest_last_sequence", "Last committed feed sequence."));
  ASSIGN_OR_RETURN(result->store_bytes_,
                   registry->AddGauge("chronicle_ingest_store_bytes",
                                      "Article store size on disk: database plus write-ahead log."));
  ASSIGN_OR_RETURN(result->store_failures_,
                   registry->AddCounter("chronicle_ingest_store_failures_total",
                                        "Batches the article store refused, by status code; none was acknowledged.",
                                        {"code"}));
  // Every outcome shows from the start, so rates work before the first write.
  for (absl::string_view outcome : {"CREATED", "UPDATED", "UNCHANGED", "DUPLICATE", "DELETED"}) {
    result->writes_->WithLabels({outcome});
  }
  return result;
}

void IngestMetrics::RecordOutcome(const ingest::WriteOutcome& outcome) {
  const std::string name = outcome.outcome == v1::IngestArticleResponse::OUTCOME_UNSPECIFIED
                               ? "DELETED"
                               : v1::IngestArticleResponse::Outcome_Name(outcome.outcome);
  writes_->WithLabels({name}).Increment();
}

void IngestMetrics::RecordStoreFailure(const absl::Status& status) {
  store_failures_->WithLabels({std::string(absl::StatusCodeToString(status.code()))}).Increment();
}

void IngestMetrics::Watch(const ingest::ArticleWriter* writer, int queue_capacity,
                          const store::ArticleStore* store, std::string store_path) {
  registry_->AddCollector([this, writer, queue_capacity, store, path = std::move(store_path)] {
    queue_depth_->WithLabels({}).Set(writer->QueueDepth());
    queue_capacity_->WithLabels({}).Set(queue_capacity);
    last_sequence_->WithLabels({}).Set(static_cast<double>(store->LastSequence()));
    if (!path.empty()) {
      store_bytes_->WithLabels({}).Set(FileBytes(path) + FileBytes(path + "-wal"));
    } else if (absl::StatusOr<store::StoreStats> stats = store->Stats(); stats.ok()) {
      store_bytes_->WithLabels({}).Set(static_cast<double>(stats->size_bytes));  // on the server
    }
  });
}

}  // namespace chronicle::ingest_service
