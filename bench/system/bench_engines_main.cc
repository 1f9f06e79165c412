// bench_engines: the segment engine (core/index/segment) beside Xapian on the
// same documents and the same queries, matching only: the prototype
// comparison of docs/design/search-engine.md.
//
//   bench_engines --corpus=F --queries=F [--articles=N] [--xapian_db=DIR] [--out=F]
//
// Each article becomes the terms Chronicle's DocumentBuilder gives it (title
// prefixed and weighted, body, stems, positions unless --positions=false);
// they go into a Xapian database (built at --xapian_db unless one is there)
// and into one in-memory segment. Every search query of the mix runs on both
// (phrases only with positions), the Xapian side through Chronicle's own
// query compiler, date ranges and facet counter;
// the tool checks that both return the same documents in the same order, and
// reports the median latency of each class. Neither side reads stored
// documents or makes snippets: that cost is the same whichever engine ranks.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "absl/time/time.h"
#include "bench/system/corpus.h"
#include "bench/system/query_mix.h"
#include "core/index/facets.h"
#include "core/index/query_builder.h"
#include "core/index/query_compiler.h"
#include "core/index/schema.h"
#include "core/index/segment/query_tree.h"
#include "core/index/segment/search.h"
#include "core/index/segment/segment.h"
#include "core/index/segment/segment_index.h"
#include "core/index/segment_query.h"
#include "core/query/date_period.h"
#include "nlohmann/json.hpp"
#include "xapian.h"

ABSL_FLAG(std::string, corpus, "", "NDJSON corpus (bench_corpus output)");
ABSL_FLAG(std::string, queries, "", "query mix (bench_corpus output)");
ABSL_FLAG(int64_t, articles, 0, "articles of the corpus to index (0 = all)");
ABSL_FLAG(std::string, xapian_db, "", "Xapian database: reused when present, else built here");
ABSL_FLAG(int, repeat, 5, "runs of every query on each engine");
ABSL_FLAG(bool, positions, true, "keep word positions (phrases) in both engines");
ABSL_FLAG(int, mix_concurrency, 8, "threads of the mixed run (0: none)");
ABSL_FLAG(double, mix_seconds, 5, "seconds of the mixed run on each engine");
ABSL_FLAG(std::string, out, "", "JSON file for the results");
ABSL_FLAG(int64_t, commit_every, 0,
          "also index the articles through the segment index writer, committing (and merging as its "
          "policy asks) every this many articles, then search its snapshot beside the single segment "
          "(0: not)");
ABSL_FLAG(std::string, index_dir, "", "directory for --commit_every's index (removed first)");

