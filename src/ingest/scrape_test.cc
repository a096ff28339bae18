#include "ingest/scrape.h"

#include <cmath>
#include <deque>
#include <map>

#include "config/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/manual_executor.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::ingest {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Keeps every committed sample per series.
class MemoryDb final : public series::Appendable {
 public:
  std::map<std::string, std::vector<series::Sample>> series;  // by ToString

  std::unique_ptr<series::Appender> NewAppender() override {
    return std::make_unique<App>(*this);
  }
  const std::vector<series::Sample>& Of(const std::string& labels) {
    return series[labels];
  }

 private:
  class App final : public series::Appender {
   public:
    explicit App(MemoryDb& db) : db_(db) {}
    Status Append(const model::Labels& l, series::Timestamp t,
                  double v) override {
      pending_.push_back({l.ToString(), {t, v}});
      return Status::Ok();
    }
    Status Commit() override {
      for (auto& [k, s] : pending_) db_.series[k].push_back(s);
      return Status::Ok();
    }
    void Rollback() override { pending_.clear(); }

   private:
    MemoryDb& db_;
    std::vector<std::pair<std::string, series::Sample>> pending_;
  };
};

class FakeFetcher final : public ScrapeFetcher {
 public:
  std::map<std::string, ScrapeResponse> responses;  // absent: refused
  std::vector<std::string> fetched;
  Result<ScrapeResponse> Fetch(const std::string& url,
                               std::chrono::milliseconds) override {
    fetched.push_back(url);
    auto it = responses.find(url);
    if (it == responses.end()) return UnavailableError("connection refused");
    return it->second;
  }
};

std::shared_ptr<const ScrapeConfigs> ParseSection(const std::string& yaml,
                                                  Status* error = nullptr) {
  config::ParseContext ctx;
  ctx.file = "t.yml";
  auto r = ParseScrapeConfigs(YAML::Load(yaml), ctx);
  if (!r.ok()) {
    if (error) *error = r.status();
    return nullptr;
  }
  return std::static_pointer_cast<const ScrapeConfigs>(*r);
}

std::string ParseErr(const std::string& yaml) {
  Status st;
  EXPECT_EQ(ParseSection(yaml, &st), nullptr) << yaml;
  return std::string(st.message());
}

TEST(ScrapeConfig, ParsesWithPrometheusDefaults) {
  auto c = ParseSection(
      "- job_name: node\n"
      "  static_configs:\n"
      "    - targets: ['127.0.0.1:9100', 'h2:9100']\n"
      "      labels: {env: prod}\n"
      "- job_name: fast\n"
      "  scrape_interval: 5s\n"
      "  metrics_path: /m\n"
      "  params: {module: [http_2xx]}\n"
      "  static_configs: [{targets: ['x:1']}]\n");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->jobs.size(), 2u);
  EXPECT_EQ(c->jobs[0].scrape_interval, 1min);
  EXPECT_EQ(c->jobs[0].scrape_timeout, 10s);
  EXPECT_EQ(c->jobs[1].scrape_timeout, 5s);  // min(10s, interval)
  std::vector<ScrapeTarget> t = TargetsOf(c->jobs[0]);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].url, "http://127.0.0.1:9100/metrics");
  EXPECT_EQ(t[0].labels.ToString(),
            "{env=\"prod\", instance=\"127.0.0.1:9100\", job=\"node\"}");
  t = TargetsOf(c->jobs[1]);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].url, "http://x:1/m?module=http_2xx");
}

TEST(ScrapeConfig, RelabelingShapesTargets) {
  auto c = ParseSection(
      "- job_name: j\n"
      "  static_configs: [{targets: ['a:1', 'b:2']}]\n"
      "  relabel_configs:\n"
      "    - source_labels: [__address__]\n"
      "      regex: 'b:.*'\n"
      "      action: drop\n"
      "    - source_labels: [__address__]\n"
      "      regex: '(.*):.*'\n"
      "      target_label: instance\n"
      "    - target_label: __tmp_x\n"
      "      replacement: hidden\n");
  ASSERT_NE(c, nullptr);
  std::vector<ScrapeTarget> t = TargetsOf(c->jobs[0]);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].labels.ToString(), "{instance=\"a\", job=\"j\"}");
  EXPECT_EQ(t[0].url, "http://a:1/metrics");
}

