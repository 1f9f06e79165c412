// Timeline building over synthetic result sets shaped like a busy query:
// happenings reported by one to ten articles in varied words, a few sources a
// day off, over two months, one day or thirty years.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "core/timeline/features.h"
#include "core/timeline/timeline.h"

namespace chronicle::timeline {
namespace {

enum class Spread { kTwoMonths, kOneDay, kThirtyYears };

void SetDay(absl::CivilDay day, v1::Granularity granularity, v1::TimeInterval* interval) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  absl::Time start = absl::FromCivil(day, utc), end = absl::FromCivil(day + 1, utc);
  if (granularity == v1::YEAR) {
    start = absl::FromCivil(absl::CivilYear(day.year()), utc);
    end = absl::FromCivil(absl::CivilYear(day.year() + 1), utc);
  }
  interval->mutable_start()->set_seconds(absl::ToUnixSeconds(start));
  interval->mutable_end()->set_seconds(absl::ToUnixSeconds(end));
  interval->set_granularity(granularity);
}

std::vector<TimelineEvent> MakeEvents(int count, Spread spread) {
  std::mt19937 random(20191224);
  // Background words follow a Zipf-like law; each happening has its own words.
  std::vector<double> zipf;
  for (int i = 1; i <= 3000; ++i) zipf.push_back(1.0 / i);
  std::discrete_distribution<int> background(zipf.begin(), zipf.end());
  std::uniform_int_distribution<int> reports(1, 10), percent(0, 99);
  std::vector<TimelineEvent> events;
  int happening = 0;
  while (static_cast<int>(events.size()) < count) {
    ++happening;
    absl::CivilDay day(2019, 11, 1);
    bool year_level = false;
    switch (spread) {
      case Spread::kTwoMonths:
        day += happening % 60;
        break;
      case Spread::kOneDay:
        break;
      case Spread::kThirtyYears:
        day = absl::CivilDay(1990 + happening % 30, 1 + happening % 12, 1 + happening % 28);
        year_level = happening % 3 == 0;
        break;
    }
    std::vector<std::string> core;
    for (int w = 0; w < 6; ++w) core.push_back(absl::StrCat("h", happening, "w", w));
    const std::vector<std::string> entities = {absl::StrCat("location:l", happening % 200),
                                               absl::StrCat("person:p", happening % 500)};
    const int n = reports(random);
    for (int r = 0; r < n && static_cast<int>(events.size()) < count; ++r) {
      TimelineEvent& event = events.emplace_back();
      v1::Citation& citation = *event.citation;
      citation.set_article_id(absl::StrCat("article-", happening * 13 + r));
      citation.set_title("A title");
      citation.set_source("A source");
      citation.mutable_published_at()->set_seconds(1577000000 + r * 3600);
      citation.set_sentence(absl::StrCat("Sentence about happening ", happening, " in report ", r, "."));
      const bool off_by_one = percent(random) < 5;
      SetDay(off_by_one ? day - 1 : day, year_level ? v1::YEAR : v1::DAY, citation.mutable_interval());
      citation.set_date_value("2019-11-01");
      for (const std::string& entity : entities) citation.add_entity_ids(entity);
      std::vector<std::string> terms;
      for (const std::string& word : core) {
        if (percent(random) < 75) terms.push_back(word);
      }
      for (int w = 0; w < 6; ++w) terms.push_back(absl::StrCat("b", background(random)));
      event.terms = TermsOf(terms);
      event.relevance = percent(random) / 10.0;
    }
  }
  return events;
}

// The whole timeline (`page` 0), or its first `page` entries as a timeline
// request builds them.
void BuildTimelineBench(benchmark::State& state, Spread spread, v1::TimelineRequest::Bucket bucket,
                        size_t page = 0) {
  const std::vector<TimelineEvent> events = MakeEvents(static_cast<int>(state.range(0)), spread);
  size_t entries = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<TimelineEvent> copy = events;
    state.ResumeTiming();
    entries = page == 0 ? BuildTimeline(std::move(copy), bucket).size()
                        : BuildTimelineBeginning(std::move(copy), bucket, page).entries.size();
    benchmark::DoNotOptimize(entries);
  }
  state.counters["entries"] = static_cast<double>(entries);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_BuildTimelineTwoMonths(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kTwoMonths, v1::TimelineRequest::DAY);
}
void BM_BuildTimelineOneDay(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kOneDay, v1::TimelineRequest::DAY);
}
void BM_BuildTimelineThirtyYears(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kThirtyYears, v1::TimelineRequest::YEAR);
}
BENCHMARK(BM_BuildTimelineTwoMonths)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildTimelineOneDay)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildTimelineThirtyYears)->Arg(5000)->Unit(benchmark::kMillisecond);

// The first page of 50 entries.
void BM_BuildPageTwoMonths(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kTwoMonths, v1::TimelineRequest::DAY, 50);
}
void BM_BuildPageOneDay(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kOneDay, v1::TimelineRequest::DAY, 50);
}
void BM_BuildPageThirtyYears(benchmark::State& state) {
  BuildTimelineBench(state, Spread::kThirtyYears, v1::TimelineRequest::YEAR, 50);
}
BENCHMARK(BM_BuildPageTwoMonths)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildPageOneDay)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildPageThirtyYears)->Arg(5000)->Unit(benchmark::kMillisecond);

void BM_Histogram(benchmark::State& state) {
  const std::vector<TimelineEvent> events = MakeEvents(static_cast<int>(state.range(0)), Spread::kTwoMonths);
  for (auto _ : state) benchmark::DoNotOptimize(Histogram(events, v1::TimelineRequest::DAY));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Histogram)->Arg(5000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chronicle::timeline
