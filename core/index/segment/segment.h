// An immutable segment: the postings of every term of a set of documents,
// their lengths, and the columns that filters, facets and orderings read
// (publication time, source). Documents are numbered 0..n-1 in the order they were added.
//
// A segment is one run of bytes, the same in memory and on disk (a file is
// written whole and read back whole):
//
//   postings    per term, in term order: its blocks (unless it has only
//               one, which its entry holds), its impacts, its
//               compressed documents and frequencies, its compressed
//               positions (each term 4-byte aligned, no padding of its
//               own); then kDecoderPadding zero bytes, so that a decoder
//               reading past a term's last stream stays inside the part
//   terms       the term index: per block of kTermsPerBlock terms (in
//               term order), where its first term's postings and entry
//               are (two u64), for finding a term by binary search
//   entries     per term, in term order, a run of varints: how many leading
//               bytes it shares with the term before (0 for a block's
//               first term), the length of the rest, the rest's bytes; its
//               document count, impact count less block count, documents'
//               and positions' byte counts; for a term of one block, that
//               block's last document and position_values. A term's
//               postings start where
//               the one before's end, rounded up to 4 bytes; a block's
//               first term's where the term index says. (Fixed 32-byte
//               entries and whole texts took 110 bytes per article of a
//               100k index in one segment, these 30; a lookup costs
//               about the same: docs/design/search-engine.md, step 15.)
//   columns     publication times (i64 seconds), lengths (u32), source
//               ordinals (u32), one each per document
//   sources     the source names: u32 length then bytes, each
//   tags        each document's tags (its entity ids, for facets): u32
//               offsets into the ordinals, one per document and one past
//               the last; the tag ordinals (u32 each); the tag names, u32
//               length then bytes, each
//   keys        each document's key (its article id: what a hit returns and
//               a deletion names): u32 offsets, one per document and one
//               past the last; the document numbers in the order of their
//               keys (u32 each), for finding a key by binary search; the
//               keys' bytes
//   stored      each document's stored bytes (what the index keeps beside
//               its terms for the document's readers: its events, for
//               timelines): u64 offsets, one per document and one past the
//               last, then the bytes
//   attachments what the stored bytes need to be read and is shared by all
//               of them (the compression dictionaries of the index's
//               records): each a name and its bytes, each of the two a u32
//               length then bytes, in increasing name order
//   footer      magic, version, counts, where each part starts, the applied
//               feed sequence, a CRC-32 of everything before the footer and
//               one of the footer itself
//
// Integers are little-endian. Open checks the checksums and every offset,
// count and document number before anything reads them, so a damaged file is
// refused (DATA_LOSS) instead of read out of bounds.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "core/index/segment/posting_list.h"

namespace chronicle::index::segment {

// A publication time, in seconds since 1970-01-01T00:00:00Z; kNoTime when
// unknown.
inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

// A named run of bytes a segment carries for its stored bytes' readers
// (opaque to the segment): views, into the segment when it is one of
// Segment::attachments().
struct Attachment {
  absl::string_view name;
  absl::string_view bytes;
};

struct SegmentSize {
  size_t postings = 0;    // compressed postings, block tables, impacts
  size_t dictionary = 0;  // term entries and text
  size_t columns = 0;     // publication times, lengths, source ordinals, tags
  size_t keys = 0;        // document keys and their offsets
  size_t stored = 0;      // stored bytes and their offsets
  size_t attachments = 0;  // names and bytes
  size_t total = 0;       // the whole file
};

// Where a term's postings are and what they hold, as its entry in the
// dictionary says.
struct PostingsPlace {
  uint64_t offset = 0;  // into the file: blocks, then impacts, then bytes, then positions
  uint32_t document_count = 0;
  uint32_t impact_count = 0;
  uint32_t byte_count = 0;           // documents and frequencies, exactly
  uint32_t position_byte_count = 0;  // positions, exactly; 0 when none
  // A list of one block keeps its block in its entry: its last document
  // and position_values (the offsets are 0).
  PostingBlock only_block;

