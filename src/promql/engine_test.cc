#include "promql/engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "promql/testing/memory_storage.h"

namespace tocsin::promql {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // http_requests{job="api"} counter: 0, 10, 20, ... every 30s for 10m.
    for (int i = 0; i <= 20; ++i) {
      store_.Add(model::Labels{{"__name__", "http_requests"}, {"job", "api"}},
                 i * 30000, i * 10.0);
      store_.Add(model::Labels{{"__name__", "http_requests"}, {"job", "db"}},
                 i * 30000, i * 2.0);
    }
  }

  QueryResult Instant(std::string_view q, int64_t t) {
    auto r = engine_.InstantQuery(store_, q, t);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : QueryResult{};
  }

  testing::MemoryStorage store_;
  Engine engine_;
};

TEST_F(EngineTest, SelectorUsesLookback) {
  auto r = Instant(R"(http_requests{job="api"})", 95000);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].v, 30);
  EXPECT_EQ(r.vector[0].labels.Get("__name__"), "http_requests");
  // 5m after the last sample (600s) nothing is left.
  EXPECT_TRUE(Instant("http_requests", 900000).vector.empty());
  EXPECT_EQ(Instant("http_requests", 899999).vector.size(), 2u);
}

TEST_F(EngineTest, StaleMarkerEndsSeries) {
  store_.Add(model::Labels{{"__name__", "g"}}, 0, 1);
  store_.Add(model::Labels{{"__name__", "g"}}, 10000, series::StaleNaN());
  EXPECT_EQ(Instant("g", 5000).vector.size(), 1u);
  EXPECT_TRUE(Instant("g", 15000).vector.empty());
}

TEST_F(EngineTest, RateAndSum) {
  auto r = Instant(R"(rate(http_requests{job="api"}[5m]))", 600000);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_NEAR(r.vector[0].v, 10.0 / 30, 1e-9);
  EXPECT_FALSE(r.vector[0].labels.Has("__name__"));
  r = Instant("sum(http_requests)", 600000);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].v, 240);
  r = Instant("sum by (job) (http_requests)", 600000);
  EXPECT_EQ(r.vector.size(), 2u);
}

TEST_F(EngineTest, BinaryMatching) {
  auto r = Instant(R"(http_requests / on(job) http_requests)", 600000);
  ASSERT_EQ(r.vector.size(), 2u);
  EXPECT_EQ(r.vector[0].v, 1);
  r = Instant("http_requests > 100", 600000);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].labels.Get("job"), "api");
  r = Instant("http_requests > bool 100", 600000);
  EXPECT_EQ(r.vector.size(), 2u);
  r = Instant("1 + 2 * 3", 0);
  EXPECT_EQ(r.type, ResultType::kScalar);
  EXPECT_EQ(r.scalar, 7);
}

TEST_F(EngineTest, FillModifiers) {
  store_.Add(model::Labels{{"__name__", "l"}, {"k", "a"}}, 0, 1);
  store_.Add(model::Labels{{"__name__", "l"}, {"k", "b"}}, 0, 2);
  store_.Add(model::Labels{{"__name__", "r"}, {"k", "a"}}, 0, 10);
  store_.Add(model::Labels{{"__name__", "r"}, {"k", "c"}}, 0, 30);
  auto r = Instant("l + fill(100) r", 0);
  ASSERT_EQ(r.vector.size(), 3u);
  std::map<std::string, double> got;
  for (const auto& s : r.vector) got[std::string(s.labels.Get("k"))] = s.v;
  EXPECT_EQ(got["a"], 11);
  EXPECT_EQ(got["b"], 102);
  EXPECT_EQ(got["c"], 130);
  EXPECT_EQ(Instant("l + fill_right(0) r", 0).vector.size(), 2u);
}

TEST_F(EngineTest, InfoAddsDataLabels) {
  store_.Add(model::Labels{{"__name__", "target_info"},
                           {"instance", "i"},
                           {"job", "api"},
                           {"region", "eu"},
                           {"zone", "a"}},
             0, 1);
  store_.Add(
      model::Labels{{"__name__", "m"}, {"instance", "i"}, {"job", "api"}}, 0,
      5);
  auto r = Instant("info(m)", 0);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].labels.Get("region"), "eu");
  EXPECT_EQ(r.vector[0].labels.Get("zone"), "a");
  r = Instant(R"(info(m, {region=~".+"}))", 0);
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].labels.Get("region"), "eu");
  EXPECT_FALSE(r.vector[0].labels.Has("zone"));
  EXPECT_TRUE(Instant(R"(info(m, {nope=~".+"}))", 0).vector.empty());
}

TEST_F(EngineTest, SortByLabelIsNatural) {
  for (const char* cpu : {"10", "2", "1"}) {
    store_.Add(model::Labels{{"__name__", "c"}, {"cpu", cpu}}, 0, 1);
  }
  auto r = Instant(R"(sort_by_label(c, "cpu"))", 0);
  ASSERT_EQ(r.vector.size(), 3u);
  EXPECT_EQ(r.vector[0].labels.Get("cpu"), "1");
  EXPECT_EQ(r.vector[1].labels.Get("cpu"), "2");
  EXPECT_EQ(r.vector[2].labels.Get("cpu"), "10");
}

