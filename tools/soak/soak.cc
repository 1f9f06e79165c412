// chronicle-soak: mixed ingest and query load at fixed rates for a bounded
// time, against running services. Every window it prints what was done, what
// failed, query and acknowledgement latency and the services' memory; at the
// end it reports acknowledgement latency over the run and judges the run:
// no errors but documented backpressure, memory flat after warm-up, p99 stable.
// The corpus is bounded (--articles ids, rewritten in turn), so "flat" means
// no leak rather than "no growth of the index".
//
//   chronicle-soak --ingest_address=H:P --query_address=H:P --duration=5m
//                  --ingest_rate=20 --ingest_lanes=4 --query_rate=50 --ingest_pid=N --query_pid=N
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chronicle/v1/ingest_service.grpc.pb.h"
#include "chronicle/v1/query_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, ingest_address, "127.0.0.1:50051", "ingest service");
ABSL_FLAG(std::string, query_address, "127.0.0.1:50052", "query service");
ABSL_FLAG(absl::Duration, duration, absl::Minutes(5), "how long to run");
ABSL_FLAG(absl::Duration, window, absl::Seconds(15), "report interval");
ABSL_FLAG(double, ingest_rate, 20, "articles per second");
ABSL_FLAG(int, ingest_lanes, 4,
          "concurrent IngestArticle callers sharing --ingest_rate, as several producers would be (one caller "
          "can send only one article per acknowledgement)");
ABSL_FLAG(double, query_rate, 50, "queries per second (searches and timelines)");
ABSL_FLAG(int64_t, articles, 1000,
          "distinct article ids; later articles replace earlier ones (UPDATED), so the corpus, and with it "
          "the memory the services need, stops growing once every id is used");
ABSL_FLAG(int, ingest_pid, 0, "ingest process, for memory readings");
ABSL_FLAG(int, query_pid, 0, "query process, for memory readings");

