// IndexReader::Timeline: dated events matching a query or entity, with their
// stemmed terms and match weights, turned into entries by core/timeline.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "core/common/compression.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"
#include "core/index/body_texts.h"
#include "core/index/document_builder.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/schema.h"
#include "core/index/segment_query.h"
#include "core/index/stored_events.pb.h"
#include "core/index/stored_events_scan.h"
#include "core/timeline/placement.h"
#include "core/timeline/relevance.h"
#include "core/timeline/summary.h"
#include "core/timeline/timeline.h"
#include "google/protobuf/arena.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
// Events clustered per request: the most relevant ones, so that what a
// timeline covers never depends on the order articles were indexed in.
constexpr size_t kMaxEvents = 5000;
// Events looked at to choose those from (kMaxArticles' for a topic, every
// date's for a summary).
constexpr size_t kMaxCandidates = 50000;
// Articles whose events a query's timeline is built from: the best-ranked.
// Their events are each read (about 3 per article), so this bounds the cost.
constexpr int kMaxArticles = 1000;

bool IsWordForm(absl::string_view term) { return !term.empty() && !schema::StartsWithPrefix(term); }

bool IndexOrderLess(const segment::IndexHit& a, const segment::IndexHit& b) {
  return a.segment != b.segment ? a.segment < b.segment : a.doc < b.doc;
}

// What an event must be to enter a timeline, as the request's range and
// entity say: the segments' articles are read whole and their events
// checked here.
struct EventFilter {
  // Overlap with [start, end): starts before the range ends and ends after
  // it starts, on whole seconds.
  std::optional<int64_t> last_start;
  std::optional<int64_t> first_end;
  // When set, the event names one of these entities.
  std::optional<std::vector<std::string>> entity_ids;

  // Whether Admits reads the events' intervals.
  bool ranged() const { return last_start.has_value() || first_end.has_value(); }

  bool Admits(const ScannedEvent& event) const {
    if (last_start.has_value() && event.start_seconds > *last_start) return false;
    if (first_end.has_value() && event.end_seconds < *first_end) return false;
    if (!entity_ids.has_value()) return true;
    for (absl::string_view id : event.entity_ids) {
      if (std::find(entity_ids->begin(), entity_ids->end(), id) != entity_ids->end()) return true;
    }
    return false;
  }
};

// One article's events as the segments store them, each with its place in
// its sentence.
struct ReadEvent {
  timeline::TimelineEvent event;
  std::optional<timeline::SentencePlace> place;
};
// What reading records needs, kept by the caller across articles so that
// its memory is reused.
struct RecordScratch {
  ScannedRecord scanned;
  v1::Citation article;
};
// A timeline reads thousands of records from all over the index; asking
// for the next ones while one is read overlaps their memory latency with
// the work on it. Where a record is is itself a load that misses, so it is
// asked for first, further ahead.
constexpr size_t kRecordsAhead = 4;
constexpr size_t kPlacesAhead = 8;

// Starts bringing the front of article `hit`'s record (its article and
// events, ahead of the compressed texts a timeline does not read) into the
// processor's cache.
void PrefetchRecord(const segment::IndexSnapshot& snapshot, const segment::IndexHit& hit) {
  constexpr size_t kFront = 1024;
  constexpr size_t kCacheLine = 64;
  const absl::string_view bytes = snapshot.segments()[hit.segment].segment->stored(hit.doc);
  for (size_t at = 0; at < std::min(bytes.size(), kFront); at += kCacheLine) __builtin_prefetch(bytes.data() + at);
}
// Prefetches what reading hits[i] will need soon, when reading them in
// order.
void PrefetchAhead(const segment::IndexSnapshot& snapshot, absl::Span<const segment::IndexHit> hits, size_t i) {
  if (i + kPlacesAhead < hits.size()) {
    const segment::IndexHit& later = hits[i + kPlacesAhead];
    snapshot.segments()[later.segment].segment->PrefetchStoredPlace(later.doc);
  }
  if (i + kRecordsAhead < hits.size()) PrefetchRecord(snapshot, hits[i + kRecordsAhead]);
}