TEST_F(EngineTest, DoubleExponentialSmoothingChecksFactors) {
  auto r = engine_.InstantQuery(
      store_, "double_exponential_smoothing(http_requests[5m], 1, 0.5)",
      600000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000");
  // A straight line is followed exactly.
  auto ok = Instant(
      R"(double_exponential_smoothing(http_requests{job="api"}[5m], 0.5, 0.5))",
      600000);
  ASSERT_EQ(ok.vector.size(), 1u);
  EXPECT_NEAR(ok.vector[0].v, 200, 1e-9);
}

TEST_F(EngineTest, QueryBoundsFunctions) {
  auto r = engine_.RangeQuery(store_, "vector(end() - start())", 10000, 30000,
                              10000);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->matrix.size(), 1u);
  EXPECT_EQ(r->matrix[0].points[0].v, 20);
  EXPECT_EQ(Instant("min_of(3, 5)", 0).scalar, 3);
  EXPECT_TRUE(std::isnan(Instant("max_of(NaN, 5)", 0).scalar));
}

TEST_F(EngineTest, RangeQuery) {
  auto r =
      engine_.RangeQuery(store_, R"(http_requests{job="db"})", 0, 60000, 30000);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->matrix.size(), 1u);
  ASSERT_EQ(r->matrix[0].points.size(), 3u);
  EXPECT_EQ(r->matrix[0].points[2].v, 4);
  EXPECT_FALSE(
      engine_.RangeQuery(store_, "http_requests[5m]", 0, 60000, 30000).ok());
}

TEST_F(EngineTest, Warnings) {
  auto r = engine_.RangeQuery(store_, "sort(http_requests)", 0, 60000, 30000);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "PromQL warning: sort is ineffective for range queries since "
            "results are always ordered by labels (1:1)");
  store_.Add(model::Labels{{"__name__", "h"}, {"le", "x"}}, 0, 1);
  auto q = engine_.InstantQuery(store_, "histogram_quantile(0.5, h)", 0);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->warnings.size(), 1u);
  EXPECT_EQ(q->warnings[0],
            "PromQL warning: bucket label \"le\" is missing or has a "
            "malformed value of \"x\" for metric name \"h\" (1:25)");
}

TEST_F(EngineTest, HistogramFractionInterpolatesClassicBuckets) {
  for (auto [le, count] :
       {std::pair<const char*, double>{"1", 2}, {"2", 6}, {"+Inf", 8}}) {
    store_.Add(model::Labels{{"__name__", "lat_bucket"}, {"le", le}}, 0, count);
  }
  store_.Add(model::Labels{{"__name__", "noinf_bucket"}, {"le", "1"}}, 0, 3);
  auto value = [&](const std::string& q) {
    auto r = engine_.InstantQuery(store_, q, 0);
    EXPECT_TRUE(r.ok()) << q;
    EXPECT_EQ(r->vector.size(), 1u) << q;
    return r->vector.empty() ? -1.0 : r->vector[0].v;
  };
  // Half of the 4 observations in (1,2] lie below 1.5.
  EXPECT_DOUBLE_EQ(value("histogram_fraction(0, 1.5, lat_bucket)"), 0.5);
  EXPECT_DOUBLE_EQ(value("histogram_fraction(1.5, +Inf, lat_bucket)"), 0.5);
  EXPECT_DOUBLE_EQ(value("histogram_fraction(-Inf, +Inf, lat_bucket)"), 1);
  EXPECT_DOUBLE_EQ(value("histogram_fraction(2, 1, lat_bucket)"), 0);
  // The (2,+Inf] bucket has infinite width and contributes nothing to a
  // range that ends inside it.
  EXPECT_DOUBLE_EQ(value("histogram_fraction(1.5, 3, lat_bucket)"), 0.25);
  EXPECT_DOUBLE_EQ(value("histogram_fraction(3, 4, lat_bucket)"), 0);
  EXPECT_DOUBLE_EQ(value("histogram_fraction(3, +Inf, lat_bucket)"), 0.25);
  EXPECT_TRUE(std::isnan(value("histogram_fraction(0, 1, noinf_bucket)")));
}

TEST_F(EngineTest, HistogramQuantileAnnotations) {
  store_.Add(model::Labels{{"__name__", "nm_bucket"}, {"le", "1"}}, 0, 5);
  store_.Add(model::Labels{{"__name__", "nm_bucket"}, {"le", "2"}}, 0, 3);
  store_.Add(model::Labels{{"__name__", "nm_bucket"}, {"le", "+Inf"}}, 0, 6);
  auto r =
      engine_.InstantQuery(store_, "histogram_quantile(0.5, nm_bucket)", 0);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->vector.size(), 1u);
  // le="2" is raised to 5, so rank 3 falls in the first bucket.
  EXPECT_DOUBLE_EQ(r->vector[0].v, 0.6);
  ASSERT_EQ(r->infos.size(), 1u);
  EXPECT_EQ(r->infos[0],
            "PromQL info: input to histogram_quantile needed to be fixed for "
            "monotonicity (see https://prometheus.io/docs/prometheus/latest/"
            "querying/functions/#histogram_quantile) for metric name "
            "\"nm_bucket\" (1:25)");
  EXPECT_TRUE(r->warnings.empty());

  auto q = engine_.InstantQuery(store_, "histogram_quantile(1.5, absent)", 0);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->vector.empty());
  ASSERT_EQ(q->warnings.size(), 1u);
  EXPECT_EQ(q->warnings[0],
            "PromQL warning: quantile value should be between 0 and 1, got "
            "1.5 (1:20)");
  EXPECT_TRUE(q->infos.empty());
}

TEST_F(EngineTest, DuplicateLabelsetIsAnError) {
  store_.Add(model::Labels{{"__name__", "other"}, {"job", "api"}}, 0, 1);
  auto r = engine_.InstantQuery(store_, R"(-{job="api"})", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "vector cannot contain metrics with the same labelset");
}

}  // namespace
}  // namespace tocsin::promql
