#include "bench/system/report.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace chronicle::bench {
namespace {

using Json = nlohmann::json;

// The peers and Chronicle's two query paths, in table order.
struct System {
  const char* key;
  const char* label;
};
constexpr System kQuerySystems[] = {{"chronicle_grpc", "Chronicle (gRPC)"},
                                    {"chronicle_inprocess", "Chronicle in-process (core/index)"},
                                    {"lucene", "Lucene"},
                                    {"postgres", "PostgreSQL FTS"},
                                    {"sqlite", "SQLite FTS5"}};
constexpr const char* kPeers[] = {"lucene", "postgres", "sqlite"};

const Json* Find(const Json& json, std::initializer_list<const char*> path) {
  const Json* at = &json;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
  }
  return at->is_null() ? nullptr : at;
}

double Median(const Json& summary) {
  return summary.is_object() && summary.contains("median") ? summary["median"].get<double>() : NAN;
}

std::string Number(double value) {
  if (std::isnan(value)) return "–";
  const double magnitude = std::fabs(value);
  if (magnitude >= 10000) {
    std::string digits = absl::StrFormat("%.0f", value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
    return digits;
  }
  if (magnitude >= 100) return absl::StrFormat("%.0f", value);
  if (magnitude >= 10) return absl::StrFormat("%.1f", value);
  if (magnitude >= 1) return absl::StrFormat("%.2f", value);
  return absl::StrFormat("%.3f", value);
}

// "12.3" or "12.3 (11.0–14.2)" when runs differ by more than 5%.
std::string WithSpread(const Json& summary) {
  if (!summary.is_object()) return "–";
  const double median = Median(summary);
  const double low = summary["min"].get<double>(), high = summary["max"].get<double>();
  if (summary["n"].get<int>() < 2 || high - low <= 0.05 * std::fabs(median)) return Number(median);
  return absl::StrCat(Number(median), " (", Number(low), "–", Number(high), ")");
}

std::string Ratio(double numerator, double denominator) {
  if (std::isnan(numerator) || std::isnan(denominator) || denominator == 0) return "–";
  return absl::StrCat(Number(numerator / denominator), "×");
}

std::string Bytes(double bytes) {
  if (std::isnan(bytes)) return "–";
  if (bytes >= 1e9) return absl::StrFormat("%.2f GB", bytes / 1e9);
  if (bytes >= 1e6) return absl::StrFormat("%.1f MB", bytes / 1e6);
  if (bytes >= 1e3) return absl::StrFormat("%.1f kB", bytes / 1e3);
  return absl::StrFormat("%.0f B", bytes);
}

std::string Mib(double kb) { return std::isnan(kb) ? "–" : absl::StrFormat("%.0f MiB", kb / 1024); }

double Value(const Json& json, std::initializer_list<const char*> path) {
  const Json* at = Find(json, path);
  return at != nullptr && at->is_number() ? at->get<double>() : NAN;
}

Json SuiteSummary(const Json& suite) {
  Json summary;
  if (const Json* classes = Find(suite, {"classes"})) {
    for (const auto& [name, runs] : classes->items()) {
      for (const char* field : {"p50_ms", "p95_ms", "p99_ms", "qps"}) {
        summary["classes"][name][field] = Summarize(runs["runs"], field);
      }
    }
  }
  if (const Json* mixes = Find(suite, {"mixes"})) {
    for (const auto& [mix, by_concurrency] : mixes->items()) {
      for (const auto& [concurrency, runs] : by_concurrency.items()) {
        for (const char* field : {"p50_ms", "p95_ms", "p99_ms", "qps"}) {
          summary["mixes"][mix][concurrency][field] = Summarize(runs["runs"], field);
        }
      }
    }
  }
  summary["warmup_errors"] = suite.value("warmup_errors", 0);
  int64_t errors = 0;
  const auto add_errors = [&errors](const Json& runs) {
    for (const Json& run : runs) errors += run.value("errors", int64_t{0});
  };
  if (const Json* classes = Find(suite, {"classes"})) {
    for (const auto& [name, c] : classes->items()) add_errors(c["runs"]);
  }
  if (const Json* mixes = Find(suite, {"mixes"})) {
    for (const auto& [mix, by_concurrency] : mixes->items()) {
      for (const auto& [concurrency, runs] : by_concurrency.items()) add_errors(runs["runs"]);
    }
  }
  summary["errors"] = errors;
  if (const Json* failed = Find(suite, {"failed_attempts"})) summary["failed_attempts"] = *failed;
  return summary;
}

Json IngestSummary(const Json& runs) {
  Json summary;
  for (const char* field : {"articles_per_s", "mb_per_s", "searchable_after_s", "index_lag_s", "ingest_cpu_s",
                            "query_cpu_s", "client_cpu_s"}) {
    Json s = Summarize(runs, field);
    if (!s.is_null()) summary[field] = s;
  }
  return summary;
}

}  // namespace

