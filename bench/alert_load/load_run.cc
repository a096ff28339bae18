#include "alert_load/load_run.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "alert_load/http_connection.h"
#include "alert_load/proc_stats.h"
#include "alert_load/stats.h"

namespace tocsin::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Seconds on the steady clock (CLOCK_MONOTONIC on Linux), so phases can be
// matched with `perf record -k CLOCK_MONOTONIC` samples.
double Mono(Clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

double SecondsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Alerts per group in the load phase: alert i is in group host-(i / 10).
constexpr int kAlertsPerGroup = 10;

// One POST body: alerts [first, first + count) of the load phase. Every
// label set is distinct (label id); startsAt/endsAt are left to the server.
std::string LoadBatchBody(int first, int count) {
  std::string body = "[";
  body.reserve(static_cast<size_t>(count) * 260);
  for (int i = first; i < first + count; ++i) {
    if (i != first) body += ',';
    body += R"({"labels":{"alertname":"BenchLoad","instance":"host-)";
    body += std::to_string(i / kAlertsPerGroup);
    body += R"(","id":")";
    body += std::to_string(i);
    body += R"(","job":"bench","severity":"warning","phase":"load"},)";
    body += R"("annotations":{"summary":"load alert )";
    body += std::to_string(i);
    body += R"(","description":"posted by bench/alert_load"},)";
    body += R"("generatorURL":"http://bench.invalid/graph?g0.expr=up"})";
  }
  body += ']';
  return body;
}

std::string LatencyBody(const std::string& instance) {
  return R"([{"labels":{"alertname":"BenchLatency","instance":")" + instance +
         R"(","job":"bench","phase":"latency"},)" +
         R"("annotations":{"summary":"latency probe"}}])";
}

// Alerts in a GET /api/v2/alerts body (every gettable alert has exactly one
// "fingerprint" key; our label values never contain that text).
int CountAlerts(const std::string& body) {
  static constexpr std::string_view kKey = "\"fingerprint\":";
  int n = 0;
  for (size_t pos = body.find(kKey); pos != std::string::npos;
       pos = body.find(kKey, pos + kKey.size())) {
    ++n;
  }
  return n;
}

std::string Snippet(const std::string& s) {
  return s.size() <= 300 ? s : s.substr(0, 300) + "...";
}

