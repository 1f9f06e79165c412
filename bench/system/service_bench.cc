#include "bench/system/service_bench.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/system/chronicle_client.h"
#include "bench/system/chronicle_requests.h"
#include "bench/system/corpus.h"
#include "bench/system/load.h"
#include "bench/system/process.h"
#include "bench/system/sources.h"
#include "core/index/index_reader.h"

namespace chronicle::bench {
namespace {

constexpr int kQueryChannels = 8;
constexpr absl::Duration kCallDeadline = absl::Seconds(30);
// Long enough for a million articles on two cores.
constexpr absl::Duration kSearchableTimeout = absl::Hours(6);

struct Cluster {
  std::string ingest_dir, query_dir;
  std::unique_ptr<ChildProcess> ingest, query;
  // Ingest replicas beyond the first (ServiceBenchOptions::ingest_replicas).
  std::vector<std::unique_ptr<ChildProcess>> more_ingests;
};

nlohmann::json UsageJson(const ProcessUsage& usage) {
  return {{"vm_hwm_kb", usage.vm_hwm_kb}, {"vm_rss_kb", usage.vm_rss_kb}, {"rss_anon_kb", usage.rss_anon_kb}, {"cpu_seconds", usage.cpu_seconds}};
}

ProcessUsage Usage(const ChildProcess& process) {
  absl::StatusOr<ProcessUsage> usage = ReadProcessUsage(process.pid());
  return usage.ok() ? *usage : ProcessUsage{};
}

absl::StatusOr<std::unique_ptr<ChildProcess>> StartIngest(const ServiceBenchOptions& options,
                                                         const std::string& dir) {
  std::vector<std::string> args = {absl::StrCat("--data_dir=", dir), "--listen=127.0.0.1:0",
                                   "--log_level=warning"};
  args.insert(args.end(), options.ingest_flags.begin(), options.ingest_flags.end());
  return ChildProcess::StartService(options.ingest_binary, args, dir + ".log");
}

absl::StatusOr<std::unique_ptr<ChildProcess>> StartQuery(const ServiceBenchOptions& options, const std::string& dir,
                                                        const std::string& ingest_address) {
  std::vector<std::string> args = {absl::StrCat("--data_dir=", dir), "--listen=127.0.0.1:0",
                                   absl::StrCat("--ingest_address=", ingest_address), "--log_level=warning"};
  args.insert(args.end(), options.query_flags.begin(), options.query_flags.end());
  return ChildProcess::StartService(options.query_binary, args, dir + ".log");
}

// One full ingest into fresh services; the cluster is left running.
absl::StatusOr<nlohmann::json> IngestOnce(const ServiceBenchOptions& options, int round, Cluster* cluster) {
  cluster->ingest_dir = absl::StrCat(options.work_dir, "/ingest-", round);
  cluster->query_dir = absl::StrCat(options.work_dir, "/query-", round);
  RemoveTree(cluster->ingest_dir);
  RemoveTree(cluster->query_dir);
  auto ingest = StartIngest(options, cluster->ingest_dir);
  if (!ingest.ok()) return ingest.status();
  cluster->ingest = *std::move(ingest);
  std::vector<std::string> ingest_addresses = {cluster->ingest->address()};
  cluster->more_ingests.clear();
  for (int replica = 1; replica < options.ingest_replicas; ++replica) {
    const std::string dir = absl::StrCat(cluster->ingest_dir, "-replica-", replica);
    RemoveTree(dir);
    auto more = StartIngest(options, dir);
    if (!more.ok()) return more.status();
    ingest_addresses.push_back((*more)->address());
    cluster->more_ingests.push_back(*std::move(more));
  }
  auto ingest_usage = [&] {
    ProcessUsage total = Usage(*cluster->ingest);
    for (const auto& more : cluster->more_ingests) total.cpu_seconds += Usage(*more).cpu_seconds;
    return total;
  };
  auto query = StartQuery(options, cluster->query_dir, cluster->ingest->address());
  if (!query.ok()) return query.status();
  cluster->query = *std::move(query);

  absl::StatusOr<CorpusReader> reader = CorpusReader::Open(options.corpus);
  if (!reader.ok()) return reader.status();
  absl::Status read_error;
  CorpusArticle article;
  auto next = [&](IngestInput* input) {
    absl::StatusOr<bool> more = reader->Next(&article);
    if (!more.ok()) read_error = more.status();
    if (!more.ok() || !*more) return false;
    *input = {std::move(article.id),     std::move(article.title), std::move(article.published_at),
              std::move(article.source), std::move(article.body),  "text/plain"};
    return true;
  };
  const ProcessUsage ingest_before = ingest_usage();
  const ProcessUsage query_before = Usage(*cluster->query);
  const ProcessUsage self_before = ReadSelfUsage();
  const double start = MonotonicSeconds();
  absl::StatusOr<IngestRun> run =
      StreamArticles(ingest_addresses, std::max(options.streams, options.ingest_replicas), next);
  if (!run.ok()) return run.status();
  if (!read_error.ok()) return read_error;
  const double acknowledged = MonotonicSeconds();
  const ProcessUsage ingest_acked = ingest_usage();
  std::cerr << "  ingest round " << round << ": " << run->articles << " acknowledged in " << run->seconds
            << " s; waiting for sequence " << run->last_sequence << " to be searchable\n";
  if (absl::Status s = WaitSearchable(cluster->query->address(), run->last_sequence, kSearchableTimeout,
                                     [&] { return cluster->query->CheckRunning(); });
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("chronicle-query: ", s.message()));
  }
  const double searchable = MonotonicSeconds();
  // Queries are measured on the index as it settles: once the merges the
  // burst started are done, as a quiet replica's are.
  if (absl::Status s = WaitMerged(cluster->query->address(), kSearchableTimeout,
                                  [&] { return cluster->query->CheckRunning(); });
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("chronicle-query: ", s.message()));
  }
  const double merged = MonotonicSeconds();
  const ProcessUsage ingest_after = ingest_usage();
  const ProcessUsage query_after = Usage(*cluster->query);
  const ProcessUsage self_after = ReadSelfUsage();