namespace chronicle::bench {
namespace {

namespace seg = index::segment;
using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The article's terms as DocumentBuilder::BuildArticle writes them, without
// positions, plus the filter terms and facet values search reads.
Xapian::Document BuildDocument(const CorpusArticle& article, Xapian::TermGenerator& generator, bool positions) {
  Xapian::Document doc;
  generator.set_document(doc);
  if (positions) {
    generator.index_text(article.title, 1, std::string(index::schema::kTitlePrefix));
    generator.index_text(article.title, 3);
    generator.increase_termpos();
    generator.index_text(article.body);
  } else {
    generator.index_text_without_positions(article.title, 1, std::string(index::schema::kTitlePrefix));
    generator.index_text_without_positions(article.title, 3);
    generator.index_text_without_positions(article.body);
  }
  if (!article.source.empty()) {
    doc.add_value(index::schema::kSourceSlot, article.source);
    doc.add_boolean_term(index::schema::BooleanTerm(index::schema::kSourcePrefix, article.source));
  }
  if (article.published_at.size() >= 7) {
    const std::string month = article.published_at.substr(0, 7);
    doc.add_value(index::schema::kMonthSlot, month);
    doc.add_boolean_term(index::schema::BooleanTerm(index::schema::kYearPrefix, month.substr(0, 4)));
    doc.add_boolean_term(index::schema::BooleanTerm(index::schema::kMonthPrefix, month));
    absl::Time time;
    std::string error;
    if (absl::ParseTime("%Y-%m-%d", article.published_at, &time, &error)) {
      doc.add_value(index::schema::kPublishedSlot,
                    Xapian::sortable_serialise(static_cast<double>(absl::ToUnixSeconds(time))));
    }
  }
  return doc;
}

int64_t PublishedSeconds(const std::string& published_at) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", published_at, &time, &error)) return seg::kNoTime;
  return absl::ToUnixSeconds(time);
}

// The writer side as a replica would run it: commits of `commit_every`
// articles, each followed by the merges the policy asks for.
struct WriteSide {
  std::unique_ptr<seg::SegmentIndexWriter> writer;
  double seconds = 0;  // adding, committing and the last merges; not reading the corpus
  std::vector<double> commit_ms;  // each commit, with finishing a merge that ran beside
  int64_t merges = 0;  // merges that ran beside the commits
  double merge_seconds = 0;  // their time, on their own thread
};

struct Built {
  seg::Segment segment;
  double segment_seconds = 0;
  double xapian_seconds = 0;  // 0 when the database was reused
  WriteSide write_side;
};

absl::StatusOr<Built> Build(const std::string& corpus_path, int64_t limit, const std::string& db_path,
                            bool positions) {
  const bool build_xapian = !std::filesystem::exists(db_path + "/iamglass");
  std::unique_ptr<Xapian::WritableDatabase> db;
  if (build_xapian) db = std::make_unique<Xapian::WritableDatabase>(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::Stem stemmer("english");
  Xapian::TermGenerator generator;
  generator.set_stemmer(stemmer);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(corpus_path);
  if (!reader.ok()) return reader.status();
  seg::SegmentBuilder builder;
  Built built;
  const int64_t commit_every = absl::GetFlag(FLAGS_commit_every);
  WriteSide& write_side = built.write_side;
  if (commit_every > 0) {
    seg::SegmentIndexOptions options;
    options.path = absl::GetFlag(FLAGS_index_dir);
    if (options.path.empty()) return absl::InvalidArgumentError("--commit_every needs --index_dir");
    std::filesystem::remove_all(options.path);
    absl::StatusOr<std::unique_ptr<seg::SegmentIndexWriter>> writer = seg::SegmentIndexWriter::Open(options);
    if (!writer.ok()) return writer.status();
    write_side.writer = *std::move(writer);
  }
  // One merge at a time runs on a thread of its own while articles are
  // added and committed, as a replica would run it.
  std::unique_ptr<seg::MergeTask> merge;
  std::thread merge_thread;
  std::atomic<bool> merge_done{false};
  absl::Status merge_status;
  auto finish_merge = [&]() -> absl::Status {
    merge_thread.join();
    if (!merge_status.ok()) return merge_status;
    ++write_side.merges;
    return write_side.writer->FinishMerge(std::move(merge));
  };
  auto commit = [&](int64_t sequence) -> absl::Status {
    const Clock::time_point start = Clock::now();
    absl::Status status = write_side.writer->Commit(sequence);
    if (status.ok() && merge != nullptr && merge_done.load()) status = finish_merge();
    if (status.ok() && merge == nullptr) {
      merge = write_side.writer->PlanMerge();
      if (merge != nullptr) {
        merge_done = false;
        merge_thread = std::thread([&] {
          const Clock::time_point merge_start = Clock::now();
          merge_status = merge->Run();
          write_side.merge_seconds += MillisecondsSince(merge_start) / 1000;  // read after join
          merge_done = true;
        });
      }
    }
    write_side.commit_ms.push_back(MillisecondsSince(start));
    write_side.seconds += write_side.commit_ms.back() / 1000;
    return status;
  };
  CorpusArticle article;
  std::vector<seg::SegmentBuilder::TermFrequency> terms;
  double segment_ms = 0, xapian_ms = 0;
  for (int64_t n = 0; limit == 0 || n < limit; ++n) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) return more.status();
    if (!*more) break;
    Xapian::Document doc = BuildDocument(article, generator, positions);
    Clock::time_point start = Clock::now();
    terms.clear();
    for (Xapian::TermIterator term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      seg::SegmentBuilder::TermFrequency& entry = terms.emplace_back();
      entry.term = *term;
      entry.frequency = term.get_wdf();  // 0 for boolean terms
      if (positions) entry.positions.assign(term.positionlist_begin(), term.positionlist_end());
    }
    builder.AddDocument(terms, PublishedSeconds(article.published_at), article.source);
    segment_ms += MillisecondsSince(start);
    if (write_side.writer != nullptr) {
      start = Clock::now();
      std::vector<seg::SegmentBuilder::TermFrequency> indexed = terms;
      write_side.writer->Add({article.id, std::move(indexed), PublishedSeconds(article.published_at), article.source});
      write_side.seconds += MillisecondsSince(start) / 1000;
      if ((n + 1) % commit_every == 0) {
        if (absl::Status status = commit(n + 1); !status.ok()) return status;
      }
    }
    if (db) {
      start = Clock::now();
      db->add_document(doc);
      if ((n + 1) % 100000 == 0) db->commit();
      xapian_ms += MillisecondsSince(start);
    }
    if ((n + 1) % 100000 == 0) std::cerr << "bench_engines: " << n + 1 << " articles\n";
  }
  if (write_side.writer != nullptr) {
    if (write_side.writer->has_buffered_changes()) {
      if (absl::Status status = commit(static_cast<int64_t>(builder.document_count())); !status.ok()) return status;
    }
    // The merges still to do, as a quiet replica would finish them.
    const Clock::time_point start = Clock::now();
    if (merge != nullptr) {
      if (absl::Status status = finish_merge(); !status.ok()) return status;
    }
    if (absl::Status status = write_side.writer->Merge(); !status.ok()) return status;
    write_side.seconds += MillisecondsSince(start) / 1000;
  }
  Clock::time_point start = Clock::now();
  absl::StatusOr<seg::Segment> segment = std::move(builder).Finish();
  if (!segment.ok()) return segment.status();
  built.segment = *std::move(segment);
  built.segment_seconds = (segment_ms + MillisecondsSince(start)) / 1000;
  if (db) {
    start = Clock::now();
    db->commit();
    db->close();
    built.xapian_seconds = (xapian_ms + MillisecondsSince(start)) / 1000;
  }
  return built;
}

