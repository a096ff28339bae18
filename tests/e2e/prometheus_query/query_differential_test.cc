// Issue 6's differential query test: Debian's Prometheus scrapes a local
// exporter (in this process) every second and remote-writes everything it
// scrapes to tocsin. Once tocsin holds every sample Prometheus has up to a
// point, the same PromQL queries are asked of both HTTP APIs at fixed times
// off the sample grid, and the answers must agree (labels exactly, floats
// as the conformance README compares them).
//
// Prometheus 2.42 differs from current semantics where a range selector's
// left boundary falls exactly on a sample; evaluation times are chosen half
// a scrape interval away from the sample timestamps so no window edge
// touches a sample.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "e2e/harness/http_client.h"
#include "e2e/harness/servers.h"
#include "e2e/harness/wait.h"
#include "net/http_server.h"

namespace tocsin::e2e {
namespace {

namespace json = boost::json;

// Deterministic metrics that change with every scrape (n = scrape number).
std::string ExporterBody(int64_t n) {
  char buf[4096];
  std::snprintf(buf, sizeof(buf),
                "# HELP http_requests_total Requests.\n"
                "# TYPE http_requests_total counter\n"
                "http_requests_total{method=\"get\",code=\"200\"} %lld\n"
                "http_requests_total{method=\"get\",code=\"500\"} %lld\n"
                "http_requests_total{method=\"post\",code=\"200\"} %lld\n"
                "# TYPE temperature_celsius gauge\n"
                "temperature_celsius{room=\"a\"} %.6f\n"
                "temperature_celsius{room=\"b\"} %lld\n"
                "temperature_celsius{room=\"c\"} %.2f\n"
                "# TYPE queue_depth gauge\n"
                "queue_depth{queue=\"q1\"} %lld\n"
                "queue_depth{queue=\"q2\"} %lld\n"
                "# TYPE restarts_total counter\n"
                "restarts_total{svc=\"x\"} %lld\n"
                "# TYPE request_duration_seconds histogram\n"
                "request_duration_seconds_bucket{le=\"0.1\"} %lld\n"
                "request_duration_seconds_bucket{le=\"0.5\"} %lld\n"
                "request_duration_seconds_bucket{le=\"1\"} %lld\n"
                "request_duration_seconds_bucket{le=\"+Inf\"} %lld\n"
                "request_duration_seconds_sum %.1f\n"
                "request_duration_seconds_count %lld\n"
                "build_info{version=\"1.2.3\",revision=\"abc\"} 1\n",
                static_cast<long long>(n * 10), static_cast<long long>(n),
                static_cast<long long>(n * 3 + n % 7),
                20 + 5 * std::sin(n / 3.0), static_cast<long long>(18 + n % 5),
                -3.5 + n * 0.25, static_cast<long long>(n % 4),
                static_cast<long long>(100 - n), static_cast<long long>(n % 10),
                static_cast<long long>(n * 5),
                static_cast<long long>(n * 8 + n % 3),
                static_cast<long long>(n * 9 + n % 3),
                static_cast<long long>(n * 10 + n % 3), n * 4.2,
                static_cast<long long>(n * 10 + n % 3));
  return buf;
}

// The instant queries: more than 50, more than 30 distinct functions and
// operators, each non-empty in Prometheus at the evaluation time.
const std::vector<std::string>& InstantQueries() {
  static const auto* q = new std::vector<std::string>{
      "up",
      "http_requests_total",
      "rate(http_requests_total[10s])",
      "irate(http_requests_total[10s])",
      "increase(http_requests_total[10s])",
      "sum(rate(http_requests_total[10s]))",
      "sum by (code) (rate(http_requests_total[10s]))",
      "sum without (method) (http_requests_total)",
      "avg(temperature_celsius)",
      "max(temperature_celsius)",
      "min by (room) (temperature_celsius)",
      "count(http_requests_total)",
      "stddev(temperature_celsius)",
      "stdvar(temperature_celsius)",
      "topk(2, temperature_celsius)",
      "bottomk(1, temperature_celsius)",
      "quantile(0.5, temperature_celsius)",
      "count_values(\"depth\", queue_depth)",
      "group by (code) (http_requests_total)",
      "histogram_quantile(0.9, rate(request_duration_seconds_bucket[10s]))",
      "histogram_quantile(0.5, sum by (le) "
      "(rate(request_duration_seconds_bucket[10s])))",
      "delta(temperature_celsius[10s])",
      "idelta(temperature_celsius[10s])",
      "deriv(temperature_celsius[10s])",
      "predict_linear(temperature_celsius[10s], 60)",
      "avg_over_time(temperature_celsius[10s])",
      "min_over_time(temperature_celsius[10s])",
      "max_over_time(temperature_celsius[10s])",
      "sum_over_time(queue_depth[10s])",
      "count_over_time(temperature_celsius[10s])",
      "stddev_over_time(temperature_celsius[10s])",
      "quantile_over_time(0.9, temperature_celsius[10s])",
      "last_over_time(temperature_celsius[10s])",
      "present_over_time(up[10s])",
      "changes(queue_depth[10s])",
      "resets(restarts_total[20s])",
      "abs(temperature_celsius - 20)",
      "ceil(temperature_celsius)",
      "floor(temperature_celsius)",
      "round(temperature_celsius, 0.5)",
      "clamp(temperature_celsius, 0, 20)",
      "clamp_min(temperature_celsius, 19)",
      "clamp_max(temperature_celsius, 19)",
      "exp(queue_depth{queue=\"q1\"})",
      "ln(http_requests_total)",
      "log2(http_requests_total)",
      "log10(http_requests_total)",
      "sqrt(http_requests_total)",
      "sgn(temperature_celsius)",
      "http_requests_total{code=\"500\"} / ignoring(code) "
      "http_requests_total{code=\"200\"}",
      "http_requests_total / on(method) group_left "
      "sum by (method) (http_requests_total)",
      "temperature_celsius > 19",
      "temperature_celsius > bool 19",
      "http_requests_total and on(method) http_requests_total{code=\"500\"}",
      "http_requests_total unless http_requests_total{code=\"500\"}",
      "temperature_celsius{room=\"a\"} or temperature_celsius{room=\"b\"}",
      "label_replace(temperature_celsius, \"r\", \"room-$1\", \"room\", "
      "\"(.*)\")",
      "label_join(http_requests_total, \"mc\", \"-\", \"method\", \"code\")",
      "absent(nonexistent_metric)",
      "absent_over_time(nonexistent_metric[10s])",
      "timestamp(up)",
      "vector(1) + scalar(queue_depth{queue=\"q1\"})",
      "time()",
      "rate(http_requests_total[10s] offset 3s)",
      "max_over_time(rate(http_requests_total[5s])[15s:2s])",
      "-temperature_celsius",
      "temperature_celsius ^ 2",
      "temperature_celsius % 3",
      "http_requests_total * 2 + 1",
      "count by (le) (request_duration_seconds_bucket)",
      "sum by (method) (http_requests_total) - sum by (method) "
      "(http_requests_total offset 5s)",
      "1 - avg without (room) (temperature_celsius) / 100",
      "sort_desc(temperature_celsius)",
      "sort(queue_depth)",
  };
  return *q;
}

const std::vector<std::string>& RangeQueries() {
  static const auto* q = new std::vector<std::string>{
      "rate(http_requests_total[5s])",
      "sum by (code) (increase(http_requests_total[5s]))",
      "avg_over_time(temperature_celsius[4s])",
      "histogram_quantile(0.9, rate(request_duration_seconds_bucket[5s]))",
      "temperature_celsius > bool 19",
  };
  return *q;
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Seconds(int64_t ms) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%lld.%03lld",
                static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

Result<json::value> Ask(const std::string& base, const std::string& path) {
  auto r = HttpGet(base + path);
  if (!r.ok()) return r.status();
  boost::system::error_code ec;
  json::value v = json::parse(r->body, ec);
  if (ec) return InvalidArgumentError("not JSON: " + r->body);
  if (r->status != 200) {
    return InvalidArgumentError("HTTP " + std::to_string(r->status) + ": " +
                                r->body);
  }
  return v;
}

double ParseValue(const json::value& v) {
  std::string s(v.as_string());
  if (s == "NaN") return std::nan("");
  if (s == "+Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  return std::stod(s);
}

bool FloatEqual(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  return std::fabs(a - b) / (std::fabs(a) + std::fabs(b)) < 1e-6;
}

std::string LabelsKey(const json::value& metric) {
  std::map<std::string, std::string> m;
  for (const auto& kv : metric.as_object()) {
    m[std::string(kv.key())] = std::string(kv.value().as_string());
  }
  std::string out = "{";
  for (const auto& [k, v] : m) out += k + "=" + v + ",";
  return out + "}";
}

// Compares two successful query responses; "" when equal, else why not.
std::string Compare(const json::value& prom, const json::value& tocsin,
                    bool ordered, size_t* prom_size) {
  const json::object& pd = prom.at("data").as_object();
  const json::object& td = tocsin.at("data").as_object();
  std::string type(pd.at("resultType").as_string());
  if (type != td.at("resultType").as_string()) {
    return "resultType " + type + " vs " +
           std::string(td.at("resultType").as_string());
  }
  if (type == "scalar") {
    *prom_size = 1;
    const json::array& a = pd.at("result").as_array();
    const json::array& b = td.at("result").as_array();
    if (!FloatEqual(ParseValue(a[1]), ParseValue(b[1]))) {
      return "scalar " + json::serialize(a) + " vs " + json::serialize(b);
    }
    return "";
  }
  const json::array& a = pd.at("result").as_array();
  const json::array& b = td.at("result").as_array();
  *prom_size = a.size();
  if (a.size() != b.size()) {
    return "series count " + std::to_string(a.size()) + " vs " +
           std::to_string(b.size()) + ": " + json::serialize(a) + " vs " +
           json::serialize(b);
  }
  const char* key = type == "matrix" ? "values" : "value";
  auto collect = [&](const json::array& arr) {
    std::vector<std::pair<std::string, json::value>> out;
    for (const auto& e : arr) {
      out.emplace_back(LabelsKey(e.at("metric")), e.at(key));
    }
    if (!ordered)
      std::sort(out.begin(), out.end(),
                [](const auto& x, const auto& y) { return x.first < y.first; });
    return out;
  };
  auto pa = collect(a);
  auto pb = collect(b);
  for (size_t i = 0; i < pa.size(); ++i) {
    if (pa[i].first != pb[i].first) {
      return "series " + pa[i].first + " vs " + pb[i].first;
    }
    std::vector<json::value> points, other;
    if (type == "matrix") {
      for (const auto& p : pa[i].second.as_array()) points.push_back(p);
      for (const auto& p : pb[i].second.as_array()) other.push_back(p);
    } else {
      points.push_back(pa[i].second);
      other.push_back(pb[i].second);
    }
    if (points.size() != other.size()) {
      return pa[i].first + ": " + json::serialize(pa[i].second) + " vs " +
             json::serialize(pb[i].second);
    }
    for (size_t j = 0; j < points.size(); ++j) {
      const json::array& p = points[j].as_array();
      const json::array& o = other[j].as_array();
      if (json::serialize(p[0]) != json::serialize(o[0]) ||
          !FloatEqual(ParseValue(p[1]), ParseValue(o[1]))) {
        return pa[i].first + ": " + json::serialize(p) + " vs " +
               json::serialize(o);
      }
    }
  }
  return "";
}

TEST(QueryDifferentialTest, PrometheusRemoteWritesAndBothAnswerAlike) {
  std::atomic<int64_t> scrapes{0};
  net::HttpServerOptions opts;
  opts.listen_address = "127.0.0.1:0";
  auto exporter = net::HttpServer::Start(opts, [&](const net::HttpRequest&) {
    net::HttpResponse r = net::HttpResponse::Text(200, ExporterBody(++scrapes));
    r.headers.Set("Content-Type", "text/plain; version=0.0.4");
    return r;
  });
  ASSERT_TRUE(exporter.ok()) << exporter.status();
  auto tocsin = StartTocsin();
  ASSERT_TRUE(tocsin.ok()) << tocsin.status();
  PrometheusOptions popts;
  popts.config_yaml =
      "global:\n"
      "  scrape_interval: 1s\n"
      "scrape_configs:\n"
      "  - job_name: exporter\n"
      "    static_configs:\n"
      "      - targets: ['127.0.0.1:" +
      std::to_string((*exporter)->LocalPort()) +
      "']\n"
      "remote_write:\n"
      "  - url: " +
      (*tocsin)->url() +
      "/api/v1/write\n"
      "    queue_config:\n"
      "      batch_send_deadline: 200ms\n"
      "      min_backoff: 50ms\n";
  auto prom = StartPrometheus(popts);
  ASSERT_TRUE(prom.ok()) << prom.status();
  const std::string p = (*prom)->url();
  const std::string t = (*tocsin)->url();

  // 25 scrapes give every [20s] window full data.
  ASSERT_TRUE(
      WaitUntil([&] { return scrapes.load() >= 26; }, std::chrono::seconds(60)))
      << "exporter scraped " << scrapes.load() << " times";

  // The newest sample Prometheus has, and an evaluation time half an
  // interval before it.
  auto last = Ask(p, "/api/v1/query?query=" + UrlEncode("timestamp(up)"));
  ASSERT_TRUE(last.ok()) << last.status();
  const json::array& lv =
      last->at("data").at("result").as_array()[0].at("value").as_array();
  const int64_t last_ms =
      static_cast<int64_t>(std::llround(ParseValue(lv[1]) * 1000));
  const int64_t eval_ms = last_ms - 2500;
  const std::string at = "&time=" + Seconds(eval_ms);

  // Caught up: tocsin holds as many samples up to last_ms as Prometheus.
  std::string count_expr;
  for (const char* name :
       {"up", "http_requests_total", "temperature_celsius", "queue_depth",
        "restarts_total", "request_duration_seconds_bucket",
        "request_duration_seconds_sum", "request_duration_seconds_count",
        "build_info", "scrape_duration_seconds"}) {
    if (!count_expr.empty()) count_expr += " + ";
    count_expr += std::string("sum(count_over_time(") + name + "[1h]))";
  }
  const std::string count_q = "/api/v1/query?query=" + UrlEncode(count_expr) +
                              "&time=" + Seconds(last_ms);
  std::string prom_count, tocsin_count;
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto a = Ask(p, count_q);
        auto b = Ask(t, count_q);
        if (!a.ok() || !b.ok()) {
          prom_count = a.ok() ? "ok" : std::string(a.status().message());
          tocsin_count = b.ok() ? "ok" : std::string(b.status().message());
          return false;
        }
        prom_count = json::serialize(a->at("data").at("result"));
        tocsin_count = json::serialize(b->at("data").at("result"));
        return prom_count == tocsin_count;
      },
      std::chrono::seconds(30)))
      << "samples up to the evaluation time: Prometheus " << prom_count
      << ", tocsin " << tocsin_count << "\n"
      << (*tocsin)->DumpLog();

