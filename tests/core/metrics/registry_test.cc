#include "core/metrics/registry.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RegistryTest, RendersCountersWithHelpTypeAndLabels) {
  Registry registry;
  auto requests = registry.AddCounter("demo_requests_total", "Requests handled.", {"method", "code"});
  ASSERT_TRUE(requests.ok()) << requests.status();
  (*requests)->WithLabels({"Search", "OK"}).Increment();
  (*requests)->WithLabels({"Search", "OK"}).Increment(2);
  (*requests)->WithLabels({"Timeline", "NOT_FOUND"}).Increment();
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP demo_requests_total Requests handled.\n"
                              "# TYPE demo_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("demo_requests_total{method=\"Search\",code=\"OK\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("demo_requests_total{method=\"Timeline\",code=\"NOT_FOUND\"} 1\n"));
}

TEST(RegistryTest, CountersIgnoreNegativeAmounts) {
  Registry registry;
  Counter& counter = (*registry.AddCounter("demo_total", "x"))->WithLabels({});
  counter.Increment(5);
  counter.Increment(-3);
  EXPECT_EQ(counter.value(), 5);
}

TEST(RegistryTest, GaugesWithoutLabelsAndFractions) {
  Registry registry;
  Gauge& gauge = (*registry.AddGauge("demo_depth", "Queue depth."))->WithLabels({});
  gauge.Set(7);
  gauge.Add(-2.5);
  EXPECT_THAT(registry.Render(), HasSubstr("\ndemo_depth 4.5\n"));
}

TEST(RegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry registry;
  auto latency = registry.AddHistogram("demo_seconds", "Latency.", {0.1, 1}, {"method"});
  ASSERT_TRUE(latency.ok());
  Histogram& histogram = (*latency)->WithLabels({"Get"});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // a bound is inclusive
  histogram.Observe(0.5);
  histogram.Observe(4);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE demo_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("demo_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("demo_seconds_bucket{method=\"Get\",le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("demo_seconds_bucket{method=\"Get\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("demo_seconds_sum{method=\"Get\"} 4.65\n"));
  EXPECT_THAT(text, HasSubstr("demo_seconds_count{method=\"Get\"} 4\n"));
}

TEST(RegistryTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  auto family = registry.AddCounter("demo_escaped_total", "Line one\nback\\slash", {"path"});
  ASSERT_TRUE(family.ok());
  (*family)->WithLabels({"a\"b\\c\nd"}).Increment();
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP demo_escaped_total Line one\\nback\\\\slash\n"));
  EXPECT_THAT(text, HasSubstr("demo_escaped_total{path=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(RegistryTest, RejectsBadAndRepeatedNames) {
  Registry registry;
  EXPECT_EQ(registry.AddCounter("1starts_with_digit", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddCounter("has-dash", "x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddCounter("ok_total", "x", {"bad:label"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddHistogram("h", "x", {1}, {"le"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddHistogram("h2", "x", {1, 0.5}).status().code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(registry.AddGauge("ns:taken", "x").ok());
  EXPECT_EQ(registry.AddCounter("ns:taken", "x").status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(RegistryTest, CollectorsRunBeforeEachRender) {
  Registry registry;
  Gauge& gauge = (*registry.AddGauge("demo_collected", "x"))->WithLabels({});
  int calls = 0;
  registry.AddCollector([&] { gauge.Set(++calls * 10); });
  EXPECT_THAT(registry.Render(), HasSubstr("demo_collected 10\n"));
  EXPECT_THAT(registry.Render(), HasSubstr("demo_collected 20\n"));
}

TEST(RegistryTest, FamiliesWithoutSeriesRenderOnlyTheirHeader) {
  Registry registry;
  ASSERT_TRUE(registry.AddCounter("demo_unused_total", "x", {"code"}).ok());
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE demo_unused_total counter\n"));
  EXPECT_THAT(text, Not(HasSubstr("demo_unused_total{")));
}

TEST(RegistryTest, ConcurrentIncrementsAreNotLost) {
  Registry registry;
  auto family = registry.AddCounter("demo_concurrent_total", "x", {"thread_group"});
  ASSERT_TRUE(family.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) (*family)->WithLabels({t % 2 == 0 ? "even" : "odd"}).Increment();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ((*family)->WithLabels({"even"}).value(), 20000);
  EXPECT_EQ((*family)->WithLabels({"odd"}).value(), 20000);
}

}  // namespace
}  // namespace chronicle::metrics