// One query on both engines.
struct Prepared {
  Xapian::Query xapian;
  // The segment side, compiled by core/index/segment_query.h; `segment` is
  // its flat form (empty when it has none), for the champion lists.
  seg::QueryTree tree;
  seg::SegmentQuery segment;
  int offset = 0;
  bool facets = false;
};

// The terms of `segment` a prefix stands for: the `limit` held by the most
// documents, as IndexSnapshot::ExpandPrefix.
std::vector<std::string> ExpandPrefix(const seg::Segment& segment, absl::string_view prefix, size_t limit) {
  std::vector<std::pair<int64_t, std::string>> ranked;
  for (std::string& term : seg::TermsWithPrefix(segment, prefix)) {
    ranked.emplace_back(-static_cast<int64_t>(segment.Find(term).document_count()), std::move(term));
  }
  std::sort(ranked.begin(), ranked.end());
  if (ranked.size() > limit) ranked.resize(limit);
  std::vector<std::string> terms;
  for (auto& [count, term] : ranked) terms.push_back(std::move(term));
  std::sort(terms.begin(), terms.end());
  return terms;
}

absl::StatusOr<Prepared> Prepare(const BenchQuery& query, const Xapian::Database& db, const Xapian::Stem& stemmer,
                                 const seg::Segment* segment = nullptr) {
  Prepared prepared;
  const index::QueryContext context{&db, &stemmer, nullptr, ""};
  absl::StatusOr<Xapian::Query> text = index::ParseTextQuery(query.text, "query", context);
  if (!text.ok()) return text.status();
  absl::StatusOr<query::DatePeriod> period =
      query::ParseDateRange(query.published_from, "from", query.published_until, "until");
  if (!period.ok()) return period.status();
  prepared.xapian = *text;
  index::SegmentQueryContext segment_context;
  segment_context.stemmer = &stemmer;
  if (segment != nullptr) {
    segment_context.expand_prefix = [segment](absl::string_view prefix, size_t limit) {
      return ExpandPrefix(*segment, prefix, limit);
    };
  }
  absl::StatusOr<seg::QueryTree> tree = index::ParseSegmentQuery(query.text, "query", segment_context);
  if (!tree.ok()) return tree.status();
  prepared.tree = *std::move(tree);
  if (period->start != absl::InfinitePast() || period->end != absl::InfiniteFuture()) {
    prepared.xapian = index::Filtered(*text, index::PublishedRange(period->start, period->end));
    std::vector<seg::QueryTree> parts;
    parts.push_back(std::move(prepared.tree));
    parts.push_back(index::PublishedFilter(period->start, period->end));
    prepared.tree = seg::QueryTree::All(std::move(parts));
  }
  if (std::optional<seg::SegmentQuery> flat = seg::Flatten(prepared.tree)) prepared.segment = *std::move(flat);
  prepared.offset = query.offset;
  prepared.facets = query.facets;
  return prepared;
}

