// The fixed query mix every system answers: drawn from the corpus itself so
// that each query matches something, and written once next to the corpus
// (queries.json for the C++ harnesses, queries.tsv for the Lucene harness).
//
// Classes (each with `per_class` queries):
//   common_word      one word among the most frequent (stop words excluded)
//   rare_word        one word among the rarest found in at least two articles
//   two_words        two mid-frequency words of one article (both must match)
//   phrase           two adjacent words of one article, quoted
//   date_filter      a common word within one publication year
//   facets           a common word, with counts by source and by year
//   deep_page        a common word, results 91-100
//   timeline_query   Timeline of a common word: the events about it in the articles it matches
//   timeline_entity  Timeline of the events that mention a frequent entity
// The query text uses the syntax Chronicle, PostgreSQL's websearch_to_tsquery,
// SQLite FTS5 and Lucene's classic parser (AND as default operator) all read
// the same way: bare words, or two words in double quotes.
#ifndef CHRONICLE_BENCH_SYSTEM_QUERY_MIX_H_
#define CHRONICLE_BENCH_SYSTEM_QUERY_MIX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace chronicle::bench {

struct BenchQuery {
  std::string text;             // words; a phrase is in double quotes
  std::string published_from;   // "YYYY-MM-DD", inclusive; empty = open
  std::string published_until;  // "YYYY-MM-DD", inclusive; empty = open
  bool facets = false;          // counts by source and by year over all matches
  int offset = 0;               // index of the first result asked for
  std::string entity;           // timeline_entity: entity id
};

struct QueryClass {
  std::string name;
  bool timeline = false;  // Timeline rather than Search
  std::vector<BenchQuery> queries;
};

struct QueryMix {
  int64_t corpus_articles = 0;
  std::vector<QueryClass> classes;
};

struct QueryMixOptions {
  int per_class = 10;
  // Articles looked at for word pairs, phrases and entities (spread evenly
  // over the corpus).
  int sample_articles = 2000;
};

// Reads the corpus at `corpus_path` and draws the mix. Errors: those of
// CorpusReader; FAILED_PRECONDITION when the corpus is too small to fill a
// class.
absl::StatusOr<QueryMix> BuildQueryMix(const std::string& corpus_path, const QueryMixOptions& options);

nlohmann::json QueryMixToJson(const QueryMix& mix);
// Errors: INVALID_ARGUMENT on a malformed document.
absl::StatusOr<QueryMix> QueryMixFromJson(const nlohmann::json& json);

// One line per query: class, text, published_from, published_until, facets
// (0/1), offset, entity; tab-separated, with a header line. Timeline classes
// are included; a harness that has no timelines skips them.
std::string QueryMixToTsv(const QueryMix& mix);

// Reads a queries.json file. Errors: NOT_FOUND, INVALID_ARGUMENT.
absl::StatusOr<QueryMix> ReadQueryMix(const std::string& path);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_QUERY_MIX_H_