  nlohmann::json json = ToJson(*run);
  json["ingest_replicas"] = options.ingest_replicas;
  json["searchable_after_s"] = searchable - start;
  json["index_lag_s"] = searchable - acknowledged;
  json["merged_after_s"] = merged - start;
  json["ingest_cpu_s"] = ingest_acked.cpu_seconds - ingest_before.cpu_seconds;
  json["ingest_cpu_total_s"] = ingest_after.cpu_seconds - ingest_before.cpu_seconds;
  json["query_cpu_s"] = query_after.cpu_seconds - query_before.cpu_seconds;
  json["client_cpu_s"] = self_after.cpu_seconds - self_before.cpu_seconds;
  json["ingest_vm_hwm_kb"] = ingest_after.vm_hwm_kb;
  json["query_vm_hwm_kb"] = query_after.vm_hwm_kb;
  std::cerr << "  searchable after " << searchable - start << " s (" << searchable - acknowledged
            << " s after the last acknowledgement); merges done after " << merged - start << " s\n";
  return json;
}

absl::StatusOr<nlohmann::json> GrpcQueries(const ServiceBenchOptions& options, const QueryMix& mix,
                                           const std::string& address) {
  std::vector<std::unique_ptr<v1::QueryService::Stub>> stubs;
  for (int i = 0; i < kQueryChannels; ++i) stubs.push_back(v1::QueryService::NewStub(OwnChannel(address, i)));
  auto search = [&](const v1::SearchRequest& request) -> absl::StatusOr<v1::SearchResponse> {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    v1::SearchResponse response;
    grpc::Status status = stubs[0]->Search(&context, request, &response);
    if (!status.ok()) return absl::InternalError(absl::StrCat("Search: ", status.error_message()));
    return response;
  };
  absl::StatusOr<ChronicleRequests> requests = ChronicleRequests::Build(mix, search);
  if (!requests.ok()) return requests.status();
  return RunQuerySuite(
      mix,
      [&](int worker, const QueryClass& klass, const BenchQuery& query) {
        v1::QueryService::Stub& stub = *stubs[static_cast<size_t>(worker) % stubs.size()];
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
        if (klass.timeline) {
          v1::TimelineResponse response;
          return stub.Timeline(&context, requests->timeline(query), &response).ok();
        }
        v1::SearchResponse response;
        return stub.Search(&context, requests->search(query), &response).ok();
      },
      options.suite);
}

