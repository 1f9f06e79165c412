// Throughput of EntityExtractor::Extract on generated news text, and the cost
// of building the extractor.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/entities/extractor.h"

namespace chronicle::entities {
namespace {

// A deterministic stand-in for news: article-sized texts with titles, known
// and unknown people, places, organisations, numbers and ordinary prose.
std::vector<std::string> GenerateArticles(int count) {
  const char* kPeople[] = {"President Yoon Suk Yeol", "Prime Minister Fumio Kishida",
                           "Finance Minister Choi Dong-hwan", "Treasury Secretary James Baker",
                           "Gen. Nakatani", "spokesman Lee Min-jae", "Professor Ana Ortiz",
                           "Federal Reserve Chairman Paul Volcker", "Dr. Kim Soo-ah",
                           "Chancellor Helmut Kohl"};
  const char* kSurnames[] = {"Yoon", "Kishida", "Choi", "Baker", "Nakatani",
                             "Lee", "Ortiz", "Volcker", "Kim", "Kohl"};
  const char* kPlaces[] = {"Seoul", "Tokyo", "South Korea", "Japan", "Washington", "Beijing",
                           "the Korean Peninsula", "Dokdo", "Busan", "Frankfurt"};
  const char* kOrgs[] = {"the Bank of Korea", "Hanbit Heavy Industries", "OPEC",
                         "the University of Tokyo", "the IMF", "Daesung Motor Co",
                         "the European Community", "the Ministry of Foreign Affairs",
                         "Toyota", "the World Bank"};
  const char* kFiller[] = {
      "Officials said the talks would continue next week after a long pause.",
      "However, analysts expect prices to rise by 3.5 pct in the coming months.",
      "The agreement covers trade, security and cultural exchanges.",
      "Exports rose 12 pct in March from a year earlier, data showed on Monday.",
      "The decision drew criticism from opposition lawmakers and business groups."};
  std::vector<std::string> articles;
  uint32_t state = 12345;
  auto next = [&state](int n) {
    state = state * 1103515245u + 12345u;
    return static_cast<int>((state >> 16) % static_cast<uint32_t>(n));
  };
  for (int a = 0; a < count; ++a) {
    std::string text = "Talks Between Seoul And Tokyo Resume\n\n";
    for (int s = 0; s < 18; ++s) {
      int p = next(10);
      switch (next(4)) {
        case 0:
          text += std::string(kPeople[p]) + " met officials in " + kPlaces[next(10)] + ". ";
          break;
        case 1:
          text += std::string(kSurnames[p]) + " said " + kOrgs[next(10)] +
                  " would review the plan. ";
          break;
        case 2:
          text += std::string("Representatives of ") + kOrgs[next(10)] + " and " +
                  kOrgs[next(10)] + " visited " + kPlaces[next(10)] + ". ";
          break;
        default:
          text += std::string(kFiller[next(5)]) + " ";
      }
      if (s % 6 == 5) text += "\n";
    }
    articles.push_back(std::move(text));
  }
  return articles;
}

void BM_Extract(benchmark::State& state) {
  absl::StatusOr<EntityExtractor> extractor = EntityExtractor::Create();
  if (!extractor.ok()) {
    state.SkipWithError("cannot create the extractor");
    return;
  }
  std::vector<std::string> articles = GenerateArticles(200);
  int64_t bytes = 0;
  size_t entities = 0;
  for (auto _ : state) {
    for (const std::string& text : articles) {
      std::vector<Entity> found = extractor->Extract(text);
      entities += found.size();
      bytes += static_cast<int64_t>(text.size());
    }
  }
  benchmark::DoNotOptimize(entities);
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);

void BM_Create(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<EntityExtractor> extractor = EntityExtractor::Create();
    benchmark::DoNotOptimize(extractor.ok());
  }
}
BENCHMARK(BM_Create)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chronicle::entities