// Appends the events of article `hit` that `filter` admits; only those are
// parsed (stored_events_scan.h), onto `arena`, which must outlive them.
// Errors: DATA_LOSS when the record does not parse.
absl::Status ReadArticleEvents(const segment::IndexSnapshot& snapshot, const segment::IndexHit& hit,
                               const EventFilter& filter, google::protobuf::Arena& arena, RecordScratch& scratch,
                               std::vector<ReadEvent>& out) {
  const absl::string_view bytes = snapshot.segments()[hit.segment].segment->stored(hit.doc);
  auto unreadable = [&] {
    return absl::DataLossError(absl::StrCat("the events of article \"", snapshot.key(hit), "\" do not parse"));
  };
  const absl::Span<const std::string> naming =
      filter.entity_ids.has_value() ? absl::MakeConstSpan(*filter.entity_ids) : absl::Span<const std::string>();
  if (!ScanStoredEvents(bytes, scratch.scanned, /*intervals=*/filter.ranged(), naming).ok()) return unreadable();
  bool article_read = false;
  for (const ScannedEvent& scanned : scratch.scanned.events) {
    if (!filter.Admits(scanned)) continue;
    if (!article_read) {
      if (!scratch.article.ParseFromArray(scratch.scanned.article.data(),
                                          static_cast<int>(scratch.scanned.article.size()))) {
        return unreadable();
      }
      article_read = true;
    }
    // On the request's arena, with the citation taken out of it as it is.
    auto* stored = google::protobuf::Arena::CreateMessage<StoredEvent>(&arena);
    if (!stored->ParseFromArray(scanned.bytes.data(), static_cast<int>(scanned.bytes.size()))) return unreadable();
    v1::Citation* citation = stored->has_citation() ? stored->unsafe_arena_release_citation()
                                                    : google::protobuf::Arena::CreateMessage<v1::Citation>(&arena);
    ReadEvent& read = out.emplace_back(ReadEvent{timeline::TimelineEvent(citation), std::nullopt});
    // What orders events; the title and source wait for the citations a
    // timeline answers with (FillFromArticles): copied into every event
    // read, they were an allocation each for thousands of events.
    const v1::Citation& article = scratch.article;
    citation->set_article_id(article.article_id());
    if (article.has_published_at()) *citation->mutable_published_at() = article.published_at();
    read.event.terms = std::move(*stored->mutable_terms());
    if (stored->has_place()) {
      read.place = timeline::SentencePlace{stored->sentence(), stored->first_word(), stored->last_word()};
    }
  }
  return absl::OkStatus();
}

// Fills in what the events were read without, in the citations `entries`
// answer with: their article's title and source, and the sentences the
// segments leave out (stored_events.proto), from the bodies of their
// articles (`articles`: where each is in `snapshot`); and each entry's
// headline, which is its first citation's sentence. Errors: DATA_LOSS when
// an article's record does not parse, or its body does not decompress or
// does not reach a citation's range.
absl::Status FillFromArticles(const segment::IndexSnapshot& snapshot, RecordDecompressor& records,
                              const absl::flat_hash_map<std::string, segment::IndexHit>& articles,
                              google::protobuf::RepeatedPtrField<v1::TimelineEntry>& entries) {
  struct Article {
    ScannedArticle record;
    const segment::Segment* segment = nullptr;
    v1::Citation fields;  // title and source
    std::optional<std::string> body;  // read for the first sentence it gives
  };
  absl::flat_hash_map<absl::string_view, Article> read;
  for (v1::TimelineEntry& entry : entries) {
    for (v1::Citation& citation : *entry.mutable_citations()) {
      const auto where = articles.find(citation.article_id());
      if (where == articles.end()) continue;
      auto [it, unread] = read.try_emplace(where->first);
      Article& article = it->second;
      if (unread) {
        const segment::IndexHit& hit = where->second;
        article.segment = snapshot.segments()[hit.segment].segment.get();
        if (!ScanStoredArticle(article.segment->stored(hit.doc), article.record).ok() ||
            !article.fields.ParseFromArray(article.record.citation.data(),
                                           static_cast<int>(article.record.citation.size()))) {
          return absl::DataLossError(absl::StrCat("the record of article \"", where->first, "\" does not parse"));
        }
      }
      citation.set_title(article.fields.title());
      citation.set_source(article.fields.source());
      if (!citation.sentence().empty() || citation.begin() >= citation.end()) continue;
      if (!article.body.has_value()) {
        absl::StatusOr<std::string> text = records.Decompress(article.record.compressed_body, *article.segment);
        if (!text.ok()) {
          return absl::DataLossError(absl::StrCat("the body of article \"", where->first, "\" does not read"));
        }
        article.body = *std::move(text);
      }
      ASSIGN_OR_RETURN(absl::string_view sentence, TextInBody(*article.body, citation.begin(), citation.end()));
      citation.set_sentence(std::string(sentence));
    }
    if (entry.headline().empty() && entry.citations_size() > 0) entry.set_headline(entry.citations(0).sentence());
  }
  return absl::OkStatus();
}

}  // namespace