// Throughput phase; fills the load fields of `r`. Returns false (with
// r.error) on failure.
bool RunThroughput(BenchServer& server, const LoadParams& params,
                   WebhookSink& sink, RunResult& r) {
  const int batches = params.active / params.batch_size;
  r.active = batches * params.batch_size;
  r.batches = batches;
  std::vector<std::string> bodies;
  bodies.reserve(batches);
  for (int b = 0; b < batches; ++b) {
    bodies.push_back(LoadBatchBody(b * params.batch_size, params.batch_size));
  }
  const std::string post_url = server.url() + "/api/v2/alerts";

  auto rss_idle = ProcessRss(server.pid());
  if (!rss_idle.ok()) {
    r.error = "idle RSS: " + rss_idle.status().ToString();
    return false;
  }
  r.rss_idle_bytes = *rss_idle;
  sink.Reset();

  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::string first_error;
  std::vector<double> post_ms;
  const int threads = std::max(1, std::min(params.connections, batches));

  auto cpu0 = ProcessCpu(server.pid());
  const CpuTime self0 = SelfCpu();
  const Clock::time_point t0 = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      HttpConnection conn(params.request_timeout);
      std::vector<double> mine;
      while (!failed.load()) {
        int b = next.fetch_add(1);
        if (b >= batches) break;
        Clock::time_point s = Clock::now();
        auto resp = conn.PostJson(post_url, bodies[b]);
        mine.push_back(SecondsBetween(s, Clock::now()) * 1000);
        std::string err;
        if (!resp.ok()) {
          err = resp.status().ToString();
        } else if (resp->status != 200) {
          err = "POST /api/v2/alerts answered " + std::to_string(resp->status) +
                ": " + Snippet(resp->body);
        }
        if (!err.empty()) {
          std::lock_guard<std::mutex> lock(mu);
          if (!failed.exchange(true)) first_error = err;
          break;
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      post_ms.insert(post_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& w : workers) w.join();
  const Clock::time_point t_posted = Clock::now();
  r.mono_post_start_s = Mono(t0);
  r.mono_posted_s = Mono(t_posted);
  r.post_s = SecondsBetween(t0, t_posted);
  r.post_p50_ms = Percentile(post_ms, 50);
  r.post_p99_ms = Percentile(post_ms, 99);
  if (failed.load()) {
    r.error = first_error;
    return false;
  }
  auto cpu_posted = ProcessCpu(server.pid());
  auto rss_posted = ProcessRss(server.pid());
  if (!cpu0.ok() || !cpu_posted.ok() || !rss_posted.ok()) {
    r.error = "server /proc readings failed (process gone?)";
    return false;
  }
  r.rss_after_post_bytes = *rss_posted;
  r.server_cpu_ingest_s = cpu_posted->total() - cpu0->total();

  // Poll GET /api/v2/alerts until every posted alert is visible.
  HttpConnection conn(params.request_timeout);
  const std::string get_url = server.url() + "/api/v2/alerts";
  const Clock::time_point deadline = t_posted + params.visible_timeout;
  int last_count = -1;
  Clock::time_point t_visible;
  while (true) {
    Clock::time_point s = Clock::now();
    auto resp = conn.Get(get_url);
    Clock::time_point e = Clock::now();
    ++r.get_polls;
    if (!resp.ok()) {
      r.error = "GET /api/v2/alerts: " + resp.status().ToString();
      return false;
    }
    if (resp->status != 200) {
      r.error = "GET /api/v2/alerts answered " + std::to_string(resp->status) +
                ": " + Snippet(resp->body);
      return false;
    }
    last_count = CountAlerts(resp->body);
    if (last_count >= r.active) {
      t_visible = e;
      r.mono_visible_s = Mono(e);
      r.last_get_s = SecondsBetween(s, e);
      break;
    }
    if (e >= deadline) {
      r.error = "only " + std::to_string(last_count) + " of " +
                std::to_string(r.active) + " alerts visible after " +
                std::to_string(params.visible_timeout.count()) + " ms";
      return false;
    }
    // Bounded polling: a short pause between GETs, never past the deadline.
    std::this_thread::sleep_for(
        std::min<Clock::duration>(std::chrono::milliseconds(20), deadline - e));
  }
  if (last_count != r.active) {
    r.error = "GET /api/v2/alerts shows " + std::to_string(last_count) +
              " alerts, " + std::to_string(r.active) + " posted";
    return false;
  }
  auto cpu1 = ProcessCpu(server.pid());
  const CpuTime self1 = SelfCpu();
  auto rss = ProcessRss(server.pid());
  if (!cpu1.ok() || !rss.ok()) {
    r.error = "server /proc readings failed (process gone?)";
    return false;
  }
  r.visible_s = SecondsBetween(t0, t_visible);
  r.alerts_per_s = r.active / r.visible_s;
  r.ingest_alerts_per_s = r.active / r.post_s;
  r.server_cpu_ingest_per_alert_us = r.server_cpu_ingest_s / r.active * 1e6;
  r.server_cpu_s = cpu1->total() - cpu0->total();
  r.server_cpu_per_alert_us = r.server_cpu_s / r.active * 1e6;
  r.client_cpu_s = self1.total() - self0.total();
  r.client_cpu_per_alert_us = r.client_cpu_s / r.active * 1e6;
  r.rss_active_bytes = *rss;
  r.rss_per_alert_bytes =
      static_cast<double>(r.rss_after_post_bytes - r.rss_idle_bytes) / r.active;
  r.rss_per_alert_after_get_bytes =
      static_cast<double>(r.rss_active_bytes - r.rss_idle_bytes) / r.active;
  r.webhook_requests_during_load = sink.requests();
  return true;
}

// Latency phase; fills the latency fields of `r`.
bool RunLatency(BenchServer& server, const LoadParams& params,
                WebhookSink& sink, RunResult& r) {
  HttpConnection conn(params.request_timeout);
  const std::string post_url = server.url() + "/api/v2/alerts";
  auto cpu0 = ProcessCpu(server.pid());
  r.mono_latency_start_s = Mono(Clock::now());
  for (int j = 0; j < params.latency_samples; ++j) {
    const std::string instance = "lat-" + r.server + "-" +
                                 std::to_string(r.rep) + "-" +
                                 std::to_string(j);
    const std::string body = LatencyBody(instance);
    Clock::time_point s = Clock::now();
    auto resp = conn.PostJson(post_url, body);
    if (!resp.ok() || resp->status != 200) {
      r.error = "latency POST: " + (resp.ok() ? std::to_string(resp->status) +
                                                    " " + Snippet(resp->body)
                                              : resp.status().ToString());
      return false;
    }
    auto arrived = sink.WaitFor(instance, params.latency_timeout);
    if (!arrived) {
      ++r.latency_missing;
      continue;
    }
    r.latency_ms.push_back(SecondsBetween(s, *arrived) * 1000);
  }
  r.mono_latency_end_s = Mono(Clock::now());
  auto cpu1 = ProcessCpu(server.pid());
  if (cpu0.ok() && cpu1.ok()) {
    r.latency_server_cpu_s = cpu1->total() - cpu0->total();
  }
  r.latency_p50_ms = Percentile(r.latency_ms, 50);
  r.latency_p90_ms = Percentile(r.latency_ms, 90);
  r.latency_p99_ms = Percentile(r.latency_ms, 99);
  if (r.latency_missing * 10 > params.latency_samples) {
    r.error = std::to_string(r.latency_missing) + " of " +
              std::to_string(params.latency_samples) +
              " latency probes never reached the webhook within " +
              std::to_string(params.latency_timeout.count()) + " ms";
    return false;
  }
  return true;
}

}  // namespace

std::string BenchConfig(const std::string& webhook_url) {
  return "global:\n"
         "  resolve_timeout: 1h\n"
         "route:\n"
         "  receiver: sink\n"
         "  group_by: [alertname, instance]\n"
         "  group_wait: 10m\n"
         "  group_interval: 10m\n"
         "  repeat_interval: 4h\n"
         "  routes:\n"
         "    - receiver: sink\n"
         "      matchers: ['phase=\"latency\"']\n"
         "      group_wait: 0s\n"
         "      group_interval: 1m\n"
         "receivers:\n"
         "  - name: sink\n"
         "    webhook_configs:\n"
         "      - url: " +
         webhook_url +
         "\n"
         "        send_resolved: false\n";
}

RunResult RunOnce(ServerKind kind, const std::string& binary, int rep,
                  const LoadParams& params, WebhookSink& sink) {
  RunResult r;
  r.server = ServerKindName(kind);
  r.rep = rep;
  r.load_before = LoadAverage();
  const std::string hook =
      "http://127.0.0.1:" + std::to_string(sink.port()) + "/hook";
  auto server =
      StartBenchServer(kind, binary, BenchConfig(hook), params.ready_timeout);
  if (!server.ok()) {
    r.error = "start: " + server.status().ToString();
    r.load_after = LoadAverage();
    return r;
  }
  bool ok = RunThroughput(**server, params, sink, r) &&
            RunLatency(**server, params, sink, r);
  if (!ok && !(*server)->Running()) {
    r.error += "\n" + (*server)->DumpLog();
  }
  r.ok = ok;
  r.load_after = LoadAverage();
  return r;
}

}  // namespace tocsin::bench
