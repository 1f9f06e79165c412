#include "core/index/segment/segment.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <type_traits>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "core/common/durable_file.h"
#include "core/common/mapped_file.h"
#include "core/index/segment/impact_tier.h"
#include "core/index/segment/search.h"
#include "zlib.h"

namespace chronicle::index::segment {
namespace {

constexpr char kMagic[8] = {'C', 'H', 'R', 'S', 'E', 'G', '\0', '\1'};
// 3 added the tags, 4 the stored bytes, 5 the attachments; 6 dropped each
// term's padding and block count (32 bytes a term); 7 front-coded the
// dictionary in blocks with varint entries; 8 moved a one-block list's
// block into its entry; 9 packed each block's document gaps and
// frequencies at their widths.
constexpr uint32_t kFormatVersion = 9;

struct Footer {
  char magic[8];
  uint32_t version;
  uint32_t document_count;
  uint64_t term_count;
  uint64_t term_blocks_offset;
  uint64_t entries_offset;
  uint64_t entries_size;
  uint64_t columns_offset;
  uint64_t sources_offset;
  uint64_t sources_size;
  uint64_t tags_offset;
  uint64_t tags_size;
  uint64_t tag_count;  // tag ordinals, over all documents
  uint64_t keys_offset;
  uint64_t keys_size;
  uint64_t stored_offset;
  uint64_t stored_size;
  uint64_t attachments_offset;
  uint64_t attachments_size;
  double average_length;
  int64_t applied_sequence;
  uint32_t body_crc;    // of every byte before the footer
  uint32_t footer_crc;  // of the footer's bytes before this field
};

static_assert(sizeof(PostingBlock) == 20 && sizeof(Impact) == 8 && sizeof(Segment::TermBlock) == 16,
              "the file layout depends on these sizes");

uint64_t AlignUp(uint64_t value, uint64_t alignment) { return (value + alignment - 1) / alignment * alignment; }

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads a varint from [at, end) and moves `at` past it; false when it runs
// past `end` or beyond 64 bits. Inlined: a lookup reads a few dozen.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool ReadVarint(const char*& at, const char* end, uint64_t& value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && at < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*at++);
    result |= uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) {
      value = result;
      return true;
    }
  }
  return false;
}

// One dictionary entry as written: the term's bytes beyond those it shares
// with the term before, and where its postings are (all but the offset,
// which follows from the term before).
struct DecodedEntry {
  uint64_t shared = 0;
  absl::string_view suffix;
  PostingsPlace place;
};

// Reads the entry at `at` (moved past it) from entries ending at `end`;
// false when it does not fit or its counts overflow their fields.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool ReadEntry(const char*& at, const char* end, DecodedEntry& entry) {
  uint64_t suffix_length, document_count, extra_impacts, byte_count, position_byte_count;
  if (!ReadVarint(at, end, entry.shared) || !ReadVarint(at, end, suffix_length) ||
      suffix_length > static_cast<uint64_t>(end - at)) {
    return false;
  }
  entry.suffix = absl::string_view(at, suffix_length);
  at += suffix_length;
  if (!ReadVarint(at, end, document_count) || !ReadVarint(at, end, extra_impacts) ||
      !ReadVarint(at, end, byte_count) || !ReadVarint(at, end, position_byte_count)) {
    return false;
  }
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  const uint64_t blocks = (document_count + kBlockSize - 1) / kBlockSize;
  if (document_count > kMax || extra_impacts > kMax || blocks + extra_impacts > kMax || byte_count > kMax ||
      position_byte_count > kMax) {
    return false;
  }
  entry.place.document_count = static_cast<uint32_t>(document_count);
  entry.place.impact_count = static_cast<uint32_t>(blocks + extra_impacts);
  entry.place.byte_count = static_cast<uint32_t>(byte_count);
  entry.place.position_byte_count = static_cast<uint32_t>(position_byte_count);
  entry.place.only_block = PostingBlock();
  if (blocks == 1) {
    uint64_t last_doc, position_values;
    if (!ReadVarint(at, end, last_doc) || !ReadVarint(at, end, position_values) || last_doc > kMax ||
        position_values > kMax) {
      return false;
    }
    entry.place.only_block.last_doc = static_cast<uint32_t>(last_doc);
    entry.place.only_block.position_values = static_cast<uint32_t>(position_values);
  }
  return true;
}

uint32_t Crc(const char* data, size_t size) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(data), size));
}

void Align(std::string& out, size_t alignment) { out.resize((out.size() + alignment - 1) / alignment * alignment, '\0'); }

template <typename T>
void Append(std::string& out, const T* data, size_t count) {
  out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
}

absl::Status Damaged(absl::string_view what) { return absl::DataLossError(absl::StrCat("segment: ", what)); }

