// Materialises the change feed into the Xapian index.
//
// Changes are applied in feed order; Commit() makes them visible to readers
// and records the last applied sequence in the same Xapian commit, so after a
// crash or restart the index resumes exactly where its documents end: nothing
// is lost and nothing is applied twice.
#ifndef CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
#define CHRONICLE_CORE_INDEX_INDEX_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chronicle/v1/ingest_service.pb.h"
#include "core/index/document_builder.h"
#include "xapian.h"

namespace chronicle::index {

struct IndexWriterOptions {
  // Directory of the Xapian database; created when missing.
  std::string path;
};

// Single writer: use from one thread. Other processes or threads read the same
// directory through IndexReader.
class IndexWriter {
 public:
  // Opens or creates the index.
  // Errors: UNAVAILABLE when another process holds the write lock;
  // FAILED_PRECONDITION when the index was written with another schema version
  // (delete the directory: it is rebuilt from the feed); DATA_LOSS when corrupt.
  static absl::StatusOr<std::unique_ptr<IndexWriter>> Open(const IndexWriterOptions& options);

  // Applies one change. Changes at or below the applied sequence are ignored,
  // so replaying a feed from an earlier point is harmless.
  absl::Status Apply(const v1::Change& change);

  // Makes applied changes durable and visible, with the applied sequence.
  absl::Status Commit();

  // Last sequence applied (committed or not) and last committed.
  int64_t applied_sequence() const { return applied_sequence_; }
  int64_t committed_sequence() const { return committed_sequence_; }
  bool has_uncommitted_changes() const { return applied_sequence_ != committed_sequence_; }
  // Documents of each kind currently in the database, including uncommitted.
  int64_t CountDocuments(absl::string_view type) const;

 private:
  IndexWriter(Xapian::WritableDatabase db, int64_t applied_sequence);
  void ApplyUpsert(const v1::Change& change);
  void ApplyDelete(const std::string& article_id);

  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  int64_t applied_sequence_;
  int64_t committed_sequence_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_INDEX_WRITER_H_
