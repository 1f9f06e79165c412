// The compression dictionaries of an index's stored records.
//
// A record (stored_events.proto) holds two zstd frames: the article's body,
// and the rest of the article. Each is a few hundred bytes to a few kB, and
// compressed alone each spells out again what every record holds (field
// tags, entity ids, the words and phrases of the news). Once an index holds
// enough articles, its writer trains a zstd dictionary for each of the two
// kinds on a sample of its records and compresses later records with them:
// on the benchmark corpus the articles come out a third smaller and the
// bodies a quarter, and compressing is faster (docs/performance.md).
//
// Every segment carries the dictionaries its records may need, as
// attachments (segment.h) named kBodyDictionary or kArticleDictionary and
// the dictionary's id: a segment stays readable on its own, however it is
// copied (a replica seeded from another's files, an operator's backup).
// Merges carry their inputs' attachments.
#ifndef CHRONICLE_CORE_INDEX_RECORD_COMPRESSION_H_
#define CHRONICLE_CORE_INDEX_RECORD_COMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/common/compression.h"
#include "core/index/segment/segment.h"
#include "core/index/segment/segment_index.h"

namespace chronicle::index {

// Attachment names: the prefix, then the dictionary's id in decimal.
inline constexpr absl::string_view kBodyDictionary = "zstd-body-";
inline constexpr absl::string_view kArticleDictionary = "zstd-article-";

// What a writer compresses new records with; null members: no dictionary.
struct RecordDictionaries {
  std::shared_ptr<const CompressionDictionary> body;
  std::shared_ptr<const CompressionDictionary> article;
};

// The attachment name of `dictionary` under `prefix`.
std::string DictionaryAttachmentName(absl::string_view prefix, const CompressionDictionary& dictionary);

// The dictionaries the segments of `snapshot` carry, the newest segment's
// of each kind; none when no segment carries one. Errors: DATA_LOSS when an
// attachment so named is not the dictionary its name says.
absl::StatusOr<RecordDictionaries> FindRecordDictionaries(const segment::IndexSnapshot& snapshot);

// Dictionaries of at most `max_dictionary_bytes` each, trained on up to
// `max_samples` records of `snapshot`'s live documents, spread over all of
// them. Errors: INVALID_ARGUMENT when the records are too few or too small
// to train on; DATA_LOSS when a record does not read.
absl::StatusOr<RecordDictionaries> TrainRecordDictionaries(const segment::IndexSnapshot& snapshot,
                                                           size_t max_samples, size_t max_dictionary_bytes);

// Reads the frames of records, keeping each dictionary it needed digested
// for the next record (digesting one takes longer than reading a record),
// and the zstd contexts it read with (so does creating one: it was 7% of a
// search at 1M). Shared by a process's readers; thread-safe.
class RecordDecompressor {
 public:
  // The bytes of `compressed`, a frame of a record `segment` holds, with
  // the dictionary its header names, if any, from the segment's
  // attachments. Errors: DATA_LOSS when the frame is damaged or needs a
  // dictionary the segment does not carry.
  absl::StatusOr<std::string> Decompress(absl::string_view compressed, const segment::Segment& segment);

 private:
  absl::StatusOr<std::shared_ptr<const CompressionDictionary>> Dictionary(uint32_t id,
                                                                          const segment::Segment& segment);

  std::mutex mutex_;
  absl::flat_hash_map<uint32_t, std::shared_ptr<const CompressionDictionary>> dictionaries_;
  // Contexts no reader is using: at most as many as read at once.
  std::vector<std::unique_ptr<Decompressor>> idle_;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_RECORD_COMPRESSION_H_