// Reads a run of names, each a u32 length then its bytes, from [at, end)
// into `names`; `what` names the run in the error. Errors: DATA_LOSS.
absl::Status ReadNames(const char* base, uint64_t at, uint64_t end, absl::string_view what,
                       std::vector<std::string>& names) {
  while (at < end) {
    uint32_t length;
    if (end - at < sizeof(length)) return Damaged(absl::StrCat(what, " cut short"));
    std::memcpy(&length, base + at, sizeof(length));
    at += sizeof(length);
    if (end - at < length) return Damaged(absl::StrCat(what, " cut short"));
    names.emplace_back(base + at, length);
    at += length;
  }
  return absl::OkStatus();
}

// Appends the names, each a u32 length then its bytes.
void AppendNames(const std::vector<std::string>& names, std::string& out) {
  for (const std::string& name : names) {
    const auto length = static_cast<uint32_t>(name.size());
    Append(out, &length, 1);
    out += name;
  }
}

}  // namespace

uint64_t PostingsPlace::size() const {
  return stored_block_count() * sizeof(PostingBlock) + uint64_t{impact_count} * sizeof(Impact) + byte_count +
         position_byte_count;
}

absl::StatusOr<Segment> Segment::Open(std::shared_ptr<const std::string> bytes, bool verify_checksums) {
  const absl::string_view data = *bytes;
  return OpenBytes(std::move(bytes), data, verify_checksums ? Check::kChecksums : Check::kEveryBlock);
}