TEST(ScrapeConfig, Errors) {
  EXPECT_EQ(ParseErr("- job_name: a\n- job_name: a\n"),
            "t.yml:2: scrape_configs[1]: found multiple scrape configs with "
            "job name \"a\"");
  EXPECT_THAT(ParseErr("- job_name: a\n  scrape_interval: 5s\n"
                       "  scrape_timeout: 10s\n"),
              HasSubstr("scrape timeout greater than scrape interval for "
                        "scrape config with job name \"a\""));
  EXPECT_THAT(ParseErr("- job_name: a\n  scrape_interval: 5x\n"),
              HasSubstr("t.yml:2: scrape_configs[0].scrape_interval:"));
  EXPECT_THAT(ParseErr("- job_name: a\n  frob: 1\n"),
              HasSubstr("field frob not found in type config.ScrapeConfig"));
  EXPECT_THAT(ParseErr("- job_name: a\n  static_configs:\n"
                       "    - targets: ['http://x:1/metrics']\n"),
              HasSubstr("is not a valid hostname"));
  EXPECT_THAT(ParseErr("- job_name: a\n  relabel_configs:\n"
                       "    - action: copy\n"),
              HasSubstr("t.yml:3: scrape_configs[0].relabel_configs[0]."
                        "action: unknown relabel action \"copy\""));
  EXPECT_THAT(ParseErr("- static_configs: []\n"), HasSubstr("job_name"));
  EXPECT_THAT(ParseErr("{}\n"), HasSubstr("expected a list"));
}

class ScrapeManagerTest : public ::testing::Test {
 protected:
  runtime::ManualClock clock_;
  runtime::SimulatedScheduler scheduler_{clock_};
  runtime::ManualExecutor executor_;
  FakeFetcher fetcher_;
  MemoryDb db_;

  void Tick(std::chrono::milliseconds d) {
    scheduler_.AdvanceBy(d);
    executor_.RunAll();
  }
  int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               clock_.Now().time_since_epoch())
        .count();
  }
};

constexpr char kTarget[] = "{instance=\"t:1\", job=\"j\"}";

TEST_F(ScrapeManagerTest, ScrapesOnItsIntervalWithReportSeriesAndStaleness) {
  fetcher_.responses["http://t:1/metrics"] = ScrapeResponse{
      200, "text/plain; version=0.0.4",
      "# TYPE a counter\na{x=\"1\"} 1\nb 2\nc{job=\"scraped\"} 3\n"};
  ScrapeManager m(db_, scheduler_, executor_, clock_, fetcher_);
  m.ApplyConfig(
      ParseSection("- job_name: j\n  scrape_interval: 10s\n"
                   "  static_configs: [{targets: ['t:1']}]\n"));
  Tick(10s);  // the first scrape lands somewhere within the first interval
  ASSERT_EQ(fetcher_.fetched.size(), 1u);
  const auto& up = db_.Of("{__name__=\"up\", instance=\"t:1\", job=\"j\"}");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].v, 1);
  EXPECT_EQ(
      db_.Of("{__name__=\"a\", instance=\"t:1\", job=\"j\", x=\"1\"}").size(),
      1u);
  // A conflicting target label wins; the scraped one moves to exported_.
  EXPECT_EQ(db_.Of("{__name__=\"c\", exported_job=\"scraped\", "
                   "instance=\"t:1\", job=\"j\"}")[0]
                .v,
            3);
  EXPECT_EQ(db_.Of("{__name__=\"scrape_samples_scraped\", instance=\"t:1\", "
                   "job=\"j\"}")[0]
                .v,
            3);
  EXPECT_EQ(db_.Of("{__name__=\"scrape_series_added\", instance=\"t:1\", "
                   "job=\"j\"}")[0]
                .v,
            3);

  // Next scrape exactly one interval later, without series b: b goes stale.
  int64_t first = up[0].t;
  fetcher_.responses["http://t:1/metrics"] =
      ScrapeResponse{200, "text/plain", "a{x=\"1\"} 2\nc{job=\"scraped\"} 3\n"};
  Tick(10s);
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[1].t - first, 10000);
  const auto& b = db_.Of("{__name__=\"b\", instance=\"t:1\", job=\"j\"}");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_TRUE(series::IsStaleNaN(b[1].v));

  // The target fails: up 0, every series stale.
  fetcher_.responses["http://t:1/metrics"] =
      ScrapeResponse{500, "text/plain", "oops"};
  Tick(10s);
  ASSERT_EQ(up.size(), 3u);
  EXPECT_EQ(up[2].v, 0);
  const auto& a =
      db_.Of("{__name__=\"a\", instance=\"t:1\", job=\"j\", x=\"1\"}");
  EXPECT_TRUE(series::IsStaleNaN(a.back().v));
  std::vector<TargetStatus> targets = m.Targets();
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].health, TargetHealth::kDown);
  EXPECT_EQ(targets[0].last_error, "server returned HTTP status 500");
}