struct IndexReader::TopicArticles {
  // The best-ranked articles with their scores, in index order (segment,
  // then document).
  std::vector<segment::IndexHit> hits;
  double best_score = 0;
  // The query's words (stems, weighted as relevance.h says),
  // positions left empty, and the query's forms of each: where an article
  // has those is where it has the word.
  std::vector<timeline::QueryWordInArticle> words;
  std::vector<std::vector<std::string>> forms;
  std::shared_ptr<const segment::IndexSnapshot> snapshot;

  // `words` with their positions in the article `hit`.
  std::vector<timeline::QueryWordInArticle> WordsIn(const segment::IndexHit& hit) const {
    std::vector<timeline::QueryWordInArticle> placed = words;
    for (size_t w = 0; w < placed.size(); ++w) {
      for (const std::string& form : forms[w]) {
        std::vector<uint32_t> positions = snapshot->Positions(hit, form);
        placed[w].positions.insert(placed[w].positions.end(), positions.begin(), positions.end());
      }
      std::sort(placed[w].positions.begin(), placed[w].positions.end());
    }
    return placed;
  }
};

absl::StatusOr<IndexReader::TopicArticles> IndexReader::MatchTopicArticles(
    const std::string& text, std::shared_ptr<const segment::IndexSnapshot> snapshot_held) {
  TopicArticles topic;
  topic.snapshot = std::move(snapshot_held);
  const segment::IndexSnapshot& snapshot = *topic.snapshot;
  ASSIGN_OR_RETURN(segment::QueryTree query, ParseSegmentQuery(text, "query", ArticleContext(snapshot)));
  // The words that rank: body stems ("Zrule") and forms ("ruling"); title
  // forms count through the same stems.
  std::vector<std::string> stems;
  std::vector<std::string> forms;
  for (const std::string& term : query.WeightedTerms()) {
    if (term.size() > 1 && absl::StartsWith(term, schema::kStemPrefix) && IsWordForm(term.substr(1))) {
      stems.push_back(term.substr(1));
    } else if (IsWordForm(term)) {
      forms.push_back(term);
    }
  }
  for (const std::string& form : forms) {
    const std::string stem = stemmer_(form);
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(stem);
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  if (stems.empty()) return topic;

  std::vector<std::string> stem_terms;
  for (const std::string& stem : stems) stem_terms.push_back(absl::StrCat(schema::kStemPrefix, stem));
  const segment::CollectionStatistics statistics = snapshot.Statistics(stem_terms);
  for (size_t i = 0; i < stems.size(); ++i) {
    timeline::QueryWordInArticle& word = topic.words.emplace_back();
    word.stem = stems[i];
    const auto held = statistics.term_documents.find(stem_terms[i]);
    const double n = held == statistics.term_documents.end() ? 0 : static_cast<double>(held->second);
    const double documents = static_cast<double>(std::max<int64_t>(statistics.documents, 1));
    word.weight = 1 + std::log((documents + 1) / (n + 1));
    std::vector<std::string>& own_forms = topic.forms.emplace_back();
    for (const std::string& form : forms) {
      if (stemmer_(form) == stems[i]) own_forms.push_back(form);
    }
  }

  segment::SearchOptions options;
  options.k = kMaxArticles;
  topic.hits = snapshot.Search(query, options).hits;
  for (const segment::IndexHit& hit : topic.hits) topic.best_score = std::max(topic.best_score, hit.score);
  std::sort(topic.hits.begin(), topic.hits.end(), IndexOrderLess);
  return topic;
}

absl::StatusOr<v1::TimelineResponse> IndexReader::Timeline(const v1::TimelineRequest& request) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size(), " is outside 0..", kMaxPageSize));
  }
  if (request.max_entries() < 0 || request.max_entries() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_entries: ", request.max_entries(), " is outside 0..", kMaxPageSize));
  }
  if (!v1::TimelineRequest::Bucket_IsValid(request.granularity())) {
    return absl::InvalidArgumentError(
        absl::StrCat("granularity: ", request.granularity(), " is not AUTO, DAY, MONTH or YEAR"));
  }
  const absl::Time now = absl::Now();
  std::shared_ptr<const segment::IndexSnapshot> snapshot = segments_;
  PageToken token{0, snapshot->applied_sequence(), RequestFingerprint(request), snapshot->generation()};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
    // Later pages read the first page's segments while they are retained
    // (as searches do).
    std::shared_ptr<const segment::IndexSnapshot> kept =
        segment_readers_->articles->Retained(token.generation, token.snapshot_sequence, now);
    if (kept != nullptr) snapshot = std::move(kept);
  }
  ASSIGN_OR_RETURN(query::DatePeriod range, query::ParseDateRange(request.start(), "start", request.end(), "end"));

  // Asked before on this snapshot: the answer cannot have changed.
  TimelineCache* cache = segment_readers_->timelines.get();
  std::string cache_key;
  if (cache != nullptr) {
    cache_key = TimelineCache::Key(snapshot->generation(), snapshot->applied_sequence(), request);
    if (std::shared_ptr<const v1::TimelineResponse> kept = cache->Find(cache_key); kept != nullptr) {
      // Its next page reads this snapshot again, as after a fresh answer.
      if (!kept->next_page_token().empty()) segment_readers_->articles->Retain(snapshot, now);
      return *kept;
    }
  }
  ASSIGN_OR_RETURN(v1::TimelineResponse response, BuildTimeline(request, snapshot, token, range, now));
  if (cache != nullptr) cache->Insert(std::move(cache_key), response);
  return response;
}

