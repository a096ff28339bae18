#include "metrics/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "metrics/build_info.h"
#include "metrics/registry.h"

namespace tocsin::metrics {
namespace {

TEST(FormatFloatTest, MatchesGoStrconvShortestG) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(FormatFloat(0), "0");
  EXPECT_EQ(FormatFloat(-0.0), "0");
  EXPECT_EQ(FormatFloat(1), "1");
  EXPECT_EQ(FormatFloat(-1), "-1");
  EXPECT_EQ(FormatFloat(inf), "+Inf");
  EXPECT_EQ(FormatFloat(-inf), "-Inf");
  EXPECT_EQ(FormatFloat(std::nan("")), "NaN");
  EXPECT_EQ(FormatFloat(0.005), "0.005");
  EXPECT_EQ(FormatFloat(2.5), "2.5");
  EXPECT_EQ(FormatFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatFloat(0.00001), "1e-05");
  EXPECT_EQ(FormatFloat(123456), "123456");
  EXPECT_EQ(FormatFloat(999999), "999999");
  EXPECT_EQ(FormatFloat(1e6), "1e+06");
  EXPECT_EQ(FormatFloat(12345678), "1.2345678e+07");
  EXPECT_EQ(FormatFloat(1704067200.12), "1.70406720012e+09");
  EXPECT_EQ(FormatFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatFloat(-42.5), "-42.5");
  EXPECT_EQ(FormatFloat(1e100), "1e+100");
  EXPECT_EQ(FormatFloat(18446744073709551615.0), "1.8446744073709552e+19");
}

TEST(EscapeTest, HelpAndLabelValues) {
  EXPECT_EQ(EscapeHelp("a\\b\nc\"d"), "a\\\\b\\nc\"d");
  EXPECT_EQ(EscapeLabelValue("a\\b\nc\"d"), "a\\\\b\\nc\\\"d");
}

TEST(ExpositionTest, ExactTextForAllKinds) {
  Registry r;
  r.AddCounter("zeta_total", "Last by name.").Inc(3);
  Gauge& g = r.AddGauge("alpha", "Help with \\ and\nnewline.");
  g.Set(-2.5);
  CounterFamily& f = r.AddCounterFamily("notifications_total", "Sent.",
                                        {"receiver", "integration"});
  f.WithLabels({"team \"b\"", "webhook"}).Inc(2);
  f.WithLabels({"team-a", "email"}).Inc();
  f.WithLabels({"team-a", "slack"}).Inc(1e6);
  Histogram& h = r.AddHistogram("latency_seconds", "Latency.", {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(3);
  HistogramFamily& hf =
      r.AddHistogramFamily("req_seconds", "Req.", {"code"}, {1});
  hf.WithLabels({"500"}).Observe(2);
  hf.WithLabels({"200"}).Observe(0.25);
  r.AddCallbackGauge("cb_gauge", "From a callback.", [] { return 7.0; });
  r.AddCallbackCounter("cb_total", "Counted elsewhere.", [] { return 0.5; });

  EXPECT_EQ(
      ExposeText(r),
      "# HELP alpha Help with \\\\ and\\nnewline.\n"
      "# TYPE alpha gauge\n"
      "alpha -2.5\n"
      "# HELP cb_gauge From a callback.\n"
      "# TYPE cb_gauge gauge\n"
      "cb_gauge 7\n"
      "# HELP cb_total Counted elsewhere.\n"
      "# TYPE cb_total counter\n"
      "cb_total 0.5\n"
      "# HELP latency_seconds Latency.\n"
      "# TYPE latency_seconds histogram\n"
      "latency_seconds_bucket{le=\"0.1\"} 1\n"
      "latency_seconds_bucket{le=\"1\"} 2\n"
      "latency_seconds_bucket{le=\"+Inf\"} 3\n"
      "latency_seconds_sum 3.55\n"
      "latency_seconds_count 3\n"
      "# HELP notifications_total Sent.\n"
      "# TYPE notifications_total counter\n"
      "notifications_total{integration=\"email\",receiver=\"team-a\"} 1\n"
      "notifications_total{integration=\"slack\",receiver=\"team-a\"} 1e+06\n"
      "notifications_total{integration=\"webhook\",receiver=\"team "
      "\\\"b\\\"\"} 2\n"
      "# HELP req_seconds Req.\n"
      "# TYPE req_seconds histogram\n"
      "req_seconds_bucket{code=\"200\",le=\"1\"} 1\n"
      "req_seconds_bucket{code=\"200\",le=\"+Inf\"} 1\n"
      "req_seconds_sum{code=\"200\"} 0.25\n"
      "req_seconds_count{code=\"200\"} 1\n"
      "req_seconds_bucket{code=\"500\",le=\"1\"} 0\n"
      "req_seconds_bucket{code=\"500\",le=\"+Inf\"} 1\n"
      "req_seconds_sum{code=\"500\"} 2\n"
      "req_seconds_count{code=\"500\"} 1\n"
      "# HELP zeta_total Last by name.\n"
      "# TYPE zeta_total counter\n"
      "zeta_total 3\n");
}

class FixedCollector : public Collector {
 public:
  void Collect(std::vector<MetricFamily>& out) const override {
    out.push_back(MetricFamily{"m_collected",
                               "Collected.",
                               MetricType::kUntyped,
                               {Sample{"m_collected", {{"k", "v"}}, 4}}});
  }
};

TEST(ExpositionTest, CollectorsAreMergedSortedAndRemovable) {
  Registry r;
  r.AddGauge("z", "Z.").Set(1);
  r.AddGauge("a", "A.").Set(1);
  CollectorId id = r.AddCollector(std::make_unique<FixedCollector>());
  EXPECT_EQ(ExposeText(r),
            "# HELP a A.\n# TYPE a gauge\na 1\n"
            "# HELP m_collected Collected.\n# TYPE m_collected untyped\n"
            "m_collected{k=\"v\"} 4\n"
            "# HELP z Z.\n# TYPE z gauge\nz 1\n");
  EXPECT_TRUE(r.RemoveCollector(id));
  EXPECT_FALSE(r.RemoveCollector(id));
  EXPECT_EQ(ExposeText(r),
            "# HELP a A.\n# TYPE a gauge\na 1\n"
            "# HELP z Z.\n# TYPE z gauge\nz 1\n");
}

TEST(ExpositionTest, EmptyFamilyStillHasHelpAndType) {
  Registry r;
  r.AddCounterFamily("empty_total", "Nothing yet.", {"x"});
  EXPECT_EQ(ExposeText(r),
            "# HELP empty_total Nothing yet.\n# TYPE empty_total counter\n");
}

TEST(BuildInfoTest, ExposesConstantOne) {
  Registry r;
  RegisterBuildInfo(r, BuildInfo{"0.1.0", "abc123", "main"});
  EXPECT_EQ(ExposeText(r),
            "# HELP tocsin_build_info A metric with a constant '1' value "
            "labeled by version, revision and branch from which tocsin was "
            "built.\n"
            "# TYPE tocsin_build_info gauge\n"
            "tocsin_build_info{branch=\"main\",revision=\"abc123\","
            "version=\"0.1.0\"} 1\n");
}

}  // namespace
}  // namespace tocsin::metrics
