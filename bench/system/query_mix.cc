#include "bench/system/query_mix.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "bench/system/corpus.h"
#include "core/entities/extractor.h"

namespace chronicle::bench {
namespace {

// Words too common or too empty to make a meaningful query in any engine
// (every peer drops its own, differing, stop words).
const absl::flat_hash_set<std::string>& StopWords() {
  static const auto* words = new absl::flat_hash_set<std::string>{
      "about", "above", "after", "again", "against", "also", "although", "among", "another", "because",
      "been", "before", "being", "below", "between", "both", "could", "does", "doing", "down", "during",
      "each", "either", "even", "ever", "every", "from", "further", "have", "having", "here", "hers",
      "herself", "himself", "into", "itself", "just", "last", "less", "like", "made", "make", "many",
      "more", "most", "much", "must", "myself", "next", "none", "only", "other", "ours", "over", "said",
      "same", "says", "should", "since", "some", "such", "than", "that", "their", "theirs", "them",
      "themselves", "then", "there", "these", "they", "this", "those", "through", "told", "under",
      "until", "upon", "very", "were", "what", "when", "where", "which", "while", "whom", "whose",
      "will", "with", "within", "without", "would", "year", "years", "your", "yours", "yourself",
      "still", "says", "well", "back", "being", "added", "around", "later", "week", "today", "already",
      "according", "including", "however", "percent", "told", "yesterday", "reuter", "reuters"};
  return *words;
}

struct Token {
  std::string word;
  size_t begin, end;
};

// Runs of ASCII letters, lowercased; words of fewer than three letters dropped.
std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !absl::ascii_isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const size_t begin = i;
    while (i < text.size() && absl::ascii_isalpha(static_cast<unsigned char>(text[i]))) ++i;
    // A word glued to digits or non-ASCII letters ("1987s", "Zürich") is not
    // a clean query word.
    const bool clean = (begin == 0 || static_cast<unsigned char>(text[begin - 1]) < 0x80) &&
                       (i == text.size() || static_cast<unsigned char>(text[i]) < 0x80);
    if (i - begin >= 3 && clean) {
      tokens.push_back({absl::AsciiStrToLower(text.substr(begin, i - begin)), begin, i});
    }
  }
  return tokens;
}

uint64_t Fnv1a(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

BenchQuery Words(std::string text) {
  BenchQuery query;
  query.text = std::move(text);
  return query;
}

bool Eligible(const std::string& word) { return word.size() >= 4 && !StopWords().contains(word); }

// `count` items spread evenly over `items` (all of them if fewer).
template <typename T>
std::vector<T> Spread(const std::vector<T>& items, size_t count) {
  std::vector<T> picked;
  if (items.empty()) return picked;
  for (size_t i = 0; i < count && i < items.size(); ++i) picked.push_back(items[i * items.size() / count]);
  return picked;
}

struct CorpusStats {
  int64_t articles = 0;
  absl::flat_hash_map<std::string, int64_t> document_frequency;
};

absl::StatusOr<CorpusStats> CountWords(const std::string& path) {
  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(path);
  if (!reader.ok()) return reader.status();
  CorpusStats stats;
  CorpusArticle article;
  absl::flat_hash_set<std::string> seen;
  while (true) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) return more.status();
    if (!*more) break;
    ++stats.articles;
    seen.clear();
    for (const std::string* text : {&article.title, &article.body}) {
      for (Token& token : Tokenize(*text)) seen.insert(std::move(token.word));
    }
    for (const std::string& word : seen) ++stats.document_frequency[word];
  }
  return stats;
}

absl::StatusOr<std::vector<CorpusArticle>> SampleArticles(const std::string& path, int64_t total, int wanted) {
  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(path);
  if (!reader.ok()) return reader.status();
  const int64_t stride = std::max<int64_t>(1, total / std::max(1, wanted));
  std::vector<CorpusArticle> sample;
  CorpusArticle article;
  for (int64_t i = 0;; ++i) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (i % stride == 0) sample.push_back(article);
  }
  return sample;
}

}  // namespace