absl::StatusOr<Segment> Segment::OpenBytes(std::shared_ptr<const void> owner, absl::string_view data, Check check) {
  const bool verify_checksums = check == Check::kChecksums;
  if (data.size() < sizeof(Footer)) return Damaged("shorter than its footer");
  Footer footer;
  const size_t body_size = data.size() - sizeof(Footer);
  std::memcpy(&footer, data.data() + body_size, sizeof(Footer));
  if (std::memcmp(footer.magic, kMagic, sizeof(kMagic)) != 0) return Damaged("not a segment file");
  if (verify_checksums && Crc(data.data() + body_size, offsetof(Footer, footer_crc)) != footer.footer_crc) {
    return Damaged("footer checksum mismatch");
  }
  if (footer.version != kFormatVersion) return Damaged(absl::StrCat("format version ", footer.version));
  if (verify_checksums && Crc(data.data(), body_size) != footer.body_crc) return Damaged("checksum mismatch");

  const uint64_t n = footer.document_count;
  // Parts in file order, each inside the body and after the one before.
  const uint64_t term_block_count = footer.term_count / kTermsPerBlock + (footer.term_count % kTermsPerBlock != 0);
  if (footer.term_blocks_offset % 8 != 0 || footer.term_count > body_size ||
      footer.term_blocks_offset > body_size ||
      footer.term_blocks_offset + term_block_count * sizeof(TermBlock) > footer.entries_offset ||
      footer.entries_size > body_size || footer.entries_offset + footer.entries_size > footer.columns_offset ||
      footer.columns_offset % 8 != 0 || n > body_size / 16 || footer.columns_offset + 16 * n > footer.sources_offset ||
      footer.sources_size > body_size || footer.sources_offset + footer.sources_size > footer.tags_offset ||
      footer.tags_offset % 4 != 0 || footer.tags_size > body_size || footer.tag_count > body_size / 4 ||
      footer.tags_offset + footer.tags_size > footer.keys_offset || (n + 1 + footer.tag_count) * 4 > footer.tags_size ||
      footer.keys_offset % 4 != 0 || footer.keys_size > body_size || footer.keys_offset > body_size ||
      footer.keys_offset + footer.keys_size > footer.stored_offset || (2 * n + 1) * 4 > footer.keys_size ||
      footer.stored_offset % 8 != 0 || footer.stored_size > body_size || footer.stored_offset > body_size ||
      footer.stored_offset + footer.stored_size > footer.attachments_offset || (n + 1) * 8 > footer.stored_size ||
      footer.attachments_offset > body_size || footer.attachments_size > body_size ||
      footer.attachments_offset + footer.attachments_size > body_size ||
      footer.entries_offset > body_size || footer.columns_offset > body_size) {
    return Damaged("parts out of place");
  }
  Segment segment;
  segment.owner_ = std::move(owner);
  segment.bytes_ = data;
  const char* base = data.data();
  segment.term_blocks_ = absl::MakeConstSpan(reinterpret_cast<const TermBlock*>(base + footer.term_blocks_offset),
                                             term_block_count);
  segment.entries_ = base + footer.entries_offset;
  segment.entries_end_ = segment.entries_ + footer.entries_size;
  segment.term_count_ = footer.term_count;
  segment.published_ = absl::MakeConstSpan(reinterpret_cast<const int64_t*>(base + footer.columns_offset), n);
  segment.lengths_ = absl::MakeConstSpan(reinterpret_cast<const uint32_t*>(base + footer.columns_offset + 8 * n), n);
  segment.sources_ =
      absl::MakeConstSpan(reinterpret_cast<const uint32_t*>(base + footer.columns_offset + 12 * n), n);
  segment.key_offsets_ = absl::MakeConstSpan(reinterpret_cast<const uint32_t*>(base + footer.keys_offset), n + 1);
  segment.key_order_ =
      absl::MakeConstSpan(reinterpret_cast<const uint32_t*>(base + footer.keys_offset + (n + 1) * 4), n);
  segment.keys_ = base + footer.keys_offset + (2 * n + 1) * 4;
  const uint64_t key_bytes = footer.keys_size - (2 * n + 1) * 4;
  if (segment.key_offsets_[0] != 0 || segment.key_offsets_[n] != key_bytes) return Damaged("keys out of range");
  for (uint64_t d = 0; d < n; ++d) {
    if (segment.key_offsets_[d] > segment.key_offsets_[d + 1]) return Damaged("keys out of order");
  }
  // The key order: every document once, keys ascending (equal keys by
  // document), so that binary search finds every document of a key.
  std::vector<bool> seen(n, false);
  for (uint64_t i = 0; i < n; ++i) {
    const uint32_t doc = segment.key_order_[i];
    if (doc >= n || seen[doc]) return Damaged("key order is not a permutation");
    seen[doc] = true;
    if (i > 0) {
      const uint32_t before = segment.key_order_[i - 1];
      const absl::string_view a = segment.key(before), b = segment.key(doc);
      if (a > b || (a == b && before > doc)) return Damaged("key order out of order");
    }
  }
  segment.stored_offsets_ =
      absl::MakeConstSpan(reinterpret_cast<const uint64_t*>(base + footer.stored_offset), n + 1);
  segment.stored_ = base + footer.stored_offset + (n + 1) * 8;
  if (segment.stored_offsets_[0] != 0 || segment.stored_offsets_[n] != footer.stored_size - (n + 1) * 8) {
    return Damaged("stored bytes out of range");
  }
  for (uint64_t d = 0; d < n; ++d) {
    if (segment.stored_offsets_[d] > segment.stored_offsets_[d + 1]) return Damaged("stored bytes out of order");
  }
  segment.average_length_ = footer.average_length;
  segment.applied_sequence_ = footer.applied_sequence;

  // Attachments: names and bytes in turn, names increasing.
  {
    uint64_t at = footer.attachments_offset;
    const uint64_t end = footer.attachments_offset + footer.attachments_size;
    auto next = [&](absl::string_view& out) {
      uint32_t length;
      if (end - at < sizeof(length)) return false;
      std::memcpy(&length, base + at, sizeof(length));
      at += sizeof(length);
      if (end - at < length) return false;
      out = absl::string_view(base + at, length);
      at += length;
      return true;
    };
    while (at < end) {
      Attachment attachment;
      if (!next(attachment.name) || !next(attachment.bytes)) return Damaged("attachments cut short");
      if (!segment.attachments_.empty() && !(segment.attachments_.back().name < attachment.name)) {
        return Damaged("attachments out of order");
      }
      segment.attachments_.push_back(attachment);
    }
  }

  if (absl::Status names = ReadNames(base, footer.sources_offset, footer.sources_offset + footer.sources_size,
                                     "source names", segment.source_names_);
      !names.ok()) {
    return names;
  }
  for (uint32_t source : segment.sources_) {
    if (source >= segment.source_names_.size()) return Damaged("source ordinal out of range");
  }

  // Tags: offsets ascending within the ordinals, ordinals naming a tag.
  segment.tag_offsets_ = absl::MakeConstSpan(reinterpret_cast<const uint32_t*>(base + footer.tags_offset), n + 1);
  segment.tag_ordinals_ = absl::MakeConstSpan(
      reinterpret_cast<const uint32_t*>(base + footer.tags_offset + (n + 1) * 4), footer.tag_count);
  if (segment.tag_offsets_[0] != 0 || segment.tag_offsets_[n] != footer.tag_count) return Damaged("tags out of range");
  for (uint64_t d = 0; d < n; ++d) {
    if (segment.tag_offsets_[d] > segment.tag_offsets_[d + 1]) return Damaged("tags out of order");
  }
  if (absl::Status names = ReadNames(base, footer.tags_offset + (n + 1 + footer.tag_count) * 4,
                                     footer.tags_offset + footer.tags_size, "tag names", segment.tag_names_);
      !names.ok()) {
    return names;
  }
  for (uint32_t tag : segment.tag_ordinals_) {
    if (tag >= segment.tag_names_.size()) return Damaged("tag ordinal out of range");
  }

  // Terms: each entry inside the entries, sorted, each block's first term
  // where the term index says and sharing nothing, each term's postings
  // inside the postings part, following the one before's.
  {
    // The part's padding follows the last term's postings.
    if (footer.term_blocks_offset < kDecoderPadding) return Damaged("postings out of place");
    const uint64_t postings_end = footer.term_blocks_offset - kDecoderPadding;
    const char* at = segment.entries_;
    std::string previous, term;
    uint64_t next_offset = 0;
    for (uint64_t t = 0; t < footer.term_count; ++t) {
      const bool first_of_block = t % kTermsPerBlock == 0;
      if (first_of_block) {
        const TermBlock& block = segment.term_blocks_[t / kTermsPerBlock];
        if (block.entry_offset != static_cast<uint64_t>(at - segment.entries_) ||
            block.postings_offset != next_offset) {
          return Damaged(absl::StrCat("term block ", t / kTermsPerBlock, " out of place"));
        }
      }
      DecodedEntry entry;
      if (!ReadEntry(at, segment.entries_end_, entry) || entry.shared > previous.size() ||
          (first_of_block && entry.shared != 0)) {
        return Damaged(absl::StrCat("entry of term ", t, " out of range"));
      }
      term.assign(previous, 0, entry.shared);
      term.append(entry.suffix.data(), entry.suffix.size());
      if (t > 0 && !(previous < term)) return Damaged("terms out of order");
      entry.place.offset = next_offset;
      if (entry.place.document_count == 0 || next_offset > postings_end ||
          entry.place.size() > postings_end - next_offset) {
        return Damaged(absl::StrCat("postings of term ", t, " out of range"));
      }
      next_offset = AlignUp(next_offset + entry.place.size(), 4);
      segment.size_.postings += entry.place.size();
      std::swap(previous, term);
    }
    if (at != segment.entries_end_) return Damaged("entries past the last term");
  }
  for (uint32_t length : segment.lengths_) segment.total_length_ += length;
  // Months: the distinct ones in order (a segment spans a few hundred at
  // most: kNoMonth caps them, and later ones count as undated).
  {
    constexpr int kUndated = -1;
    std::vector<int> month_of(n);
    for (uint64_t d = 0; d < n; ++d) {
      month_of[d] = segment.published_[d] == kNoTime ? kUndated : MonthOfTime(segment.published_[d]);
    }
    std::vector<int> months = month_of;
    std::sort(months.begin(), months.end());
    months.erase(std::unique(months.begin(), months.end()), months.end());
    months.erase(std::remove(months.begin(), months.end(), kUndated), months.end());
    if (months.size() >= Segment::kNoMonth) months.resize(Segment::kNoMonth - 1);
    segment.month_ordinals_.resize(n);
    for (uint64_t d = 0; d < n; ++d) {
      auto it = std::lower_bound(months.begin(), months.end(), month_of[d]);
      segment.month_ordinals_[d] = it != months.end() && *it == month_of[d]
                                       ? static_cast<uint16_t>(it - months.begin())
                                       : Segment::kNoMonth;
    }
    segment.months_ = std::move(months);
  }
  segment.size_.dictionary = term_block_count * sizeof(TermBlock) + footer.entries_size;
  segment.size_.columns = 16 * n + footer.sources_size + footer.tags_size;
  segment.size_.keys = footer.keys_size;
  segment.size_.attachments = footer.attachments_size;
  segment.size_.stored = footer.stored_size;
  segment.size_.total = data.size();
  if (check == Check::kEveryBlock) {
    if (absl::Status blocks = segment.CheckBlocks(); !blocks.ok()) return blocks;
  }
  return segment;
}

