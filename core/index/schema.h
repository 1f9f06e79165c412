// The index schema, in one place: every term prefix and value the query side
// writes or reads.
//
// The index is two segment indexes (index_layout.h). The articles' holds
// one document per original article, keyed by its id: its words (title and
// body, with positions and stems, as Xapian's term generator makes them —
// DocumentBuilder and SplitWords), its filter and facet terms, and a stored record
// (stored_events.proto) with what results, GetArticle and timelines read:
// the article compressed and its events. The duplicates' holds each
// near-duplicate under a kOriginalPrefix term naming its original, with the
// same record.
//
// Prefixes follow Xapian's conventions where one exists (Q unique id, S title,
// L language, Z stemmed) and use X... for our own. The value slots below are
// those of the Xapian documents DocumentBuilder makes and that the
// segment-against-Xapian comparisons (bench_engines, SegmentQueryTest) index.
#ifndef CHRONICLE_CORE_INDEX_SCHEMA_H_
#define CHRONICLE_CORE_INDEX_SCHEMA_H_

#include <string>

#include "absl/strings/string_view.h"
#include "xapian.h"

namespace chronicle::index::schema {

// Bumped when documents written by an older binary cannot be read correctly;
// an index with another version is rebuilt from the feed.
// 3: segments store each article's events (stored_events.proto).
// 4: segments store the articles too, duplicates have a segment index of
//    their own, event years and counts are terms.
// 5: the stored article and its events' citations leave out the texts the
//    body holds (body_texts.h, stored_events.proto).
// 6: segments carry attachments: the compression dictionaries of their
//    stored records (record_compression.h).
// 7: segments of format 6 (32-byte term entries, no padding per term).
// 8: an event's stems are one string (StoredEvent.stems).
// 9: an event's stems are their hashes, without stop words (StoredEvent.terms).
// 10: segments of format 7 (a front-coded dictionary with varint entries).
// 11: segments of format 8 (a one-block list's block in its entry).
// 12: segments of format 9 (document gaps and frequencies bit-packed).
inline constexpr int kVersion = 12;

// Boolean terms.
inline constexpr absl::string_view kIdPrefix = "Q";          // Q<article id>, Q<article id>#e<n>
inline constexpr absl::string_view kTypePrefix = "XT";       // XTarticle, XTduplicate, XTevent
inline constexpr absl::string_view kSourcePrefix = "XS";     // lowercased source
inline constexpr absl::string_view kLanguagePrefix = "L";    // lowercased BCP 47 tag
inline constexpr absl::string_view kEntityPrefix = "XE";     // entity id
// In the segments only: an article one of whose events names the entity, so
// that an entity's timeline reads only articles with events to show.
inline constexpr absl::string_view kEventEntityPrefix = "XV";  // entity id
inline constexpr absl::string_view kOriginalPrefix = "XD";   // duplicate -> id of its original
inline constexpr absl::string_view kYearPrefix = "XY";       // publication year "2019"
inline constexpr absl::string_view kMonthPrefix = "XM";      // publication month "2019-12"
// In the segments only: a year one of the article's events touches ("1965"),
// so that a timeline over a range reads only articles with events near it;
// kEventYearsWide for an event touching more than kMaxEventYears years.
inline constexpr absl::string_view kEventYearPrefix = "XI";
inline constexpr absl::string_view kEventYearsWide = "XIwide";
inline constexpr int kMaxEventYears = 64;
// In the segments only: how many events the article has ("XC3"), so that the
// index counts its events without reading any.
inline constexpr absl::string_view kEventCountPrefix = "XC";

// Free-text prefixes (positional).
inline constexpr absl::string_view kTitlePrefix = "S";
// Xapian's TermGenerator writes a word's stem as Z<prefix><stem>.
inline constexpr absl::string_view kStemPrefix = "Z";
// An event's words carry a prefix of their own, so that article searches walk
// article postings only and timelines event postings only.
inline constexpr absl::string_view kEventTextPrefix = "XW";

// Prefixes are upper-case ASCII letters and words never start with one (the
// term generator lowercases them): a term that does is a filter or another
// field's word.
inline bool StartsWithPrefix(absl::string_view term) {
  return !term.empty() && term.front() >= 'A' && term.front() <= 'Z';
}

inline constexpr absl::string_view kArticleType = "article";
inline constexpr absl::string_view kDuplicateType = "duplicate";
inline constexpr absl::string_view kEventType = "event";

// Value slots.
enum Slot : Xapian::valueno {
  kPublishedSlot = 0,        // sortable_serialise(unix seconds of publication)
  kCreatedSequenceSlot = 1,  // sortable_serialise(feed sequence that first created the id)
  // 2-5 held event documents' intervals and articles until schema 4.
  kSourceSlot = 6,           // source as written, for the source facet
  kMonthSlot = 7,            // publication month "2019-12", for the year and month facets
  kEntitiesSlot = 8,         // entity ids joined by '\n', for the entity facet
  kIdSlot = 9,               // article id, for listing an original's duplicates
  // 10 and 11 held event documents' stems and sentence places until
  // schema 4; the segments' records (stored_events.proto) hold them now.
};

inline constexpr char kEntitySeparator = '\n';

inline std::string Term(absl::string_view prefix, absl::string_view value) {
  std::string term;
  term.reserve(prefix.size() + value.size());
  term.append(prefix.data(), prefix.size());
  term.append(value.data(), value.size());
  return term;
}

// Xapian terms are limited to 245 bytes; longer boolean values are cut.
inline std::string BooleanTerm(absl::string_view prefix, absl::string_view value) {
  constexpr size_t kMaxTermBytes = 240;
  return Term(prefix, value.substr(0, kMaxTermBytes - prefix.size()));
}

}  // namespace chronicle::index::schema

#endif  // CHRONICLE_CORE_INDEX_SCHEMA_H_