absl::StatusOr<QueryMix> BuildQueryMix(const std::string& corpus_path, const QueryMixOptions& options) {
  absl::StatusOr<CorpusStats> stats = CountWords(corpus_path);
  if (!stats.ok()) return stats.status();
  absl::StatusOr<std::vector<CorpusArticle>> sample =
      SampleArticles(corpus_path, stats->articles, options.sample_articles);
  if (!sample.ok()) return sample.status();
  const int64_t n = stats->articles;
  const auto df = [&](const std::string& word) {
    auto it = stats->document_frequency.find(word);
    return it == stats->document_frequency.end() ? int64_t{0} : it->second;
  };
  const size_t per_class = static_cast<size_t>(options.per_class);

  std::vector<std::pair<int64_t, std::string>> by_frequency;
  for (const auto& [word, count] : stats->document_frequency) {
    if (Eligible(word) && count >= 2) by_frequency.emplace_back(count, word);
  }
  // Most frequent first; ties by word so the order does not depend on hashing.
  std::sort(by_frequency.begin(), by_frequency.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (by_frequency.size() < 4 * per_class) {
    return absl::FailedPreconditionError(absl::StrCat("corpus too small for a query mix: ", by_frequency.size(),
                                                      " candidate words"));
  }
  // Common: ranks 0, 3, 6, ... among the 3*per_class most frequent words
  // (the very top words are near-stop words and would all behave alike).
  std::vector<std::string> common;
  for (size_t i = 0; common.size() < per_class && i < by_frequency.size(); i += 3) {
    common.push_back(by_frequency[i].second);
  }
  // Rare: from the band of the 20*per_class rarest words (all words of the
  // band's highest frequency included), in a hashed order so that the picks
  // are not all from the end of the alphabet.
  const int64_t rare_ceiling = by_frequency[by_frequency.size() - std::min(by_frequency.size(), 20 * per_class)].first;
  std::vector<std::pair<uint64_t, std::string>> rare_band;
  for (auto it = by_frequency.rbegin(); it != by_frequency.rend() && it->first <= rare_ceiling; ++it) {
    rare_band.emplace_back(Fnv1a(it->second), it->second);
  }
  std::sort(rare_band.begin(), rare_band.end());
  std::vector<std::string> rare;
  for (size_t i = 0; i < per_class && i < rare_band.size(); ++i) rare.push_back(rare_band[i].second);
  const int64_t mid_low = std::max<int64_t>(2, n / 2000);
  const int64_t mid_high = std::max<int64_t>(mid_low + 1, n / 20);
  // A small corpus may have no word in the mid band: then any word seen in
  // two articles will do.
  const bool have_mid = std::any_of(by_frequency.begin(), by_frequency.end(), [&](const auto& entry) {
    return entry.first >= mid_low && entry.first <= mid_high;
  });
  const auto is_mid = [&](const std::string& word) {
    return Eligible(word) && df(word) >= 2 && (!have_mid || (df(word) >= mid_low && df(word) <= mid_high));
  };

  std::vector<std::string> pairs, phrases;
  std::vector<std::string> years;
  absl::flat_hash_map<std::string, int64_t> entity_articles;
  absl::StatusOr<entities::EntityExtractor> extractor = entities::EntityExtractor::Create();
  if (!extractor.ok()) return extractor.status();
  for (const CorpusArticle& article : *sample) {
    const std::vector<Token> tokens = Tokenize(article.body);
    if (article.published_at.size() >= 4) years.push_back(article.published_at.substr(0, 4));
    // Two words: the first two distinct mid-frequency words of the article.
    std::string first;
    for (const Token& token : tokens) {
      if (!is_mid(token.word)) continue;
      if (first.empty()) {
        first = token.word;
      } else if (token.word != first) {
        pairs.push_back(absl::StrCat(first, " ", token.word));
        break;
      }
    }
    // Phrase: the first two adjacent eligible words of some frequency.
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      const Token& a = tokens[i];
      const Token& b = tokens[i + 1];
      if (b.begin != a.end + 1 || article.body[a.end] != ' ') continue;
      if (!Eligible(a.word) || !Eligible(b.word) || df(a.word) < mid_low || df(b.word) < mid_low) continue;
      phrases.push_back(absl::StrCat("\"", a.word, " ", b.word, "\""));
      break;
    }
    for (const entities::Entity& entity : extractor->Extract(article.body)) ++entity_articles[entity.id];
  }
  std::vector<std::pair<int64_t, std::string>> entities_by_count;
  for (const auto& [id, count] : entity_articles) entities_by_count.emplace_back(count, id);
  std::sort(entities_by_count.begin(), entities_by_count.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  // A small corpus may give fewer than per_class of these; none at all is an error.
  if (pairs.empty() || phrases.empty() || entities_by_count.empty()) {
    return absl::FailedPreconditionError("corpus too small for a query mix: no word pair, phrase or entity");
  }

  QueryMix mix;
  mix.corpus_articles = n;
  auto add = [&mix](std::string name, bool timeline) -> QueryClass& {
    mix.classes.push_back({std::move(name), timeline, {}});
    return mix.classes.back();
  };
  {
    QueryClass& c = add("common_word", false);
    for (const std::string& word : common) c.queries.push_back(Words(word));
  }
  {
    QueryClass& c = add("rare_word", false);
    for (const std::string& word : rare) c.queries.push_back(Words(word));
  }
  {
    QueryClass& c = add("two_words", false);
    for (const std::string& pair : Spread(pairs, per_class)) c.queries.push_back(Words(pair));
  }
  {
    QueryClass& c = add("phrase", false);
    for (const std::string& phrase : Spread(phrases, per_class)) c.queries.push_back(Words(phrase));
  }
  {
    QueryClass& c = add("date_filter", false);
    const std::vector<std::string> picked_years = Spread(years, per_class);
    for (size_t i = 0; i < per_class; ++i) {
      const std::string& year = picked_years[i % picked_years.size()];
      BenchQuery q = Words(common[(i + 1) % common.size()]);
      q.published_from = absl::StrCat(year, "-01-01");
      q.published_until = absl::StrCat(year, "-12-31");
      c.queries.push_back(q);
    }
  }
  {
    QueryClass& c = add("facets", false);
    for (size_t i = 0; i < per_class; ++i) {
      BenchQuery q = Words(common[(i + 2) % common.size()]);
      q.facets = true;
      c.queries.push_back(q);
    }
  }
  {
    QueryClass& c = add("deep_page", false);
    for (size_t i = 0; i < per_class; ++i) {
      BenchQuery q = Words(common[(i + 3) % common.size()]);
      q.offset = 90;
      c.queries.push_back(q);
    }
  }
  {
    QueryClass& c = add("timeline_query", true);
    for (size_t i = 0; i < per_class; ++i) c.queries.push_back(Words(common[(i + 4) % common.size()]));
  }
  {
    QueryClass& c = add("timeline_entity", true);
    for (size_t i = 0; i < per_class && i < entities_by_count.size(); ++i) {
      BenchQuery q;
      q.entity = entities_by_count[i].second;
      c.queries.push_back(q);
    }
  }
  return mix;
}

nlohmann::json QueryMixToJson(const QueryMix& mix) {
  nlohmann::ordered_json classes = nlohmann::ordered_json::array();
  for (const QueryClass& c : mix.classes) {
    nlohmann::ordered_json queries = nlohmann::ordered_json::array();
    for (const BenchQuery& q : c.queries) {
      nlohmann::ordered_json query = {{"text", q.text}};
      if (!q.published_from.empty()) query["published_from"] = q.published_from;
      if (!q.published_until.empty()) query["published_until"] = q.published_until;
      if (q.facets) query["facets"] = true;
      if (q.offset != 0) query["offset"] = q.offset;
      if (!q.entity.empty()) query["entity"] = q.entity;
      queries.push_back(std::move(query));
    }
    classes.push_back({{"name", c.name}, {"timeline", c.timeline}, {"queries", std::move(queries)}});
  }
  return nlohmann::ordered_json{{"corpus_articles", mix.corpus_articles}, {"classes", std::move(classes)}};
}

absl::StatusOr<QueryMix> QueryMixFromJson(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("classes") || !json["classes"].is_array()) {
    return absl::InvalidArgumentError("query mix: no \"classes\" array");
  }
  QueryMix mix;
  mix.corpus_articles = json.value("corpus_articles", int64_t{0});
  for (const nlohmann::json& c : json["classes"]) {
    if (!c.is_object() || !c.contains("queries") || !c["queries"].is_array()) {
      return absl::InvalidArgumentError("query mix: a class without \"queries\"");
    }
    QueryClass klass{c.value("name", ""), c.value("timeline", false), {}};
    for (const nlohmann::json& q : c["queries"]) {
      if (!q.is_object()) return absl::InvalidArgumentError("query mix: a query is not an object");
      BenchQuery query;
      query.text = q.value("text", "");
      query.published_from = q.value("published_from", "");
      query.published_until = q.value("published_until", "");
      query.facets = q.value("facets", false);
      query.offset = q.value("offset", 0);
      query.entity = q.value("entity", "");
      klass.queries.push_back(std::move(query));
    }
    mix.classes.push_back(std::move(klass));
  }
  return mix;
}

std::string QueryMixToTsv(const QueryMix& mix) {
  std::string tsv = "class\ttimeline\ttext\tpublished_from\tpublished_until\tfacets\toffset\tentity\n";
  for (const QueryClass& c : mix.classes) {
    for (const BenchQuery& q : c.queries) {
      absl::StrAppend(&tsv, c.name, "\t", c.timeline ? 1 : 0, "\t", q.text, "\t", q.published_from, "\t",
                      q.published_until, "\t", q.facets ? 1 : 0, "\t", q.offset, "\t", q.entity, "\n");
    }
  }
  return tsv;
}

absl::StatusOr<QueryMix> ReadQueryMix(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream content;
  content << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(content.str(), nullptr, false);
  if (json.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not JSON"));
  return QueryMixFromJson(json);
}

}  // namespace chronicle::bench