// Document numbers of a page, segment-style (Xapian's docids start at 1).
std::vector<uint32_t> XapianPage(const Xapian::Database& db, const Prepared& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query.xapian);
  index::FacetCounter facets({"source", "year"});
  Xapian::doccount check_at_least = 0;
  if (query.facets) {
    enquire.add_matchspy(&facets);
    check_at_least = db.get_doccount();
  }
  const Xapian::MSet mset = enquire.get_mset(query.offset, 11, check_at_least);
  std::vector<uint32_t> page;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end() && page.size() < 10; ++it) page.push_back(*it - 1);
  if (query.facets) facets.Top(10);
  return page;
}

std::vector<uint32_t> SegmentPage(const seg::Segment& segment, const Prepared& query, seg::SearchStats* stats) {
  seg::SearchOptions options;
  options.k = query.offset + 11;
  options.count_all = query.facets;
  const seg::SearchResult result = seg::SearchTree(segment, query.tree, options);
  if (stats != nullptr) *stats = result.stats;
  std::vector<uint32_t> page;
  for (size_t i = query.offset; i < result.hits.size() && page.size() < 10; ++i) page.push_back(result.hits[i].doc);
  return page;
}

// The same page from an index snapshot, as document numbers in index order
// (the single segment's, when nothing was deleted).
std::vector<uint32_t> SnapshotPage(const seg::IndexSnapshot& snapshot, const Prepared& query) {
  seg::SearchOptions options;
  options.k = query.offset + 11;
  options.count_all = query.facets;
  const seg::IndexSearchResult result = snapshot.Search(query.tree, options);
  std::vector<uint32_t> first_doc;
  uint32_t documents = 0;
  for (const seg::IndexSnapshot::Part& part : snapshot.segments()) {
    first_doc.push_back(documents);
    documents += part.segment->document_count();
  }
  std::vector<uint32_t> page;
  for (size_t i = query.offset; i < result.hits.size() && page.size() < 10; ++i) {
    page.push_back(first_doc[result.hits[i].segment] + result.hits[i].doc);
  }
  return page;
}