  std::set<std::string> failures;
  size_t compared = 0;
  for (const std::string& q : InstantQueries()) {
    std::string path = "/api/v1/query?query=" + UrlEncode(q) + at;
    auto a = Ask(p, path);
    ASSERT_TRUE(a.ok()) << q << ": Prometheus: " << a.status();
    auto b = Ask(t, path);
    if (!b.ok()) {
      ADD_FAILURE() << q << ": tocsin: " << b.status();
      continue;
    }
    size_t n = 0;
    bool ordered = q.starts_with("sort");
    std::string diff = Compare(*a, *b, ordered, &n);
    EXPECT_GT(n, 0u) << q << ": empty in Prometheus (pick another query)";
    EXPECT_EQ(diff, "") << q;
    ++compared;
  }
  const std::string range = "&start=" + Seconds(eval_ms - 15000) +
                            "&end=" + Seconds(eval_ms) + "&step=3";
  for (const std::string& q : RangeQueries()) {
    std::string path = "/api/v1/query_range?query=" + UrlEncode(q) + range;
    auto a = Ask(p, path);
    ASSERT_TRUE(a.ok()) << q << ": Prometheus: " << a.status();
    auto b = Ask(t, path);
    if (!b.ok()) {
      ADD_FAILURE() << q << ": tocsin: " << b.status();
      continue;
    }
    size_t n = 0;
    std::string diff = Compare(*a, *b, false, &n);
    EXPECT_GT(n, 0u) << q;
    EXPECT_EQ(diff, "") << "range " << q;
    ++compared;
  }
  std::printf("query differential: %zu queries compared at %s\n", compared,
              Seconds(eval_ms).c_str());
  // The same series and label values through both metadata APIs.
  auto sa = Ask(p, "/api/v1/series?match[]=" + UrlEncode("{job=\"exporter\"}") +
                       "&start=" + Seconds(eval_ms - 10000) +
                       "&end=" + Seconds(eval_ms));
  auto sb = Ask(t, "/api/v1/series?match[]=" + UrlEncode("{job=\"exporter\"}") +
                       "&start=" + Seconds(eval_ms - 10000) +
                       "&end=" + Seconds(eval_ms));
  ASSERT_TRUE(sa.ok() && sb.ok());
  std::set<std::string> series_a, series_b;
  for (const auto& e : sa->at("data").as_array()) series_a.insert(LabelsKey(e));
  for (const auto& e : sb->at("data").as_array()) series_b.insert(LabelsKey(e));
  EXPECT_EQ(series_a, series_b);
  auto la = Ask(p, "/api/v1/label/room/values");
  auto lb = Ask(t, "/api/v1/label/room/values");
  ASSERT_TRUE(la.ok() && lb.ok());
  EXPECT_EQ(json::serialize(la->at("data")), json::serialize(lb->at("data")));
}

// tocsin scrapes the same kind of exporter itself (scrape_configs, 1s) and
// answers PromQL over what it scraped: up, the target labels, the samples.
TEST(ScrapeTest, TocsinScrapesATargetAndAnswersPromQL) {
  std::atomic<int64_t> scrapes{0};
  net::HttpServerOptions opts;
  opts.listen_address = "127.0.0.1:0";
  auto exporter = net::HttpServer::Start(opts, [&](const net::HttpRequest&) {
    net::HttpResponse r = net::HttpResponse::Text(200, ExporterBody(++scrapes));
    r.headers.Set("Content-Type", "text/plain; version=0.0.4");
    return r;
  });
  ASSERT_TRUE(exporter.ok()) << exporter.status();
  const std::string target =
      "127.0.0.1:" + std::to_string((*exporter)->LocalPort());
  TocsinOptions topts;
  topts.config_yaml =
      "route:\n  receiver: r\nreceivers:\n  - name: r\n"
      "scrape_configs:\n"
      "  - job_name: exporter\n"
      "    scrape_interval: 1s\n"
      "    static_configs:\n"
      "      - targets: ['" +
      target + "']\n        labels: {env: test}\n";
  auto tocsin = StartTocsin(topts);
  ASSERT_TRUE(tocsin.ok()) << tocsin.status();
  const std::string t = (*tocsin)->url();
  // Observable event: three scrapes answered, then rate() has data.
  ASSERT_TRUE(
      WaitUntil([&] { return scrapes.load() >= 3; }, std::chrono::seconds(30)))
      << (*tocsin)->DumpLog();
  std::string body;
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto r = Ask(t, "/api/v1/query?query=" +
                            UrlEncode("count(rate(http_requests_total[10s]))"));
        if (!r.ok()) return false;
        body = json::serialize(*r);
        return body.find("\"3\"]") != std::string::npos;
      },
      std::chrono::seconds(30)))
      << body;
  auto up = Ask(t, "/api/v1/query?query=up");
  ASSERT_TRUE(up.ok()) << up.status();
  const json::array& result = up->at("data").at("result").as_array();
  ASSERT_EQ(result.size(), 1u) << json::serialize(*up);
  EXPECT_EQ(json::serialize(result[0].at("metric")),
            "{\"__name__\":\"up\",\"env\":\"test\",\"instance\":\"" + target +
                "\",\"job\":\"exporter\"}");
  EXPECT_EQ(result[0].at("value").as_array()[1].as_string(), "1");
}

}  // namespace
}  // namespace tocsin::e2e
