#include "core/index/segment/merge.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/index/segment/impact_tier.h"
#include "core/index/segment/posting_list.h"

namespace chronicle::index::segment {
namespace {

constexpr uint32_t kDropped = kNoMoreDocs;

// Copies `list`'s postings of live documents into `out` and `tier`,
// renumbered through `new_doc`, with their positions; `values` is scratch
// kept from term to term.
void CopyPostings(const PostingList& list, const std::vector<uint32_t>& new_doc, const std::vector<uint32_t>& lengths,
                  std::vector<uint32_t>& values, PostingListBuilder& out, ImpactTierBuilder& tier) {
  uint32_t docs[kBlockSize], freqs[kBlockSize], starts[kBlockSize], counts[kBlockSize];
  for (size_t b = 0; b < list.block_count(); ++b) {
    const uint32_t length = list.BlockLength(b);
    list.DecodeBlock(b, docs, freqs);
    list.DecodePositions(b, freqs, values, starts, counts);
    for (uint32_t i = 0; i < length; ++i) {
      const uint32_t doc = new_doc[docs[i]];
      if (doc == kDropped) continue;
      out.Add(doc, freqs[i], lengths[doc], absl::MakeConstSpan(values.data() + starts[i], counts[i]));
      tier.Add(doc, freqs[i], lengths[doc]);
    }
  }
}

}  // namespace

absl::StatusOr<Segment> MergeSegments(absl::Span<const MergeInput> inputs, int64_t applied_sequence) {
  // Where each input's documents go, and the merged columns.
  std::vector<std::vector<uint32_t>> new_docs(inputs.size());
  std::vector<uint32_t> lengths;
  std::vector<int64_t> published;
  std::vector<uint32_t> sources;
  std::vector<std::string> source_names;
  absl::flat_hash_map<std::string, uint32_t> source_ordinals;
  std::vector<uint32_t> key_offsets{0};
  std::string keys;
  std::vector<std::string> tag_names;
  absl::flat_hash_map<std::string, uint32_t> tag_ordinals_by_name;
  std::vector<uint32_t> tag_offsets{0};
  std::vector<uint32_t> tag_ordinals;
  std::vector<uint64_t> stored_offsets{0};
  // The live documents' stored bytes where the inputs hold them: one run
  // per stretch of consecutive live documents.
  std::vector<absl::string_view> stored_runs;
  uint64_t stored_size = 0;
  size_t input_bytes = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Segment& segment = *inputs[i].segment;
    input_bytes += segment.bytes().size();
    const Deletions* deletions = inputs[i].deletions;
    if (deletions != nullptr && deletions->document_count() != segment.document_count()) {
      return absl::InvalidArgumentError("merge: deletions of another size than their segment");
    }
    new_docs[i].assign(segment.document_count(), kDropped);
    for (uint32_t d = 0; d < segment.document_count(); ++d) {
      if (deletions != nullptr && deletions->contains(d)) continue;
      new_docs[i][d] = static_cast<uint32_t>(lengths.size());
      lengths.push_back(segment.lengths()[d]);
      published.push_back(segment.published()[d]);
      // Ordinals by first appearance among the live documents, as a builder
      // assigns them.
      AppendOrdinal(segment.source_names()[segment.sources()[d]], source_ordinals, source_names, sources);
      for (uint32_t tag : segment.tags(d)) {
        AppendOrdinal(segment.tag_names()[tag], tag_ordinals_by_name, tag_names, tag_ordinals);
      }
      tag_offsets.push_back(static_cast<uint32_t>(tag_ordinals.size()));
      const absl::string_view key = segment.key(d);
      keys.append(key.data(), key.size());
      key_offsets.push_back(static_cast<uint32_t>(keys.size()));
      const absl::string_view document_stored = segment.stored(d);
      if (!stored_runs.empty() && stored_runs.back().data() + stored_runs.back().size() == document_stored.data()) {
        stored_runs.back() = absl::string_view(stored_runs.back().data(),
                                               stored_runs.back().size() + document_stored.size());
      } else if (!document_stored.empty()) {
        stored_runs.push_back(document_stored);
      }
      stored_size += document_stored.size();
      stored_offsets.push_back(stored_size);
    }
  }

  // Terms in increasing order across the inputs: each step takes the
  // smallest term any input is at and copies every input's postings of it.
  // The inputs' impact tiers are not walked (Terms leaves them out): the
  // merged list's is built as it is written, whether or not each input's
  // list was long enough for one.
  SegmentAssembler assembler;
  assembler.Reserve(input_bytes);  // a little more than the merged segment
  PostingListBuilder builder;  // one for every term, its memory reused
  ImpactTierBuilder tier_builder;
  std::vector<uint32_t> position_values;
  std::vector<Segment::TermCursor> cursors;
  cursors.reserve(inputs.size());
  for (const MergeInput& input : inputs) cursors.push_back(input.segment->Terms());
  while (true) {
    bool any = false;
    absl::string_view smallest;
    for (const Segment::TermCursor& cursor : cursors) {
      if (cursor.done()) continue;
      if (!any || cursor.term() < smallest) smallest = cursor.term();
      any = true;
    }
    if (!any) break;
    const std::string term(smallest);  // the inputs' cursors move below
    builder.Clear();
    uint32_t documents_at_most = 0;  // deletions not counted
    for (const Segment::TermCursor& cursor : cursors) {
      if (!cursor.done() && cursor.term() == term) documents_at_most += cursor.postings().document_count();
    }
    tier_builder.Start(documents_at_most);
    bool held = false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      Segment::TermCursor& cursor = cursors[i];
      if (cursor.done() || cursor.term() != term) continue;
      CopyPostings(cursor.postings(), new_docs[i], lengths, position_values, builder, tier_builder);
      cursor.Next();
      held = true;
    }
    const PostingListBuilder::Encoded& encoded = builder.FinishInPlace();
    // A term only deleted documents held disappears.
    if (!held || encoded.document_count == 0) continue;
    assembler.AddTerm(term, encoded);
    if (const PostingListBuilder::Encoded* tier = tier_builder.Finish(encoded.document_count)) {
      assembler.AddTerm(ImpactTierKey(term), *tier);
    }
  }
  SegmentAssembler::Columns columns;
  columns.lengths = lengths;
  columns.published = published;
  columns.sources = sources;
  columns.source_names = &source_names;
  columns.key_offsets = key_offsets;
  columns.keys = keys;
  columns.tag_offsets = tag_offsets;
  columns.tag_ordinals = tag_ordinals;
  columns.tag_names = &tag_names;
  columns.stored_offsets = stored_offsets;
  columns.stored_runs = stored_runs;
  // Every input's attachments, each name once (the first input's bytes):
  // the merged stored bytes may need any of them.
  std::vector<Attachment> attachments;
  for (const MergeInput& input : inputs) {
    attachments.insert(attachments.end(), input.segment->attachments().begin(), input.segment->attachments().end());
  }
  std::stable_sort(attachments.begin(), attachments.end(),
                   [](const Attachment& a, const Attachment& b) { return a.name < b.name; });
  attachments.erase(std::unique(attachments.begin(), attachments.end(),
                                [](const Attachment& a, const Attachment& b) { return a.name == b.name; }),
                    attachments.end());
  columns.attachments = attachments;
  return std::move(assembler).Finish(columns, applied_sequence);
}

}  // namespace chronicle::index::segment