absl::StatusOr<nlohmann::json> InProcessQueries(const ServiceBenchOptions& options, const QueryMix& mix,
                                                const std::string& index_path) {
  std::vector<std::unique_ptr<index::IndexReader>> readers;
  for (int i = 0; i < MaxConcurrency(options.suite); ++i) {
    absl::StatusOr<std::unique_ptr<index::IndexReader>> reader = index::IndexReader::Open(index_path);
    if (!reader.ok()) return reader.status();
    readers.push_back(*std::move(reader));
  }
  absl::StatusOr<ChronicleRequests> requests = ChronicleRequests::Build(
      mix, [&](const v1::SearchRequest& request) { return readers[0]->Search(request); });
  if (!requests.ok()) return requests.status();
  return RunQuerySuite(
      mix,
      [&](int worker, const QueryClass& klass, const BenchQuery& query) {
        index::IndexReader& reader = *readers[static_cast<size_t>(worker)];
        if (klass.timeline) return reader.Timeline(requests->timeline(query)).ok();
        return reader.Search(requests->search(query)).ok();
      },
      options.suite);
}

// The in-process suite runs in a child process (bench_chronicle inprocess):
// should core/index crash under concurrency, that costs one attempt, is
// recorded in the results, and the run goes on.
absl::StatusOr<nlohmann::json> InProcessInChild(const ServiceBenchOptions& options, const std::string& index_path) {
  constexpr int kAttempts = 3;
  std::string concurrency;
  for (int c : options.suite.mix_concurrency) absl::StrAppend(&concurrency, concurrency.empty() ? "" : ",", c);
  const std::string out = absl::StrCat(options.work_dir, "/inprocess.json");
  const std::vector<std::string> args = {
      "inprocess",
      absl::StrCat("--index=", index_path),
      absl::StrCat("--queries=", options.queries),
      absl::StrCat("--out=", out),
      absl::StrCat("--repeat=", options.suite.repeat),
      absl::StrCat("--warmup_seconds=", absl::ToDoubleSeconds(options.suite.warmup_duration)),
      absl::StrCat("--class_seconds=", absl::ToDoubleSeconds(options.suite.class_duration)),
      absl::StrCat("--mix_seconds=", absl::ToDoubleSeconds(options.suite.mix_duration)),
      absl::StrCat("--concurrency=", concurrency)};
  nlohmann::json failures = nlohmann::json::array();
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    RemoveTree(out);
    absl::StatusOr<int> status = RunToCompletion(SelfExecutable(), args, absl::StrCat(options.work_dir, "/inprocess.log"));
    if (!status.ok()) return status.status();
    if (*status == 0) {
      std::ifstream in(out);
      nlohmann::json result = nlohmann::json::parse(in, nullptr, false);
      if (result.is_discarded()) return absl::InternalError("inprocess: unreadable results");
      result["failed_attempts"] = failures;
      return result;
    }
    std::cerr << "  in-process run ended with status " << *status << "; trying again\n";
    failures.push_back(*status > 128 ? absl::StrCat("signal ", *status - 128) : absl::StrCat("exit ", *status));
  }
  return nlohmann::json{{"failed_attempts", failures}};
}

