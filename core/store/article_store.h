// The article store: the durable record of every acknowledged article and the
// ordered change feed built from it.
//
// One writer, many readers. The writer opens a WriteTransaction, looks up what
// it needs to decide (same id? same content? near duplicate?), writes, and
// commits; a commit that returns OK is durable. Readers may call the const
// methods from any thread at any time.
#ifndef CHRONICLE_CORE_STORE_ARTICLE_STORE_H_
#define CHRONICLE_CORE_STORE_ARTICLE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "chronicle/v1/article.pb.h"
#include "chronicle/v1/feed.pb.h"
#include "chronicle/v1/raw_article.pb.h"

namespace chronicle::store {

// What the writer needs to know about the current version of an article.
struct ArticleHead {
  std::string id;
  int64_t sequence = 0;
  std::string content_hash;
  uint64_t simhash = 0;
  std::string duplicate_of;  // empty for an original
};

// A new version of an article to write. An original (no duplicate_of) with
// a nonzero fingerprint (article.simhash) is a near-duplicate candidate
// under its dedup::SimHashIndexKeys; a duplicate never is.
struct ArticleWrite {
  // Article, duplicate_of and content_type; the store sets sequence and ingested_at.
  v1::StoredArticle stored;
  // The input as received, kept so articles can be analysed again later.
  v1::RawArticle raw;
};

class WriteTransaction {
 public:
  virtual ~WriteTransaction() = default;

  // Lookups see this transaction's own writes.
  virtual absl::StatusOr<absl::optional<ArticleHead>> FindArticle(absl::string_view id) = 0;
  // An original (not itself a duplicate) with this exact content hash.
  virtual absl::StatusOr<absl::optional<ArticleHead>> FindOriginalByContentHash(
      absl::string_view content_hash) = 0;
  // Originals stored under any of `probe_keys` (dedup::SimHashProbeKeys)
  // whose simhash differs from `simhash` in at most `max_distance` bits:
  // near-duplicate candidates as (id, simhash), each once. The distance is
  // checked as each row is read: at a million originals a probe meets about
  // a thousand rows, and making an id of each was most of the writer's time
  // per article.
  virtual absl::StatusOr<std::vector<std::pair<std::string, uint64_t>>> FindSimHashCandidates(
      absl::Span<const uint64_t> probe_keys, uint64_t simhash, int max_distance) = 0;
  // The current version of an article as it was written (nullopt if none).
  virtual absl::StatusOr<absl::optional<ArticleWrite>> LoadArticle(absl::string_view id) = 0;
  // Articles that name `id` as their original, oldest first.
  virtual absl::StatusOr<std::vector<ArticleHead>> FindDuplicatesOf(absl::string_view id) = 0;

  // Writes a new version (insert or replace by id) and appends an UPSERT
  // change. Returns the change's sequence.
  virtual absl::StatusOr<int64_t> Put(const ArticleWrite& write) = 0;
  // Removes the article and appends a DELETE change; NOT_FOUND if absent.
  virtual absl::StatusOr<int64_t> Delete(absl::string_view id) = 0;

  // Makes every write durable; after an error nothing of the transaction is
  // stored. The transaction cannot be used afterwards. Destroying an
  // uncommitted transaction rolls it back.
  virtual absl::Status Commit() = 0;
};

struct StoreStats {
  int64_t article_count = 0;
  int64_t last_sequence = 0;
  int64_t size_bytes = 0;
};

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Starts the write transaction. Only one may be open at a time: the store
  // has one writer (FAILED_PRECONDITION otherwise).
  virtual absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;

  // The current version of an article, or nullopt when there is none.
  virtual absl::StatusOr<absl::optional<v1::StoredArticle>> GetArticle(
      absl::string_view id) const = 0;

  // Up to `max_changes` consecutive changes with sequence > `after_sequence`,
  // oldest first.
  virtual absl::StatusOr<std::vector<v1::Change>> ReadChanges(int64_t after_sequence,
                                                              int max_changes) const = 0;

  // Sequence of the last committed change (0 for an empty store), as this
  // process knows it.
  virtual int64_t LastSequence() const = 0;

  // The last committed sequence as the store has it now. A store that
  // several processes write (PostgreSQL) reads it, learning what the others
  // committed; LastSequence() then includes it. An embedded store, written
  // only here, answers LastSequence().
  virtual absl::StatusOr<int64_t> ReadLastSequence() const { return LastSequence(); }

  virtual absl::StatusOr<StoreStats> Stats() const = 0;
};

}  // namespace chronicle::store

#endif  // CHRONICLE_CORE_STORE_ARTICLE_STORE_H_
