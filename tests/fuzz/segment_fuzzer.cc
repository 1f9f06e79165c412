// Fuzzes Segment::Open, the reader of segment files, and searches through
// whatever it accepts. Random bytes rarely get past the magic and checksums,
// so the input is mostly read as patches to a valid segment built at start
// (3 bytes each: a position, spread over the file, and the byte to put
// there), opened without checksums: every offset, count and document number
// the reader trusts is then reachable. What opens is searched, its keys
// read, and merged (which copies every posting and position) into a segment
// that must pass every check; single documents' positions are read as a
// timeline reads them. The input is also opened as it is, and read as
// a segment directory's manifest and as a deletions file. Attachments are
// found by name and carried by the merge.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/index/segment/deletions.h"
#include "core/index/segment/merge.h"
#include "core/index/segment/query_tree.h"
#include "core/index/segment/search.h"
#include "core/index/segment/segment.h"
#include "core/index/segment/segment_directory.h"

namespace {

using chronicle::index::segment::Search;
using chronicle::index::segment::SearchOptions;
using chronicle::index::segment::Segment;
using chronicle::index::segment::SegmentBuilder;
using chronicle::index::segment::SegmentQuery;

std::string ValidSegmentBytes() {
  SegmentBuilder builder;
  for (uint32_t d = 0; d < 400; ++d) {
    // "common" and "w.." keep a count of positions per document; "pair",
    // with as many positions as occurrences but in every fourth document,
    // lists those exceptions instead.
    std::vector<SegmentBuilder::TermFrequency> terms = {{"common", 1 + d % 5, {0, 2}},
                                                        {absl::StrCat("w", d % 7), 1 + d % 3, {1}},
                                                        {"pair", d % 4 == 0 ? 4u : 2u, {3, 4}},
                                                        {absl::StrCat("y", d % 3), 0, {}}};
    std::vector<std::string> tags;
    if (d % 3 == 0) tags.push_back(absl::StrCat("org:", d % 4));
    if (d % 5 == 0) tags.push_back("person:someone");
    builder.AddDocument(terms, d % 11 == 0 ? chronicle::index::segment::kNoTime : int64_t{9000} * 86400 + d * 3600,
                        d % 2 == 0 ? "Reuters" : "BBC", absl::StrCat("article-", d), tags,
                        std::string(d % 9, static_cast<char>('a' + d % 26)));
  }
  const std::string dictionary(300, 'd');
  const chronicle::index::segment::Attachment attachments[] = {{"zstd-article-12", dictionary},
                                                                {"zstd-body-34", "a shorter attachment"}};
  return std::string(std::move(builder).Finish(400, attachments)->bytes());
}

void Exercise(const Segment& segment) {
  SegmentQuery query;
  query.clauses = {{"common", "w1"}, {"w3", "w1", "missing"}};
  SearchOptions options;
  Search(segment, query, options);
  query.clauses = {{"common"}};
  query.filters = {{"y1"}};
  query.published_min = int64_t{9100} * 86400;
  query.published_max = int64_t{9300} * 86400;
  options.count_all = true;
  options.count_tags = true;
  Search(segment, query, options);
  query = SegmentQuery();
  query.phrases = {{"common", "w1"}, {"w1", "common"}, {"pair", "pair"}};
  Search(segment, query, SearchOptions());
  size_t key_bytes = 0;
  size_t stored_bytes = 0;
  for (uint32_t d = 0; d < segment.document_count(); ++d) {
    key_bytes += segment.key(d).size();
    stored_bytes += segment.stored(d).size();
  }
  // Attachments lie inside the segment, in name order, and are found.
  size_t attachment_bytes = 0;
  for (const chronicle::index::segment::Attachment& attachment : segment.attachments()) {
    attachment_bytes += attachment.name.size() + attachment.bytes.size();
    if (segment.FindAttachment(attachment.name) != &attachment) __builtin_trap();
  }
  // The dictionary walked whole, and sought by prefix.
  uint64_t terms = 0;
  for (Segment::TermCursor cursor = segment.Terms({}, /*with_tiers=*/true); !cursor.done(); cursor.Next()) ++terms;
  if (terms != segment.term_count()) __builtin_trap();
  (void)chronicle::index::segment::TermsWithPrefix(segment, "w");
  // A timeline reads one document's positions at a time.
  for (uint32_t d = 0; d < segment.document_count() + 2; d += 37) {
    for (const char* term : {"common", "w1", "pair"}) {
      (void)segment.Find(term).PositionsIn(d);
    }
  }
  chronicle::index::segment::Deletions deletions(segment.document_count());
  for (uint32_t d = 0; d < segment.document_count(); d += 3) deletions.Delete(d);
  const chronicle::index::segment::MergeInput input{&segment, &deletions};
  absl::StatusOr<Segment> merged = chronicle::index::segment::MergeSegments({input}, 1);
  if (!merged.ok() || !merged->CheckBlocks().ok() || key_bytes > segment.bytes().size() ||
      stored_bytes > segment.bytes().size() || attachment_bytes > segment.bytes().size() ||
      merged->attachments().size() != segment.attachments().size()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string* const valid = new std::string(ValidSegmentBytes());
  auto patched = std::make_shared<std::string>(*valid);
  for (size_t i = 0; i + 3 <= size; i += 3) {
    const size_t position = ((size_t{data[i]} << 8 | data[i + 1]) * patched->size()) >> 16;
    (*patched)[position] = static_cast<char>(data[i + 2]);
  }
  if (absl::StatusOr<Segment> segment = Segment::Open(patched, /*verify_checksums=*/false); segment.ok()) {
    Exercise(*segment);
  }
  auto raw = std::make_shared<std::string>(reinterpret_cast<const char*>(data), size);
  chronicle::index::segment::ParseManifest(*raw).IgnoreError();
  chronicle::index::segment::Deletions::Parse(*raw).IgnoreError();
  if (absl::StatusOr<Segment> segment = Segment::Open(raw, /*verify_checksums=*/false); segment.ok()) {
    Exercise(*segment);
  }
  return 0;
}