Json MachineInfo() {
  Json machine;
  machine["cores"] = sysconf(_SC_NPROCESSORS_ONLN);
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (absl::StartsWith(line, "model name")) {
      machine["cpu"] = std::string(absl::StripAsciiWhitespace(line.substr(line.find(':') + 1)));
      break;
    }
  }
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    absl::string_view view = line;
    if (absl::ConsumePrefix(&view, "MemTotal:")) {
      int64_t kb = 0;
      view = absl::StripAsciiWhitespace(view);
      absl::ConsumeSuffix(&view, " kB");
      if (absl::SimpleAtoi(view, &kb)) machine["memory_gib"] = static_cast<double>(kb) / (1024.0 * 1024.0);
    }
  }
  utsname name;
  if (uname(&name) == 0) machine["kernel"] = absl::StrCat(name.sysname, " ", name.release);
  std::ifstream loadavg("/proc/loadavg");
  std::string load;
  std::getline(loadavg, load);
  machine["loadavg_at_report"] = load;
  return machine;
}

Json Summarize(const Json& runs, const std::string& field) {
  std::vector<double> values;
  if (runs.is_array()) {
    for (const Json& run : runs) {
      if (run.is_object() && run.contains(field) && run[field].is_number()) values.push_back(run[field].get<double>());
    }
  }
  if (values.empty()) return nullptr;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {{"median", median}, {"min", values.front()}, {"max", values.back()}, {"n", n}};
}