  uint64_t block_count() const { return (uint64_t{document_count} + kBlockSize - 1) / kBlockSize; }
  // The blocks in the postings part: none for a list of one.
  uint64_t stored_block_count() const { return block_count() > 1 ? block_count() : 0; }
  // Stored blocks, impacts, documents and positions together.
  uint64_t size() const;
};

class Segment {
 public:
  // Reads the segment in `bytes` (SegmentBuilder::Finish's, or a file's).
  // The checksums vouch for every byte the writer wrote, so with them only
  // the parts and each term's place are checked, and opening costs a pass of
  // CRC-32 over the bytes. Without `verify_checksums` (the fuzzer's way past
  // them) nothing vouches for the postings, and every block is decoded and
  // checked as well (CheckBlocks). Errors: DATA_LOSS saying what is
  // inconsistent.
  static absl::StatusOr<Segment> Open(std::shared_ptr<const std::string> bytes, bool verify_checksums = true);
  // Reads a file written by Write. Errors: NOT_FOUND, DATA_LOSS, INTERNAL.
  // The file is mapped, not copied (core/common/mapped_file.h): the segment
  // holds the mapping, and its bytes stay in the page cache.
  static absl::StatusOr<Segment> Read(const std::string& path);
  // The segment `written` as read back from `path`, the file Write just
  // wrote it to, mapped: for a writer that built a segment in memory and
  // wants to hold the file's pages instead. The bytes are not checked again
  // (this process wrote them; they come from its page cache), only the
  // file's size. Errors: as Read; DATA_LOSS when the size is not the
  // segment's.
  static absl::StatusOr<Segment> ReadWritten(const std::string& path, const Segment& written);
  // Writes the segment to `path` durably: a temporary file, fsync, rename,
  // fsync of the directory. Errors: INTERNAL naming the failed step.
  absl::Status Write(const std::string& path) const;

  // Decodes every block and checks its documents: increasing, below
  // document_count(), ending at the block's recorded last document, with
  // positions inside the term's bytes. Errors: DATA_LOSS.
  absl::Status CheckBlocks() const;
  // The postings of `term`; empty (document_count() == 0) when no document
  // holds it.
  PostingList Find(absl::string_view term) const;

  // Walks the terms in increasing order with their postings: the words and
  // filters a document was given, not the impact tiers a builder adds
  // beside long lists (impact_tier.h) unless asked for. A view into its
  // segment, which must outlive it.
  class TermCursor {
   public:
    bool done() const { return index_ >= segment_->term_count_; }
    // Valid until Next.
    absl::string_view term() const { return term_; }
    PostingList postings() const { return segment_->Postings(entry_); }
    // The bytes its entry takes in the dictionary (text included).
    size_t entry_bytes() const { return entry_bytes_; }
    void Next();

   private:
    friend class Segment;
    TermCursor(const Segment* segment, bool with_tiers) : segment_(segment), with_tiers_(with_tiers) {}
    // Decodes the entry at at_ (index_'s) into term_ and entry_.
    void Decode();
    // Steps past an impact tier where the cursor stands, unless it walks
    // them.
    void SkipTier();

    const Segment* segment_;
    bool with_tiers_;
    uint64_t index_ = 0;
    const char* at_ = nullptr;
    std::string term_;
    PostingsPlace entry_;
    size_t entry_bytes_ = 0;
  };
  // The first term not below `from`, and those after it; with
  // `with_tiers`, the impact tiers too (for a reader of the whole
  // dictionary: term_count() counts them).
  TermCursor Terms(absl::string_view from = {}, bool with_tiers = false) const;

