#ifndef TOCSIN_BENCH_ALERT_LOAD_LOAD_RUN_H_
#define TOCSIN_BENCH_ALERT_LOAD_LOAD_RUN_H_

// One measured run of the alert-load benchmark against one fresh server:
//   1. start the server (same config for both kinds) and read its idle RSS;
//   2. throughput: POST `active` alerts (distinct label sets) in batches of
//      `batch_size` over `connections` keep-alive connections, then poll
//      GET /api/v2/alerts until all of them are visible; alerts/s = active /
//      (first POST .. the GET response that showed them all). Server CPU
//      (/proc/<pid>/stat) and the tool's own CPU (getrusage) are the deltas
//      over that phase. Both servers store a posted batch before answering
//      the POST, so the figures are also given for the POSTs alone
//      ("ingest": first POST .. last answer), where one GET of every alert
//      does not weigh in. RSS per active alert = (VmRSS - idle) / active,
//      read once all POSTs are answered (holding cost) and again after the
//      GET (which adds the transient cost of serializing every alert);
//   3. latency: POST single alerts that a child route with group_wait 0s
//      sends to the tool's webhook sink, one at a time, and time POST start
//      .. webhook arrival.
// Every wait is bounded; a failure ends the run with a message.

#include <chrono>
#include <string>
#include <vector>

#include "alert_load/bench_server.h"
#include "alert_load/webhook_sink.h"

namespace tocsin::bench {

struct LoadParams {
  int active = 100000;         // Alerts posted in the throughput phase.
  int batch_size = 100;        // Alerts per POST.
  int connections = 4;         // Concurrent keep-alive connections.
  int latency_samples = 1000;  // Single-alert POSTs in the latency phase.
  std::chrono::milliseconds request_timeout{60000};
  std::chrono::milliseconds ready_timeout{30000};
  std::chrono::milliseconds visible_timeout{180000};
  std::chrono::milliseconds latency_timeout{5000};  // Per latency sample.
};

struct RunResult {
  std::string server;
  int rep = 0;
  bool ok = false;
  std::string error;  // Why the run failed (empty when ok).
  std::string load_before;
  std::string load_after;

  // Throughput phase.
  int active = 0;
  int batches = 0;
  double post_s = 0;      // First POST sent .. last POST answered.
  double visible_s = 0;   // First POST sent .. GET showing all answered.
  double last_get_s = 0;  // Duration of that final GET.
  int get_polls = 0;
  double alerts_per_s = 0;         // active / visible_s.
  double ingest_alerts_per_s = 0;  // active / post_s.
  double post_p50_ms = 0;
  double post_p99_ms = 0;
  double server_cpu_s = 0;
  double server_cpu_per_alert_us = 0;
  double server_cpu_ingest_s = 0;  // First POST .. last POST answered.
  double server_cpu_ingest_per_alert_us = 0;
  double client_cpu_s = 0;
  double client_cpu_per_alert_us = 0;
  long long rss_idle_bytes = 0;
  long long rss_after_post_bytes = 0;  // All POSTs answered, before the GET.
  long long rss_active_bytes = 0;      // Right after all were visible.
  // (after_post - idle) / active: the holding cost of the active alerts.
  double rss_per_alert_bytes = 0;
  // (active - idle) / active: also the GET's transient memory.
  double rss_per_alert_after_get_bytes = 0;
  long long webhook_requests_during_load = 0;  // Expected 0 (group_wait 10m).

  // Latency phase.
  std::vector<double> latency_ms;
  int latency_missing = 0;
  double latency_p50_ms = 0;
  double latency_p90_ms = 0;
  double latency_p99_ms = 0;
  double latency_server_cpu_s = 0;

  // Phase boundaries on CLOCK_MONOTONIC, in seconds (to select a phase in
  // a `perf record -k CLOCK_MONOTONIC` profile with `perf report --time`).
  double mono_post_start_s = 0;
  double mono_posted_s = 0;
  double mono_visible_s = 0;
  double mono_latency_start_s = 0;
  double mono_latency_end_s = 0;
};

// The config both servers run: root route (group_by alertname, instance;
// group_wait 10m so the load phase sends nothing) with one child route for
// phase="latency" (group_wait 0s); one webhook receiver to `webhook_url`.
std::string BenchConfig(const std::string& webhook_url);

// Runs the phases above against a fresh server of `kind`. The result's `ok`
// and `error` say whether it completed; partial figures are kept.
RunResult RunOnce(ServerKind kind, const std::string& binary, int rep,
                  const LoadParams& params, WebhookSink& sink);

}  // namespace tocsin::bench

#endif  // TOCSIN_BENCH_ALERT_LOAD_LOAD_RUN_H_