namespace chronicle::soak {
namespace {

constexpr const char* kWords[] = {
    "harbour", "ferry",   "storm",   "cargo",    "council", "budget", "strike",  "union",   "market",
    "export",  "tariff",  "summit",  "minister", "court",   "ruling", "treaty",  "border",  "election",
    "flood",   "drought", "harvest", "grain",    "energy",  "grid",   "railway", "airport", "hospital",
    "school",  "police",  "protest", "festival", "museum",  "bridge", "canal",   "mine",    "factory"};
constexpr int kWordCount = sizeof(kWords) / sizeof(kWords[0]);

std::string Article(int64_t i, std::mt19937& random) {
  std::string text = absl::StrCat("Soak report ", i, " on the ", kWords[random() % kWordCount], "\n\n");
  const int day = 1 + static_cast<int>(i % 28);
  for (int sentence = 0; sentence < 12; ++sentence) {
    absl::StrAppend(&text, "The");
    for (int w = 0; w < 10; ++w) absl::StrAppend(&text, " ", kWords[random() % kWordCount]);
    if (sentence == 3) absl::StrAppend(&text, " on March ", day, ", 2024");
    absl::StrAppend(&text, " in item ", i, ". ");
  }
  return text;
}

int64_t RssKib(int pid) {
  if (pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      int64_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

struct Window {
  int64_t acknowledged = 0, backpressure = 0, queries = 0;
  std::map<int, int64_t> errors;  // gRPC code -> count (not backpressure)
  std::vector<double> latencies_ms;
  // From the first attempt to the acknowledgement, backpressure retries
  // included: what a producer waits.
  std::vector<double> ack_ms;
};

class Soak {
 public:
  Soak()
      : ingest_(v1::IngestService::NewStub(
            grpc::CreateChannel(absl::GetFlag(FLAGS_ingest_address), grpc::InsecureChannelCredentials()))),
        query_(v1::QueryService::NewStub(
            grpc::CreateChannel(absl::GetFlag(FLAGS_query_address), grpc::InsecureChannelCredentials()))) {}

  int Run() {
    const absl::Time end = absl::Now() + absl::GetFlag(FLAGS_duration);
    std::vector<std::thread> ingest;
    const int lanes = std::max(1, absl::GetFlag(FLAGS_ingest_lanes));
    for (int lane = 0; lane < lanes; ++lane) ingest.emplace_back([&, lane] { IngestLoop(end, lane, lanes); });
    std::vector<std::thread> queries;
    for (int q = 0; q < 4; ++q) queries.emplace_back([&, q] { QueryLoop(end, q); });
    std::printf("%8s %8s %8s %8s %8s %10s %10s %10s %10s %10s %10s\n", "t(s)", "acked", "backpr", "errors",
                "queries", "p50(ms)", "p99(ms)", "ack50(ms)", "ack99(ms)", "ingestMiB", "queryMiB");
    const absl::Time start = absl::Now();
    while (absl::Now() < end) {
      absl::SleepFor(std::min(absl::GetFlag(FLAGS_window), end - absl::Now()));
      Report(absl::Now() - start);
    }
    for (std::thread& thread : ingest) thread.join();
    for (std::thread& thread : queries) thread.join();
    return Judge();
  }

 private:
  // Lane `lane` of `lanes` sends articles lane, lane + lanes, ... at its
  // share of the rate.
  void IngestLoop(absl::Time end, int lane, int lanes) {
    std::mt19937 random(7 + lane);
    const absl::Duration interval = absl::Seconds(lanes / absl::GetFlag(FLAGS_ingest_rate));
    absl::Time next = absl::Now() + interval * lane / lanes;
    absl::SleepFor(next - absl::Now());
    for (int64_t i = lane; absl::Now() < end; i += lanes) {
      v1::IngestArticleRequest request;
      request.mutable_article()->set_id(absl::StrCat("soak-", i % absl::GetFlag(FLAGS_articles)));
      request.mutable_article()->set_content(Article(i, random));
      request.mutable_article()->set_published_at("2024-03-29");
      const absl::Time started = absl::Now();
      while (true) {
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
        v1::IngestArticleResponse response;
        const grpc::Status status = ingest_->IngestArticle(&context, request, &response);
        std::unique_lock<std::mutex> lock(mutex_);
        if (status.ok()) {
          ++current_.acknowledged;
          current_.ack_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - started));
          last_sequence_ = std::max(last_sequence_, response.sequence());
          break;
        }
        if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++current_.backpressure;  // documented: back off and retry
          lock.unlock();
          absl::SleepFor(absl::Milliseconds(50));
          continue;
        }
        ++current_.errors[status.error_code()];
        break;
      }
      next += interval;
      absl::SleepFor(next - absl::Now());
    }
  }