absl::Status Segment::CheckBlocks() const {
  const uint32_t n = document_count();
  uint32_t docs[kBlockSize], freqs[kBlockSize];
  uint64_t t = 0;
  for (TermCursor cursor = Terms(); !cursor.done(); cursor.Next(), ++t) {
    const PostingsPlace& entry = cursor.entry_;
    const PostingList list = Postings(entry);
    uint32_t previous_doc = 0;
    for (size_t b = 0; b < list.block_count(); ++b) {
      const PostingBlock& block = list.block(b);
      const bool last = b + 1 == list.block_count();
      const uint64_t limit = last ? entry.byte_count : list.block(b + 1).byte_offset;
      const uint64_t position_limit = last ? entry.position_byte_count : list.block(b + 1).position_offset;
      const uint32_t impacts_end = last ? entry.impact_count : list.block(b + 1).impacts_begin;
      if ((b == 0 ? block.impacts_begin != 0 : block.impacts_begin <= list.block(b - 1).impacts_begin) ||
          impacts_end <= block.impacts_begin || impacts_end > entry.impact_count || block.byte_offset > limit ||
          list.EncodedBlockBytes(b) > limit - block.byte_offset || block.position_offset > position_limit) {
        return Damaged(absl::StrCat("block ", b, " of term ", t, " out of range"));
      }
      list.DecodeBlock(b, docs, freqs);
      for (uint32_t i = 0; i < list.BlockLength(b); ++i) {
        if ((b > 0 || i > 0) && docs[i] <= previous_doc) return Damaged("documents out of order");
        if (docs[i] >= n) return Damaged("document number out of range");
        previous_doc = docs[i];
      }
      // The run's per-document counts are checked where they are read
      // (search.cc); here only that the run lies inside the term's bytes.
      // A run with counts holds at least one per document.
      if ((!block.count_exceptions() && block.position_value_count() != 0 &&
           block.position_value_count() < list.BlockLength(b)) ||
          list.EncodedPositionBytes(b) > position_limit - block.position_offset) {
        return Damaged(absl::StrCat("positions of block ", b, " of term ", t, " out of range"));
      }
      if (previous_doc != block.last_doc) return Damaged("block's last document mismatch");
    }
  }
  return absl::OkStatus();
}

