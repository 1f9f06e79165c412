// One term's postings in a segment: document numbers in increasing order and
// the term's frequency in each, in blocks of 128. A block is two runs, each
// a byte giving a bit width and 128 values packed at that width, the bits
// the block's largest value needs (bit_packing.h): the documents as gaps
// less one (the first from the document after the previous block's last),
// then the frequencies. Stream VByte, which this replaced, spent at least a
// byte and two bits on every value: a block of frequencies 1 took 160 bytes,
// now 17, and a boolean term's (all 0) the width byte alone. Each block
// records its last document, for skipping without decoding, and its
// impacts: the (frequency, length) pairs of its documents that no other pair
// of the block beats (higher frequency and shorter document). From the
// impacts a query computes, for its own collection statistics, the highest
// score any document of the block can reach: this is what lets a top-k
// search skip whole blocks (block-max WAND / MaxScore).
//
// Positions, for phrases, are kept apart so that other queries never read
// them: per block one run, packed as a block's runs are (a width byte, then
// every value at that width), holding, for each document, how many
// positions it has, then the first as it is and gaps to the others. A term
// may have fewer positions than occurrences (a title word weighted three
// times has one position per word) or none at all (stems, boolean terms); a
// block without any position has an empty run (position_values 0). Nearly
// always a document has as many positions as its frequency says (not when
// the word is in the title too, which weighs three with one position), so
// a block where that saves values starts its run with the exceptions
// instead (kCountExceptions): their number, then each one's index in the
// block and count, then every document's positions. Counts were a third of
// a body word's positions.
//
// A PostingList is a view: its arrays live in a segment's bytes (segment.h),
// which must outlive it.
#ifndef CHRONICLE_CORE_INDEX_SEGMENT_POSTING_LIST_H_
#define CHRONICLE_CORE_INDEX_SEGMENT_POSTING_LIST_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/types/span.h"

namespace chronicle::index::segment {

inline constexpr uint32_t kBlockSize = 128;
// Past the last document of every list.
inline constexpr uint32_t kNoMoreDocs = std::numeric_limits<uint32_t>::max();

// Zero bytes after a list's last block (see PostingListBuilder::Finish).
inline constexpr size_t kDecoderPadding = 16;

struct Impact {
  uint32_t frequency = 0;
  uint32_t length = 0;
};

struct PostingBlock {
  // position_values' top bit: the run starts with the documents whose count
  // of positions is not their frequency, and holds no other counts.
  static constexpr uint32_t kCountExceptions = 1u << 31;

  uint32_t last_doc = 0;
  uint32_t byte_offset = 0;      // where its documents, then its frequencies, start
  uint32_t impacts_begin = 0;    // its impacts are impacts[impacts_begin, next block's)
  uint32_t position_offset = 0;  // where its positions start in the positions bytes
  uint32_t position_values = 0;  // values in its positions run, and kCountExceptions; 0: none

  uint32_t position_value_count() const { return position_values & ~kCountExceptions; }
  bool count_exceptions() const { return (position_values & kCountExceptions) != 0; }
};

class PostingList {
 public:
  PostingList() = default;
  PostingList(uint32_t document_count, absl::Span<const PostingBlock> blocks, absl::Span<const Impact> impacts,
              absl::Span<const uint8_t> bytes, absl::Span<const uint8_t> positions)
      : document_count_(document_count), blocks_(blocks), impacts_(impacts), bytes_(bytes), positions_(positions) {}
  // A list of one block whose table entry is given rather than read from
  // beside the postings (a segment keeps it in the term's dictionary entry:
  // most terms have one block). The list holds the entry itself.
  PostingList(uint32_t document_count, const PostingBlock& only_block, absl::Span<const Impact> impacts,
              absl::Span<const uint8_t> bytes, absl::Span<const uint8_t> positions)
      : document_count_(document_count),
        only_block_(only_block),
        blocks_(&only_block_, 1),
        impacts_(impacts),
        bytes_(bytes),
        positions_(positions) {}
  PostingList(const PostingList& other) { *this = other; }
  PostingList& operator=(const PostingList& other) {
    document_count_ = other.document_count_;
    only_block_ = other.only_block_;
    // A copy's only block is its own.
    blocks_ = other.blocks_.data() == &other.only_block_ ? absl::MakeConstSpan(&only_block_, 1) : other.blocks_;
    impacts_ = other.impacts_;
    bytes_ = other.bytes_;
    positions_ = other.positions_;
    return *this;
  }