  uint32_t document_count() const { return static_cast<uint32_t>(lengths_.size()); }
  double average_length() const { return average_length_; }
  // The feed sequence the segment's documents reflect.
  int64_t applied_sequence() const { return applied_sequence_; }
  // Per document: length (sum of term frequencies), publication time, source
  // ordinal (an index into source_names()).
  absl::Span<const uint32_t> lengths() const { return lengths_; }
  absl::Span<const int64_t> published() const { return published_; }
  absl::Span<const uint32_t> sources() const { return sources_; }
  const std::vector<std::string>& source_names() const { return source_names_; }
  // Per document: its tags, as ordinals into tag_names().
  absl::Span<const uint32_t> tags(uint32_t doc) const {
    return tag_ordinals_.subspan(tag_offsets_[doc], tag_offsets_[doc + 1] - tag_offsets_[doc]);
  }
  const std::vector<std::string>& tag_names() const { return tag_names_; }
  // Per document: its publication month as an ordinal into months()
  // (year * 100 + month, ascending), or kNoMonth when undated: computed at
  // open, so that facets count months by array index.
  static constexpr uint16_t kNoMonth = 0xffff;
  uint16_t month_ordinal(uint32_t doc) const { return month_ordinals_[doc]; }
  const std::vector<int>& months() const { return months_; }
  absl::string_view key(uint32_t doc) const {
    return absl::string_view(keys_ + key_offsets_[doc], key_offsets_[doc + 1] - key_offsets_[doc]);
  }
  // What was stored with the document (SegmentBuilder::AddDocument's
  // `stored`); empty when nothing was.
  absl::string_view stored(uint32_t doc) const {
    return absl::string_view(stored_ + stored_offsets_[doc], stored_offsets_[doc + 1] - stored_offsets_[doc]);
  }
  // A hint for readers of many documents' stored bytes: starts loading
  // where `doc`'s are, which stored() waits on (a cache miss per document
  // when they lie all over a large segment).
  void PrefetchStoredPlace(uint32_t doc) const { __builtin_prefetch(stored_offsets_.data() + doc); }
  // The attachments, in increasing name order; FindAttachment's is null
  // when there is none of that name.
  const std::vector<Attachment>& attachments() const { return attachments_; }
  const Attachment* FindAttachment(absl::string_view name) const;
  // The documents whose key is `key`, ascending: several when a document
  // was replaced by another in the same segment (the older one then
  // deleted).
  std::vector<uint32_t> DocumentsWithKey(absl::string_view key) const;
  uint64_t term_count() const { return term_count_; }
  // The sum of the documents' lengths.
  uint64_t total_length() const { return total_length_; }
  SegmentSize ByteSize() const { return size_; }
  absl::string_view bytes() const { return bytes_; }

  // Terms per block of the term index: a lookup decodes at most this many
  // entries after its binary search.
  static constexpr uint64_t kTermsPerBlock = 16;
  // An entry of the term index.
  struct TermBlock {
    uint64_t postings_offset;  // into the file: the block's first term's postings
    uint64_t entry_offset;     // into the entries: its first term's entry
  };

 private:
  PostingList Postings(const PostingsPlace& entry) const;
  // Where term `index`'s postings start, `previous` being the term before's
  // place (unused for a block's first term, which the term index places).
  uint64_t PostingsOffset(uint64_t index, const PostingsPlace& previous) const;
  // What opening checks beyond the parts' places: the checksums, or (with
  // no checksum to vouch for them) every block, or nothing more for bytes
  // this process wrote itself.
  enum class Check { kChecksums, kEveryBlock, kPlacesOnly };
  // Open's work on `bytes`, which `owner` keeps alive (a string or a mapping).
  static absl::StatusOr<Segment> OpenBytes(std::shared_ptr<const void> owner, absl::string_view bytes, Check check);

  std::shared_ptr<const void> owner_;
  absl::string_view bytes_;
  absl::Span<const TermBlock> term_blocks_;
  const char* entries_ = nullptr;
  const char* entries_end_ = nullptr;
  uint64_t term_count_ = 0;
  absl::Span<const uint32_t> lengths_;
  absl::Span<const int64_t> published_;
  absl::Span<const uint32_t> sources_;
  std::vector<std::string> source_names_;
  absl::Span<const uint32_t> tag_offsets_;
  absl::Span<const uint32_t> tag_ordinals_;
  std::vector<std::string> tag_names_;
  std::vector<uint16_t> month_ordinals_;
  std::vector<int> months_;
  absl::Span<const uint32_t> key_offsets_;
  absl::Span<const uint32_t> key_order_;
  const char* keys_ = nullptr;
  absl::Span<const uint64_t> stored_offsets_;
  const char* stored_ = nullptr;
  std::vector<Attachment> attachments_;
  double average_length_ = 0;
  uint64_t total_length_ = 0;
  int64_t applied_sequence_ = 0;
  SegmentSize size_;
};


// Lays out a segment from terms given in increasing order with their
// encoded postings, then the columns: for writers that produce terms in
// order (SegmentBuilder after sorting, a merge as it goes).
class SegmentAssembler {
 public:
  SegmentAssembler();
  // Room for a segment of about `bytes`, so that laying it out does not
  // grow (and copy) its bytes again and again: a merge's output is as large
  // as its inputs together.
  void Reserve(size_t bytes);
  // `term` must sort after the one before; `postings` must hold a document.
  void AddTerm(absl::string_view term, const PostingListBuilder::Encoded& postings);
  // The columns, one value per document (as many as the postings number).
  struct Columns {
    absl::Span<const uint32_t> lengths;
    absl::Span<const int64_t> published;
    absl::Span<const uint32_t> sources;  // ordinals into source_names
    const std::vector<std::string>* source_names = nullptr;
    // Document d's key is keys[key_offsets[d], key_offsets[d + 1]).
    absl::Span<const uint32_t> key_offsets;
    absl::string_view keys;
    // Document d's tags are tag_ordinals[tag_offsets[d], tag_offsets[d + 1]),
    // ordinals into tag_names.
    absl::Span<const uint32_t> tag_offsets;
    absl::Span<const uint32_t> tag_ordinals;
    const std::vector<std::string>* tag_names = nullptr;
    // Document d's stored bytes are stored[stored_offsets[d],
    // stored_offsets[d + 1]), where `stored` is the concatenation of
    // `stored_runs`: a merge names its inputs' bytes where they are
    // instead of gathering them into one string first.
    absl::Span<const uint64_t> stored_offsets;
    absl::Span<const absl::string_view> stored_runs;
    // In increasing name order, each name once.
    absl::Span<const Attachment> attachments;
  };
  // The segment's bytes, opened. Errors: INVALID_ARGUMENT when the columns
  // disagree on the document count, or the attachments are not in
  // increasing name order.
  absl::StatusOr<Segment> Finish(const Columns& columns, int64_t applied_sequence) &&;

