#include "core/index/timeline_cache.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace chronicle::index {

std::string TimelineCache::Key(int64_t generation, int64_t applied_sequence, const v1::TimelineRequest& request) {
  std::string key = absl::StrCat(generation, ":", applied_sequence, ":");
  {
    // Deterministic, so that equal requests always make one key. The
    // streams append to `key` and are done with it at the end of the block.
    google::protobuf::io::StringOutputStream stream(&key);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return key;
}

std::shared_ptr<const v1::TimelineResponse> TimelineCache::Find(absl::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  recency_.splice(recency_.begin(), recency_, found->second);
  return found->second->response;
}

void TimelineCache::Insert(std::string key, v1::TimelineResponse response) {
  // Measured outside the lock: it walks the whole message.
  const size_t bytes = response.SpaceUsedLong() + key.size();
  if (bytes > capacity_bytes_ / 8) return;
  auto kept = std::make_shared<const v1::TimelineResponse>(std::move(response));
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = by_key_.find(key); found != by_key_.end()) Erase(found->second);
  recency_.push_front({std::move(key), std::move(kept), bytes});
  by_key_.emplace(recency_.front().key, recency_.begin());
  bytes_ += bytes;
  while (bytes_ > capacity_bytes_) Erase(std::prev(recency_.end()));
}

void TimelineCache::Erase(Recency::iterator entry) {
  bytes_ -= entry->bytes;
  by_key_.erase(entry->key);
  recency_.erase(entry);
}

TimelineCache::Stats TimelineCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {hits_, misses_, recency_.size(), bytes_};
}

}  // namespace chronicle::index
