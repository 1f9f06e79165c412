// Throughput of ParseArticle on plain text (MB/s on one core). The articles
// are generated here so the benchmark needs no data.
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "core/parse/parse_article.h"

namespace {

// A deterministic article of about `paragraphs` paragraphs of news-like
// sentences with abbreviations, quotes, numbers, headings, a dateline and a
// promotional tail, so every cleanup step has work to do.
std::string MakeArticle(int paragraphs) {
  static const char* const kSentences[] = {
      "The port authority said on Tuesday that traffic rose 4.5 percent in the first quarter.",
      "Dr. Ana Ruiz, who leads the U.S. office, said the figures were \"better than expected.\"",
      "Gen. Okafor met Prof. Lind in Oslo on Jan. 5 to discuss the new ferry link.",
      "Officials expect the second phase to open by March 2025, two years later than planned.",
      "“We will follow the numbers closely,” said council member Ivo Brandt.",
      "Shipping firms moved their regional offices closer to the docks after the rail link opened.",
  };
  std::string text = "| 3 March 2024, Sunday |\n\nHarbour city opens ferry link to three island towns\n\n";
  for (int p = 0; p < paragraphs; ++p) {
    if (p > 0 && p % 8 == 0) absl::StrAppend(&text, "Section ", p / 8, ": What Comes Next\n\n");
    for (int s = 0; s < 4; ++s) {
      absl::StrAppend(&text, kSentences[(p * 4 + s) % 6], " ");
    }
    text += "\n\n";
  }
  text += "\xf0\x9f\x93\x9a Take Your Travel Skills to the Next Level!\n\n";
  text += "  \xe2\x80\xa2 Lesson 1: Timetables\n  \xe2\x80\xa2 Lesson 2: Tickets\n\nStart your journey now!\n\n";
  text += "For Daily News and Updates Follow \xe2\x80\x93 Harbour Daily\n\n  \xe2\x80\xa2 Coastal Wire\n";
  return text;
}

void BM_ParsePlainText(benchmark::State& state) {
  const std::string article = MakeArticle(static_cast<int>(state.range(0)));
  chronicle::parse::RawInput input;
  input.content = article;
  input.content_type = "text/plain";
  for (auto _ : state) {
    auto parsed = chronicle::parse::ParseArticle(input);
    if (!parsed.ok()) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(article.size()));
  state.counters["article_bytes"] = static_cast<double>(article.size());
}
BENCHMARK(BM_ParsePlainText)->Arg(8)->Arg(40)->Arg(400);

}  // namespace