Json CombinedResults(const RunResults& results) {
  Json combined = {{"run", results.run},           {"machine", results.machine},
                   {"corpus", results.corpus},     {"analysis", results.analysis},
                   {"chronicle", results.chronicle}, {"lucene", results.lucene},
                   {"postgres", results.postgres}, {"sqlite", results.sqlite}};
  Json summary;
  if (const Json* runs = Find(results.chronicle, {"ingest", "runs"})) summary["ingest"]["chronicle"] = IngestSummary(*runs);
  if (const Json* html = Find(results.chronicle, {"html_ingest"})) {
    summary["ingest"]["chronicle_html"] = IngestSummary(Json::array({*html}));
  }
  for (const char* kind : {"text", "html"}) {
    if (const Json* threads = Find(results.analysis, {kind, "threads"})) {
      for (const auto& [count, runs] : threads->items()) {
        summary["ingest"][absl::StrCat("analysis_", kind, "_", count)] = IngestSummary(runs["runs"]);
      }
    }
  }
  for (const char* peer : kPeers) {
    const Json& json = peer == std::string("lucene") ? results.lucene
                       : peer == std::string("postgres") ? results.postgres : results.sqlite;
    if (const Json* runs = Find(json, {"ingest", "runs"})) summary["ingest"][peer] = IngestSummary(*runs);
    if (const Json* suite = Find(json, {"queries"})) summary["queries"][peer] = SuiteSummary(*suite);
    summary["cost"][peer] = {{"disk_bytes_per_article", Value(json, {"disk", "bytes_per_article"})},
                             {"vm_hwm_kb", Value(json, {"memory", "vm_hwm_kb"})}};
  }
  if (const Json* suite = Find(results.chronicle, {"grpc"})) summary["queries"]["chronicle_grpc"] = SuiteSummary(*suite);
  if (const Json* suite = Find(results.chronicle, {"inprocess"})) {
    summary["queries"]["chronicle_inprocess"] = SuiteSummary(*suite);
  }
  const Json& c = results.chronicle;
  summary["cost"]["chronicle"] = {
      {"store_bytes_per_article", Value(c, {"disk", "store_bytes_per_article"})},
      {"index_bytes_per_article", Value(c, {"disk", "index_bytes_per_article"})},
      {"ingest_vm_hwm_kb", Value(c, {"memory", "ingest", "vm_hwm_kb"})},
      {"query_vm_hwm_kb", Value(c, {"memory", "query", "vm_hwm_kb"})},
      {"query_rss_anon_kb", Value(c, {"memory", "query", "rss_anon_kb"})},
      {"catch_up_s", Value(c, {"catch_up", "seconds"})},
      {"catch_up_articles_per_s", Value(c, {"catch_up", "articles_per_s"})},
      {"catch_up_vm_hwm_kb", Value(c, {"catch_up", "vm_hwm_kb"})},
      {"events", Value(c, {"index_status", "event_count"})}};
  // NaN is not JSON: the report reads missing numbers back as null.
  for (auto& [system, values] : summary["cost"].items()) {
    for (auto& [key, value] : values.items()) {
      if (value.is_number() && std::isnan(value.get<double>())) value = nullptr;
    }
  }
  combined["summary"] = std::move(summary);
  return combined;
}

