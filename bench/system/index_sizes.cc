#include "bench/system/index_sizes.h"

#include <map>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "core/index/index_layout.h"
#include "core/index/schema.h"
#include "core/index/segment/impact_tier.h"
#include "core/index/segment/segment_index.h"
#include "core/index/stored_events.pb.h"

namespace chronicle::bench {
namespace {

// Which kind of term a term is, by its prefix (core/index/schema.h): the
// families whose postings a change of the term set would move.
std::string TermFamily(absl::string_view term) {
  if (index::segment::IsImpactTierKey(term)) return "impact_tiers";
  if (!index::schema::StartsWithPrefix(term)) return "words";
  if (absl::StartsWith(term, index::schema::kStemPrefix)) return "stems";
  if (absl::StartsWith(term, index::schema::kTitlePrefix)) return "title_words";
  if (absl::StartsWith(term, index::schema::kEventTextPrefix)) return "event_words";
  return "filters";
}

// One family's postings, split as a posting list lays them out.
struct FamilyBytes {
  size_t terms = 0;
  size_t documents_and_frequencies = 0;
  size_t positions = 0;
  size_t block_tables = 0;
  size_t impacts = 0;
  size_t dictionary = 0;
};

absl::StatusOr<nlohmann::json> Measure(const std::string& path) {
  index::segment::SegmentIndexReader reader(path);
  absl::StatusOr<std::shared_ptr<const index::segment::IndexSnapshot>> snapshot = reader.Latest();
  if (!snapshot.ok()) return snapshot.status();
  index::segment::SegmentSize total;
  // The stored record's fields as serialized, each with its tag and length.
  size_t citation = 0, events = 0, url = 0, body = 0, article = 0, documents = 0;
  std::map<std::string, FamilyBytes> families;
  for (const index::segment::IndexSnapshot::Part& part : (*snapshot)->segments()) {
    const index::segment::SegmentSize size = part.segment->ByteSize();
    total.postings += size.postings;
    total.dictionary += size.dictionary;
    total.columns += size.columns;
    total.keys += size.keys;
    total.stored += size.stored;
    total.total += size.total;
    const index::segment::Segment& segment = *part.segment;
    for (auto cursor = segment.Terms({}, /*with_tiers=*/true); !cursor.done(); cursor.Next()) {
      const index::segment::PostingList list = cursor.postings();
      FamilyBytes& family = families[TermFamily(cursor.term())];
      ++family.terms;
      family.dictionary += cursor.entry_bytes();
      // A one-block list's block is in its dictionary entry.
      if (list.block_count() > 1) family.block_tables += list.block_count() * sizeof(index::segment::PostingBlock);
      family.impacts += list.impacts().size() * sizeof(index::segment::Impact);
      family.documents_and_frequencies += list.bytes().size();
      family.positions += list.positions().size();
    }
    index::StoredEvents record;
    for (uint32_t doc = 0; doc < part.segment->document_count(); ++doc) {
      const absl::string_view bytes = part.segment->stored(doc);
      if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) continue;
      ++documents;
      const size_t whole = bytes.size();
      index::StoredEvents part_of = record;
      part_of.clear_events();
      part_of.clear_url();
      part_of.clear_compressed_body();
      part_of.clear_compressed_article();
      citation += part_of.ByteSizeLong();
      url += record.url().size();
      body += record.compressed_body().size();
      article += record.compressed_article().size();
      events += whole - part_of.ByteSizeLong() - record.url().size() - record.compressed_body().size() -
                record.compressed_article().size();
    }
  }
  const double per = documents == 0 ? 0 : 1.0 / static_cast<double>(documents);
  nlohmann::json by_family = nlohmann::json::object();
  for (const auto& [name, family] : families) {
    by_family[name] = {{"terms", family.terms},
                       {"documents_and_frequencies", family.documents_and_frequencies * per},
                       {"positions", family.positions * per},
                       {"block_tables", family.block_tables * per},
                       {"impacts", family.impacts * per},
                       {"dictionary", family.dictionary * per}};
  }
  return nlohmann::json{
      {"documents", documents},
      {"live_documents", (*snapshot)->live_documents()},
      {"segments", (*snapshot)->segments().size()},
      {"bytes", total.total},
      {"per_document",
       {{"postings", total.postings * per},
        {"dictionary", total.dictionary * per},
        {"columns", total.columns * per},
        {"keys", total.keys * per},
        {"stored", total.stored * per},
        {"stored_citation", citation * per},
        {"stored_events", events * per},
        {"stored_url", url * per},
        {"stored_body_compressed", body * per},
        {"stored_article_compressed", article * per}}},
      {"postings_per_document_by_family", by_family}};
}

}  // namespace

absl::StatusOr<nlohmann::json> MeasureIndexSizes(const std::string& index_path) {
  absl::StatusOr<nlohmann::json> articles = Measure(index::SegmentsPath(index_path));
  if (!articles.ok()) return articles.status();
  absl::StatusOr<nlohmann::json> duplicates = Measure(index::DuplicatesPath(index_path));
  if (!duplicates.ok()) return duplicates.status();
  return nlohmann::json{{"articles", *articles}, {"duplicates", *duplicates}};
}

}  // namespace chronicle::bench