absl::StatusOr<v1::TimelineResponse> IndexReader::BuildTimeline(
    const v1::TimelineRequest& request, const std::shared_ptr<const segment::IndexSnapshot>& snapshot,
    const PageToken& token, const query::DatePeriod& range, absl::Time now) {
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  EventFilter filter;
  if (range.end != absl::InfiniteFuture()) filter.last_start = absl::ToUnixSeconds(range.end) - 1;
  if (range.start != absl::InfinitePast()) filter.first_end = absl::ToUnixSeconds(range.start) + 1;
  if (!request.entity().empty()) filter.entity_ids = EntityIds(request.entity(), &resolve_entity_);

  // A query with words is about a topic: the timeline is built from the
  // events of the articles it matches best — all of them with
  // match_article, those about the topic otherwise (core/timeline/
  // relevance.h). Otherwise the events come from the articles the query's
  // filters ("published:2010"), the entity and the range select, newest
  // first. Both read the events the segments store with each article.
  TopicArticles topic;
  if (!request.query().empty()) {
    ASSIGN_OR_RETURN(topic, MatchTopicArticles(request.query(), snapshot));
  }
  const bool by_articles = !topic.words.empty();
  // Events selected directly have no relevance to choose by: the first
  // kMaxEvents are taken as they come (the newest articles' first), except
  // for a summary, which weighs every date.
  const bool summary = request.max_entries() > 0;
  const size_t wanted = by_articles || summary ? kMaxCandidates : kMaxEvents;

  // The citations of the events read: thousands of small messages, allocated
  // and freed together. Declared before every event, so it outlives them.
  // Its blocks start at 64 KiB, so that a timeline of a few hundred events
  // takes one or two, and grow to 1 MiB, so that one of thousands takes a
  // few instead of hundreds; past 1 MiB a block would mostly hold memory a
  // request does not use.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 << 10;
  arena_options.max_block_size = 1 << 20;
  google::protobuf::Arena arena(arena_options);
  // Every candidate with its citation, its stems, and so its relevance; and
  // the order it was read in (an article's events in their own order).
  std::vector<timeline::TimelineEvent> candidates;
  std::vector<uint64_t> order;
  // Where the articles that gave candidates are, for the sentences the
  // answer shows.
  absl::flat_hash_map<std::string, segment::IndexHit> articles_read;
  {
    std::vector<ReadEvent> read;
    RecordScratch scratch;
    // Reads one article's events; `about_topic`: keeps those about the
    // query's topic, weighing each by how much it is.
    auto take = [&](const segment::IndexHit& hit, double article_relevance, bool about_topic) -> absl::Status {
      read.clear();
      RETURN_IF_ERROR(ReadArticleEvents(*snapshot, hit, filter, arena, scratch, read));
      if (read.empty()) return absl::OkStatus();
      articles_read.try_emplace(read.front().event.citation->article_id(), hit);
      // Where the article has the query's words: read only for articles
      // with events to weigh.
      std::vector<timeline::QueryWordInArticle> placed;
      if (about_topic) placed = topic.WordsIn(hit);
      for (ReadEvent& event : read) {
        if (candidates.size() == wanted) break;
        double relevance = article_relevance;
        if (about_topic) {
          const double about = timeline::TopicRelevance(event.event.terms, event.place, placed);
          if (about < timeline::kMinTopicRelevance) continue;
          relevance *= about;
        }
        event.event.relevance = relevance;
        order.push_back(order.size());
        candidates.push_back(std::move(event.event));
      }
      return absl::OkStatus();
    };
    if (by_articles) {
      for (size_t i = 0; i < topic.hits.size(); ++i) {
        PrefetchAhead(*snapshot, topic.hits, i);
        const segment::IndexHit& hit = topic.hits[i];
        const double article = topic.best_score > 0 ? hit.score / topic.best_score : 1.0;
        RETURN_IF_ERROR(take(hit, article, !request.match_article()));
      }
    } else {
      // The articles with events that may be in the timeline, the most
      // recently published first, read a batch at a time until enough
      // events are in the range. Not in index order: past kMaxEvents the
      // events kept would then be those ingested first, and a timeline
      // must depend on the articles, not on the order they came in
      // (articles published in the same second still come in index order).
      std::vector<segment::QueryTree> parts;
      if (!request.query().empty()) {
        ASSIGN_OR_RETURN(segment::QueryTree filters,
                         ParseSegmentQuery(request.query(), "query", ArticleContext(*snapshot)));
        parts.push_back(std::move(filters));
      }
      if (!request.entity().empty()) {
        parts.push_back(SegmentEntityFilter(request.entity(), &resolve_entity_, schema::kEventEntityPrefix));
      }
      if (range.start != absl::InfinitePast() && range.end != absl::InfiniteFuture()) {
        // Articles with an event in one of the range's years, or with one
        // too long to be indexed by its years: the events are then checked
        // one by one.
        std::vector<std::string> years =
            EventYearTerms(absl::ToUnixSeconds(range.start), absl::ToUnixSeconds(range.end));
        if (years.front() != schema::kEventYearsWide) {
          std::vector<segment::QueryTree> any;
          for (const std::string& year : years) any.push_back(segment::QueryTree::Term(year));
          any.push_back(segment::QueryTree::Term(std::string(schema::kEventYearsWide)));
          parts.push_back(segment::QueryTree::Filter(segment::QueryTree::Any(std::move(any))));
        }
      }
      const segment::QueryTree articles = parts.empty()   ? segment::QueryTree::Everything()
                                          : parts.size() == 1 ? std::move(parts.front())
                                                              : segment::QueryTree::All(std::move(parts));
      // A date order visits every match, so each round costs the whole
      // match list, and keeping more of it costs little (a linear
      // selection, a sort of the k kept): start past where timelines end.
      // About 3 events per article, not all of them naming the entity: at
      // a million articles the bench's entity timelines each read
      // 2,900-4,550 articles to fill kMaxEvents, which took two rounds
      // from 2,048.
      segment::SearchOptions options;
      options.k = 8192;
      options.order = segment::Order::kNewest;
      size_t done = 0;
      while (candidates.size() < wanted) {
        const segment::IndexSearchResult found = snapshot->Search(articles, options);
        for (; done < found.hits.size() && candidates.size() < wanted; ++done) {
          PrefetchAhead(*snapshot, found.hits, done);
          RETURN_IF_ERROR(take(found.hits[done], 0.0, false));
        }
        if (found.hits.size() < static_cast<size_t>(options.k)) break;
        options.k *= 4;
      }
    }
  }

  v1::TimelineResponse response;
  response.set_applied_sequence(snapshot->applied_sequence());
  const v1::TimelineRequest::Bucket bucket = timeline::ChooseBucket(candidates, request.granularity());
  response.set_granularity(bucket);
  for (v1::HistogramBucket& histogram_bucket : timeline::Histogram(candidates, bucket)) {
    *response.add_histogram() = std::move(histogram_bucket);
  }
  std::vector<size_t> chosen;
  std::vector<timeline::ImportantDate> dates;
  if (summary) {
    dates = timeline::ChooseDates(candidates, bucket, timeline::kDatesPerEntry * request.max_entries());
    absl::flat_hash_set<absl::string_view> at;
    for (const timeline::ImportantDate& date : dates) at.insert(date.date);
    timeline::Placer place(bucket);
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (at.contains(place(candidates[i].citation->interval()).date)) chosen.push_back(i);
    }
  } else {
    chosen.resize(candidates.size());
    std::iota(chosen.begin(), chosen.end(), 0);
  }
  // The most relevant first; among equals, by article id and the event's
  // order in the index (an article's events are added in order), which do
  // not depend on the order articles were indexed in.
  if (chosen.size() > kMaxEvents) {
    std::nth_element(chosen.begin(), chosen.begin() + kMaxEvents, chosen.end(), [&](size_t a, size_t b) {
      const timeline::TimelineEvent& x = candidates[a];
      const timeline::TimelineEvent& y = candidates[b];
      if (x.relevance != y.relevance) return x.relevance > y.relevance;
      const std::string& x_article = x.citation->article_id();
      const std::string& y_article = y.citation->article_id();
      if (x_article != y_article) return x_article < y_article;
      return order[a] < order[b];
    });
    chosen.resize(kMaxEvents);
  }
  std::vector<timeline::TimelineEvent> events;
  events.reserve(chosen.size());
  for (size_t i : chosen) events.push_back(std::move(candidates[i]));
  if (summary) {
    std::vector<v1::TimelineEntry> entries = timeline::BuildTimeline(std::move(events), bucket);
    for (v1::TimelineEntry& entry : timeline::SummaryEntries(std::move(entries), dates, request.max_entries())) {
      *response.add_entries() = std::move(entry);
    }
    RETURN_IF_ERROR(
        FillFromArticles(*snapshot, *segment_readers_->records, articles_read, *response.mutable_entries()));
    return response;
  }
  // Only the entries up to the end of this page are built: the clustering
  // of later dates cannot change them.
  const size_t offset = static_cast<size_t>(std::max<int64_t>(token.offset, 0));
  timeline::TimelineBeginning beginning =
      timeline::BuildTimelineBeginning(std::move(events), bucket, offset + static_cast<size_t>(page_size));
  for (size_t index = offset; index < beginning.entries.size(); ++index) {
    *response.add_entries() = std::move(beginning.entries[index]);
  }
  RETURN_IF_ERROR(FillFromArticles(*snapshot, *segment_readers_->records, articles_read, *response.mutable_entries()));
  if (beginning.more) {
    response.set_next_page_token(EncodePageToken(
        {token.offset + page_size, snapshot->applied_sequence(), token.fingerprint, snapshot->generation()}));
    segment_readers_->articles->Retain(snapshot, now);
  }
  return response;
}

}  // namespace chronicle::index