namespace {

double CostValue(const Json& summary, const char* system, const char* key) {
  return Value(summary, {"cost", system, key});
}

std::string Latency(const Json* summary) {
  if (summary == nullptr || !summary->contains("p50_ms") || (*summary)["p50_ms"].is_null()) return "–";
  return absl::StrCat(WithSpread((*summary)["p50_ms"]), " <sub>", Number(Median((*summary)["p95_ms"])), " / ",
                      Number(Median((*summary)["p99_ms"])), "</sub>");
}

void IngestTable(const Json& summary, const Json& combined, std::string* md) {
  // A peers-only run (--no-chronicle without Chronicle's results) has no
  // Chronicle figures: its ratios and its row are left out, not a crash.
  auto chronicle_figure = [&](const char* key) {
    const Json* figure = Find(summary, {"ingest", "chronicle", key});
    return figure != nullptr ? Median(*figure) : NAN;
  };
  const double chronicle_rate = chronicle_figure("articles_per_s");
  const double chronicle_searchable = chronicle_figure("searchable_after_s");
  absl::StrAppend(md,
                  "## Ingest\n\n"
                  "| System | How | articles/s | MB/s | searchable after (s) | rate vs Chronicle |\n"
                  "|---|---|---|---|---|---|\n");
  auto row = [&](const std::string& label, const std::string& how, const char* key, bool ratio) {
    const Json* s = Find(summary, {"ingest", key});
    if (s == nullptr) return;
    const Json searchable = s->value("searchable_after_s", Json());
    absl::StrAppend(md, "| ", label, " | ", how, " | ", WithSpread(s->value("articles_per_s", Json())), " | ",
                    WithSpread(s->value("mb_per_s", Json())), " | ", WithSpread(searchable), " | ",
                    ratio ? Ratio(Median((*s)["articles_per_s"]), chronicle_rate) : "", " |\n");
  };
  const Json* chronicle = Find(combined, {"chronicle"});
  const int streams = chronicle != nullptr && chronicle->is_object() ? chronicle->value("streams", 0) : 0;
  row("Chronicle analysis only", "ArticleAnalyzer::Analyze in-process, 1 thread", "analysis_text_1", true);
  row("Chronicle analysis only", "same, 2 threads", "analysis_text_2", true);
  row("**Chronicle**",
      absl::StrCat("IngestArticles, ", streams, " streams; acknowledged = durable; "
                   "searchable = Search with min_sequence"),
      "chronicle", true);
  row("Lucene", "IndexWriter, 2 threads, one commit at the end", "lucene", true);
  row("PostgreSQL FTS", "COPY 500 rows, 2 connections, GIN + generated tsvector", "postgres", true);
  row("SQLite FTS5", "500 rows per transaction, WAL, synchronous=FULL", "sqlite", true);
  row("Chronicle, HTML pages", "text/html through IngestArticles (boilerplate removal)", "chronicle_html", false);
  row("Chronicle analysis only, HTML", "1 thread", "analysis_html_1", false);
  const Json* lag = Find(summary, {"ingest", "chronicle", "index_lag_s"});
  if (lag != nullptr && !std::isnan(chronicle_searchable)) {
    absl::StrAppend(md, "\nChronicle's last article became searchable ", Number(Median(*lag)),
                    " s after its acknowledgement (the query replica's indexing lag). CPU during the ingest: "
                    "ingest service ",
                    Number(chronicle_figure("ingest_cpu_s")), " s, query service (indexing) ",
                    Number(chronicle_figure("query_cpu_s")), " s, client ", Number(chronicle_figure("client_cpu_s")),
                    " s.\n");
  }
}

void LatencyTable(const Json& summary, std::string* md) {
  absl::StrAppend(md,
                  "\n## Query latency at concurrency 1 (ms: p50 <sub>p95 / p99</sub>)\n\n"
                  "| Query | ");
  std::vector<const System*> present;
  for (const System& system : kQuerySystems) {
    if (Find(summary, {"queries", system.key}) != nullptr) present.push_back(&system);
  }
  for (const System* system : present) absl::StrAppend(md, system->label, " | ");
  absl::StrAppend(md, "gRPC ÷ in-process | best peer ÷ Chronicle |\n|---|");
  for (size_t i = 0; i < present.size() + 2; ++i) absl::StrAppend(md, "---|");
  absl::StrAppend(md, "\n");
  const Json* classes = Find(summary, {"queries", "chronicle_grpc", "classes"});
  if (classes == nullptr) return;
  for (const auto& [name, unused] : classes->items()) {
    absl::StrAppend(md, "| ", name, " | ");
    for (const System* system : present) {
      absl::StrAppend(md, Latency(Find(summary, {"queries", system->key, "classes", name.c_str()})), " | ");
    }
    const double grpc = Value(summary, {"queries", "chronicle_grpc", "classes", name.c_str(), "p50_ms", "median"});
    const double local =
        Value(summary, {"queries", "chronicle_inprocess", "classes", name.c_str(), "p50_ms", "median"});
    double best_peer = NAN;
    for (const char* peer : kPeers) {
      const double p50 = Value(summary, {"queries", peer, "classes", name.c_str(), "p50_ms", "median"});
      if (!std::isnan(p50) && (std::isnan(best_peer) || p50 < best_peer)) best_peer = p50;
    }
    absl::StrAppend(md, Ratio(grpc, local), " | ", Ratio(best_peer, grpc), " |\n");
  }
  absl::StrAppend(md,
                  "\n\"best peer ÷ Chronicle\" above 1× means Chronicle through gRPC answers faster than "
                  "the fastest peer; peers have no timelines.\n");
}

void LoadTable(const Json& summary, std::string* md) {
  absl::StrAppend(md,
                  "\n## Under load: the interleaved mix, closed loop (ms: p50 <sub>p95 / p99</sub>; queries/s)\n\n"
                  "| System | Mix | ");
  std::vector<std::string> concurrencies;
  if (const Json* mixes = Find(summary, {"queries", "chronicle_grpc", "mixes", "search"})) {
    for (const auto& [concurrency, unused] : mixes->items()) concurrencies.push_back(concurrency);
  }
  std::sort(concurrencies.begin(), concurrencies.end(),
            [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
  for (const std::string& c : concurrencies) absl::StrAppend(md, "c=", c, " latency | c=", c, " q/s | ");
  absl::StrAppend(md, "\n|---|---|");
  for (size_t i = 0; i < concurrencies.size(); ++i) absl::StrAppend(md, "---|---|");
  absl::StrAppend(md, "\n");
  for (const System& system : kQuerySystems) {
    for (const char* mix : {"search", "timeline"}) {
      const Json* by_c = Find(summary, {"queries", system.key, "mixes", mix});
      if (by_c == nullptr) continue;
      absl::StrAppend(md, "| ", system.label, " | ", mix, " | ");
      for (const std::string& c : concurrencies) {
        const Json* s = Find(*by_c, {c.c_str()});
        absl::StrAppend(md, Latency(s), " | ", s == nullptr ? "–" : WithSpread((*s)["qps"]), " | ");
      }
      absl::StrAppend(md, "\n");
    }
  }
}

void CostTable(const Json& summary, std::string* md) {
  absl::StrAppend(md, "\n## Cost\n\n| What | Value |\n|---|---|\n");
  auto row = [&](const std::string& what, const std::string& value) {
    absl::StrAppend(md, "| ", what, " | ", value, " |\n");
  };
  row("Chronicle store (SQLite) per article", Bytes(CostValue(summary, "chronicle", "store_bytes_per_article")));
  row("Chronicle index (segments) per article", Bytes(CostValue(summary, "chronicle", "index_bytes_per_article")));
  row("Chronicle events indexed", Number(CostValue(summary, "chronicle", "events")));
  row("chronicle-ingest peak RSS (VmHWM)", Mib(CostValue(summary, "chronicle", "ingest_vm_hwm_kb")));
  row("chronicle-query peak RSS (VmHWM), after the query runs", Mib(CostValue(summary, "chronicle", "query_vm_hwm_kb")));
  row("chronicle-query anonymous resident memory (RssAnon: heap, not mapped index files), after the query runs",
      Mib(CostValue(summary, "chronicle", "query_rss_anon_kb")));
  row("Fresh replica: catch-up from an empty index",
      absl::StrCat(Number(CostValue(summary, "chronicle", "catch_up_s")), " s (",
                   Number(CostValue(summary, "chronicle", "catch_up_articles_per_s")), " articles/s, peak RSS ",
                   Mib(CostValue(summary, "chronicle", "catch_up_vm_hwm_kb")), ")"));
  row("Lucene index per article", Bytes(CostValue(summary, "lucene", "disk_bytes_per_article")));
  row("Lucene JVM peak RSS", Mib(CostValue(summary, "lucene", "vm_hwm_kb")));
  row("PostgreSQL table + indexes per article", Bytes(CostValue(summary, "postgres", "disk_bytes_per_article")));
  row("SQLite database per article", Bytes(CostValue(summary, "sqlite", "disk_bytes_per_article")));
  // Each of the 64 connections maps the database file, and VmHWM counts a
  // shared page once per mapping: this is mapped page cache, not memory the
  // harness owns.
  row("SQLite harness peak RSS (64 connections, each mapping the file: shared pages counted per mapping)",
      Mib(CostValue(summary, "sqlite", "vm_hwm_kb")));
}

void ChecksSection(const Json& combined, std::string* md) {
  absl::StrAppend(md, "\n## Checks\n\n");
  if (const Json* runs = Find(combined, {"chronicle", "ingest", "runs"})) {
    for (const Json& run : *runs) {
      std::vector<std::string> outcomes;
      for (const auto& [outcome, count] : run["outcomes"].items()) {
        outcomes.push_back(absl::StrCat(outcome, " ", count.get<int64_t>()));
      }
      absl::StrAppend(md, "- Chronicle ingest outcomes: ", absl::StrJoin(outcomes, ", "), "\n");
      for (const Json& error : run.value("first_errors", Json::array())) {
        absl::StrAppend(md, "  - rejected: ", error.get<std::string>(), "\n");
      }
    }
  }
  if (const Json* queries = Find(combined, {"summary", "queries"})) {
    for (const System& system : kQuerySystems) {
      const Json* s = Find(*queries, {system.key});
      if (s == nullptr) continue;
      absl::StrAppend(md, "- ", system.label, ": ", s->value("warmup_errors", 0), " failed warm-up queries, ",
                      s->value("errors", 0), " failed timed queries");
      if (const Json* failed = Find(*s, {"failed_attempts"}); failed != nullptr && !failed->empty()) {
        std::vector<std::string> how;
        for (const Json& f : *failed) how.push_back(f.get<std::string>());
        absl::StrAppend(md, "; the run crashed ", failed->size(), " time(s) before one completed (",
                        absl::StrJoin(how, ", "), ")");
      }
      absl::StrAppend(md, "\n");
    }
  }
}

}  // namespace

std::string MarkdownReport(const Json& combined) {
  const Json& summary = combined["summary"];
  const Json& machine = combined["machine"];
  const Json& corpus = combined["corpus"];
  const Json& run = combined["run"];
  std::string md = absl::StrCat("# Chronicle benchmark: ", run.value("scale", "?"), " (",
                                Number(corpus.value("articles", 0.0)), " articles, ",
                                Bytes(corpus.value("body_bytes", 0.0)), " of body text)\n\n");
  absl::StrAppend(&md, "Machine: ", machine.value("cpu", "?"), ", ", machine.value("cores", 0), " cores, ",
                  absl::StrFormat("%.1f", machine.value("memory_gib", 0.0)), " GiB, ", machine.value("kernel", ""),
                  ". Run ", run.value("started", ""), ", ", Number(run.value("seconds", 0.0) / 60),
                  " min, `", run.value("command", ""), "`. Figures are medians over ",
                  run.value("repeat", 0), " runs, with (min–max) where runs differ by more than 5%.\n\n");
  IngestTable(summary, combined, &md);
  LatencyTable(summary, &md);
  LoadTable(summary, &md);
  CostTable(summary, &md);
  ChecksSection(combined, &md);
  return md;
}

std::string GrowthTable(const std::vector<Json>& runs) {
  std::string md = "| Scale | articles | Chronicle ingest/s | searchable after (s) | catch-up (s) | store B/article | "
                   "index B/article | ingest RSS | query RSS | common word p50 (gRPC / in-process ms) | "
                   "search mix c=8 q/s | Lucene p50 | PostgreSQL p50 | SQLite p50 |\n"
                   "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const Json& combined : runs) {
    const Json& s = combined["summary"];
    auto p50 = [&](const char* system) {
      return Number(Value(s, {"queries", system, "classes", "common_word", "p50_ms", "median"}));
    };
    absl::StrAppend(&md, "| ", combined["run"].value("scale", "?"), " | ",
                    Number(combined["corpus"].value("articles", 0.0)), " | ",
                    Number(Value(s, {"ingest", "chronicle", "articles_per_s", "median"})), " | ",
                    Number(Value(s, {"ingest", "chronicle", "searchable_after_s", "median"})), " | ",
                    Number(CostValue(s, "chronicle", "catch_up_s")), " | ",
                    Number(CostValue(s, "chronicle", "store_bytes_per_article")), " | ",
                    Number(CostValue(s, "chronicle", "index_bytes_per_article")), " | ",
                    Mib(CostValue(s, "chronicle", "ingest_vm_hwm_kb")), " | ",
                    Mib(CostValue(s, "chronicle", "query_vm_hwm_kb")), " | ", p50("chronicle_grpc"), " / ",
                    p50("chronicle_inprocess"), " | ",
                    Number(Value(s, {"queries", "chronicle_grpc", "mixes", "search", "8", "qps", "median"})), " | ",
                    p50("lucene"), " | ", p50("postgres"), " | ", p50("sqlite"), " |\n");
  }
  return md;
}

}  // namespace chronicle::bench