PostingList Segment::Postings(const PostingsPlace& entry) const {
  const char* at = bytes_.data() + entry.offset;
  const auto* blocks = reinterpret_cast<const PostingBlock*>(at);
  const size_t stored_blocks = entry.stored_block_count();
  const auto* impacts = reinterpret_cast<const Impact*>(at + stored_blocks * sizeof(PostingBlock));
  const auto* encoded = reinterpret_cast<const uint8_t*>(impacts + entry.impact_count);
  const auto impact_span = absl::MakeConstSpan(impacts, entry.impact_count);
  const auto byte_span = absl::MakeConstSpan(encoded, entry.byte_count);
  const auto position_span = absl::MakeConstSpan(encoded + entry.byte_count, entry.position_byte_count);
  if (entry.block_count() == 1) {
    return PostingList(entry.document_count, entry.only_block, impact_span, byte_span, position_span);
  }
  return PostingList(entry.document_count, absl::MakeConstSpan(blocks, stored_blocks), impact_span, byte_span,
                     position_span);
}

uint64_t Segment::PostingsOffset(uint64_t index, const PostingsPlace& previous) const {
  return index % kTermsPerBlock == 0 ? term_blocks_[index / kTermsPerBlock].postings_offset
                                     : AlignUp(previous.offset + previous.size(), 4);
}

void Segment::TermCursor::Decode() {
  const char* start = at_;
  DecodedEntry entry;
  // Open checked every entry.
  ReadEntry(at_, segment_->entries_end_, entry);
  term_.resize(entry.shared);
  term_.append(entry.suffix.data(), entry.suffix.size());
  const uint64_t offset = segment_->PostingsOffset(index_, entry_);
  entry_ = entry.place;
  entry_.offset = offset;
  entry_bytes_ = static_cast<size_t>(at_ - start);
}

void Segment::TermCursor::Next() {
  if (done()) return;
  ++index_;
  if (!done()) Decode();
  SkipTier();
}

void Segment::TermCursor::SkipTier() {
  while (!with_tiers_ && !done() && IsImpactTierKey(term_)) {
    ++index_;
    if (!done()) Decode();
  }
}

Segment::TermCursor Segment::Terms(absl::string_view from, bool with_tiers) const {
  TermCursor cursor(this, with_tiers);
  if (term_count_ == 0) return cursor;
  // The last block whose first term is not above `from` (a block's first
  // entry shares nothing: its suffix is the whole term).
  auto first_term = [this](const TermBlock& block) {
    const char* at = entries_ + block.entry_offset;
    DecodedEntry entry;
    ReadEntry(at, entries_end_, entry);
    return entry.suffix;
  };
  auto after = std::upper_bound(term_blocks_.begin(), term_blocks_.end(), from,
                                [&](absl::string_view key, const TermBlock& block) { return key < first_term(block); });
  const size_t block = after == term_blocks_.begin() ? 0 : static_cast<size_t>(after - term_blocks_.begin()) - 1;
  // Entries are compared with `from` without spelling their terms out:
  // `matched` is how many leading bytes the term before has in common with
  // `from` (it sorts below `from`). A term sharing more than that with the
  // one before sorts below `from` too, one sharing less sorts above it, and
  // only one sharing exactly that needs its own bytes compared. The term
  // landed on is `from`'s first `shared` bytes and its own.
  const char* at = entries_ + term_blocks_[block].entry_offset;
  PostingsPlace previous;
  size_t matched = 0;
  for (uint64_t index = block * kTermsPerBlock; index < term_count_; ++index) {
    const char* start = at;
    DecodedEntry entry;
    ReadEntry(at, entries_end_, entry);  // Open checked every entry
    entry.place.offset = PostingsOffset(index, previous);
    bool at_or_above = entry.shared < matched;
    if (entry.shared == matched) {
      const absl::string_view rest = from.substr(matched);
      const absl::string_view own = entry.suffix;
      const size_t most = std::min(rest.size(), own.size());
      size_t common = 0;
      while (common < most && rest[common] == own[common]) ++common;
      at_or_above = common == rest.size() ||
                    (common < own.size() && static_cast<uint8_t>(own[common]) > static_cast<uint8_t>(rest[common]));
      matched += common;
    }
    if (at_or_above) {
      cursor.index_ = index;
      cursor.at_ = at;
      cursor.term_.assign(from.data(), entry.shared);
      cursor.term_.append(entry.suffix.data(), entry.suffix.size());
      cursor.entry_ = entry.place;
      cursor.entry_bytes_ = static_cast<size_t>(at - start);
      cursor.SkipTier();
      return cursor;
    }
    previous = entry.place;
  }
  cursor.index_ = term_count_;
  return cursor;
}

