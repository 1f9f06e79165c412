// bench_corpus: writes a benchmark corpus and its query mix.
//
//   bench_corpus --reuters=DIR --timeline17=DIR --articles=100000
//                --out=corpus-100k.ndjson.gz --queries=queries-100k.json
//
// --articles=0 writes the real articles themselves (Reuters-21578 and
// Timeline17 as loaded). Without the real corpora, --texts=DIR seeds the
// generator with the .txt articles of DIR (the smoke run uses samples/).
// Also writes <queries>.tsv (for the Lucene harness) and <out>.json (counts).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bench/system/corpus.h"
#include "bench/system/generator.h"
#include "bench/system/load.h"
#include "bench/system/query_mix.h"
#include "bench/system/sources.h"
#include "core/parse/parse_article.h"

ABSL_FLAG(std::string, reuters, "", "Reuters-21578 folder (reut2-*.sgm[.gz])");
ABSL_FLAG(std::string, timeline17, "", "Timeline17 folder (<topic>/articles.jsonl.gz)");
ABSL_FLAG(std::string, texts, "", "folder of .txt articles (title on the first line) to seed from instead");
ABSL_FLAG(int64_t, articles, 100000, "articles to generate; 0 = the real articles as they are");
ABSL_FLAG(uint64_t, seed, 20240601, "generator seed");
ABSL_FLAG(std::string, out, "", "corpus file to write (.ndjson or .ndjson.gz)");
ABSL_FLAG(std::string, queries, "", "query mix to write (JSON; a .tsv is written next to it)");
ABSL_FLAG(int, per_class, 10, "queries per class");

namespace chronicle::bench {
namespace {

int Fail(const absl::Status& status) {
  std::cerr << "bench_corpus: " << status << "\n";
  return 1;
}

absl::StatusOr<std::vector<CorpusArticle>> LoadSeeds() {
  std::vector<CorpusArticle> seeds;
  auto append = [&seeds](absl::StatusOr<std::vector<CorpusArticle>> loaded) -> absl::Status {
    if (!loaded.ok()) return loaded.status();
    seeds.insert(seeds.end(), std::make_move_iterator(loaded->begin()), std::make_move_iterator(loaded->end()));
    return absl::OkStatus();
  };
  if (!absl::GetFlag(FLAGS_reuters).empty()) {
    if (absl::Status s = append(LoadReuters(absl::GetFlag(FLAGS_reuters))); !s.ok()) return s;
  }
  if (!absl::GetFlag(FLAGS_timeline17).empty()) {
    if (absl::Status s = append(LoadTimeline17(absl::GetFlag(FLAGS_timeline17))); !s.ok()) return s;
  }
  if (!absl::GetFlag(FLAGS_texts).empty()) {
    if (absl::Status s = append(LoadTextFolder(absl::GetFlag(FLAGS_texts))); !s.ok()) return s;
  }
  if (seeds.empty()) return absl::InvalidArgumentError("give --reuters, --timeline17 or --texts");
  return seeds;
}

int Run() {
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string queries_path = absl::GetFlag(FLAGS_queries);
  if (out.empty() || queries_path.empty()) {
    std::cerr << "bench_corpus: --out and --queries are required\n";
    return 2;
  }
  const double start = MonotonicSeconds();
  absl::StatusOr<std::vector<CorpusArticle>> seeds = LoadSeeds();
  if (!seeds.ok()) return Fail(seeds.status());
  // Written to a temporary name first so an interrupted run never leaves a
  // truncated corpus that a later run would reuse.
  const bool gzip = absl::EndsWith(out, ".gz");
  const std::string partial =
      gzip ? absl::StrCat(out.substr(0, out.size() - 3), ".partial.gz") : absl::StrCat(out, ".partial");
  absl::StatusOr<CorpusWriter> writer = CorpusWriter::Open(partial);
  if (!writer.ok()) return Fail(writer.status());

  GeneratorStats stats;
  const int64_t wanted = absl::GetFlag(FLAGS_articles);
  if (wanted == 0) {
    for (const CorpusArticle& article : *seeds) {
      if (absl::Status s = writer->Write(article); !s.ok()) return Fail(s);
      ++stats.written;
      stats.body_bytes += static_cast<int64_t>(article.body.size());
    }
  } else {
    GeneratorOptions options;
    options.articles = wanted;
    options.seed = absl::GetFlag(FLAGS_seed);
    // The duplicate check sees the body the ingest service will keep.
    options.clean = [](const CorpusArticle& article) -> absl::StatusOr<std::string> {
      parse::RawInput input;
      input.content = article.body;
      input.content_type = "text/plain";
      input.title = article.title;
      input.source = article.source;
      input.published_at = article.published_at;
      absl::StatusOr<parse::ParsedArticle> parsed = parse::ParseArticle(input);
      if (!parsed.ok()) return parsed.status();
      return std::move(parsed->body);
    };
    int64_t next_report = 100000;
    absl::Status status = GenerateCorpus(
        *seeds, options,
        [&](const CorpusArticle& article) {
          if (stats.written + 1 >= next_report) {
            std::cerr << "bench_corpus: " << next_report << " articles\n";
            next_report += 100000;
          }
          return writer->Write(article);
        },
        &stats);
    if (!status.ok()) return Fail(status);
  }
  if (absl::Status s = writer->Close(); !s.ok()) return Fail(s);
  if (std::rename(partial.c_str(), out.c_str()) != 0) return Fail(absl::InternalError("cannot rename " + partial));
  const double generated = MonotonicSeconds();

  QueryMixOptions mix_options;
  mix_options.per_class = absl::GetFlag(FLAGS_per_class);
  absl::StatusOr<QueryMix> mix = BuildQueryMix(out, mix_options);
  if (!mix.ok()) return Fail(mix.status());
  std::ofstream(queries_path) << QueryMixToJson(*mix).dump(1) << "\n";
  std::string tsv_path = queries_path;
  if (absl::EndsWith(tsv_path, ".json")) tsv_path.resize(tsv_path.size() - 5);
  std::ofstream(tsv_path + ".tsv") << QueryMixToTsv(*mix);

  nlohmann::ordered_json info = {
      {"corpus", out},
      {"articles", stats.written},
      {"seed_articles", seeds->size()},
      {"generated", wanted != 0},
      {"body_bytes", stats.body_bytes},
      {"near_duplicate_retries", stats.near_duplicate_retries},
      {"exact_duplicate_retries", stats.exact_duplicate_retries},
      {"rejected_retries", stats.rejected_retries},
      {"skipped_anchors", stats.skipped},
      {"generate_seconds", generated - start},
      {"query_mix_seconds", MonotonicSeconds() - generated}};
  std::ofstream(out + ".json") << info.dump(1) << "\n";
  std::cout << info.dump() << "\n";
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("bench_corpus --reuters=DIR --timeline17=DIR --articles=N --out=F --queries=F");
  absl::ParseCommandLine(argc, argv);
  return chronicle::bench::Run();
}
