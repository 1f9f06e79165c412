#include "core/index/record_compression.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/common/status_macros.h"
#include "core/index/stored_events_scan.h"

namespace chronicle::index {
namespace {

// Loads the attachment `attachment` when its name is `prefix` and an id,
// checking that the dictionary is the one named. Null when the name is
// another's.
absl::StatusOr<std::shared_ptr<const CompressionDictionary>> LoadAttached(const segment::Attachment& attachment,
                                                                          absl::string_view prefix) {
  if (!absl::StartsWith(attachment.name, prefix)) return nullptr;
  uint32_t id = 0;
  if (!absl::SimpleAtoi(attachment.name.substr(prefix.size()), &id)) return nullptr;
  absl::StatusOr<std::shared_ptr<const CompressionDictionary>> dictionary =
      CompressionDictionary::Load(std::string(attachment.bytes));
  if (!dictionary.ok() || (*dictionary)->id() != id) {
    return absl::DataLossError(absl::StrCat("segment attachment ", attachment.name, " is not that dictionary"));
  }
  return dictionary;
}

}  // namespace

std::string DictionaryAttachmentName(absl::string_view prefix, const CompressionDictionary& dictionary) {
  return absl::StrCat(prefix, dictionary.id());
}

absl::StatusOr<RecordDictionaries> FindRecordDictionaries(const segment::IndexSnapshot& snapshot) {
  RecordDictionaries found;
  const std::vector<segment::IndexSnapshot::Part>& parts = snapshot.segments();
  for (size_t s = parts.size(); s-- > 0 && (found.body == nullptr || found.article == nullptr);) {
    for (const segment::Attachment& attachment : parts[s].segment->attachments()) {
      if (found.body == nullptr) {
        ASSIGN_OR_RETURN(found.body, LoadAttached(attachment, kBodyDictionary));
      }
      if (found.article == nullptr) {
        ASSIGN_OR_RETURN(found.article, LoadAttached(attachment, kArticleDictionary));
      }
    }
  }
  return found;
}

absl::StatusOr<RecordDictionaries> TrainRecordDictionaries(const segment::IndexSnapshot& snapshot,
                                                           size_t max_samples, size_t max_dictionary_bytes) {
  const int64_t live = snapshot.live_documents();
  if (live == 0 || max_samples == 0) return absl::InvalidArgumentError("no records to train dictionaries on");
  // Every stride-th live document, so that the sample spans the index.
  const int64_t stride = std::max<int64_t>(1, live / static_cast<int64_t>(max_samples));
  RecordDecompressor reader;
  std::vector<std::string> bodies, articles;
  size_t body_bytes = 0, article_bytes = 0;
  int64_t seen = 0;
  for (const segment::IndexSnapshot::Part& part : snapshot.segments()) {
    const segment::Segment& segment = *part.segment;
    for (uint32_t doc = 0; doc < segment.document_count() && bodies.size() < max_samples; ++doc) {
      if (!part.deletions->empty() && part.deletions->contains(doc)) continue;
      if (seen++ % stride != 0) continue;
      ScannedArticle record;
      if (!ScanStoredArticle(segment.stored(doc), record).ok()) {
        return absl::DataLossError(absl::StrCat("the record of document ", doc, " does not parse"));
      }
      ASSIGN_OR_RETURN(std::string body, reader.Decompress(record.compressed_body, segment));
      ASSIGN_OR_RETURN(std::string article, reader.Decompress(record.compressed_article, segment));
      body_bytes += body.size();
      article_bytes += article.size();
      bodies.push_back(std::move(body));
      articles.push_back(std::move(article));
    }
  }
  // zstd's advice: a dictionary about a hundredth of what it learns from;
  // a tenth at most, or it learns the samples themselves.
  auto train = [&](const std::vector<std::string>& samples,
                   size_t bytes) -> absl::StatusOr<std::shared_ptr<const CompressionDictionary>> {
    const size_t size = std::min(max_dictionary_bytes, bytes / 10);
    if (size < 1024) {
      return absl::InvalidArgumentError(
          absl::StrCat("records of ", bytes, " bytes are too few to train a dictionary on"));
    }
    ASSIGN_OR_RETURN(std::string trained, CompressionDictionary::Train(samples, size));
    return CompressionDictionary::Load(std::move(trained));
  };
  RecordDictionaries trained;
  ASSIGN_OR_RETURN(trained.body, train(bodies, body_bytes));
  ASSIGN_OR_RETURN(trained.article, train(articles, article_bytes));
  return trained;
}

absl::StatusOr<std::string> RecordDecompressor::Decompress(absl::string_view compressed,
                                                           const segment::Segment& segment) {
  const uint32_t id = FrameDictionaryId(compressed);
  std::shared_ptr<const CompressionDictionary> dictionary;
  if (id != 0) {
    ASSIGN_OR_RETURN(dictionary, Dictionary(id, segment));
  }
  std::unique_ptr<Decompressor> context;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      context = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (context == nullptr) context = std::make_unique<Decompressor>();
  absl::StatusOr<std::string> bytes = context->Decompress(compressed, dictionary.get());
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(context));
  return bytes;
}

absl::StatusOr<std::shared_ptr<const CompressionDictionary>> RecordDecompressor::Dictionary(
    uint32_t id, const segment::Segment& segment) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = dictionaries_.find(id);
    if (found != dictionaries_.end()) return found->second;
  }
  // Digested outside the lock: readers of other dictionaries go on.
  for (absl::string_view prefix : {kBodyDictionary, kArticleDictionary}) {
    const segment::Attachment* attachment = segment.FindAttachment(absl::StrCat(prefix, id));
    if (attachment == nullptr) continue;
    ASSIGN_OR_RETURN(std::shared_ptr<const CompressionDictionary> dictionary, LoadAttached(*attachment, prefix));
    std::lock_guard<std::mutex> lock(mutex_);
    return dictionaries_.try_emplace(id, std::move(dictionary)).first->second;
  }
  return absl::DataLossError(absl::StrCat("a record needs compression dictionary ", id,
                                          ", which its segment does not carry"));
}

}  // namespace chronicle::index