std::vector<uint32_t> Segment::DocumentsWithKey(absl::string_view key) const {
  const auto [first, last] = std::equal_range(
      key_order_.begin(), key_order_.end(), key, [this](const auto& a, const auto& b) {
        // Either side may be the key sought or a document number.
        auto text = [this](const auto& side) -> absl::string_view {
          if constexpr (std::is_same_v<std::decay_t<decltype(side)>, uint32_t>) {
            return this->key(side);
          } else {
            return side;
          }
        };
        return text(a) < text(b);
      });
  return std::vector<uint32_t>(first, last);
}

PostingList Segment::Find(absl::string_view term) const {
  const TermCursor cursor = Terms(term, /*with_tiers=*/true);  // a tier is found by its key
  if (cursor.done() || cursor.term() != term) return PostingList();
  return cursor.postings();
}

absl::StatusOr<Segment> Segment::Read(const std::string& path) {
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path);
  if (!file.ok()) return absl::Status(file.status().code(), absl::StrCat("segment: ", file.status().message()));
  const absl::string_view bytes = (*file)->bytes();
  return OpenBytes(*std::move(file), bytes, Check::kChecksums);
}

absl::StatusOr<Segment> Segment::ReadWritten(const std::string& path, const Segment& written) {
  absl::StatusOr<std::shared_ptr<const MappedFile>> file = MappedFile::Open(path, MappedFile::ReadThrough::kNo);
  if (!file.ok()) return absl::Status(file.status().code(), absl::StrCat("segment: ", file.status().message()));
  const absl::string_view bytes = (*file)->bytes();
  if (bytes.size() != written.bytes().size()) {
    return Damaged(absl::StrCat(path, " holds ", bytes.size(), " bytes, not the ", written.bytes().size(), " written"));
  }
  return OpenBytes(*std::move(file), bytes, Check::kPlacesOnly);
}

absl::Status Segment::Write(const std::string& path) const { return WriteFileDurably(path, bytes_); }

uint32_t SegmentBuilder::AddDocument(absl::Span<const TermFrequency> terms, int64_t published, absl::string_view source,
                                     absl::string_view key, absl::Span<const std::string> tags,
                                     absl::string_view stored) {
  stored_.append(stored.data(), stored.size());
  stored_offsets_.push_back(stored_.size());
  keys_.append(key.data(), key.size());
  key_offsets_.push_back(static_cast<uint32_t>(keys_.size()));
  const auto doc = static_cast<uint32_t>(lengths_.size());
  uint32_t length = 0;
  for (const TermFrequency& term : terms) length += term.frequency;
  for (const TermFrequency& term : terms) {
    const uint32_t id = term_ids_.try_emplace(term.term, static_cast<uint32_t>(term_ids_.size())).first->second;
    postings_.push_back({id, doc, term.frequency, static_cast<uint32_t>(positions_.size()),
                         static_cast<uint32_t>(term.positions.size())});
    positions_.insert(positions_.end(), term.positions.begin(), term.positions.end());
  }
  lengths_.push_back(length);
  published_.push_back(published);
  AppendOrdinal(source, source_ordinals_, source_names_, sources_);
  for (const std::string& tag : tags) AppendOrdinal(tag, tag_ordinals_by_name_, tag_names_, tag_ordinals_);
  tag_offsets_.push_back(static_cast<uint32_t>(tag_ordinals_.size()));
  return doc;
}

void AppendOrdinal(absl::string_view name, absl::flat_hash_map<std::string, uint32_t>& by_name,
                   std::vector<std::string>& names, std::vector<uint32_t>& ordinals) {
  auto [it, inserted] = by_name.try_emplace(name, static_cast<uint32_t>(names.size()));
  if (inserted) names.emplace_back(name);
  ordinals.push_back(it->second);
}

