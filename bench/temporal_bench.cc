// Throughput of the temporal tagger, in bytes of plain text per second.
//
//   BM_TagGeneratedNews: news-like text built from sentences written here.
//   BM_TagTimeMlCorpus: the texts of a TimeML corpus; set
//     CHRONICLE_TIMEML_DIR=/path/with/tml/folders (e.g. the TimeBank folder's
//     parent) or the benchmark is skipped.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/temporal/tagger.h"
#include "core/temporal/timeml.h"

namespace chronicle::temporal {
namespace {

// Roughly one temporal expression per sentence and a half, like wire copy.
constexpr const char* kSentences[] = {
    "SEOUL | 11 December 2023, Monday | South Korea's foreign minister said on Sunday that a "
    "summit with Japan and China is set for later this month.",
    "Kyodo News reported on Friday that the three leaders could meet as early as this year.",
    "Relations soured over the legacy of colonial rule from 1910 to 1945.",
    "The last such meeting was held on December 24, 2019, in the southwestern city of Chengdu.",
    "Officials from both countries have held working-level talks in recent weeks, and "
    "diplomats expect a joint statement to be issued after the meeting.",
    "The company, which employs 1,200 workers, reported a net profit of $8.3 million for the "
    "third quarter, up 12 percent from a year earlier.",
    "Analysts said demand for memory chips may recover in the second half of next year.",
    "The central bank kept its benchmark rate unchanged for a sixth straight meeting.",
    "Protesters marched through the capital on Saturday night, demanding the resignation of "
    "the interior minister.",
    "In 2018, the Supreme Court ordered two Japanese firms to compensate former laborers.",
    "Exports rose 5.1 percent in November from a year earlier, the trade ministry said.",
    "The minister will visit Washington next week for talks on supply chains and security.",
    "Parliament passed the budget bill by a vote of 180 to 95 after months of wrangling.",
    "The Group of Seven leaders pledged support at their summit in Hiroshima in May.",
    "Shares of the carmaker closed 2.4 percent lower at 3 p.m. local time.",
    "Rescue teams have been searching the area for three days, and officials said the "
    "death toll could rise.",
};

std::string GeneratedNews(size_t bytes) {
  std::string text;
  text.reserve(bytes + 512);
  size_t i = 0;
  while (text.size() < bytes) {
    text += kSentences[i % (sizeof(kSentences) / sizeof(kSentences[0]))];
    text += (i % 5 == 4) ? "\n\n" : " ";
    ++i;
  }
  return text;
}

void BM_TagGeneratedNews(benchmark::State& state) {
  const TemporalTagger tagger;
  const std::string text = GeneratedNews(static_cast<size_t>(state.range(0)));
  const ReferenceDate reference{absl::CivilSecond(2023, 12, 11), Granularity::kDay};
  size_t found = 0;
  for (auto _ : state) {
    const auto expressions = tagger.Tag(text, reference);
    found = expressions.size();
    benchmark::DoNotOptimize(expressions.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["expressions"] = static_cast<double>(found);
}
BENCHMARK(BM_TagGeneratedNews)->Arg(4 << 10)->Arg(1 << 20);

void BM_TagTimeMlCorpus(benchmark::State& state) {
  const char* dir = std::getenv("CHRONICLE_TIMEML_DIR");
  if (dir == nullptr) {
    state.SkipWithError("set CHRONICLE_TIMEML_DIR to a folder of TimeML corpora");
    return;
  }
  std::vector<TimeMlDocument> docs;
  size_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".tml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto doc = ParseTimeMl(buffer.str());
    if (!doc.ok()) continue;
    bytes += doc->body.text.size();
    docs.push_back(*std::move(doc));
  }
  if (docs.empty()) {
    state.SkipWithError("no .tml files found");
    return;
  }
  const TemporalTagger tagger;
  for (auto _ : state) {
    for (const TimeMlDocument& doc : docs) {
      const auto expressions = tagger.Tag(doc.body.text, doc.creation_time);
      benchmark::DoNotOptimize(expressions.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters["documents"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_TagTimeMlCorpus);

}  // namespace
}  // namespace chronicle::temporal
