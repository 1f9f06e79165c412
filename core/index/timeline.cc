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
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/common/status_macros.h"
#include "core/query/date_period.h"
#include "core/index/index_reader.h"
#include "core/index/page_token.h"
#include "core/index/query_builder.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment_query.h"
#include "core/timeline/placement.h"
#include "core/timeline/relevance.h"
#include "core/timeline/summary.h"
#include "core/timeline/timeline.h"

namespace chronicle::index {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
// Events clustered per request: the most relevant ones, so that what a
// timeline covers never depends on the order articles were indexed in.
constexpr size_t kMaxEvents = 5000;
// Events looked at to choose those from (kMaxArticles' for a topic, every
// date's for a summary).
constexpr Xapian::doccount kMaxCandidates = 50000;
// Articles whose events a query's timeline is built from: the best-ranked.
// Their events are each read (about 3 per article), so this bounds the cost.
constexpr int kMaxArticles = 1000;

// An event's kEventPlaceSlot value, "sentence first last".
std::optional<timeline::SentencePlace> ParsePlace(const std::string& value) {
  std::vector<absl::string_view> parts = absl::StrSplit(value, ' ');
  timeline::SentencePlace place;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &place.sentence) ||
      !absl::SimpleAtoi(parts[1], &place.first_word) || !absl::SimpleAtoi(parts[2], &place.last_word)) {
    return std::nullopt;
  }
  return place;
}

bool IsWordForm(absl::string_view term) { return !term.empty() && !absl::ascii_isupper(term[0]); }

}  // namespace