absl::StatusOr<Segment> SegmentBuilder::Finish(int64_t applied_sequence,
                                              absl::Span<const Attachment> attachments) && {
  // Each term's postings in the order they were logged (increasing
  // documents): a counting sort by term.
  std::vector<uint32_t> term_starts(term_ids_.size() + 1, 0);
  for (const LoggedPosting& posting : postings_) ++term_starts[posting.term + 1];
  for (size_t t = 1; t < term_starts.size(); ++t) term_starts[t] += term_starts[t - 1];
  std::vector<uint32_t> by_term(postings_.size());
  {
    std::vector<uint32_t> next(term_starts.begin(), term_starts.end() - 1);
    for (size_t i = 0; i < postings_.size(); ++i) by_term[next[postings_[i].term]++] = static_cast<uint32_t>(i);
  }
  std::vector<std::pair<absl::string_view, uint32_t>> terms(term_ids_.begin(), term_ids_.end());
  std::sort(terms.begin(), terms.end());
  SegmentAssembler assembler;
  // About what the segment takes: the stored bytes and keys as they are,
  // and a few bytes per posting and position.
  assembler.Reserve(stored_.size() + keys_.size() + 8 * postings_.size() + 2 * positions_.size() +
                    64 * terms.size() + 64 * lengths_.size());
  PostingListBuilder builder;
  ImpactTierBuilder tier_builder;
  for (const auto& [term, id] : terms) {
    builder.Clear();
    tier_builder.Start(term_starts[id + 1] - term_starts[id]);
    for (uint32_t i = term_starts[id]; i < term_starts[id + 1]; ++i) {
      const LoggedPosting& posting = postings_[by_term[i]];
      const uint32_t length = lengths_[posting.doc];
      builder.Add(posting.doc, posting.frequency, length,
                  absl::MakeConstSpan(positions_.data() + posting.positions_begin, posting.position_count));
      tier_builder.Add(posting.doc, posting.frequency, length);
    }
    const PostingListBuilder::Encoded& encoded = builder.FinishInPlace();
    assembler.AddTerm(term, encoded);
    if (const PostingListBuilder::Encoded* tier = tier_builder.Finish(encoded.document_count)) {
      assembler.AddTerm(ImpactTierKey(term), *tier);
    }
  }
  // The log is encoded: its memory goes before the columns are laid out.
  std::vector<LoggedPosting>().swap(postings_);
  std::vector<uint32_t>().swap(positions_);
  SegmentAssembler::Columns columns;
  columns.lengths = lengths_;
  columns.published = published_;
  columns.sources = sources_;
  columns.source_names = &source_names_;
  columns.key_offsets = key_offsets_;
  columns.keys = keys_;
  columns.tag_offsets = tag_offsets_;
  columns.tag_ordinals = tag_ordinals_;
  columns.tag_names = &tag_names_;
  columns.stored_offsets = stored_offsets_;
  const absl::string_view stored_run = stored_;
  columns.stored_runs = absl::MakeConstSpan(&stored_run, 1);
  columns.attachments = attachments;
  return std::move(assembler).Finish(columns, applied_sequence);
}

SegmentAssembler::SegmentAssembler() : out_(std::make_shared<std::string>()) {}

void SegmentAssembler::Reserve(size_t bytes) { out_->reserve(bytes); }

void SegmentAssembler::AddTerm(absl::string_view term, const PostingListBuilder::Encoded& encoded) {
  std::string& out = *out_;
  Align(out, 4);
  // The builder pads each stream for decoders reading past its end; in a
  // segment the part's padding (Finish) serves every term.
  const size_t byte_count = encoded.bytes.size() - kDecoderPadding;
  const size_t position_byte_count = encoded.positions.size() - kDecoderPadding;
  PostingsPlace place;
  place.offset = out.size();
  place.document_count = encoded.document_count;
  place.impact_count = static_cast<uint32_t>(encoded.impacts.size());
  place.byte_count = static_cast<uint32_t>(byte_count);
  place.position_byte_count = static_cast<uint32_t>(position_byte_count);
  // A list of one block keeps it in its entry.
  if (place.stored_block_count() > 0) Append(out, encoded.blocks.data(), encoded.blocks.size());
  Append(out, encoded.impacts.data(), encoded.impacts.size());
  Append(out, encoded.bytes.data(), byte_count);
  Append(out, encoded.positions.data(), position_byte_count);

  size_t shared = 0;
  if (term_count_ % Segment::kTermsPerBlock == 0) {
    term_blocks_.push_back({place.offset, entries_.size()});
  } else {
    const size_t most = std::min(previous_term_.size(), term.size());
    while (shared < most && previous_term_[shared] == term[shared]) ++shared;
  }
  AppendVarint(entries_, shared);
  AppendVarint(entries_, term.size() - shared);
  entries_.append(term.data() + shared, term.size() - shared);
  AppendVarint(entries_, place.document_count);
  AppendVarint(entries_, place.impact_count - place.block_count());
  AppendVarint(entries_, place.byte_count);
  AppendVarint(entries_, place.position_byte_count);
  if (place.block_count() == 1) {
    AppendVarint(entries_, encoded.blocks.front().last_doc);
    AppendVarint(entries_, encoded.blocks.front().position_values);
  }
  previous_term_.assign(term.data(), term.size());
  ++term_count_;
}

