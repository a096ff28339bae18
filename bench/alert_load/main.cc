// alert-load: posts alerts to tocsin and to Debian's Alertmanager in the
// same run (same client, batch size and config), repeats with fresh servers,
// prints a side-by-side summary with tocsin/Alertmanager ratios and writes
// the raw figures to <out-dir>/alert-load-<UTC timestamp>.json.
// See bench/README.md and docs/performance.md.
//
// Exit status: 0 when every run of every server completed, 1 when any run
// failed (the summary and JSON are still written), 2 on bad usage, 3 when
// the overall deadline passed (the process removes the servers' temp dirs and
// exits at once; its servers die with it through PR_SET_PDEATHSIG).

#include <curl/curl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alert_load/bench_server.h"
#include "alert_load/load_run.h"
#include "alert_load/proc_stats.h"
#include "alert_load/stats.h"
#include "alert_load/webhook_sink.h"
#include "e2e/harness/temp_dir.h"

#ifndef TOCSIN_BENCH_BINARY_DIR
#define TOCSIN_BENCH_BINARY_DIR ""
#endif

namespace tocsin::bench {
namespace {

namespace json = boost::json;

struct Options {
  LoadParams params;
  int reps = 3;
  bool quick = false;
  std::string out_dir = "bench/results";
  std::string tocsin =
      std::string(TOCSIN_BENCH_BINARY_DIR) + "/src/main/tocsin";
  std::string alertmanager = "/usr/bin/prometheus-alertmanager";
  std::vector<ServerKind> servers = {ServerKind::kAlertmanager,
                                     ServerKind::kTocsin};
  int deadline_s = 1800;
  std::string note;  // Free text stored in the JSON (e.g. the commit).
};

constexpr char kUsage[] =
    "usage: alert-load [--quick] [--reps=N] [--active=N] [--batch=N]\n"
    "                  [--connections=N] [--latency-samples=N]\n"
    "                  [--out-dir=DIR] [--tocsin=PATH] [--alertmanager=PATH]\n"
    "                  [--servers=alertmanager,tocsin] [--deadline=SECONDS]\n"
    "                  [--note=TEXT]\n"
    "  --quick: 2,000 active alerts, 20 latency probes, 1 repetition,\n"
    "           60 s deadline (the ctest smoke run).\n"
    "  Defaults: 3 reps, 100000 active alerts in batches of 100 over 4\n"
    "  connections, 1000 latency probes, out-dir bench/results, deadline "
    "1800.\n";

bool ParseInt(const std::string& s, int& out) {
  try {
    size_t pos = 0;
    long v = std::stol(s, &pos);
    if (pos != s.size() || v <= 0 || v > 100000000) return false;
    out = static_cast<int>(v);
    return true;
  } catch (...) {
    return false;
  }
}

// Returns an error message, or "" when the arguments are fine.
std::string ParseArgs(int argc, char** argv, Options& o) {
  // --quick first, so explicit sizes override it.
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") {
      o.quick = true;
      o.reps = 1;
      o.params.active = 2000;
      o.params.latency_samples = 20;
      o.params.visible_timeout = std::chrono::seconds(20);
      o.deadline_s = 60;
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") continue;
    if (a == "--help" || a == "-h") return "help";
    size_t eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos) {
      return "unknown argument: " + a;
    }
    std::string key = a.substr(2, eq - 2);
    std::string val = a.substr(eq + 1);
    int n = 0;
    auto need_int = [&](int& field) {
      if (!ParseInt(val, n)) return "bad value for --" + key + ": " + val;
      field = n;
      return std::string();
    };
    std::string err;
    if (key == "reps") {
      err = need_int(o.reps);
    } else if (key == "active") {
      err = need_int(o.params.active);
    } else if (key == "batch") {
      err = need_int(o.params.batch_size);
    } else if (key == "connections") {
      err = need_int(o.params.connections);
    } else if (key == "latency-samples") {
      err = need_int(o.params.latency_samples);
    } else if (key == "deadline") {
      err = need_int(o.deadline_s);
    } else if (key == "note") {
      o.note = val;
    } else if (key == "out-dir") {
      o.out_dir = val;
    } else if (key == "tocsin") {
      o.tocsin = val;
    } else if (key == "alertmanager") {
      o.alertmanager = val;
    } else if (key == "servers") {
      o.servers.clear();
      size_t start = 0;
      while (start <= val.size()) {
        size_t comma = val.find(',', start);
        std::string s =
            val.substr(start, comma == std::string::npos ? std::string::npos
                                                         : comma - start);
        if (s == "alertmanager") {
          o.servers.push_back(ServerKind::kAlertmanager);
        } else if (s == "tocsin") {
          o.servers.push_back(ServerKind::kTocsin);
        } else {
          return "unknown server: " + s;
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else {
      return "unknown flag: --" + key;
    }
    if (!err.empty()) return err;
  }
  if (o.params.active < o.params.batch_size) {
    return "--active must be at least --batch";
  }
  return "";
}

std::string UtcStamp(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

json::object SpreadJson(const Spread& s) {
  return {{"n", s.n},
          {"mean", s.mean},
          {"stddev", s.stddev},
          {"min", s.min},
          {"max", s.max}};
}

json::object RunJson(const RunResult& r) {
  json::array lat;
  for (double v : r.latency_ms) lat.push_back(v);
  return {
      {"server", r.server},
      {"rep", r.rep},
      {"ok", r.ok},
      {"error", r.error},
      {"load_average_before", r.load_before},
      {"load_average_after", r.load_after},
      {"active", r.active},
      {"batches", r.batches},
      {"post_s", r.post_s},
      {"visible_s", r.visible_s},
      {"last_get_s", r.last_get_s},
      {"get_polls", r.get_polls},
      {"alerts_per_s", r.alerts_per_s},
      {"post_p50_ms", r.post_p50_ms},
      {"post_p99_ms", r.post_p99_ms},
      {"server_cpu_s", r.server_cpu_s},
      {"server_cpu_per_alert_us", r.server_cpu_per_alert_us},
      {"ingest_alerts_per_s", r.ingest_alerts_per_s},
      {"server_cpu_ingest_s", r.server_cpu_ingest_s},
      {"server_cpu_ingest_per_alert_us", r.server_cpu_ingest_per_alert_us},
      {"client_cpu_s", r.client_cpu_s},
      {"client_cpu_per_alert_us", r.client_cpu_per_alert_us},
      {"rss_idle_bytes", r.rss_idle_bytes},
      {"rss_after_post_bytes", r.rss_after_post_bytes},
      {"rss_active_bytes", r.rss_active_bytes},
      {"rss_per_alert_bytes", r.rss_per_alert_bytes},
      {"rss_per_alert_after_get_bytes", r.rss_per_alert_after_get_bytes},
      {"webhook_requests_during_load", r.webhook_requests_during_load},
      {"latency_samples_ms", std::move(lat)},
      {"latency_missing", r.latency_missing},
      {"latency_p50_ms", r.latency_p50_ms},
      {"latency_p90_ms", r.latency_p90_ms},
      {"latency_p99_ms", r.latency_p99_ms},
      {"latency_server_cpu_s", r.latency_server_cpu_s},
      {"monotonic_s",
       {{"post_start", r.mono_post_start_s},
        {"posted", r.mono_posted_s},
        {"visible", r.mono_visible_s},
        {"latency_start", r.mono_latency_start_s},
        {"latency_end", r.mono_latency_end_s}}},
  };
}

// The figures compared between servers: name, accessor, unit, and whether
// a higher value is better.
struct Metric {
  const char* name;
  double (*get)(const RunResult&);
  const char* unit;
  bool higher_is_better;
};

const std::vector<Metric>& Metrics() {
  static const std::vector<Metric> kMetrics = {
      {"alerts_per_s", [](const RunResult& r) { return r.alerts_per_s; },
       "alerts/s", true},
      {"server_cpu_per_alert_us",
       [](const RunResult& r) { return r.server_cpu_per_alert_us; },
       "us CPU/alert", false},
      {"rss_per_alert_bytes",
       [](const RunResult& r) { return r.rss_per_alert_bytes; }, "B/alert",
       false},
      {"ingest_alerts_per_s",
       [](const RunResult& r) { return r.ingest_alerts_per_s; }, "alerts/s",
       true},
      {"server_cpu_ingest_per_alert_us",
       [](const RunResult& r) { return r.server_cpu_ingest_per_alert_us; },
       "us CPU/alert", false},
      {"rss_per_alert_after_get_bytes",
       [](const RunResult& r) { return r.rss_per_alert_after_get_bytes; },
       "B/alert", false},
      {"last_get_s", [](const RunResult& r) { return r.last_get_s; }, "s",
       false},
      {"latency_p50_ms", [](const RunResult& r) { return r.latency_p50_ms; },
       "ms", false},
      {"latency_p90_ms", [](const RunResult& r) { return r.latency_p90_ms; },
       "ms", false},
      {"latency_p99_ms", [](const RunResult& r) { return r.latency_p99_ms; },
       "ms", false},
      {"client_cpu_per_alert_us",
       [](const RunResult& r) { return r.client_cpu_per_alert_us; },
       "us CPU/alert", false},
      {"post_s", [](const RunResult& r) { return r.post_s; }, "s", false},
      {"visible_s", [](const RunResult& r) { return r.visible_s; }, "s", false},
      {"server_cpu_s", [](const RunResult& r) { return r.server_cpu_s; }, "s",
       false},
      {"rss_idle_mib",
       [](const RunResult& r) { return r.rss_idle_bytes / 1048576.0; }, "MiB",
       false},
      {"rss_active_mib",
       [](const RunResult& r) { return r.rss_active_bytes / 1048576.0; }, "MiB",
       false},
  };
  return kMetrics;
}

Spread MetricSpread(const std::vector<RunResult>& runs,
                    const std::string& server, const Metric& m) {
  std::vector<double> v;
  for (const auto& r : runs) {
    if (r.ok && r.server == server) v.push_back(m.get(r));
  }
  return Summarize(v);
}

// Overall-deadline watchdog: when the deadline passes before it is
// destroyed, removes `scratch` (the parent of every server's temp dir) and
// exits the process; the servers die with it (PR_SET_PDEATHSIG).
class Watchdog {
 public:
  Watchdog(std::chrono::seconds limit, std::filesystem::path scratch)
      : scratch_(std::move(scratch)), thread_([this, limit] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, limit, [this] { return disarmed_; })) {
            std::fprintf(stderr,
                         "alert-load: overall deadline of %lld s passed; "
                         "exiting (servers die with this process)\n",
                         static_cast<long long>(limit.count()));
            std::fflush(stderr);
            std::error_code ec;
            std::filesystem::remove_all(scratch_, ec);
            _exit(3);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      disarmed_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::filesystem::path scratch_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool disarmed_ = false;
  std::thread thread_;
};

int Main(int argc, char** argv) {
  Options o;
  std::string err = ParseArgs(argc, argv, o);
  if (err == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (!err.empty()) {
    std::cerr << "alert-load: " << err << "\n" << kUsage;
    return 2;
  }
  // Every server's temp dir goes under one scratch dir of this run (the
  // harness's TempDir honours TMPDIR), so the watchdog can remove them all.
  auto scratch = e2e::TempDir::Create("alert-load");
  if (!scratch.ok()) {
    std::cerr << "alert-load: " << scratch.status() << "\n";
    return 1;
  }
  setenv("TMPDIR", scratch->path().c_str(), 1);
  Watchdog watchdog{std::chrono::seconds(o.deadline_s), scratch->path()};
  curl_global_init(CURL_GLOBAL_DEFAULT);

  const std::string stamp = UtcStamp("%Y%m%dT%H%M%SZ");
  const std::string load_start = LoadAverage();
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  std::printf(
      "alert-load: %d rep(s), %d active alerts in batches of %d over %d "
      "connection(s), %d latency probes; %ld cores, load average %s\n",
      o.reps, o.params.active, o.params.batch_size, o.params.connections,
      o.params.latency_samples, cores, load_start.c_str());
  std::fflush(stdout);

  auto sink = WebhookSink::Start();
  if (!sink.ok()) {
    std::cerr << "alert-load: " << sink.status() << "\n";
    return 1;
  }
  std::vector<RunResult> runs;
  for (int rep = 0; rep < o.reps; ++rep) {
    // Alternate the order so slow drift of the machine hits both servers.
    std::vector<ServerKind> order = o.servers;
    if (rep % 2 == 1) std::reverse(order.begin(), order.end());
    for (ServerKind kind : order) {
      const std::string& binary =
          kind == ServerKind::kTocsin ? o.tocsin : o.alertmanager;
      RunResult r = RunOnce(kind, binary, rep, o.params, **sink);
      if (r.ok) {
        std::printf(
            "  rep %d %-12s %9.0f alerts/s  cpu %7.2f us/alert  rss %7.0f "
            "B/alert  latency p50/p90/p99 %.2f/%.2f/%.2f ms  client cpu "
            "%.2f us/alert  (load %s)\n",
            rep, r.server.c_str(), r.alerts_per_s, r.server_cpu_per_alert_us,
            r.rss_per_alert_bytes, r.latency_p50_ms, r.latency_p90_ms,
            r.latency_p99_ms, r.client_cpu_per_alert_us, r.load_after.c_str());
      } else {
        std::printf("  rep %d %-12s FAILED: %s\n", rep, r.server.c_str(),
                    r.error.c_str());
      }
      std::fflush(stdout);
      runs.push_back(std::move(r));
    }
  }
  const std::string load_end = LoadAverage();

  // Summary and ratios.
  json::object summary;
  std::printf(
      "\nalerts_per_s: first POST .. GET showing all; ingest_*: first POST "
      ".. last POST answered;\nrss_per_alert_bytes: after the POSTs, before "
      "the GET; *_after_get: after the GET of all alerts\n");
  std::printf("\nsummary (mean ± stddev [min..max] over successful reps)\n");
  for (ServerKind kind : o.servers) {
    const std::string name = ServerKindName(kind);
    json::object per;
    int failed = 0;
    for (const auto& r : runs) failed += r.server == name && !r.ok ? 1 : 0;
    std::printf("  %s (%d failed run(s))\n", name.c_str(), failed);
    if (MetricSpread(runs, name, Metrics()[0]).n == 0) {
      std::printf("    no successful run\n");
      summary[name] = std::move(per);
      continue;
    }
    for (const Metric& m : Metrics()) {
      Spread s = MetricSpread(runs, name, m);
      per[m.name] = SpreadJson(s);
      std::printf("    %-31s %12.3f ± %-10.3f [%.3f..%.3f] %s (n=%d)\n", m.name,
                  s.mean, s.stddev, s.min, s.max, m.unit, s.n);
    }
    summary[name] = std::move(per);
  }
  json::object ratios;
  json::object goals;
  bool have_both = false;
  {
    Spread t = MetricSpread(runs, "tocsin", Metrics()[0]);
    Spread a = MetricSpread(runs, "alertmanager", Metrics()[0]);
    have_both = t.n > 0 && a.n > 0;
  }
  if (have_both) {
    std::printf("\nratios tocsin/alertmanager (of means)\n");
    for (const Metric& m : Metrics()) {
      Spread t = MetricSpread(runs, "tocsin", m);
      Spread a = MetricSpread(runs, "alertmanager", m);
      double ratio = a.mean != 0 ? t.mean / a.mean : 0;
      ratios[m.name] = ratio;
      std::printf("    %-31s %10.3f\n", m.name, ratio);
    }
    auto goal = [&](const char* name, const char* text, bool met) {
      goals[name] = {{"goal", text}, {"met", met}};
      std::printf("  goal %-28s %-32s %s\n", name, text,
                  met ? "met" : "MISSED");
    };
    std::printf("\ngoals (issue 4)\n");
    goal("server_cpu_per_alert", "tocsin <= 1/10 of alertmanager",
         ratios["server_cpu_per_alert_us"].as_double() <= 0.1);
    goal("server_cpu_per_alert_ingest", "tocsin <= 1/10 of alertmanager",
         ratios["server_cpu_ingest_per_alert_us"].as_double() <= 0.1);
    goal("throughput_visible", "tocsin >= 10x alertmanager",
         ratios["alerts_per_s"].as_double() >= 10);
    goal("throughput_ingest", "tocsin >= 10x alertmanager",
         ratios["ingest_alerts_per_s"].as_double() >= 10);
    goal("rss_per_active_alert", "tocsin <= 1/4 of alertmanager",
         ratios["rss_per_alert_bytes"].as_double() <= 0.25);
    goal("rss_per_alert_after_get", "tocsin <= 1/4 of alertmanager",
         ratios["rss_per_alert_after_get_bytes"].as_double() <= 0.25);
    goal("latency_p50", "tocsin <= alertmanager",
         ratios["latency_p50_ms"].as_double() <= 1);
    goal("latency_p99", "tocsin <= alertmanager",
         ratios["latency_p99_ms"].as_double() <= 1);
  } else {
    std::printf("\nno ratios: not every server completed a run\n");
  }
  std::printf("load average: start %s, end %s\n", load_start.c_str(),
              load_end.c_str());
  for (const auto& r : runs) {
    if (!r.ok) {
      std::printf("FAILED: %s rep %d: %s\n", r.server.c_str(), r.rep,
                  r.error.c_str());
    }
  }

  json::array runs_json;
  bool all_ok = true;
  for (const auto& r : runs) {
    runs_json.push_back(RunJson(r));
    all_ok = all_ok && r.ok;
  }
  json::object doc = {
      {"tool", "bench/alert_load"},
      {"timestamp_utc", UtcStamp("%Y-%m-%dT%H:%M:%SZ")},
      {"quick", o.quick},
      {"note", o.note},
      {"machine",
       {{"cores", cores},
        {"load_average_start", load_start},
        {"load_average_end", load_end}}},
      {"params",
       {{"reps", o.reps},
        {"active", o.params.active},
        {"batch_size", o.params.batch_size},
        {"connections", o.params.connections},
        {"latency_samples", o.params.latency_samples},
        {"alerts_per_group", 10},
        {"alertmanager_binary", o.alertmanager},
        {"tocsin_binary", o.tocsin},
        {"config", BenchConfig("http://127.0.0.1:<sink port>/hook")}}},
      {"runs", std::move(runs_json)},
      {"summary", std::move(summary)},
      {"ratios_tocsin_over_alertmanager", std::move(ratios)},
      {"goals", std::move(goals)},
      {"all_runs_ok", all_ok},
  };
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  const std::string path = o.out_dir + "/alert-load-" + stamp + ".json";
  std::ofstream out(path);
  out << json::serialize(doc) << "\n";
  out.close();
  if (!out) {
    std::cerr << "alert-load: cannot write " << path << "\n";
    all_ok = false;
  } else {
    std::printf("raw: %s\n", path.c_str());
  }
  sink->reset();
  curl_global_cleanup();
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace tocsin::bench

int main(int argc, char** argv) { return tocsin::bench::Main(argc, argv); }
