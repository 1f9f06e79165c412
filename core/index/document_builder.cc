#include "core/index/document_builder.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/v1/timeline.pb.h"
#include "core/common/compression.h"
#include "core/index/body_texts.h"
#include "core/index/schema.h"
#include "core/index/stored_events_scan.h"
#include "core/timeline/event.h"
#include "core/timeline/features.h"

namespace chronicle::index {
namespace {

using schema::BooleanTerm;

// Word positions left between the title and the body, so that no phrase
// runs from one into the other (TermGenerator::increase_termpos's default).
constexpr uint32_t kTitleGap = 100;

// "2019-12": the month terms' and value's form; the year is its first four
// bytes.
std::string PublishedMonth(int64_t seconds) {
  return absl::FormatTime("%Y-%m", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

void AddPublication(const v1::ArticleMetadata& metadata, Xapian::Document& doc) {
  if (!metadata.has_published() || !metadata.published().has_time()) return;
  const int64_t seconds = metadata.published().time().seconds();
  doc.add_value(schema::kPublishedSlot, Xapian::sortable_serialise(static_cast<double>(seconds)));
  const std::string month = PublishedMonth(seconds);
  doc.add_value(schema::kMonthSlot, month);
  doc.add_boolean_term(BooleanTerm(schema::kYearPrefix, month.substr(0, 4)));
  doc.add_boolean_term(BooleanTerm(schema::kMonthPrefix, month));
}

// Terms and values every kind of document carries, so that filters and the
// snapshot of paginated requests apply to all of them alike.
void AddCommonTerms(const v1::StoredArticle& stored, int64_t created_sequence, Xapian::Document& doc) {
  const v1::Article& article = stored.article();
  const v1::ArticleMetadata& metadata = article.metadata();
  doc.add_value(schema::kCreatedSequenceSlot,
                Xapian::sortable_serialise(static_cast<double>(created_sequence)));
  if (!metadata.source().empty()) {
    doc.add_boolean_term(BooleanTerm(schema::kSourcePrefix, absl::AsciiStrToLower(metadata.source())));
    doc.add_value(schema::kSourceSlot, metadata.source());
  }
  if (!metadata.language().empty()) {
    doc.add_boolean_term(BooleanTerm(schema::kLanguagePrefix, absl::AsciiStrToLower(metadata.language())));
  }
  AddPublication(metadata, doc);
}

void AddArticleTerms(const v1::StoredArticle& stored, absl::string_view type, int64_t created_sequence,
                     Xapian::Document& doc) {
  const v1::Article& article = stored.article();
  doc.add_boolean_term(BooleanTerm(schema::kIdPrefix, article.id()));
  doc.add_boolean_term(BooleanTerm(schema::kTypePrefix, type));
  doc.add_value(schema::kIdSlot, article.id());
  AddCommonTerms(stored, created_sequence, doc);
  std::string entity_ids;
  for (const v1::Entity& entity : article.entities()) {
    doc.add_boolean_term(BooleanTerm(schema::kEntityPrefix, entity.id()));
    if (!entity_ids.empty()) entity_ids.push_back(schema::kEntitySeparator);
    entity_ids += entity.id();
  }
  if (!entity_ids.empty()) doc.add_value(schema::kEntitiesSlot, entity_ids);
}

// Whether the article's sentences follow each other in its body, so that
// indexing the body piece by piece gives each sentence's word positions.
bool SentencesInBodyOrder(const v1::Article& article) {
  for (int i = 0; i < article.sentences_size(); ++i) {
    const v1::Sentence& sentence = article.sentences(i);
    const uint32_t previous_end = i == 0 ? 0 : article.sentences(i - 1).end();
    if (sentence.begin() < previous_end || sentence.begin() > sentence.end() ||
        sentence.end() > article.body().size()) {
      return false;
    }
  }
  return true;
}

// Indexes the body through `index_piece(begin, end)`, sentence by sentence
// when `sentence_words` is wanted, filling it from `position()` (the last
// word position given) around each sentence.
template <typename IndexPiece, typename Position>
void IndexBodyBySentence(const v1::Article& article, std::vector<DocumentBuilder::WordSpan>* sentence_words,
                         IndexPiece index_piece, Position position) {
  const size_t body_size = article.body().size();
  if (sentence_words == nullptr || !SentencesInBodyOrder(article)) {
    if (sentence_words != nullptr) sentence_words->clear();
    index_piece(0, body_size);
    return;
  }
  // Sentences start and end at word boundaries, so indexing the body piece
  // by piece (the text between sentences too) numbers the words as indexing
  // it whole does.
  sentence_words->clear();
  sentence_words->reserve(article.sentences_size());
  size_t at = 0;
  for (const v1::Sentence& sentence : article.sentences()) {
    index_piece(at, sentence.begin());
    DocumentBuilder::WordSpan& span = sentence_words->emplace_back();
    span.first = position() + 1;
    index_piece(sentence.begin(), sentence.end());
    span.last = position();
    at = sentence.end();
  }
  index_piece(at, body_size);
}

// The segment document of an article without its words: key, facet
// values, tags and the terms of its events.
segment::IndexDocument DocumentShell(const v1::StoredArticle& stored) {
  const v1::ArticleMetadata& metadata = stored.article().metadata();
  segment::IndexDocument document;
  document.key = stored.article().id();
  document.source = metadata.source();
  if (metadata.has_published() && metadata.published().has_time()) {
    document.published = metadata.published().time().seconds();
  }
  for (const v1::Entity& entity : stored.article().entities()) {
    if (std::find(document.tags.begin(), document.tags.end(), entity.id()) == document.tags.end()) {
      document.tags.push_back(entity.id());
    }
  }
  std::vector<std::string> event_entities;
  for (const v1::Event& event : stored.article().events()) {
    for (const std::string& id : event.entity_ids()) {
      event_entities.push_back(BooleanTerm(schema::kEventEntityPrefix, id));
    }
    for (std::string& year : EventYearTerms(event.when().start().seconds(), event.when().end().seconds())) {
      event_entities.push_back(std::move(year));
    }
  }
  event_entities.push_back(BooleanTerm(schema::kEventCountPrefix, absl::StrCat(stored.article().events_size())));
  std::sort(event_entities.begin(), event_entities.end());
  event_entities.erase(std::unique(event_entities.begin(), event_entities.end()), event_entities.end());
  for (std::string& term : event_entities) document.terms.push_back({std::move(term), 0});
  return document;
}

// Whether the citations of `events` (BuildEventRecord's for `article`)
// give back its events exactly: one for each, and no text a reader would
// take for one the body holds (an empty text over a non-empty range).
bool EventsRebuildFromRecord(const v1::Article& article, const StoredEvents& events) {
  if (events.events_size() != article.events_size() || article.events().empty()) return false;
  return std::none_of(article.events().begin(), article.events().end(),
                      [](const v1::Event& event) { return event.text().empty() && event.begin() < event.end(); });
}

// Puts back the events SegmentRecord left out of `article`, whose body is
// `body`, from their citations: a sentence left out of a citation is the
// body's text at its offsets.
absl::Status RebuildEvents(const StoredEvents& record, absl::string_view body, v1::Article& article) {
  article.clear_events();
  for (const StoredEvent& kept : record.events()) {
    const v1::Citation& citation = kept.citation();
    v1::Event& event = *article.add_events();
    if (citation.has_interval()) *event.mutable_when() = citation.interval();
    event.set_date_value(citation.date_value());
    event.set_anchor(kept.anchor());
    event.set_sentence(kept.sentence());
    event.set_begin(citation.begin());
    event.set_end(citation.end());
    if (!citation.sentence().empty() || citation.begin() >= citation.end()) {
      event.set_text(citation.sentence());
    } else {
      absl::StatusOr<absl::string_view> text = TextInBody(body, citation.begin(), citation.end());
      if (!text.ok()) return text.status();
      event.set_text(std::string(*text));
    }
    *event.mutable_entity_ids() = citation.entity_ids();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::StoredArticle> ArticleOfRecord(
    absl::string_view record, bool full,
    absl::FunctionRef<absl::StatusOr<std::string>(absl::string_view frame)> read_frame) {
  ScannedArticle scanned;
  if (!ScanStoredArticle(record, scanned).ok()) return absl::DataLossError("the stored record does not parse");
  absl::StatusOr<std::string> rest = read_frame(scanned.compressed_article);
  if (!rest.ok()) return rest.status();
  v1::StoredArticle stored;
  if (!stored.ParseFromString(*rest)) return absl::DataLossError("the stored article does not parse");
  v1::Article& article = *stored.mutable_article();
  if (!full) {
    article.clear_sections();
    article.clear_sentences();
    article.clear_removed_blocks();
    article.clear_temporal_expressions();
    article.clear_events();
    article.clear_entities();
    return stored;
  }
  absl::StatusOr<std::string> body = read_frame(scanned.compressed_body);
  if (!body.ok()) return body.status();
  article.set_body(*std::move(body));
  if (scanned.texts_in_body) {
    absl::Status restored = RestoreTextsFromBody(article, article.body());
    if (!restored.ok()) return restored;
  }
  if (scanned.events_in_records) {
    StoredEvents events;
    if (!events.ParseFromArray(record.data(), static_cast<int>(record.size()))) {
      return absl::DataLossError("the stored events do not parse");
    }
    absl::Status rebuilt = RebuildEvents(events, article.body(), article);
    if (!rebuilt.ok()) return rebuilt;
  }
  return stored;
}

std::vector<std::string> EventYearTerms(int64_t start_seconds, int64_t end_seconds) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const int64_t first = absl::ToCivilYear(absl::FromUnixSeconds(start_seconds), utc).year();
  const int64_t last =
      absl::ToCivilYear(absl::FromUnixSeconds(std::max(start_seconds, end_seconds - 1)), utc).year();
  if (last - first + 1 > schema::kMaxEventYears) return {std::string(schema::kEventYearsWide)};
  std::vector<std::string> terms;
  for (int64_t year = first; year <= last; ++year) {
    terms.push_back(BooleanTerm(schema::kEventYearPrefix, absl::StrCat(year)));
  }
  return terms;
}

DocumentBuilder::DocumentBuilder() : stemmer_("english") {
  term_generator_.set_stemmer(stemmer_);
  term_generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

uint32_t DocumentBuilder::TermIndex(absl::string_view term) {
  auto [found, added] = other_terms_.try_emplace(term, static_cast<uint32_t>(terms_.size()));
  if (added) terms_.push_back({std::string(term), 0});
  return found->second;
}

void DocumentBuilder::AddWords(absl::string_view text, uint32_t frequency, absl::string_view prefix,
                               std::vector<uint32_t>* stem_terms) {
  SplitWords(text, [&](const std::string& word) {
    term_.assign(prefix.data(), prefix.size());
    term_ += word;
    auto [found, added] = words_.try_emplace(term_, WordTerms{static_cast<uint32_t>(terms_.size()), kNoStem});
    if (added) {
      terms_.push_back({term_, 0});
      // The stem goes without positions: phrases match exact words.
      if (WordTakesStem(word)) {
        const std::string& stem = stems_.Stem(word);
        if (!stem.empty()) found->second.stem = TermIndex(absl::StrCat(schema::kStemPrefix, prefix, stem));
      }
    }
    segment::SegmentBuilder::TermFrequency& entry = terms_[found->second.word];
    entry.frequency += frequency;
    entry.positions.push_back(++word_position_);
    if (found->second.stem != kNoStem) terms_[found->second.stem].frequency += frequency;
    if (stem_terms != nullptr) {
      stem_terms->resize(word_position_, kNoStem);
      stem_terms->push_back(found->second.stem);
    }
  });
}

segment::IndexDocument DocumentBuilder::ArticleDocument(const v1::StoredArticle& stored, ArticleWords* words) {
  const v1::Article& article = stored.article();
  const v1::ArticleMetadata& metadata = article.metadata();
  segment::IndexDocument document = DocumentShell(stored);
  terms_.clear();
  words_.clear();
  other_terms_.clear();
  word_position_ = 0;
  // The filter terms BuildArticle gives, but the id and type (the segment's
  // key and its single kind stand for them).
  if (!metadata.source().empty()) {
    TermIndex(BooleanTerm(schema::kSourcePrefix, absl::AsciiStrToLower(metadata.source())));
  }
  if (!metadata.language().empty()) {
    TermIndex(BooleanTerm(schema::kLanguagePrefix, absl::AsciiStrToLower(metadata.language())));
  }
  if (metadata.has_published() && metadata.published().has_time()) {
    const std::string month = PublishedMonth(metadata.published().time().seconds());
    TermIndex(BooleanTerm(schema::kYearPrefix, month.substr(0, 4)));
    TermIndex(BooleanTerm(schema::kMonthPrefix, month));
  }
  for (const v1::Entity& entity : article.entities()) TermIndex(BooleanTerm(schema::kEntityPrefix, entity.id()));
  // Only the body's stems are wanted: events cite its sentences.
  AddWords(article.metadata().title(), 1, schema::kTitlePrefix, nullptr);
  AddWords(article.metadata().title(), 3, "", nullptr);
  word_position_ += kTitleGap;
  const absl::string_view body = article.body();
  std::vector<uint32_t>* stem_terms = words == nullptr ? nullptr : &words->stem_terms;
  if (stem_terms != nullptr) stem_terms->clear();
  IndexBodyBySentence(
      article, words == nullptr ? nullptr : &words->sentences,
      [&](size_t begin, size_t end) { AddWords(body.substr(begin, end - begin), 1, "", stem_terms); },
      [&] { return word_position_; });

  // In no particular order: the segment builder sorts a segment's terms
  // once, when it writes it.
  if (stem_terms != nullptr) {
    const uint32_t first_word_term = static_cast<uint32_t>(document.terms.size());
    for (uint32_t& term : *stem_terms) {
      if (term != kNoStem) term += first_word_term;
    }
  }
  document.terms.insert(document.terms.end(), std::make_move_iterator(terms_.begin()),
                        std::make_move_iterator(terms_.end()));
  return document;
}

Xapian::Document DocumentBuilder::BuildArticle(const v1::StoredArticle& stored, int64_t created_sequence,
                                               std::vector<WordSpan>* sentence_words) {
  Xapian::Document doc;
  AddArticleTerms(stored, schema::kArticleType, created_sequence, doc);
  term_generator_.set_document(doc);
  const v1::Article& article = stored.article();
  // The title is indexed twice: prefixed, for title: searches, and unprefixed
  // with extra weight so that title matches rank higher in plain searches.
  term_generator_.index_text(article.metadata().title(), 1, std::string(schema::kTitlePrefix));
  term_generator_.index_text(article.metadata().title(), 3);
  term_generator_.increase_termpos(kTitleGap);
  const absl::string_view body = article.body();
  IndexBodyBySentence(
      article, sentence_words,
      [&](size_t begin, size_t end) {
        term_generator_.index_text(Xapian::Utf8Iterator(body.data() + begin, end - begin));
      },
      [&] { return term_generator_.get_termpos(); });
  return doc;
}

bool DocumentBuilder::AddStemsOfText(absl::string_view text, StoredEvent& kept) {
  // Copies: the cache's next lookup may move what the last one returned.
  std::vector<std::string> stems;
  SplitWords(text, [&](const std::string& word) {
    if (!WordTakesStem(word)) return;
    const std::string& stem = stems_.Stem(word);
    if (!stem.empty()) stems.push_back(stem);
  });
  kept.set_terms(timeline::TermsOf(stems));
  return !stems.empty();
}

StoredEvents DocumentBuilder::BuildEventRecord(const v1::StoredArticle& stored,
                                               const std::vector<WordSpan>& sentence_words) {
  return EventRecord(stored, sentence_words,
                     [&](const v1::Event& event, StoredEvent& kept) { return AddStemsOfText(event.text(), kept); });
}

StoredEvents DocumentBuilder::BuildEventRecord(const v1::StoredArticle& stored,
                                               const segment::IndexDocument& document, const ArticleWords& words) {
  const v1::Article& article = stored.article();
  std::vector<uint32_t> sentence_terms;
  std::vector<absl::string_view> sentence_stems;
  return EventRecord(stored, words.sentences, [&](const v1::Event& event, StoredEvent& kept) {
    // The words at the sentence's positions are its text's when the body
    // holds that text where the sentence is: ArticleDocument split the body
    // sentence by sentence, as SplitWords(text) does.
    if (event.sentence() >= words.sentences.size() ||
        article.sentences(static_cast<int>(event.sentence())).begin() != event.begin() ||
        article.sentences(static_cast<int>(event.sentence())).end() != event.end() ||
        !BodyHolds(article.body(), event.begin(), event.end(), event.text())) {
      return AddStemsOfText(event.text(), kept);
    }
    const WordSpan& span = words.sentences[event.sentence()];
    sentence_terms.clear();
    for (uint32_t position = span.first; position <= span.last && position < words.stem_terms.size();
         ++position) {
      if (words.stem_terms[position] != kNoStem) sentence_terms.push_back(words.stem_terms[position]);
    }
    std::sort(sentence_terms.begin(), sentence_terms.end());
    sentence_terms.erase(std::unique(sentence_terms.begin(), sentence_terms.end()), sentence_terms.end());
    // A term index stands for one stem: sorted, they are each once.
    sentence_stems.clear();
    for (uint32_t term : sentence_terms) {
      // The body's stem terms are the stem behind kStemPrefix.
      sentence_stems.push_back(absl::string_view(document.terms[term].term).substr(schema::kStemPrefix.size()));
    }
    kept.set_terms(timeline::TermsOf(sentence_stems));
    return !sentence_stems.empty();
  });
}

template <typename EventStems>
StoredEvents DocumentBuilder::EventRecord(const v1::StoredArticle& stored,
                                          const std::vector<WordSpan>& sentence_words, EventStems event_stems) {
  StoredEvents record;
  if (!stored.duplicate_of().empty()) return record;
  const v1::Article& article = stored.article();
  for (const v1::Event& event : article.events()) {
    StoredEvent& kept = *record.add_events();
    // The terms of the event's sentence: its stems as articles' are indexed
    // (Z<stem>), hashed (StoredEvent.terms).
    const bool has_stems = event_stems(event, kept);
    kept.set_sentence(event.sentence());
    kept.set_anchor(event.anchor());
    if (event.sentence() < sentence_words.size()) {
      const WordSpan& span = sentence_words[event.sentence()];
      kept.set_has_place(true);
      kept.set_first_word(span.first);
      kept.set_last_word(span.last);
    }
    v1::Citation& own = *kept.mutable_citation();
    // The sentence is left out when the body holds it at the event's
    // offsets: a timeline reads it back only for the citations it shows
    // (stored_events.proto). A sentence without stems keeps its text, which
    // clustering then reads its words from; one of stop words alone has
    // stems, so its text is left out, and its terms are rightly empty.
    if (!BodyHolds(article.body(), event.begin(), event.end(), event.text()) || !has_stems) {
      own.set_sentence(event.text());
    }
    own.set_begin(event.begin());
    own.set_end(event.end());
    own.set_date_value(event.date_value());
    if (event.has_when()) *own.mutable_interval() = event.when();
    *own.mutable_entity_ids() = event.entity_ids();
  }
  return record;
}

segment::IndexDocument DocumentBuilder::SegmentDocument(const v1::StoredArticle& stored,
                                                        const Xapian::Document& article_document) {
  segment::IndexDocument document = DocumentShell(stored);
  document.terms.reserve(document.terms.size() + article_document.termlist_count());
  for (Xapian::TermIterator term = article_document.termlist_begin(); term != article_document.termlist_end();
       ++term) {
    const std::string& text = *term;
    if (absl::StartsWith(text, schema::kIdPrefix) || absl::StartsWith(text, schema::kTypePrefix)) continue;
    segment::SegmentBuilder::TermFrequency& entry = document.terms.emplace_back();
    entry.term = text;
    entry.frequency = term.get_wdf();  // 0 for filter terms
    if (entry.frequency > 0) entry.positions.assign(term.positionlist_begin(), term.positionlist_end());
  }
  return document;
}

std::string DocumentBuilder::SegmentRecord(v1::StoredArticle stored, StoredEvents events) {
  v1::Article& article = *stored.mutable_article();
  v1::Citation& own = *events.mutable_article();
  own.set_article_id(article.id());
  own.set_title(article.metadata().title());
  own.set_source(article.metadata().source());
  if (article.metadata().has_published()) *own.mutable_published_at() = article.metadata().published().time();
  events.set_url(article.url());
  const std::string body = std::move(*article.mutable_body());
  article.clear_body();
  if (EventsRebuildFromRecord(article, events)) {
    article.clear_events();
    events.set_events_in_records(true);
  }
  events.set_texts_in_body(DropTextsHeldByBody(article, body));
  events.set_compressed_body(compressor_.Compress(body, dictionaries_.body.get()));
  events.set_compressed_article(compressor_.Compress(stored.SerializeAsString(), dictionaries_.article.get()));
  return events.SerializeAsString();
}

segment::IndexDocument DocumentBuilder::DuplicateDocument(v1::StoredArticle stored) {
  segment::IndexDocument document;
  document.key = stored.article().id();
  document.terms.push_back({BooleanTerm(schema::kOriginalPrefix, stored.duplicate_of()), 0});
  document.stored = SegmentRecord(std::move(stored), StoredEvents());
  return document;
}

}  // namespace chronicle::index