  void QueryLoop(absl::Time end, int lane) {
    std::mt19937 random(100 + lane);
    const absl::Duration interval = absl::Seconds(4.0 / absl::GetFlag(FLAGS_query_rate));
    absl::Time next = absl::Now();
    while (absl::Now() < end) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      const absl::Time started = absl::Now();
      grpc::Status status;
      if (random() % 4 == 0) {
        v1::TimelineRequest request;
        request.set_query(kWords[random() % kWordCount]);
        v1::TimelineResponse response;
        status = query_->Timeline(&context, request, &response);
      } else {
        v1::SearchRequest request;
        request.set_query(absl::StrCat(kWords[random() % kWordCount], " ", kWords[random() % kWordCount]));
        if (random() % 5 == 0) request.add_facets("month");
        v1::SearchResponse response;
        status = query_->Search(&context, request, &response);
      }
      const double milliseconds = absl::ToDoubleMilliseconds(absl::Now() - started);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++current_.queries;
        if (status.ok()) {
          current_.latencies_ms.push_back(milliseconds);
        } else {
          ++current_.errors[status.error_code()];
        }
      }
      next += interval;
      absl::SleepFor(next - absl::Now());
    }
  }

  static double Percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
  }

  void Report(absl::Duration elapsed) {
    Window window;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::swap(window, current_);
    }
    int64_t errors = 0;
    for (const auto& [code, count] : window.errors) {
      errors += count;
      total_errors_[code] += count;
    }
    const double p50 = Percentile(window.latencies_ms, 0.50);
    const double p99 = Percentile(window.latencies_ms, 0.99);
    const int64_t ingest_kib = RssKib(absl::GetFlag(FLAGS_ingest_pid));
    const int64_t query_kib = RssKib(absl::GetFlag(FLAGS_query_pid));
    std::printf("%8.0f %8lld %8lld %8lld %8lld %10.2f %10.2f %10.2f %10.2f %10.1f %10.1f\n",
                absl::ToDoubleSeconds(elapsed), static_cast<long long>(window.acknowledged),
                static_cast<long long>(window.backpressure), static_cast<long long>(errors),
                static_cast<long long>(window.queries), p50, p99, Percentile(window.ack_ms, 0.50),
                Percentile(window.ack_ms, 0.99), ingest_kib / 1024.0, query_kib / 1024.0);
    all_ack_ms_.insert(all_ack_ms_.end(), window.ack_ms.begin(), window.ack_ms.end());
    std::fflush(stdout);
    p99s_.push_back(p99);
    rss_.push_back({ingest_kib, query_kib});
  }

  // The verdict: no errors beyond backpressure, memory flat after warm-up
  // (the last window within 25% + 16 MiB of the window at a quarter of the
  // run), p99 stable (the worst window within 4x the median window).
  int Judge() {
    int64_t errors = 0;
    for (const auto& [code, count] : total_errors_) {
      errors += count;
      std::printf("errors with gRPC code %d: %lld\n", code, static_cast<long long>(count));
    }
    bool ok = errors == 0;
    if (rss_.size() >= 4) {
      const auto& warm = rss_[rss_.size() / 4];
      const auto& last = rss_.back();
      for (int i = 0; i < 2; ++i) {
        const int64_t before = i == 0 ? warm.first : warm.second;
        const int64_t after = i == 0 ? last.first : last.second;
        const bool flat = after <= before * 1.25 + 16 * 1024;
        std::printf("%s memory: %.1f MiB after warm-up, %.1f MiB at the end: %s\n", i == 0 ? "ingest" : "query",
                    before / 1024.0, after / 1024.0, flat ? "flat" : "GROWING");
        ok = ok && flat;
      }
    }
    if (!p99s_.empty()) {
      std::vector<double> sorted = p99s_;
      std::sort(sorted.begin(), sorted.end());
      const double median = sorted[sorted.size() / 2];
      const bool stable = sorted.back() <= 4 * median + 5;
      std::printf("query p99 per window: median %.2f ms, worst %.2f ms: %s\n", median, sorted.back(),
                  stable ? "stable" : "UNSTABLE");
      ok = ok && stable;
    }
    // Reported, not judged: what a producer waits depends on the disk's
    // sync latency, which the verdict cannot know.
    std::printf("acknowledgement over the run: %zu articles, p50 %.2f ms, p99 %.2f ms, worst %.2f ms\n",
                all_ack_ms_.size(), Percentile(all_ack_ms_, 0.50), Percentile(all_ack_ms_, 0.99),
                Percentile(all_ack_ms_, 1.0));
    std::printf("last acknowledged sequence %lld; %s\n", static_cast<long long>(last_sequence_),
                ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
  }

  std::unique_ptr<v1::IngestService::Stub> ingest_;
  std::unique_ptr<v1::QueryService::Stub> query_;
  std::mutex mutex_;
  Window current_;  // guarded by mutex_
  int64_t last_sequence_ = 0;  // guarded by mutex_
  std::map<int, int64_t> total_errors_;
  std::vector<double> p99s_;
  std::vector<double> all_ack_ms_;
  std::vector<std::pair<int64_t, int64_t>> rss_;
};

}  // namespace
}  // namespace chronicle::soak

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return chronicle::soak::Soak().Run();
}
