#include "core/index/segment/deletions.h"

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "zlib.h"

namespace chronicle::index::segment {
namespace {

constexpr char kMagic[8] = {'C', 'H', 'R', 'D', 'E', 'L', '\0', '\1'};
constexpr size_t kHeaderSize = sizeof(kMagic) + 2 * sizeof(uint32_t);

uint32_t Crc(const char* data, size_t size) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data), size));
}

absl::Status Damaged(absl::string_view what) { return absl::DataLossError(absl::StrCat("deletions: ", what)); }

}  // namespace

bool Deletions::Delete(uint32_t doc) {
  uint64_t& word = words_[doc / 64];
  const uint64_t bit = uint64_t{1} << (doc % 64);
  if ((word & bit) != 0) return false;
  word |= bit;
  ++deleted_count_;
  return true;
}

std::string Deletions::Serialize() const {
  std::string out(kMagic, sizeof(kMagic));
  out.append(reinterpret_cast<const char*>(&document_count_), sizeof(document_count_));
  out.append(reinterpret_cast<const char*>(&deleted_count_), sizeof(deleted_count_));
  if (!words_.empty()) out.append(reinterpret_cast<const char*>(words_.data()), words_.size() * sizeof(uint64_t));
  const uint32_t crc = Crc(out.data(), out.size());
  out.append(reinterpret_cast<const char*>(&crc), sizeof(crc));
  return out;
}

absl::StatusOr<Deletions> Deletions::Parse(absl::string_view bytes) {
  if (bytes.size() < kHeaderSize + sizeof(uint32_t)) return Damaged("cut short");
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) return Damaged("not a deletions file");
  const size_t body = bytes.size() - sizeof(uint32_t);
  uint32_t crc;
  std::memcpy(&crc, bytes.data() + body, sizeof(crc));
  if (crc != Crc(bytes.data(), body)) return Damaged("checksum mismatch");
  Deletions deletions;
  uint32_t claimed_deleted;
  std::memcpy(&deletions.document_count_, bytes.data() + sizeof(kMagic), sizeof(uint32_t));
  std::memcpy(&claimed_deleted, bytes.data() + sizeof(kMagic) + sizeof(uint32_t), sizeof(uint32_t));
  const size_t words = (uint64_t{deletions.document_count_} + 63) / 64;
  if (body - kHeaderSize != words * sizeof(uint64_t)) return Damaged("bitmap size is not the document count's");
  deletions.words_.resize(words);
  if (words > 0) std::memcpy(deletions.words_.data(), bytes.data() + kHeaderSize, words * sizeof(uint64_t));
  const uint32_t tail = deletions.document_count_ % 64;
  if (tail != 0 && (deletions.words_.back() >> tail) != 0) return Damaged("a bit past the last document");
  for (uint64_t word : deletions.words_) deletions.deleted_count_ += static_cast<uint32_t>(__builtin_popcountll(word));
  if (deletions.deleted_count_ != claimed_deleted) return Damaged("deleted count is not the bitmap's");
  return deletions;
}

}  // namespace chronicle::index::segment
