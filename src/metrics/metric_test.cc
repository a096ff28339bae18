#include "metrics/metric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "metrics/registry.h"

namespace tocsin::metrics {
namespace {

TEST(CounterTest, IncrementsAndIgnoresNegativeAndNaN) {
  Counter c;
  c.Inc();
  c.Inc(2.5);
  c.Inc(-1);
  c.Inc(std::nan(""));
  EXPECT_EQ(c.Value(), 3.5);
}

TEST(GaugeTest, SetIncDec) {
  Gauge g;
  g.Set(10);
  g.Inc();
  g.Dec(3);
  EXPECT_EQ(g.Value(), 8);
}

TEST(HistogramTest, BucketsAreInclusiveAndCumulative) {
  Histogram h({1, 2, 5});
  for (double v : {0.5, 1.0, 1.5, 5.0, 7.0, std::nan("")}) h.Observe(v);
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.upper_bounds, (std::vector<double>{1, 2, 5}));
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{2, 3, 4, 6}));
  EXPECT_EQ(s.count, 6u);
  EXPECT_TRUE(std::isnan(s.sum));
}

TEST(HistogramTest, TrailingInfBoundIsDropped) {
  Histogram h({1, std::numeric_limits<double>::infinity()});
  h.Observe(3);
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.upper_bounds, (std::vector<double>{1}));
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(s.sum, 3);
}

TEST(BucketsTest, DefaultAndExponential) {
  EXPECT_EQ(DefaultBuckets(), (std::vector<double>{.005, .01, .025, .05, .1,
                                                   .25, .5, 1, 2.5, 5, 10}));
  EXPECT_EQ(ExponentialBuckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
}

TEST(FamilyTest, ChildrenAreStableAndRemovable) {
  Registry r;
  CounterFamily& f = r.AddCounterFamily("x_total", "h", {"a", "b"});
  Counter& c1 = f.WithLabels({"1", "2"});
  c1.Inc();
  EXPECT_EQ(&f.WithLabels({"1", "2"}), &c1);
  EXPECT_EQ(f.WithLabels({"1", "2"}).Value(), 1);
  EXPECT_TRUE(f.Remove({"1", "2"}));
  EXPECT_FALSE(f.Remove({"1", "2"}));
  EXPECT_EQ(f.WithLabels({"1", "2"}).Value(), 0);
}

TEST(FamilyDeathTest, WrongArityAborts) {
  Registry r;
  CounterFamily& f = r.AddCounterFamily("x_total", "h", {"a"});
  EXPECT_DEATH(f.WithLabels({"1", "2"}), "want 1 label values, got 2");
}

TEST(RegistryDeathTest, DuplicateAndInvalidNamesAbort) {
  Registry r;
  r.AddCounter("a_total", "h");
  EXPECT_DEATH(r.AddGauge("a_total", "h"), "duplicate metric name");
  EXPECT_DEATH(r.AddGauge("1abc", "h"), "invalid metric name");
  EXPECT_DEATH(r.AddGaugeFamily("g", "h", {"__x"}), "invalid label name");
  EXPECT_DEATH(r.AddHistogramFamily("h", "h", {"le"}), "invalid label name");
}

TEST(NameTest, Validity) {
  EXPECT_TRUE(IsValidMetricName("a:b_c9"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_TRUE(IsValidLabelName("_a1"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("__name__"));
}

TEST(CounterTest, ConcurrentIncrementsAreNotLost) {
  Registry r;
  Counter& c = r.AddCounter("c_total", "h");
  Histogram& h = r.AddHistogram("h_seconds", "h", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Inc();
        h.Observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 40000);
  EXPECT_EQ(h.Read().count, 40000u);
  EXPECT_EQ(h.Read().sum, 20000);
}

TEST(RegistryTest, GatherWhileRegistering) {
  Registry r;
  std::thread adder([&] {
    for (int i = 0; i < 200; ++i) {
      r.AddCounter("c" + std::to_string(i) + "_total", "h").Inc(i);
    }
  });
  size_t seen = 0;
  while (seen < 200) {
    std::vector<MetricFamily> families = r.Gather();
    EXPECT_GE(families.size(), seen);  // Families only ever appear.
    seen = families.size();
    for (const MetricFamily& f : families) ASSERT_EQ(f.samples.size(), 1u);
  }
  adder.join();
  EXPECT_EQ(r.Gather().size(), 200u);
}

}  // namespace
}  // namespace tocsin::metrics