struct IndexReader::TopicArticles {
  // The best-ranked articles and their scores, by article id.
  absl::flat_hash_map<std::string, segment::IndexHit> hits;
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

absl::StatusOr<IndexReader::TopicArticles> IndexReader::MatchTopicArticles(const std::string& text) {
  TopicArticles topic;
  topic.snapshot = segments_;
  const segment::IndexSnapshot& snapshot = *topic.snapshot;
  SegmentQueryContext context{&stemmer_, &resolve_entity_, "",
                              [&snapshot](absl::string_view prefix, size_t limit) {
                                return snapshot.ExpandPrefix(prefix, limit);
                              }};
  ASSIGN_OR_RETURN(segment::QueryTree query, ParseSegmentQuery(text, "query", context));
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
  const segment::IndexSearchResult matches = snapshot.Search(query, options);
  for (const segment::IndexHit& hit : matches.hits) {
    topic.hits.emplace(std::string(snapshot.key(hit)), hit);
    topic.best_score = std::max(topic.best_score, hit.score);
  }
  return topic;
}

absl::StatusOr<v1::TimelineResponse> IndexReader::TimelineOnce(const v1::TimelineRequest& request) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size(), " is outside 0..", kMaxPageSize));
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  if (request.max_entries() < 0 || request.max_entries() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_entries: ", request.max_entries(), " is outside 0..", kMaxPageSize));
  }
  if (!v1::TimelineRequest::Bucket_IsValid(request.granularity())) {
    return absl::InvalidArgumentError(
        absl::StrCat("granularity: ", request.granularity(), " is not AUTO, DAY, MONTH or YEAR"));
  }
  PageToken token{0, applied_sequence_, RequestFingerprint(request)};
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token(), token.fingerprint));
  }
  ASSIGN_OR_RETURN(query::DatePeriod range, query::ParseDateRange(request.start(), "start", request.end(), "end"));
  // A query with words is about a topic: the timeline is built from the
  // events of the articles it matches best — all of them with
  // match_article, those about the topic otherwise (core/timeline/
  // relevance.h). A query of filters alone ("published:2010") and no query
  // select events directly.
  TopicArticles topic;
  if (!request.query().empty()) {
    ASSIGN_OR_RETURN(topic, MatchTopicArticles(request.query()));
  }
  const bool by_articles = !topic.words.empty();
  Xapian::Query selected;
  if (by_articles) {
    std::vector<Xapian::Query> owners;
    owners.reserve(topic.hits.size());
    for (const auto& [id, hit] : topic.hits) owners.emplace_back(schema::BooleanTerm(schema::kArticlePrefix, id));
    selected = Xapian::Query(Xapian::Query::OP_OR, owners.begin(), owners.end());
  } else {
    ASSIGN_OR_RETURN(selected, ParseTextQuery(request.query(), "query", EventContext()));
  }

  std::vector<Xapian::Query> filters = {
      Xapian::Query(schema::BooleanTerm(schema::kTypePrefix, schema::kEventType)),
      CreatedAtOrBefore(token.snapshot_sequence),
      // Overlap with the range: starts before it ends and ends after it starts.
      TimeRange(schema::kEventStartSlot, absl::InfinitePast(), range.end),
      TimeRange(schema::kEventEndSlot, range.start + absl::Seconds(1), absl::InfiniteFuture())};
  if (!request.entity().empty()) {
    filters.push_back(EntityFilter(request.entity(), &resolve_entity_));
  }
  Xapian::Enquire enquire(db_);
  enquire.set_query(Filtered(by_articles ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, selected, 0.0) : selected,
                             Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())));
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  // Events selected directly have no relevance to choose by: the first
  // kMaxEvents are taken as they come, except for a summary, which weighs
  // every date.
  const bool summary = request.max_entries() > 0;
  const Xapian::MSet mset = enquire.get_mset(0, by_articles || summary ? kMaxCandidates : kMaxEvents);

  // Every candidate with its citation (one read of the event's data, which
  // costs about what one value does: Xapian seeks each value on its own),
  // its stems, and so its relevance.
  std::vector<timeline::TimelineEvent> candidates;
  std::vector<Xapian::docid> order;  // the event's order in the index
  candidates.reserve(mset.size());
  order.reserve(mset.size());
  absl::flat_hash_map<std::string, std::vector<timeline::QueryWordInArticle>> words_in;
  for (Xapian::MSetIterator match = mset.begin(); match != mset.end(); ++match) {
    const Xapian::Document document = match.get_document();
    timeline::TimelineEvent candidate;
    candidate.citation.ParseFromString(document.get_data());
    const std::string& article_id = candidate.citation.article_id();
    candidate.terms = absl::StrSplit(document.get_value(schema::kEventStemsSlot), ' ', absl::SkipEmpty());
    if (by_articles) {
      const auto hit = topic.hits.find(article_id);
      if (hit == topic.hits.end()) continue;
      const double article = topic.best_score > 0 ? hit->second.score / topic.best_score : 1.0;
      if (request.match_article()) {
        candidate.relevance = article;
      } else {
        auto [placed, inserted] = words_in.try_emplace(article_id);
        if (inserted) placed->second = topic.WordsIn(hit->second);
        const double about = timeline::TopicRelevance(
            candidate.terms, ParsePlace(document.get_value(schema::kEventPlaceSlot)), placed->second);
        if (about < timeline::kMinTopicRelevance) continue;
        candidate.relevance = article * about;
      }
    }
    candidates.push_back(std::move(candidate));
    order.push_back(*match);
  }

  v1::TimelineResponse response;
  response.set_applied_sequence(applied_sequence_);
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
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (at.contains(timeline::Place(candidates[i].citation.interval(), bucket).date)) chosen.push_back(i);
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
      if (x.citation.article_id() != y.citation.article_id()) return x.citation.article_id() < y.citation.article_id();
      return order[a] < order[b];
    });
    chosen.resize(kMaxEvents);
  }
  std::vector<timeline::TimelineEvent> events;
  events.reserve(chosen.size());
  for (size_t i : chosen) events.push_back(std::move(candidates[i]));
  std::vector<v1::TimelineEntry> entries = timeline::BuildTimeline(std::move(events), bucket);
  if (summary) {
    for (v1::TimelineEntry& entry : timeline::SummaryEntries(std::move(entries), dates, request.max_entries())) {
      *response.add_entries() = std::move(entry);
    }
    return response;
  }
  for (int64_t index = token.offset; index < static_cast<int64_t>(entries.size()); ++index) {
    if (response.entries_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken({token.offset + page_size, token.snapshot_sequence, token.fingerprint}));
      break;
    }
    *response.add_entries() = std::move(entries[index]);
  }
  return response;
}

}  // namespace chronicle::index
