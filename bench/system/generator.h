// Builds a corpus of any size from real articles, deterministically.
//
// Each generated article starts from one real article (the anchor; anchors are
// taken in turn in a shuffled order, so every real article is used about
// equally and any prefix of the corpus mixes the sources like the whole) and is assembled
// from runs of 1-3 consecutive sentences of the anchor and of 2-4 other real
// articles published within a few weeks of it, so words, names and dates stay
// those of real news of that time. Its length follows the anchor's. Round r
// (the r-th time an anchor is used) moves the publication date by a whole
// number of 52-week years (0, -1, +1, -2, +2, ...; weekdays are kept, so
// "on Monday" still resolves to the same kind of day), kept within 1950-2024.
// The title is the anchor's, a blend of the anchor's and a donor's, or the
// start of the first sentence.
//
// No two generated articles are duplicates for Chronicle: bodies are distinct,
// and an article whose SimHash (dedup::NearDuplicateFingerprint) lies within
// kNearDuplicateMaxDistance of an earlier one is assembled again from other
// sentences. Chronicle fingerprints the body it keeps after cleanup, so the
// check runs on what `GeneratorOptions::clean` returns (the same cleanup) when
// set; an article it rejects is assembled again too. The same seed articles,
// count and seed give the same corpus, byte for byte.
#ifndef CHRONICLE_BENCH_SYSTEM_GENERATOR_H_
#define CHRONICLE_BENCH_SYSTEM_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/system/corpus.h"

namespace chronicle::bench {

struct GeneratorOptions {
  int64_t articles = 100000;
  uint64_t seed = 20240601;
  // Anchors' donors come from this many days either side of the anchor's date.
  int donor_window_days = 14;
  // Attempts to assemble a non-duplicate article before giving up on it.
  int max_attempts = 25;
  // The body as the ingest service will keep it (its parser's cleanup);
  // an error means the service would reject the article. Unset: the body as
  // generated.
  std::function<absl::StatusOr<std::string>(const CorpusArticle&)> clean;
};

struct GeneratorStats {
  int64_t written = 0;
  // Assemblies thrown away because they came out a near or exact duplicate
  // of an earlier generated article.
  int64_t near_duplicate_retries = 0;
  int64_t exact_duplicate_retries = 0;
  // Assemblies thrown away because `clean` rejected them.
  int64_t rejected_retries = 0;
  // Anchors skipped because max_attempts assemblies all collided.
  int64_t skipped = 0;
  int64_t body_bytes = 0;
};

// Generates options.articles articles from `seeds` (the real corpora; order
// matters for determinism) and passes each to `sink` in order. Stops at the
// first error `sink` returns. Errors: INVALID_ARGUMENT when `seeds` holds no
// usable article (one with a parseable date and a sentence).
absl::Status GenerateCorpus(const std::vector<CorpusArticle>& seeds, const GeneratorOptions& options,
                            const std::function<absl::Status(const CorpusArticle&)>& sink,
                            GeneratorStats* stats);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_GENERATOR_H_