absl::StatusOr<nlohmann::json> CatchUp(const ServiceBenchOptions& options, const std::string& ingest_address,
                                       int64_t last_sequence, int64_t articles) {
  const std::string dir = absl::StrCat(options.work_dir, "/replica");
  RemoveTree(dir);
  const double start = MonotonicSeconds();
  auto replica = StartQuery(options, dir, ingest_address);
  if (!replica.ok()) return replica.status();
  if (absl::Status s = WaitSearchable((*replica)->address(), last_sequence, kSearchableTimeout,
                                     [&] { return (*replica)->CheckRunning(); });
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("catch-up replica: ", s.message()));
  }
  const double seconds = MonotonicSeconds() - start;
  const ProcessUsage usage = Usage(**replica);
  (*replica)->Terminate();
  const int64_t index_bytes = DirectoryBytes(dir);
  std::cerr << "  replica caught up with " << last_sequence << " changes in " << seconds << " s\n";
  RemoveTree(dir);
  return nlohmann::json{{"seconds", seconds},
                        {"articles_per_s", static_cast<double>(articles) / seconds},
                        {"vm_hwm_kb", usage.vm_hwm_kb},
                        {"cpu_seconds", usage.cpu_seconds},
                        {"index_bytes", index_bytes}};
}

absl::StatusOr<nlohmann::json> HtmlIngest(const ServiceBenchOptions& options) {
  absl::StatusOr<std::vector<HtmlPage>> pages = LoadHtmlPages(options.html_folder);
  if (!pages.ok()) return pages.status();
  const std::string dir = absl::StrCat(options.work_dir, "/ingest-html");
  RemoveTree(dir);
  auto ingest = StartIngest(options, dir);
  if (!ingest.ok()) return ingest.status();
  size_t next_page = 0;
  absl::StatusOr<IngestRun> run =
      StreamArticles({(*ingest)->address()}, options.streams, [&](IngestInput* input) {
        if (next_page >= pages->size()) return false;
        const HtmlPage& page = (*pages)[next_page++];
        *input = {absl::StrCat("html-", page.name.substr(0, 48)), "", "", "", page.html, "text/html"};
        return true;
      });
  (*ingest)->Terminate();
  RemoveTree(dir);
  if (!run.ok()) return run.status();
  return ToJson(*run);
}

}  // namespace