 private:
  std::shared_ptr<std::string> out_;
  std::vector<Segment::TermBlock> term_blocks_;
  std::string entries_;
  uint64_t term_count_ = 0;
  std::string previous_term_;
};

class SegmentBuilder {
 public:
  struct TermFrequency {
    std::string term;
    uint32_t frequency = 0;  // 0 for a boolean term
    // Word positions, ascending, for phrases: `frequency` of them, or none
    // (then taken as 0, 1, 2...).
    std::vector<uint32_t> positions = {};
  };

  // Adds the next document and returns its number. `terms` must not repeat a
  // term; the document's length is the sum of their frequencies. `tags`
  // (entity ids) are kept for facets, each once; `stored` is kept as it is
  // for Segment::stored.
  uint32_t AddDocument(absl::Span<const TermFrequency> terms, int64_t published, absl::string_view source,
                       absl::string_view key = "", absl::Span<const std::string> tags = {},
                       absl::string_view stored = "");
  uint32_t document_count() const { return static_cast<uint32_t>(lengths_.size()); }

  // The segment's bytes, opened. `applied_sequence` is recorded in the
  // footer; `attachments` (in increasing name order) are carried as they
  // are. Errors: SegmentAssembler::Finish's.
  absl::StatusOr<Segment> Finish(int64_t applied_sequence = 0, absl::Span<const Attachment> attachments = {}) &&;

 private:
  // The postings are logged as documents arrive and encoded term by term in
  // Finish, through one PostingListBuilder: a segment of a few hundred
  // articles holds tens of thousands of terms, most in one or two
  // documents, and a builder of its own per term cost each of them a dozen
  // allocations.
  struct LoggedPosting {
    uint32_t term;  // into term_ids_'s values
    uint32_t doc;
    uint32_t frequency;
    uint32_t positions_begin;  // into positions_
    uint32_t position_count;
  };
  absl::flat_hash_map<std::string, uint32_t> term_ids_;
  std::vector<LoggedPosting> postings_;
  std::vector<uint32_t> positions_;
  absl::flat_hash_map<std::string, uint32_t> source_ordinals_;
  std::vector<std::string> source_names_;
  std::vector<uint32_t> lengths_;
  std::vector<int64_t> published_;
  std::vector<uint32_t> sources_;
  std::vector<uint32_t> key_offsets_{0};
  std::string keys_;
  absl::flat_hash_map<std::string, uint32_t> tag_ordinals_by_name_;
  std::vector<std::string> tag_names_;
  std::vector<uint32_t> tag_offsets_{0};
  std::vector<uint32_t> tag_ordinals_;
  std::vector<uint64_t> stored_offsets_{0};
  std::string stored_;
};

// Appends the ordinal of `name` in `names` to `ordinals`, giving a new name
// the next ordinal: ordinals by first appearance, the way builders and
// merges number sources and tags alike.
void AppendOrdinal(absl::string_view name, absl::flat_hash_map<std::string, uint32_t>& by_name,
                   std::vector<std::string>& names, std::vector<uint32_t>& ordinals);

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_SEGMENT_H_
