#include "bench/system/analysis_bench.h"

#include <atomic>
#include <iostream>
#include <thread>

#include "bench/system/corpus.h"
#include "bench/system/load.h"
#include "bench/system/sources.h"
#include "core/analysis/article_analyzer.h"

namespace chronicle::bench {
namespace {

nlohmann::json Measure(const analysis::ArticleAnalyzer& analyzer, const std::vector<v1::RawArticle>& articles,
                       const AnalysisBenchOptions& options, const char* label) {
  int64_t bytes = 0;
  for (const v1::RawArticle& raw : articles) bytes += static_cast<int64_t>(raw.content().size());
  nlohmann::json result = {{"articles", articles.size()}, {"bytes", bytes}};
  for (int threads : options.threads) {
    for (int round = 0; round < options.repeat; ++round) {
      std::atomic<size_t> next{0};
      std::atomic<int64_t> errors{0};
      const double start = MonotonicSeconds();
      std::vector<std::thread> workers;
      for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
          for (size_t i = next++; i < articles.size(); i = next++) {
            if (!analyzer.Analyze(articles[i]).ok()) ++errors;
          }
        });
      }
      for (std::thread& worker : workers) worker.join();
      const double seconds = MonotonicSeconds() - start;
      const double per_second = static_cast<double>(articles.size()) / seconds;
      result["threads"][std::to_string(threads)]["runs"].push_back(
          {{"seconds", seconds},
           {"articles_per_s", per_second},
           {"mb_per_s", static_cast<double>(bytes) / 1e6 / seconds},
           {"errors", errors.load()}});
      std::cerr << "  analyze " << label << " x" << threads << ": " << per_second << " articles/s\n";
    }
  }
  return result;
}

}  // namespace

absl::StatusOr<nlohmann::json> RunAnalysisBench(const AnalysisBenchOptions& options) {
  absl::StatusOr<std::unique_ptr<analysis::ArticleAnalyzer>> analyzer = analysis::ArticleAnalyzer::Create();
  if (!analyzer.ok()) return analyzer.status();
  absl::StatusOr<std::vector<CorpusArticle>> corpus = ReadCorpus(options.corpus, options.limit);
  if (!corpus.ok()) return corpus.status();
  std::vector<v1::RawArticle> texts;
  for (const CorpusArticle& article : *corpus) {
    v1::RawArticle raw;
    raw.set_id(article.id);
    raw.set_title(article.title);
    raw.set_published_at(article.published_at);
    raw.set_source(article.source);
    raw.set_content_type("text/plain");
    raw.set_content(article.body);
    texts.push_back(std::move(raw));
  }
  nlohmann::json result;
  result["text"] = Measure(**analyzer, texts, options, "text");
  if (!options.html_folder.empty()) {
    absl::StatusOr<std::vector<HtmlPage>> pages = LoadHtmlPages(options.html_folder);
    if (!pages.ok()) return pages.status();
    std::vector<v1::RawArticle> htmls;
    for (const HtmlPage& page : *pages) {
      v1::RawArticle raw;
      raw.set_id(page.name.substr(0, 64));
      raw.set_content_type("text/html");
      raw.set_content(page.html);
      htmls.push_back(std::move(raw));
    }
    result["html"] = Measure(**analyzer, htmls, options, "html");
  }
  return result;
}

}  // namespace chronicle::bench