  uint32_t document_count() const { return document_count_; }
  size_t block_count() const { return blocks_.size(); }
  const PostingBlock& block(size_t i) const { return blocks_[i]; }
  uint32_t BlockLength(size_t i) const {
    return i + 1 < blocks_.size() ? kBlockSize : document_count_ - kBlockSize * static_cast<uint32_t>(i);
  }
  // The impacts of block i: [first, last).
  const Impact* ImpactsBegin(size_t i) const { return impacts_.data() + blocks_[i].impacts_begin; }
  const Impact* ImpactsEnd(size_t i) const {
    return impacts_.data() + (i + 1 < blocks_.size() ? blocks_[i + 1].impacts_begin : impacts_.size());
  }

  // Decodes block i into docs[0, BlockLength(i)) and freqs[...].
  void DecodeBlock(size_t i, uint32_t* docs, uint32_t* freqs) const;

  // Decodes block i's positions: document j of the block (as DecodeBlock
  // numbers them, `freqs` being its frequencies) is at positions
  // values[starts[j], starts[j] + counts[j]), absolute and ascending.
  // `values` is resized to hold them. A run that claims more than it holds
  // (a damaged file) leaves the documents past the damage without
  // positions.
  void DecodePositions(size_t i, const uint32_t* freqs, std::vector<uint32_t>& values, uint32_t* starts,
                       uint32_t* counts) const;
  // As DecodePositions, but each document's positions are left as stored:
  // its first position, then the gaps to the next (a running sum makes
  // them absolute). For a reader that needs the positions of a few
  // documents of the block: a phrase's check reads one or two of 128.
  void DecodePositionGaps(size_t i, const uint32_t* freqs, std::vector<uint32_t>& values, uint32_t* starts,
                          uint32_t* counts) const;
  // The positions `doc` holds the term at, ascending; empty when it does not
  // hold the term or the term has no positions there. Decodes the one block
  // that may hold `doc`: for reading a few documents, not for walking a list.
  std::vector<uint32_t> PositionsIn(uint32_t doc) const;

  // The bytes block i's encoding takes, read from its control bytes; lets a
  // reader check a block lies inside the list before decoding it. SIZE_MAX
  // when it does not fit.
  size_t EncodedBlockBytes(size_t i) const;
  // The same for its positions run.
  size_t EncodedPositionBytes(size_t i) const;

  absl::Span<const PostingBlock> blocks() const { return blocks_; }
  absl::Span<const Impact> impacts() const { return impacts_; }
  absl::Span<const uint8_t> bytes() const { return bytes_; }
  absl::Span<const uint8_t> positions() const { return positions_; }

 private:
  uint32_t document_count_ = 0;
  PostingBlock only_block_;
  absl::Span<const PostingBlock> blocks_;
  absl::Span<const Impact> impacts_;
  absl::Span<const uint8_t> bytes_;
  absl::Span<const uint8_t> positions_;
};

// Appends postings in increasing document order; a block is encoded as soon
// as it is full, so a builder holds at most one block uncompressed.
class PostingListBuilder {
 public:
  struct Encoded {
    uint32_t document_count = 0;
    std::vector<PostingBlock> blocks;
    std::vector<Impact> impacts;
    std::vector<uint8_t> bytes;
    std::vector<uint8_t> positions;
    PostingList view() const { return PostingList(document_count, blocks, impacts, bytes, positions); }
  };

  // `doc` must be greater than the previous one; `length` is the document's
  // length (the sum of its term frequencies). Boolean terms (filters) have
  // frequency 0. `positions` are the term's word positions in the document,
  // ascending; any number, none included.
  void Add(uint32_t doc, uint32_t frequency, uint32_t length, absl::Span<const uint32_t> positions = {});
  Encoded Finish() &&;

  // For a writer that encodes many lists one after the other (a segment's
  // terms, a merge's): finishes the list as Finish does and returns its
  // encoding, valid until Clear; Clear then starts the next list with the
  // memory of this one, so that a list costs no allocation of its own.
  const Encoded& FinishInPlace();
  void Clear();

 private:
  void EncodePending();

  Encoded list_;
  std::vector<uint32_t> docs_;
  std::vector<uint32_t> freqs_;
  std::vector<uint32_t> gaps_;  // a block's documents as EncodePending packs them
  std::vector<uint32_t> lengths_;
  std::vector<uint32_t> positions_;  // per document: count, first, gaps
  std::vector<uint32_t> run_;        // a block's run with count exceptions
};

}  // namespace chronicle::index::segment

#endif  // CHRONICLE_CORE_INDEX_SEGMENT_POSTING_LIST_H_
