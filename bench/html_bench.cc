// Throughput of core/html on one core, in MB of HTML per second.
//
//   build/bench/html_bench                      generated pages only
//   CHRONICLE_HTML_BENCH_DIR=/path/to/article-extraction-benchmark build/bench/html_bench
//                                               also the real pages in <dir>/html/*.html[.gz]
//   build/bench/html_bench --benchmark_filter=HugePage   the 100 MB page (one run; peak RSS counter)
#include <dirent.h>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "core/html/html_extractor.h"
#include "core/html/html_parser.h"

namespace chronicle::html {
namespace {

// A page shaped like a news site's: a head full of scripts and styles, a
// menu, an article, a sidebar of teasers, comments and a footer, repeated
// article paragraphs until `bytes` is reached.
std::string GeneratePage(size_t bytes) {
  std::string page =
      "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Harbour plan approved | Courier</title>"
      "<meta property=\"og:title\" content=\"Harbour plan approved\">"
      "<meta property=\"article:published_time\" content=\"2021-03-04T09:30:00Z\">"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Harbour plan approved\"}</script>"
      "<style>" + std::string(20000, 'a') + "</style><script>var config = {" + std::string(30000, 'b') + "};</script>"
      "</head><body><header class=site-header><nav><ul>";
  for (int i = 0; i < 40; ++i) absl::StrAppend(&page, "<li><a href=\"/section/", i, "\">Section ", i, "</a></li>");
  page += "</ul></nav></header><main><article><h1>Harbour plan approved</h1><p class=byline>By Ines Duarte</p>";
  const std::string paragraphs[] = {
      "<p>The town council approved the expansion of the northern harbour early on Thursday, after a debate that "
      "lasted more than nine hours and ended with a narrow vote.</p>\n",
      "<p>The plan adds two deep-water berths, a ferry terminal and a new breakwater, and is expected to cost "
      "about <a href=\"/budget\">48 million euros</a> over six years.</p>\n",
      "<div class=\"ad-slot\"><span>Advertisement</span></div>\n",
      "<h2>Fishermen divided</h2><p>Some welcomed the deeper berths, while others fear that construction will "
      "disturb the spawning grounds along the northern shore.</p>\n",
  };
  const std::string tail =
      "</article><aside class=sidebar><h3>Most read</h3><ul><li><a href=/a>Ferry prices rise</a></li>"
      "<li><a href=/b>Budget explained</a></li></ul></aside><section id=comments><div class=comment><p>Finally, "
      "good news for this town.</p></div></section></main><footer><p>© Courier</p></footer></body></html>";
  for (size_t i = 0; page.size() + tail.size() < bytes; ++i) page += paragraphs[i % 4];
  page += tail;
  return page;
}

void BM_GeneratedPage(benchmark::State& state) {
  const std::string page = GeneratePage(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto doc = ExtractHtml(page);
    if (!doc.ok()) state.SkipWithError(std::string(doc.status().message()).c_str());
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_GeneratedPage)->Arg(100 << 10)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);

void BM_ParseOnly(benchmark::State& state) {
  const std::string page = GeneratePage(1 << 20);
  ParseOptions options;
  options.parser = state.range(0) == 0 ? HtmlParser::kLibxml2 : HtmlParser::kGumbo;
  state.SetLabel(state.range(0) == 0 ? "libxml2" : "gumbo");
  for (auto _ : state) benchmark::DoNotOptimize(ParseHtml(page, options));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
}
BENCHMARK(BM_ParseOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

std::vector<std::string> LoadPages(const std::string& dir) {
  std::vector<std::string> pages;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return pages;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (!absl::EndsWith(name, ".html.gz") && !absl::EndsWith(name, ".html")) continue;
    gzFile f = gzopen((dir + "/" + name).c_str(), "rb");  // reads plain files too
    if (f == nullptr) continue;
    std::string bytes;
    char buffer[1 << 16];
    int n;
    while ((n = gzread(f, buffer, sizeof buffer)) > 0) bytes.append(buffer, static_cast<size_t>(n));
    gzclose(f);
    pages.push_back(std::move(bytes));
  }
  closedir(d);
  return pages;
}

void BM_BenchmarkPages(benchmark::State& state) {
  const char* dir = std::getenv("CHRONICLE_HTML_BENCH_DIR");
  if (dir == nullptr) {
    state.SkipWithError("set CHRONICLE_HTML_BENCH_DIR to the article-extraction-benchmark folder");
    return;
  }
  static const std::vector<std::string> pages = LoadPages(std::string(dir) + "/html");
  if (pages.empty()) {
    state.SkipWithError("no pages under $CHRONICLE_HTML_BENCH_DIR/html");
    return;
  }
  ExtractOptions options;
  options.parser = state.range(0) == 0 ? HtmlParser::kLibxml2 : HtmlParser::kGumbo;
  state.SetLabel(absl::StrCat(pages.size(), " pages, ", state.range(0) == 0 ? "libxml2" : "gumbo"));
  size_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& page : pages) {
      benchmark::DoNotOptimize(ExtractHtml(page, options));
      bytes += page.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_BenchmarkPages)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_HugePage(benchmark::State& state) {
  const std::string page = GeneratePage(size_t{100} << 20);
  for (auto _ : state) {
    auto doc = ExtractHtml(page);
    if (!doc.ok()) state.SkipWithError(std::string(doc.status().message()).c_str());
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024;
}
BENCHMARK(BM_HugePage)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace chronicle::html
