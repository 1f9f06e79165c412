// Turns stored articles into Xapian documents following schema.h.
#ifndef CHRONICLE_CORE_INDEX_DOCUMENT_BUILDER_H_
#define CHRONICLE_CORE_INDEX_DOCUMENT_BUILDER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/article.pb.h"
#include "core/common/compression.h"
#include "core/index/record_compression.h"
#include "core/index/stored_events.pb.h"
#include "core/index/segment/segment_index.h"
#include "core/index/word_splitter.h"
#include "xapian.h"

namespace chronicle::index {

// The kEventYearPrefix terms of an event interval [start, end) in seconds:
// one per year it touches, or kEventYearsWide alone past kMaxEventYears.
// A timeline over a range asks for the same terms of the range, plus the
// wide one.
std::vector<std::string> EventYearTerms(int64_t start_seconds, int64_t end_seconds);

// The article a record of SegmentRecord's holds: whole when `full`, else
// GetArticle's BASIC view of it (without its body, sections, sentences,
// removed blocks, temporal expressions, events and entities, and read
// without decompressing the body). Errors: DATA_LOSS when the record does
// not parse, a frame does not decompress, or an offset lies outside the
// body.
// `read_frame` decompresses a frame of the record (with the dictionary it
// needs, RecordDecompressor).
absl::StatusOr<v1::StoredArticle> ArticleOfRecord(
    absl::string_view record, bool full,
    absl::FunctionRef<absl::StatusOr<std::string>(absl::string_view frame)> read_frame);

// Holds a Xapian TermGenerator and a stem cache, so it is not thread-safe:
// one per thread.
class DocumentBuilder {
 public:
  DocumentBuilder();

  // Where a sentence's words are among its article's (BuildArticle's and
  // ArticleDocument's `sentence_words`): first and last position,
  // inclusive; last < first for a sentence without words.
  struct WordSpan {
    Xapian::termpos first = 0;
    Xapian::termpos last = 0;
  };

  // For a term index (ArticleWords::stem_terms): none.
  static constexpr uint32_t kNoStem = UINT32_MAX;

  // What ArticleDocument learns of an article's words that its events
  // reuse: an event cites a sentence, and the stems of the sentence's words
  // are those indexed at its positions, so BuildEventRecord need not split
  // and stem the sentence again (a sixth of what a replica spent indexing).
  struct ArticleWords {
    // Each sentence's word positions, in the order of Article.sentences;
    // empty when the sentences are not in body order.
    std::vector<WordSpan> sentences;
    // By word position: where the stem term of the word there is among the
    // document's terms, or kNoStem (no word there, or a word without a
    // stem).
    std::vector<uint32_t> stem_terms;
  };

  // An original article as the segment index takes it (the index writer's
  // path): its filter terms (source, language, year, month, entities, and
  // its events' entities, years and count), its entity ids as tags, and its
  // words — the title (prefixed for title:, and unprefixed weighing 3) and
  // the body, with positions and stems — as Xapian's term generator would
  // make them (SplitWords), without going through a Xapian document.
  //
  // `words`, when not null, receives what BuildEventRecord's second form
  // reads.
  segment::IndexDocument ArticleDocument(const v1::StoredArticle& stored, ArticleWords* words = nullptr);

  // The same article as a Xapian document made by Xapian's term generator,
  // with its id and type terms and its values: for comparisons of the two
  // engines and as the reference ArticleDocument is tested against
  // (SegmentDocument turns it into the segment's document). The body is
  // indexed sentence by sentence, which numbers its words as one pass would.
  Xapian::Document BuildArticle(const v1::StoredArticle& stored, int64_t created_sequence,
                                std::vector<WordSpan>* sentence_words = nullptr);

  // The article's events as the segments store them for timelines
  // (stored_events.proto; none for a duplicate): each with the stems of
  // its sentence's words and, when `sentence_words` (BuildArticle's) holds
  // its sentence, where the sentence is among the article's words (for
  // relevance by proximity). The article's own fields are SegmentRecord's.
  StoredEvents BuildEventRecord(const v1::StoredArticle& stored, const std::vector<WordSpan>& sentence_words = {});

  // The same record for the article ArticleDocument made `document` and
  // `words` of: the stems of an event's sentence are read from its word
  // positions when the body holds the sentence at the event's offsets, and
  // found by splitting its text otherwise.
  StoredEvents BuildEventRecord(const v1::StoredArticle& stored, const segment::IndexDocument& document,
                                const ArticleWords& words);

  // The segment engine's document for an original article: the terms,
  // frequencies and positions of `article_document` (BuildArticle's),
  // without the id and type terms (the segment's key and its single kind
  // stand for them), the entity ids as tags, and a kEventEntityPrefix term
  // per entity its events name.
  static segment::IndexDocument SegmentDocument(const v1::StoredArticle& stored,
                                                const Xapian::Document& article_document);

  // What the segments store with an article (stored_events.proto): `events`
  // (BuildEventRecord's; empty for a duplicate) with the article's own
  // fields, its url, and its body and the rest of it compressed — without
  // its events when `events` holds them all (ArticleOfRecord puts them
  // back). Takes the article, whose body it moves out rather than copy the
  // rest.
  std::string SegmentRecord(v1::StoredArticle stored, StoredEvents events);

  // From now on SegmentRecord compresses bodies and articles with these
  // (record_compression.h); null members: without a dictionary.
  void UseDictionaries(RecordDictionaries dictionaries) { dictionaries_ = std::move(dictionaries); }

  // A duplicate as the duplicates' segment index holds it: its key, a
  // kOriginalPrefix term naming its original, and its record.
  segment::IndexDocument DuplicateDocument(v1::StoredArticle stored);

 private:
  // Adds the words of `text` (and their stems) as TermGenerator::index_text
  // does, numbering them from word_position_, and their stems' term indexes
  // to `stem_terms` when not null.
  void AddWords(absl::string_view text, uint32_t frequency, absl::string_view prefix,
                std::vector<uint32_t>* stem_terms);

  // BuildEventRecord's work; `event_stems(event, kept)` sets the terms of
  // the event's sentence in `kept` (StoredEvent.terms) and returns whether
  // the sentence had any stems at all, stop words included.
  template <typename EventStems>
  StoredEvents EventRecord(const v1::StoredArticle& stored, const std::vector<WordSpan>& sentence_words,
                           EventStems event_stems);

  // Sets `kept`'s terms from the stems of `text`'s words; whether there
  // were any.
  bool AddStemsOfText(absl::string_view text, StoredEvent& kept);

  Xapian::Stem stemmer_;
  Xapian::TermGenerator term_generator_;
  StemCache stems_;
  Compressor compressor_;
  RecordDictionaries dictionaries_;
  // ArticleDocument's terms as they are gathered; a term's index in
  // `terms_` is found through `words_` for a word (prefix and word, with its
  // stem term's index: one lookup for each occurrence) and through
  // `other_terms_` for filter and stem terms.
  struct WordTerms {
    uint32_t word;
    uint32_t stem;
  };
  uint32_t TermIndex(absl::string_view term);
  std::vector<segment::SegmentBuilder::TermFrequency> terms_;
  absl::flat_hash_map<std::string, WordTerms> words_;
  absl::flat_hash_map<std::string, uint32_t> other_terms_;
  std::string term_;
  uint32_t word_position_ = 0;
};

}  // namespace chronicle::index

#endif  // CHRONICLE_CORE_INDEX_DOCUMENT_BUILDER_H_