// Candidate A of the design, simulated on the segment's postings: each term
// keeps a champion list, its `champions` best postings by BM25 contribution,
// and the bound of the rest. A query scores the union of its terms' champion
// lists exactly; the answer is exact only when the k-th score found is at
// least the sum of the bounds of what was not read (any document outside
// every champion list can score no more). Facet counts need every match, so
// they never are. Returns whether the query's page would be exact.
bool ChampionListsAreExact(const seg::Segment& segment, const Prepared& query, uint32_t champions) {
  if (query.facets || !query.segment.phrases.empty()) return false;
  struct TermPostings {
    std::vector<uint32_t> docs;
    std::vector<double> scores;
  };
  std::vector<std::vector<TermPostings>> clauses;
  double rest_bound = 0;
  std::vector<uint32_t> candidates;
  auto load = [&](const std::string& term, bool scored) -> absl::optional<TermPostings> {
    const seg::PostingList found = segment.Find(term);
    if (found.document_count() == 0) return absl::nullopt;
    const seg::PostingList* list = &found;
    const seg::Bm25Term bm25(segment.document_count(), list->document_count(), segment.average_length());
    TermPostings postings;
    uint32_t docs[seg::kBlockSize], freqs[seg::kBlockSize];
    for (size_t b = 0; b < list->block_count(); ++b) {
      list->DecodeBlock(b, docs, freqs);
      for (uint32_t i = 0; i < list->BlockLength(b); ++i) {
        postings.docs.push_back(docs[i]);
        postings.scores.push_back(scored ? bm25.Score(freqs[i], segment.lengths()[docs[i]]) : 0);
      }
    }
    if (scored) {
      std::vector<std::pair<double, uint32_t>> ranked;
      for (size_t i = 0; i < postings.docs.size(); ++i) ranked.push_back({postings.scores[i], postings.docs[i]});
      const size_t keep = std::min<size_t>(champions, ranked.size());
      std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), std::greater<>());
      for (size_t i = 0; i < keep; ++i) candidates.push_back(ranked[i].second);
      if (keep < ranked.size()) rest_bound += ranked[keep].first;
    }
    return postings;
  };
  for (const auto& group : {std::make_pair(&query.segment.clauses, true), std::make_pair(&query.segment.filters, false)}) {
    for (const std::vector<std::string>& clause : *group.first) {
      std::vector<TermPostings> terms;
      for (const std::string& term : clause) {
        if (absl::optional<TermPostings> postings = load(term, group.second)) terms.push_back(std::move(*postings));
      }
      if (terms.empty()) return true;  // nothing matches: trivially exact
      clauses.push_back(std::move(terms));
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<double> found;
  for (uint32_t doc : candidates) {
    const int64_t published = segment.published()[doc];
    if ((query.segment.published_min != std::numeric_limits<int64_t>::min() ||
         query.segment.published_max != std::numeric_limits<int64_t>::max()) &&
        (published == seg::kNoTime || published < query.segment.published_min ||
         published > query.segment.published_max)) {
      continue;
    }
    double score = 0;
    bool all = true;
    for (const std::vector<TermPostings>& clause : clauses) {
      bool any = false;
      for (const TermPostings& term : clause) {
        auto it = std::lower_bound(term.docs.begin(), term.docs.end(), doc);
        if (it == term.docs.end() || *it != doc) continue;
        any = true;
        score += term.scores[it - term.docs.begin()];
      }
      all = all && any;
    }
    if (all) found.push_back(score);
  }
  const size_t needed = static_cast<size_t>(query.offset) + 10;
  if (rest_bound == 0) return true;  // every posting was a champion
  if (found.size() < needed) return false;
  std::nth_element(found.begin(), found.begin() + (needed - 1), found.end(), std::greater<>());
  return found[needed - 1] >= rest_bound;
}

// Every measured query, interleaved, from `threads` threads for `seconds`:
// queries per second. Each thread prepares its own queries and opens its own
// database (Xapian's query objects are not safe to share between threads).
double MixThroughput(const std::vector<const BenchQuery*>& queries, const std::string& db_path,
                     const seg::Segment* segment, int threads, double seconds) {
  std::atomic<int64_t> done{0};
  std::atomic<bool> failed{false};
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Xapian::Database db(db_path);
      Xapian::Stem stemmer("english");
      std::vector<Prepared> prepared;
      for (const BenchQuery* query : queries) {
        absl::StatusOr<Prepared> one = Prepare(*query, db, stemmer);
        if (!one.ok()) {
          failed = true;
          return;
        }
        prepared.push_back(*std::move(one));
      }
      for (size_t i = t; Clock::now() < deadline; ++i) {
        const Prepared& query = prepared[i % prepared.size()];
        if (segment != nullptr) {
          SegmentPage(*segment, query, nullptr);
        } else {
          XapianPage(db, query);
        }
        ++done;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  return failed ? 0 : done / seconds;
}

int Run() {
  const std::string db_path = absl::GetFlag(FLAGS_xapian_db);
  if (absl::GetFlag(FLAGS_corpus).empty() || absl::GetFlag(FLAGS_queries).empty() || db_path.empty()) {
    std::cerr << "bench_engines: --corpus, --queries and --xapian_db are required\n";
    return 2;
  }
  absl::StatusOr<QueryMix> mix = ReadQueryMix(absl::GetFlag(FLAGS_queries));
  if (!mix.ok()) {
    std::cerr << "bench_engines: " << mix.status() << "\n";
    return 1;
  }
  const bool positions = absl::GetFlag(FLAGS_positions);
  absl::StatusOr<Built> built =
      Build(absl::GetFlag(FLAGS_corpus), absl::GetFlag(FLAGS_articles), db_path, positions);
  if (!built.ok()) {
    std::cerr << "bench_engines: " << built.status() << "\n";
    return 1;
  }
  const seg::Segment& segment = built->segment;
  Xapian::Database db(db_path);
  if (db.get_doccount() != segment.document_count()) {
    std::cerr << "bench_engines: " << db_path << " holds " << db.get_doccount() << " documents, the segment "
              << segment.document_count() << ": remove it or pass the same --articles\n";
    return 1;
  }
  Xapian::Stem stemmer("english");
  const seg::SegmentSize size = segment.ByteSize();
  uint64_t xapian_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(db_path)) {
    if (entry.is_regular_file()) xapian_bytes += entry.file_size();
  }
  const double per_article = 1.0 / std::max<uint32_t>(segment.document_count(), 1);
  Clock::time_point open_start = Clock::now();
  if (!seg::Segment::Open(std::make_shared<const std::string>(std::string(segment.bytes()))).ok()) return 1;
  const double open_ms = MillisecondsSince(open_start);
  nlohmann::json out = {
      {"articles", segment.document_count()},
      {"terms", segment.term_count()},
      {"segment_build_seconds", built->segment_seconds},
      {"segment_open_checked_ms", open_ms},
      {"xapian_build_seconds", built->xapian_seconds},
      {"segment_bytes_per_article",
       {{"postings", size.postings * per_article}, {"dictionary", size.dictionary * per_article},
        {"columns", size.columns * per_article}, {"file", size.total * per_article}}},
      {"xapian_bytes_per_article", xapian_bytes * per_article},
      {"positions", positions},
  };
  std::cout << absl::StrFormat(
      "%d articles, %d terms; segment %.0f B/article (postings %.0f, dictionary %.0f, columns %.0f), "
      "opened and checked in %.0f ms; Xapian %.0f B/article (positions: %s)\n",
      segment.document_count(), segment.term_count(), size.total * per_article, size.postings * per_article,
      size.dictionary * per_article, size.columns * per_article, open_ms, xapian_bytes * per_article,
      positions ? "yes" : "no");
  std::cout << "| class | Xapian p50 ms | segment p50 ms | Xapian / segment | same pages | scored / postings |"
               " champion lists exact (1k / 10k) |\n"
               "|---|---|---|---|---|---|---|\n";
  const int repeat = std::max(1, absl::GetFlag(FLAGS_repeat));
  for (const QueryClass& klass : mix->classes) {
    if (klass.timeline || (klass.name == "phrase" && !positions)) continue;
    std::vector<double> xapian_ms, segment_ms;
    int same = 0, total = 0;
    int64_t scored = 0, postings = 0;
    int exact_1k = 0, exact_10k = 0;
    for (const BenchQuery& query : klass.queries) {
      absl::StatusOr<Prepared> prepared = Prepare(query, db, stemmer);
      if (!prepared.ok()) {
        std::cerr << "bench_engines: " << query.text << ": " << prepared.status() << "\n";
        return 1;
      }
      seg::SearchStats stats;
      const std::vector<uint32_t> xapian_page = XapianPage(db, *prepared);
      const std::vector<uint32_t> segment_page = SegmentPage(segment, *prepared, &stats);
      ++total;
      if (xapian_page == segment_page) {
        ++same;
      } else {
        std::cerr << "bench_engines: pages differ for " << klass.name << " \"" << query.text << "\"\n";
      }
      scored += stats.scored;
      exact_1k += ChampionListsAreExact(segment, *prepared, 1000);
      exact_10k += ChampionListsAreExact(segment, *prepared, 10000);
      for (const auto* group : {&prepared->segment.clauses, &prepared->segment.phrases}) {
        for (const std::vector<std::string>& terms : *group) {
          for (const std::string& term : terms) postings += segment.Find(term).document_count();
        }
      }
      for (int r = 0; r < repeat; ++r) {
        Clock::time_point start = Clock::now();
        XapianPage(db, *prepared);
        xapian_ms.push_back(MillisecondsSince(start));
        start = Clock::now();
        SegmentPage(segment, *prepared, nullptr);
        segment_ms.push_back(MillisecondsSince(start));
      }
    }
    const double xapian_p50 = Median(xapian_ms), segment_p50 = Median(segment_ms);
    std::cout << absl::StrFormat("| %s | %.3f | %.3f | %.1f | %d/%d | %.3f | %d / %d of %d |\n", klass.name,
                                 xapian_p50, segment_p50, xapian_p50 / std::max(segment_p50, 1e-6), same, total,
                                 postings == 0 ? 0.0 : static_cast<double>(scored) / postings, exact_1k,
                                 exact_10k, total);
    out["classes"][klass.name] = {{"xapian_p50_ms", xapian_p50}, {"segment_p50_ms", segment_p50},
                                  {"same_pages", same}, {"queries", total},
                                  {"scored", scored}, {"postings", postings},
                                  {"champion_lists_exact", {{"1000", exact_1k}, {"10000", exact_10k}}}};
  }
  // The query language's other shapes, made of the two-word queries' words
  // ("a b"): either word, the first without the second, a title word, the
  // first word and the second's first three letters as a prefix. Prefix
  // pages may differ: Xapian weighs a prefix's terms as one synonym.
  std::cout << "\n| shape | Xapian p50 ms | segment p50 ms | same pages |\n|---|---|---|---|\n";
  for (const QueryClass& klass : mix->classes) {
    if (klass.name != "two_words") continue;
    const std::vector<std::pair<std::string, std::string>> shapes = {
        {"either word", "%s OR %s"}, {"without", "%s -%s"}, {"title word", "title:%s"}, {"prefix", "%s %.3s*"}};
    for (const auto& [shape, format] : shapes) {
      std::vector<double> xapian_ms, segment_ms;
      int same = 0, total = 0;
      for (const BenchQuery& original : klass.queries) {
        const std::vector<std::string> words = absl::StrSplit(original.text, ' ', absl::SkipEmpty());
        if (words.size() != 2) continue;
        BenchQuery query = original;
        query.text = shape == "title word" ? absl::StrFormat("title:%s", words[0])
                     : shape == "prefix"   ? absl::StrFormat("%s %.3s*", words[0], words[1])
                     : shape == "without"  ? absl::StrFormat("%s -%s", words[0], words[1])
                                           : absl::StrFormat("%s OR %s", words[0], words[1]);
        absl::StatusOr<Prepared> prepared = Prepare(query, db, stemmer, &segment);
        if (!prepared.ok()) return 1;
        ++total;
        if (XapianPage(db, *prepared) == SegmentPage(segment, *prepared, nullptr)) {
          ++same;
        } else if (shape != "prefix") {
          std::cerr << "bench_engines: pages differ for " << shape << " \"" << query.text << "\"\n";
        }
        for (int r = 0; r < repeat; ++r) {
          Clock::time_point start = Clock::now();
          XapianPage(db, *prepared);
          xapian_ms.push_back(MillisecondsSince(start));
          start = Clock::now();
          SegmentPage(segment, *prepared, nullptr);
          segment_ms.push_back(MillisecondsSince(start));
        }
      }
      std::cout << absl::StrFormat("| %s (\"%s\") | %.3f | %.3f | %d/%d |\n", shape, format, Median(xapian_ms),
                                   Median(segment_ms), same, total);
      out["shapes"][shape] = {{"xapian_p50_ms", Median(xapian_ms)}, {"segment_p50_ms", Median(segment_ms)},
                              {"same_pages", same}, {"queries", total}};
    }
  }
  if (const WriteSide& write_side = built->write_side; write_side.writer != nullptr) {
    const std::shared_ptr<const seg::IndexSnapshot> snapshot = write_side.writer->snapshot();
    std::vector<double> commits = write_side.commit_ms;
    std::sort(commits.begin(), commits.end());
    const auto at = [&](double share) {
      return commits.empty() ? 0.0 : commits[std::min(commits.size() - 1, static_cast<size_t>(share * commits.size()))];
    };
    uint64_t index_bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(absl::GetFlag(FLAGS_index_dir))) {
      if (entry.is_regular_file()) index_bytes += entry.file_size();
    }
    std::cout << absl::StrFormat(
        "\nsegment index writer, a commit every %d articles, merges on a thread beside: %.0f articles/s (%.1f s "
        "adding, committing and merging), %d commits: p50 %.1f ms, p99 %.1f ms, max %.0f ms; %d merges beside "
        "the commits (%.1f s on their thread); %d segments, %.0f B/article on disk\n",
        absl::GetFlag(FLAGS_commit_every), snapshot->live_documents() / std::max(write_side.seconds, 1e-9),
        write_side.seconds, commits.size(), at(0.5), at(0.99), commits.empty() ? 0.0 : commits.back(),
        write_side.merges, write_side.merge_seconds, snapshot->segments().size(), index_bytes * per_article);
    out["write_side"] = {{"commit_every", absl::GetFlag(FLAGS_commit_every)},
                         {"articles_per_second", snapshot->live_documents() / std::max(write_side.seconds, 1e-9)},
                         {"seconds", write_side.seconds},
                         {"commits", commits.size()},
                         {"commit_p50_ms", at(0.5)},
                         {"commit_p99_ms", at(0.99)},
                         {"commit_max_ms", commits.empty() ? 0.0 : commits.back()},
                         {"merges_beside", write_side.merges},
                         {"merge_thread_seconds", write_side.merge_seconds},
                         {"segments", snapshot->segments().size()},
                         {"bytes_per_article", index_bytes * per_article}};
    std::cout << "| class | one segment p50 ms | index of " << snapshot->segments().size()
              << " segments p50 ms | same pages |\n|---|---|---|---|\n";
    for (const QueryClass& klass : mix->classes) {
      if (klass.timeline || (klass.name == "phrase" && !positions)) continue;
      std::vector<double> single_ms, index_ms;
      int same = 0, total = 0;
      for (const BenchQuery& query : klass.queries) {
        absl::StatusOr<Prepared> prepared = Prepare(query, db, stemmer);
        if (!prepared.ok()) return 1;
        ++total;
        if (SnapshotPage(*snapshot, *prepared) == SegmentPage(segment, *prepared, nullptr)) {
          ++same;
        } else {
          std::cerr << "bench_engines: index and segment pages differ for " << klass.name << " \"" << query.text
                    << "\"\n";
        }
        for (int r = 0; r < repeat; ++r) {
          Clock::time_point start = Clock::now();
          SegmentPage(segment, *prepared, nullptr);
          single_ms.push_back(MillisecondsSince(start));
          start = Clock::now();
          SnapshotPage(*snapshot, *prepared);
          index_ms.push_back(MillisecondsSince(start));
        }
      }
      std::cout << absl::StrFormat("| %s | %.3f | %.3f | %d/%d |\n", klass.name, Median(single_ms), Median(index_ms),
                                   same, total);
      out["write_side"]["classes"][klass.name] = {
          {"single_p50_ms", Median(single_ms)}, {"index_p50_ms", Median(index_ms)}, {"same_pages", same}};
    }
  }
  const int threads = absl::GetFlag(FLAGS_mix_concurrency);
  if (threads > 0) {
    std::vector<const BenchQuery*> measured;
    for (const QueryClass& klass : mix->classes) {
      if (klass.timeline || (klass.name == "phrase" && !positions)) continue;
      for (const BenchQuery& query : klass.queries) measured.push_back(&query);
    }
    const double seconds = absl::GetFlag(FLAGS_mix_seconds);
    const double xapian_qps = MixThroughput(measured, db_path, nullptr, threads, seconds);
    const double segment_qps = MixThroughput(measured, db_path, &segment, threads, seconds);
    std::cout << absl::StrFormat("search mix at concurrency %d: Xapian %.0f q/s, segment %.0f q/s\n", threads,
                                 xapian_qps, segment_qps);
    out["mix"] = {{"concurrency", threads}, {"xapian_qps", xapian_qps}, {"segment_qps", segment_qps}};
  }
  if (!absl::GetFlag(FLAGS_out).empty()) std::ofstream(absl::GetFlag(FLAGS_out)) << out.dump(2) << "\n";
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("the segment engine beside Xapian on the same documents and queries");
  absl::ParseCommandLine(argc, argv);
  return chronicle::bench::Run();
}