TEST_F(ScrapeManagerTest, ParseErrorsLimitsHonorAndRelabel) {
  fetcher_.responses["http://t:1/metrics"] =
      ScrapeResponse{200, "text/plain", "ok 1\nbroken\n"};
  ScrapeManager m(db_, scheduler_, executor_, clock_, fetcher_);
  m.ApplyConfig(
      ParseSection("- job_name: j\n  scrape_interval: 10s\n"
                   "  static_configs: [{targets: ['t:1']}]\n"));
  Tick(10s);
  EXPECT_EQ(db_.Of(std::string("{__name__=\"up\", ") + (kTarget + 1))[0].v, 0);
  EXPECT_THAT(m.Targets()[0].last_error, HasSubstr("line 2:"));
  EXPECT_TRUE(db_.Of("{__name__=\"ok\", instance=\"t:1\", job=\"j\"}").empty());

  // honor_labels, honor_timestamps, metric relabeling, sample_limit.
  fetcher_.responses["http://t:1/metrics"] = ScrapeResponse{
      200, "text/plain", "keep{job=\"theirs\"} 1 1000\ndrop_me 2\n"};
  m.ApplyConfig(ParseSection(
      "- job_name: j\n  scrape_interval: 10s\n  honor_labels: true\n"
      "  static_configs: [{targets: ['t:1']}]\n"
      "  metric_relabel_configs:\n"
      "    - source_labels: [__name__]\n      regex: drop_.*\n"
      "      action: drop\n"));
  Tick(10s);
  const auto& keep =
      db_.Of("{__name__=\"keep\", instance=\"t:1\", job=\"theirs\"}");
  ASSERT_EQ(keep.size(), 1u);
  EXPECT_EQ(keep[0].t, 1000);
  EXPECT_TRUE(
      db_.Of("{__name__=\"drop_me\", instance=\"t:1\", job=\"j\"}").empty());
  EXPECT_EQ(db_.Of("{__name__=\"scrape_samples_post_metric_relabeling\", "
                   "instance=\"t:1\", job=\"j\"}")
                .back()
                .v,
            1);

  m.ApplyConfig(
      ParseSection("- job_name: j\n  scrape_interval: 10s\n  sample_limit: 1\n"
                   "  static_configs: [{targets: ['t:1']}]\n"));
  fetcher_.responses["http://t:1/metrics"] =
      ScrapeResponse{200, "text/plain", "x 1\ny 2\n"};
  Tick(10s);
  EXPECT_EQ(m.Targets()[0].last_error, "sample limit exceeded");
  EXPECT_TRUE(db_.Of("{__name__=\"x\", instance=\"t:1\", job=\"j\"}").empty());
}

TEST_F(ScrapeManagerTest, RemovedTargetsGoStaleAndStop) {
  fetcher_.responses["http://t:1/metrics"] =
      ScrapeResponse{200, "text/plain", "m 1\n"};
  ScrapeManager m(db_, scheduler_, executor_, clock_, fetcher_);
  m.ApplyConfig(
      ParseSection("- job_name: j\n  scrape_interval: 10s\n"
                   "  static_configs: [{targets: ['t:1']}]\n"));
  Tick(10s);
  const auto& series = db_.Of("{__name__=\"m\", instance=\"t:1\", job=\"j\"}");
  ASSERT_EQ(series.size(), 1u);
  m.ApplyConfig(nullptr);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_TRUE(series::IsStaleNaN(series[1].v));
  EXPECT_EQ(series[1].t, NowMs());
  size_t fetches = fetcher_.fetched.size();
  Tick(60s);
  EXPECT_EQ(fetcher_.fetched.size(), fetches);
  EXPECT_TRUE(m.Targets().empty());
}

}  // namespace
}  // namespace tocsin::ingest