const Attachment* Segment::FindAttachment(absl::string_view name) const {
  auto it = std::lower_bound(attachments_.begin(), attachments_.end(), name,
                             [](const Attachment& attachment, absl::string_view name) { return attachment.name < name; });
  return it != attachments_.end() && it->name == name ? &*it : nullptr;
}

absl::StatusOr<Segment> SegmentAssembler::Finish(const Columns& columns, int64_t applied_sequence) && {
  const size_t n = columns.lengths.size();
  if (columns.published.size() != n || columns.sources.size() != n || columns.key_offsets.size() != n + 1 ||
      columns.source_names == nullptr || columns.key_offsets.back() != columns.keys.size() ||
      columns.tag_offsets.size() != n + 1 || columns.tag_offsets.back() != columns.tag_ordinals.size() ||
      columns.tag_names == nullptr || columns.stored_offsets.size() != n + 1) {
    return absl::InvalidArgumentError("segment: columns of different lengths");
  }
  size_t stored_size = 0;
  for (absl::string_view run : columns.stored_runs) stored_size += run.size();
  if (columns.stored_offsets.back() != stored_size) {
    return absl::InvalidArgumentError("segment: stored offsets do not end where the stored bytes do");
  }
  for (size_t i = 1; i < columns.attachments.size(); ++i) {
    if (!(columns.attachments[i - 1].name < columns.attachments[i].name)) {
      return absl::InvalidArgumentError("segment: attachments out of order");
    }
  }
  std::string& out = *out_;
  Footer footer{};
  std::memcpy(footer.magic, kMagic, sizeof(kMagic));
  footer.version = kFormatVersion;
  footer.document_count = static_cast<uint32_t>(n);
  footer.term_count = term_count_;
  out.append(kDecoderPadding, '\0');
  Align(out, 8);
  footer.term_blocks_offset = out.size();
  Append(out, term_blocks_.data(), term_blocks_.size());
  footer.entries_offset = out.size();
  footer.entries_size = entries_.size();
  out += entries_;
  Align(out, 8);
  footer.columns_offset = out.size();
  Append(out, columns.published.data(), n);
  Append(out, columns.lengths.data(), n);
  Append(out, columns.sources.data(), n);
  footer.sources_offset = out.size();
  AppendNames(*columns.source_names, out);
  footer.sources_size = out.size() - footer.sources_offset;
  Align(out, 4);
  footer.tags_offset = out.size();
  footer.tag_count = columns.tag_ordinals.size();
  Append(out, columns.tag_offsets.data(), n + 1);
  Append(out, columns.tag_ordinals.data(), columns.tag_ordinals.size());
  AppendNames(*columns.tag_names, out);
  footer.tags_size = out.size() - footer.tags_offset;
  Align(out, 4);
  footer.keys_offset = out.size();
  Append(out, columns.key_offsets.data(), n + 1);
  std::vector<uint32_t> key_order(n);
  for (uint32_t d = 0; d < n; ++d) key_order[d] = d;
  auto key = [&](uint32_t d) {
    return columns.keys.substr(columns.key_offsets[d], columns.key_offsets[d + 1] - columns.key_offsets[d]);
  };
  std::stable_sort(key_order.begin(), key_order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  Append(out, key_order.data(), n);
  out.append(columns.keys.data(), columns.keys.size());
  footer.keys_size = out.size() - footer.keys_offset;
  Align(out, 8);
  footer.stored_offset = out.size();
  Append(out, columns.stored_offsets.data(), n + 1);
  for (absl::string_view run : columns.stored_runs) out.append(run.data(), run.size());
  footer.stored_size = out.size() - footer.stored_offset;
  footer.attachments_offset = out.size();
  for (const Attachment& attachment : columns.attachments) {
    for (absl::string_view part : {attachment.name, attachment.bytes}) {
      const auto length = static_cast<uint32_t>(part.size());
      Append(out, &length, 1);
      out.append(part.data(), part.size());
    }
  }
  footer.attachments_size = out.size() - footer.attachments_offset;
  uint64_t total_length = 0;
  for (uint32_t length : columns.lengths) total_length += length;
  footer.average_length = n == 0 ? 0 : static_cast<double>(total_length) / n;
  footer.applied_sequence = applied_sequence;
  footer.body_crc = Crc(out.data(), out.size());
  footer.footer_crc = Crc(reinterpret_cast<const char*>(&footer), offsetof(Footer, footer_crc));
  Append(out, &footer, 1);
  // Read back the way a file is: a failure here is a bug in the writer.
  return Segment::Open(std::move(out_));
}

}  // namespace chronicle::index::segment
