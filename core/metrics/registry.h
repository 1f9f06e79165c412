// A small metrics registry: counters, gauges and histograms, each a family
// of series told apart by label values, written out in the Prometheus text
// exposition format (version 0.0.4).
//
// The registry is an ordinary object: main creates one, passes it to whoever
// records, and hands it to the HTTP endpoint that serves it.
//
//   metrics::Registry registry;
//   ASSIGN_OR_RETURN(metrics::CounterFamily* handled,
//                    registry.AddCounter("requests_total", "Requests handled.", {"method", "code"}));
//   handled->WithLabels({"Search", "OK"}).Increment();
//   registry.AddCollector([&] { depth->WithLabels({}).Set(queue.size()); });  // run before each scrape
//   std::string text = registry.Render();
//
// Recording (Increment, Set, Observe) is lock-free and safe from any thread;
// looking up a labelled series takes the family's lock once, so hot paths may
// keep the returned reference: series live as long as the registry.
#ifndef CHRONICLE_CORE_METRICS_REGISTRY_H_
#define CHRONICLE_CORE_METRICS_REGISTRY_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chronicle::metrics {

// A double that many threads may add to at once.
class AtomicDouble {
 public:
  void Add(double amount);
  void Set(double value) { bits_.store(Encode(value), std::memory_order_relaxed); }
  double Get() const { return Decode(bits_.load(std::memory_order_relaxed)); }

 private:
  static uint64_t Encode(double value);
  static double Decode(uint64_t bits);
  std::atomic<uint64_t> bits_{0};
};

// Only goes up (restarts reset it to zero, which Prometheus expects).
class Counter {
 public:
  // `amount` must not be negative; negative amounts are ignored.
  void Increment(double amount = 1);
  double value() const { return value_.Get(); }

 private:
  AtomicDouble value_;
};

// Goes up and down, or is set outright.
class Gauge {
 public:
  void Set(double value) { value_.Set(value); }
  void Add(double amount) { value_.Add(amount); }
  double value() const { return value_.Get(); }

 private:
  AtomicDouble value_;
};

// Counts observations into buckets with fixed upper bounds, plus their sum.
class Histogram {
 public:
  // `bounds` must be sorted ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<uint64_t> cumulative_counts;  // one per bound, then +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 buckets
  AtomicDouble sum_;
};

// Upper bounds suited to request latencies in seconds: 1 ms to 30 s.
std::vector<double> LatencyBuckets();

// The series of one metric name, one per combination of label values.
template <typename Series>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Series>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  // The series for `values`, one per label name and in the same order, made
  // on first use. Missing values count as "", extra ones are ignored.
  Series& WithLabels(absl::Span<const absl::string_view> values);
  Series& WithLabels(std::initializer_list<absl::string_view> values) {
    return WithLabels(absl::MakeConstSpan(values.begin(), values.size()));
  }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Calls `visit(label_values, series)` for every series, in label order.
  void ForEach(const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Series>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;  // guarded by mutex_
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Adds a family. `name` must match [a-zA-Z_:][a-zA-Z0-9_:]* and be new to
  // the registry; label names must match [a-zA-Z_][a-zA-Z0-9_]*, must not
  // start with "__", and "le" is reserved for histograms.
  // Errors: INVALID_ARGUMENT for a bad name, ALREADY_EXISTS for a repeat.
  absl::StatusOr<CounterFamily*> AddCounter(absl::string_view name, absl::string_view help,
                                            std::vector<std::string> label_names = {});
  absl::StatusOr<GaugeFamily*> AddGauge(absl::string_view name, absl::string_view help,
                                        std::vector<std::string> label_names = {});
  // `bounds`: ascending bucket upper bounds (INVALID_ARGUMENT otherwise).
  absl::StatusOr<HistogramFamily*> AddHistogram(absl::string_view name, absl::string_view help,
                                                std::vector<double> bounds,
                                                std::vector<std::string> label_names = {});

  // Registers a function run at the start of every Render, e.g. to copy a
  // queue's depth into a gauge. It runs on the rendering thread.
  void AddCollector(std::function<void()> collect);

  // Runs the collectors and writes every family in the text exposition
  // format, families in the order they were added.
  std::string Render() const;

 private:
  // Call with mutex_ held.
  absl::Status CheckNew(absl::string_view name, const std::vector<std::string>& label_names);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<CounterFamily>> counters_;  // guarded by mutex_
  std::vector<std::unique_ptr<GaugeFamily>> gauges_;  // guarded by mutex_
  std::vector<std::unique_ptr<HistogramFamily>> histograms_;  // guarded by mutex_
  // (kind, index) in the order families were added.
  std::vector<std::pair<int, size_t>> order_;  // guarded by mutex_
  std::vector<std::function<void()>> collectors_;  // guarded by mutex_
};

template <typename Series>
Series& Family<Series>::WithLabels(absl::Span<const absl::string_view> values) {
  std::vector<std::string> key(label_names_.size());
  for (size_t i = 0; i < key.size() && i < values.size(); ++i) key[i] = std::string(values[i]);
  std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<Series>& slot = series_[std::move(key)];
  if (slot == nullptr) slot = make_();
  return *slot;
}

template <typename Series>
void Family<Series>::ForEach(
    const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [labels, series] : series_) visit(labels, *series);
}

}  // namespace chronicle::metrics

#endif  // CHRONICLE_CORE_METRICS_REGISTRY_H_
