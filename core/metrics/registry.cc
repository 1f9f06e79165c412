#include "core/metrics/registry.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace chronicle::metrics {
namespace {

enum Kind { kCounter = 0, kGauge = 1, kHistogram = 2 };

bool ValidName(absl::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
                    (allow_colon && c == ':') || (i > 0 && absl::ascii_isdigit(static_cast<unsigned char>(c)));
    if (!ok) return false;
  }
  return true;
}

// Prometheus reads Go's float syntax; whole numbers print without a fraction
// so counters stay readable.
std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  // The shortest of 15 or 17 digits that reads back as the same double.
  std::string shorter = absl::StrFormat("%.15g", value);
  if (std::strtod(shorter.c_str(), nullptr) == value) return shorter;
  return absl::StrFormat("%.17g", value);
}

void AppendEscaped(std::string& out, absl::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

// {a="1",b="2"} with an optional extra label (a histogram's "le").
std::string LabelText(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      absl::string_view extra_name = "", absl::string_view extra_value = "") {
  if (names.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.push_back(',');
    absl::StrAppend(&out, names[i], "=\"");
    AppendEscaped(out, values[i], true);
    out.push_back('"');
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out.push_back(',');
    absl::StrAppend(&out, extra_name, "=\"");
    AppendEscaped(out, extra_value, true);
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

void AppendHeader(std::string& out, absl::string_view name, absl::string_view help, absl::string_view type) {
  absl::StrAppend(&out, "# HELP ", name, " ");
  AppendEscaped(out, help, false);
  absl::StrAppend(&out, "\n# TYPE ", name, " ", type, "\n");
}

}  // namespace

uint64_t AtomicDouble::Encode(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

double AtomicDouble::Decode(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

void AtomicDouble::Add(double amount) {
  uint64_t expected = bits_.load(std::memory_order_relaxed);
  while (!bits_.compare_exchange_weak(expected, Encode(Decode(expected) + amount),
                                      std::memory_order_relaxed)) {
  }
}

void Counter::Increment(double amount) {
  if (amount > 0) value_.Add(amount);
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.Add(value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.bounds = bounds_;
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.Get();
  return snapshot;
}

std::vector<double> LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

absl::Status Registry::CheckNew(absl::string_view name, const std::vector<std::string>& label_names) {
  if (!ValidName(name, /*allow_colon=*/true)) {
    return absl::InvalidArgumentError(absl::StrCat("bad metric name \"", name, "\""));
  }
  for (const std::string& label : label_names) {
    if (!ValidName(label, /*allow_colon=*/false) || absl::StartsWith(label, "__") || label == "le") {
      return absl::InvalidArgumentError(absl::StrCat("bad label name \"", label, "\" on ", name));
    }
  }
  auto taken = [&](const auto& families) {
    for (const auto& family : families) {
      if (family->name() == name) return true;
    }
    return false;
  };
  if (taken(counters_) || taken(gauges_) || taken(histograms_)) {
    return absl::AlreadyExistsError(absl::StrCat("metric \"", name, "\" added twice"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CounterFamily*> Registry::AddCounter(absl::string_view name, absl::string_view help,
                                                    std::vector<std::string> label_names) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (absl::Status status = CheckNew(name, label_names); !status.ok()) return status;
  counters_.push_back(std::make_unique<CounterFamily>(std::string(name), std::string(help),
                                                      std::move(label_names),
                                                      [] { return std::make_unique<Counter>(); }));
  order_.emplace_back(kCounter, counters_.size() - 1);
  return counters_.back().get();
}

absl::StatusOr<GaugeFamily*> Registry::AddGauge(absl::string_view name, absl::string_view help,
                                                std::vector<std::string> label_names) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (absl::Status status = CheckNew(name, label_names); !status.ok()) return status;
  gauges_.push_back(std::make_unique<GaugeFamily>(std::string(name), std::string(help),
                                                  std::move(label_names),
                                                  [] { return std::make_unique<Gauge>(); }));
  order_.emplace_back(kGauge, gauges_.size() - 1);
  return gauges_.back().get();
}

absl::StatusOr<HistogramFamily*> Registry::AddHistogram(absl::string_view name, absl::string_view help,
                                                        std::vector<double> bounds,
                                                        std::vector<std::string> label_names) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (std::isnan(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat("bucket bounds of ", name, " must ascend"));
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (absl::Status status = CheckNew(name, label_names); !status.ok()) return status;
  histograms_.push_back(std::make_unique<HistogramFamily>(
      std::string(name), std::string(help), std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
  order_.emplace_back(kHistogram, histograms_.size() - 1);
  return histograms_.back().get();
}

void Registry::AddCollector(std::function<void()> collect) {
  std::lock_guard<std::mutex> lock(mutex_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Render() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    collectors = collectors_;
  }
  // Outside the lock: a collector may look series up.
  for (const auto& collect : collectors) collect();

  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [kind, index] : order_) {
    if (kind == kCounter) {
      const CounterFamily& family = *counters_[index];
      AppendHeader(out, family.name(), family.help(), "counter");
      family.ForEach([&](const std::vector<std::string>& values, const Counter& counter) {
        absl::StrAppend(&out, family.name(), LabelText(family.label_names(), values), " ",
                        FormatValue(counter.value()), "\n");
      });
    } else if (kind == kGauge) {
      const GaugeFamily& family = *gauges_[index];
      AppendHeader(out, family.name(), family.help(), "gauge");
      family.ForEach([&](const std::vector<std::string>& values, const Gauge& gauge) {
        absl::StrAppend(&out, family.name(), LabelText(family.label_names(), values), " ",
                        FormatValue(gauge.value()), "\n");
      });
    } else {
      const HistogramFamily& family = *histograms_[index];
      AppendHeader(out, family.name(), family.help(), "histogram");
      family.ForEach([&](const std::vector<std::string>& values, const Histogram& histogram) {
        const Histogram::Snapshot snapshot = histogram.Read();
        for (size_t i = 0; i <= snapshot.bounds.size(); ++i) {
          const std::string le = i < snapshot.bounds.size() ? FormatValue(snapshot.bounds[i]) : "+Inf";
          absl::StrAppend(&out, family.name(), "_bucket",
                          LabelText(family.label_names(), values, "le", le), " ",
                          snapshot.cumulative_counts[i], "\n");
        }
        const std::string labels = LabelText(family.label_names(), values);
        absl::StrAppend(&out, family.name(), "_sum", labels, " ", FormatValue(snapshot.sum), "\n");
        absl::StrAppend(&out, family.name(), "_count", labels, " ", snapshot.count, "\n");
      });
    }
  }
  return out;
}

}  // namespace chronicle::metrics