absl::StatusOr<nlohmann::json> RunServiceBench(const ServiceBenchOptions& options) {
  absl::StatusOr<QueryMix> mix = ReadQueryMix(options.queries);
  if (!mix.ok()) return mix.status();
  std::filesystem::create_directories(options.work_dir);
  nlohmann::json result = {{"system", "chronicle"}, {"streams", options.streams}};

  Cluster cluster;
  for (int round = 0; round < options.ingest_repeat; ++round) {
    if (cluster.ingest != nullptr) {
      cluster.query->Terminate();
      cluster.ingest->Terminate();
      RemoveTree(cluster.ingest_dir);
      RemoveTree(cluster.query_dir);
    }
    absl::StatusOr<nlohmann::json> run = IngestOnce(options, round, &cluster);
    if (!run.ok()) return run.status();
    result["ingest"]["runs"].push_back(*run);
  }
  const int64_t last_sequence = result["ingest"]["runs"].back()["last_sequence"].get<int64_t>();
  const int64_t articles = result["ingest"]["runs"].back()["articles"].get<int64_t>();
  if (absl::StatusOr<nlohmann::json> status = IndexStatusJson(cluster.query->address()); status.ok()) {
    result["index_status"] = *status;
  }

  std::cerr << "chronicle: queries through gRPC\n";
  absl::StatusOr<nlohmann::json> grpc_queries = GrpcQueries(options, *mix, cluster.query->address());
  if (!grpc_queries.ok()) return grpc_queries.status();
  result["grpc"] = *std::move(grpc_queries);
  result["memory"]["ingest"] = UsageJson(Usage(*cluster.ingest));
  result["memory"]["query"] = UsageJson(Usage(*cluster.query));

  const std::string index_path = absl::StrCat(cluster.query_dir, "/index");
  if (options.inprocess) {
    std::cerr << "chronicle: the same queries in-process (core/index)\n";
    absl::StatusOr<nlohmann::json> local = InProcessInChild(options, index_path);
    if (!local.ok()) return local.status();
    result["inprocess"] = *std::move(local);
  }

  const int64_t store_bytes = DirectoryBytes(cluster.ingest_dir);
  const int64_t index_bytes = DirectoryBytes(index_path);
  result["disk"] = {{"store_bytes", store_bytes},
                    {"index_bytes", index_bytes},
                    {"store_bytes_per_article", articles > 0 ? store_bytes / articles : 0},
                    {"index_bytes_per_article", articles > 0 ? index_bytes / articles : 0}};
  cluster.query->Terminate();
  if (options.keep_data) {
    cluster.ingest->Terminate();
    result["data"] = {{"ingest_dir", cluster.ingest_dir}, {"index", index_path}};
    return result;
  }

  if (options.catch_up) {
    std::cerr << "chronicle: a fresh replica catches up\n";
    absl::StatusOr<nlohmann::json> catch_up = CatchUp(options, cluster.ingest->address(), last_sequence, articles);
    if (!catch_up.ok()) return catch_up.status();
    result["catch_up"] = *std::move(catch_up);
  }
  cluster.ingest->Terminate();
  RemoveTree(cluster.ingest_dir);
  RemoveTree(cluster.query_dir);

  if (!options.html_folder.empty()) {
    std::cerr << "chronicle: HTML pages through IngestArticles\n";
    absl::StatusOr<nlohmann::json> html = HtmlIngest(options);
    if (!html.ok()) return html.status();
    result["html_ingest"] = *std::move(html);
  }
  return result;
}

absl::StatusOr<nlohmann::json> RunInProcessSuite(const std::string& index_path, const std::string& queries_path,
                                                 const SuiteOptions& suite) {
  absl::StatusOr<QueryMix> mix = ReadQueryMix(queries_path);
  if (!mix.ok()) return mix.status();
  ServiceBenchOptions options;
  options.suite = suite;
  absl::StatusOr<nlohmann::json> result = InProcessQueries(options, *mix, index_path);
  if (result.ok()) (*result)["vm_hwm_kb"] = ReadSelfUsage().vm_hwm_kb;
  return result;
}

absl::StatusOr<nlohmann::json> RunQueryPasses(const std::string& index_path, const std::string& queries_path,
                                              const std::vector<std::string>& classes, int passes) {
  absl::StatusOr<QueryMix> mix = ReadQueryMix(queries_path);
  if (!mix.ok()) return mix.status();
  absl::StatusOr<std::unique_ptr<index::IndexReader>> reader = index::IndexReader::Open(index_path);
  if (!reader.ok()) return reader.status();
  absl::StatusOr<ChronicleRequests> requests = ChronicleRequests::Build(
      *mix, [&](const v1::SearchRequest& request) { return (*reader)->Search(request); });
  if (!requests.ok()) return requests.status();
  nlohmann::json seconds;
  for (const QueryClass& klass : mix->classes) {
    if (!classes.empty() && std::find(classes.begin(), classes.end(), klass.name) == classes.end()) continue;
    const double start = MonotonicSeconds();
    for (int pass = 0; pass < passes; ++pass) {
      for (const BenchQuery& query : klass.queries) {
        const absl::Status status = klass.timeline ? (*reader)->Timeline(requests->timeline(query)).status()
                                                   : (*reader)->Search(requests->search(query)).status();
        if (!status.ok()) return status;
      }
    }
    seconds[klass.name] = MonotonicSeconds() - start;
  }
  return seconds;
}

}  // namespace chronicle::bench
