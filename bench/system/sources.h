// Loaders that turn the real corpora into benchmark articles. Each takes the
// corpus folder as it is distributed; nothing is copied into the repository.
#ifndef CHRONICLE_BENCH_SYSTEM_SOURCES_H_
#define CHRONICLE_BENCH_SYSTEM_SOURCES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bench/system/corpus.h"

namespace chronicle::bench {

// Reuters-21578 (reut2-*.sgm[.gz]): every story with a body, as
// id "reuters-NEWID", source "Reuters", the <DATE> day, the title, and the
// body with its hard line wraps joined into paragraphs and the "Reuter"
// sign-off removed. Errors as eval::ReadReutersFolder.
absl::StatusOr<std::vector<CorpusArticle>> LoadReuters(const std::string& folder);

// Timeline17 (<topic>/articles.jsonl.gz): id "t17-TOPIC-ID", the publisher
// named by the topic's suffix ("H1N1_bbc" -> "BBC"), the "time" day, the text
// detokenised ("Mexico 's" -> "Mexico's", `` '' -> quotes) with one paragraph
// per line, and as title the start of the first sentence (the data has none).
// Errors: NOT_FOUND when no topic folder holds articles.jsonl[.gz].
absl::StatusOr<std::vector<CorpusArticle>> LoadTimeline17(const std::string& folder);

// Every *.txt file of `folder` in name order: first non-empty line is the
// title, the rest the body; dated one day apart from `first_day` (YYYY-MM-DD)
// and published by "Samples". For runs without the real corpora.
// Errors: NOT_FOUND when the folder holds no .txt file.
absl::StatusOr<std::vector<CorpusArticle>> LoadTextFolder(const std::string& folder,
                                                          absl::string_view first_day = "2024-01-01");

struct HtmlPage {
  std::string name;  // file name without .html[.gz]
  std::string html;  // decompressed bytes
};

// The pages of `folder`/html/*.html[.gz] (the article-extraction benchmark
// layout) or of `folder`/*.html[.gz], in name order.
// Errors: NOT_FOUND when there is no page.
absl::StatusOr<std::vector<HtmlPage>> LoadHtmlPages(const std::string& folder);

// Undoes Penn Treebank tokenisation: "he said , `` it 's -LRB- not -RRB- over ''"
// -> "he said, \"it's (not) over\"".
std::string Detokenize(absl::string_view text);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_SYSTEM_SOURCES_H_
