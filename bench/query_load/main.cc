// query-load: loads the same synthetic metrics into Debian's Prometheus and
// into tocsin through remote_write, then runs the same PromQL query mix
// against both, in one run, and writes the raw figures as JSON.
//
// Data: `--series` series (1 in 10 a request counter, 9 in 10 the buckets
// of a request-duration histogram; instances spread over 10 jobs) with one
// sample every `--step-s` seconds over the last `--hours` hours, sent in
// time order as Prometheus' remote_write 1.0 (snappy protobuf), 4 senders.
// Queries: rate(x[5m]), sum by (job) (rate(...)), histogram_quantile over
// sum by (le) (rate(..._bucket[5m])), instant at random times in the loaded
// range and 1h range queries at 60s steps; `--query-seconds` per server
// with `--clients` concurrent clients.
//
// Per server and repetition: remote_write samples/s, RSS delta per series
// (RSS after loading minus RSS of the idle server), queries/s; results of
// a sample of queries are compared between the two servers.

#include <curl/curl.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "alert_load/http_connection.h"
#include "alert_load/proc_stats.h"
#include "alert_load/stats.h"
#include "e2e/harness/servers.h"
#include "ingest/remote_write.h"

namespace tocsin::bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Options {
  int series = 10000;
  int hours = 24;
  int step_s = 15;
  int reps = 3;
  int clients = 4;
  double query_seconds = 20;
  std::string out_dir = "bench/results";
  std::string tocsin;
  bool quick = false;
};

std::string SeriesName(
    int i, std::vector<std::pair<std::string, std::string>>* labels) {
  int instance = i / 10;
  int kind = i % 10;
  std::string job = "job-" + std::to_string(instance % 10);
  std::string inst = "host-" + std::to_string(instance) + ":9100";
  static const char* kLe[] = {"0.005", "0.01", "0.05", "0.1", "0.25",
                              "0.5",   "1",    "5",    "+Inf"};
  labels->clear();
  if (kind == 0) {
    labels->push_back({"__name__", "http_requests_total"});
  } else {
    labels->push_back({"__name__", "http_request_duration_seconds_bucket"});
    labels->push_back({"le", kLe[kind - 1]});
  }
  labels->push_back({"instance", inst});
  labels->push_back({"job", job});
  return "";
}

double Value(int series, int64_t step) {
  int kind = series % 10;
  // Counters: growing with per-series rates; buckets cumulative in le.
  double rate = 1 + (series / 10) % 7;
  return kind == 0 ? rate * step : rate * step * kind / 9.0;
}

size_t WriteCb(char* ptr, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(ptr, size * n);
  return size * n;
}

// POSTs one remote_write body; true on 2xx.
bool PostWrite(CURL* curl, const std::string& url, const std::string& body,
               std::string* error) {
  std::string resp;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Encoding: snappy");
  headers = curl_slist_append(headers, "Content-Type: application/x-protobuf");
  headers =
      curl_slist_append(headers, "X-Prometheus-Remote-Write-Version: 0.1.0");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteCb);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK || status / 100 != 2) {
    *error = rc != CURLE_OK ? curl_easy_strerror(rc)
                            : "HTTP " + std::to_string(status) + ": " + resp;
    return false;
  }
  return true;
}

// The request bodies, built before any clock starts: per time window of
// 30 steps, one request per 1,000 series.
std::vector<std::string> BuildRequests(const Options& o, int64_t start_ms,
                                       size_t* samples) {
  const int64_t steps = static_cast<int64_t>(o.hours) * 3600 / o.step_s;
  const int64_t window = 30;
  std::vector<std::string> out;
  std::vector<std::pair<std::string, std::string>> l;
  *samples = 0;
  for (int64_t w = 0; w < steps; w += window) {
    for (int s0 = 0; s0 < o.series; s0 += 1000) {
      ingest::WriteRequest req;
      for (int s = s0; s < std::min(o.series, s0 + 1000); ++s) {
        SeriesName(s, &l);
        std::vector<model::Label> labels;
        for (auto& [k, v] : l) labels.push_back({k, v});
        ingest::WriteSeries ws{model::Labels(std::move(labels)), {}, 0};
        for (int64_t st = w; st < std::min(steps, w + window); ++st) {
          ws.samples.push_back({start_ms + st * o.step_s * 1000, Value(s, st)});
        }
        *samples += ws.samples.size();
        req.series.push_back(std::move(ws));
      }
      out.push_back(ingest::SnappyEncode(ingest::EncodeWriteRequest(req)));
    }
  }
  return out;
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

const std::vector<std::string>& QueryMix() {
  static const auto* q = new std::vector<std::string>{
      "rate(http_requests_total[5m])",
      "sum by (job) (rate(http_requests_total[5m]))",
      "histogram_quantile(0.99, sum by (le) "
      "(rate(http_request_duration_seconds_bucket[5m])))",
  };
  return *q;
}

// The i-th query URL path of the mix (deterministic per seed).
std::string QueryPath(std::mt19937_64& rng, int64_t start_ms, int64_t end_ms) {
  const auto& mix = QueryMix();
  const std::string& q = mix[rng() % mix.size()];
  int64_t span = end_ms - start_ms - 3600 * 1000;
  int64_t t = start_ms + 3600 * 1000 + static_cast<int64_t>(rng() % span);
  char ts[64];
  if (rng() % 2 == 0) {
    std::snprintf(ts, sizeof(ts), "%.3f", t / 1000.0);
    return "/api/v1/query?query=" + UrlEncode(q) + "&time=" + ts;
  }
  char te[64];
  std::snprintf(ts, sizeof(ts), "%.3f", (t - 3600 * 1000) / 1000.0);
  std::snprintf(te, sizeof(te), "%.3f", t / 1000.0);
  return "/api/v1/query_range?query=" + UrlEncode(q) + "&start=" + ts +
         "&end=" + te + "&step=60";
}

struct RunResult {
  std::string server;
  double write_samples_per_s = 0;
  double rss_per_series_bytes = 0;
  double queries_per_s = 0;
  double query_errors = 0;
  double server_cpu_s = 0;
};

Result<RunResult> RunOne(const std::string& kind, const Options& o,
                         const std::vector<std::string>& bodies, size_t samples,
                         int64_t start_ms, int64_t end_ms,
                         std::vector<std::string>* sample_answers) {
  std::unique_ptr<e2e::Server> server;
  if (kind == "prometheus") {
    e2e::PrometheusOptions p;
    p.config_yaml = "global:\n  scrape_interval: 1h\n";
    p.extra_args = {"--web.enable-remote-write-receiver"};
    ASSIGN_OR_RETURN(server, e2e::StartPrometheus(p));
  } else {
    e2e::TocsinOptions t;
    ASSIGN_OR_RETURN(server, e2e::StartTocsin(t));
  }
  const pid_t pid = server->process().pid();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSIGN_OR_RETURN(long long rss0, ProcessRss(pid));
  ASSIGN_OR_RETURN(CpuTime cpu0, ProcessCpu(pid));
  RunResult r;
  r.server = kind;

  // Load, window by window (Prometheus refuses samples more than an hour
  // behind its newest): in each window sender c sends the bodies of series
  // groups g % 4 == c, so every series' samples arrive in time order.
  const size_t groups = static_cast<size_t>((o.series + 999) / 1000);
  std::atomic<bool> failed{false};
  std::string error;
  std::mutex error_mu;
  const std::string write_url = server->url() + "/api/v1/write";
  auto t0 = Clock::now();
  std::vector<CURL*> handles;
  for (int c = 0; c < 4; ++c) handles.push_back(curl_easy_init());
  for (size_t w0 = 0; w0 < bodies.size() && !failed; w0 += groups) {
    std::vector<std::thread> senders;
    for (int c = 0; c < 4; ++c) {
      senders.emplace_back([&, c, w0] {
        for (size_t g = static_cast<size_t>(c); g < groups && !failed; g += 4) {
          std::string err;
          if (!PostWrite(handles[c], write_url, bodies[w0 + g], &err)) {
            std::lock_guard<std::mutex> l(error_mu);
            error = err;
            failed = true;
          }
        }
      });
    }
    for (auto& t : senders) t.join();
  }
  for (CURL* h : handles) curl_easy_cleanup(h);
  double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (failed) {
    return UnavailableError(kind + " refused a write: " + error + "\n" +
                            server->DumpLog());
  }
  r.write_samples_per_s = samples / load_s;
  ASSIGN_OR_RETURN(long long rss1, ProcessRss(pid));
  r.rss_per_series_bytes = static_cast<double>(rss1 - rss0) / o.series;

  // Queries.
  std::atomic<long> done{0}, errors{0};
  auto q0 = Clock::now();
  auto deadline = q0 + std::chrono::duration<double>(o.query_seconds);
  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937_64 rng(1000 + c);
      HttpConnection conn(std::chrono::seconds(60));
      while (Clock::now() < deadline) {
        auto res = conn.Get(server->url() + QueryPath(rng, start_ms, end_ms));
        if (!res.ok() || res->status != 200) ++errors;
        ++done;
      }
    });
  }
  for (auto& t : clients) t.join();
  double q_s = std::chrono::duration<double>(Clock::now() - q0).count();
  r.queries_per_s = done / q_s;
  r.query_errors = static_cast<double>(errors);
  ASSIGN_OR_RETURN(CpuTime cpu1, ProcessCpu(pid));
  r.server_cpu_s = cpu1.total() - cpu0.total();

  // A fixed sample of answers, compared across servers by the caller.
  std::mt19937_64 rng(42);
  HttpConnection conn(std::chrono::seconds(60));
  sample_answers->clear();
  for (int i = 0; i < 6; ++i) {
    auto res = conn.Get(server->url() + QueryPath(rng, start_ms, end_ms));
    sample_answers->push_back(res.ok() ? res->body : "error");
  }
  return r;
}

// Result bodies equal up to float formatting noise: compares parsed JSON
// numbers/strings with a relative tolerance of 1e-6.
bool SameAnswer(const std::string& a, const std::string& b) {
  boost::system::error_code ea, eb;
  json::value va = json::parse(a, ea), vb = json::parse(b, eb);
  if (ea || eb) return false;
  std::function<bool(const json::value&, const json::value&)> eq =
      [&](const json::value& x, const json::value& y) -> bool {
    if (x.kind() != y.kind()) return false;
    if (x.is_object()) {
      const auto& ox = x.as_object();
      const auto& oy = y.as_object();
      if (ox.size() != oy.size()) return false;
      for (const auto& kv : ox) {
        if (!oy.contains(kv.key()) || !eq(kv.value(), oy.at(kv.key()))) {
          return false;
        }
      }
      return true;
    }
    if (x.is_array()) {
      const auto& ax = x.as_array();
      const auto& ay = y.as_array();
      if (ax.size() != ay.size()) return false;
      for (size_t i = 0; i < ax.size(); ++i) {
        if (!eq(ax[i], ay[i])) return false;
      }
      return true;
    }
    if (x.is_string()) {
      std::string sx(x.as_string()), sy(y.as_string());
      if (sx == sy) return true;
      char* ex = nullptr;
      char* ey = nullptr;
      double dx = std::strtod(sx.c_str(), &ex),
             dy = std::strtod(sy.c_str(), &ey);
      if (*ex || *ey) return false;
      return std::fabs(dx - dy) <= 1e-6 * (std::fabs(dx) + std::fabs(dy));
    }
    return x == y;
  };
  return eq(va, vb);
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char* p) { return a.substr(std::strlen(p)); };
    if (a == "--quick") {
      o.quick = true;
      o.series = 1000;
      o.hours = 2;
      o.reps = 1;
      o.query_seconds = 3;
    } else if (a.starts_with("--series=")) {
      o.series = std::stoi(val("--series="));
    } else if (a.starts_with("--hours=")) {
      o.hours = std::stoi(val("--hours="));
    } else if (a.starts_with("--reps=")) {
      o.reps = std::stoi(val("--reps="));
    } else if (a.starts_with("--clients=")) {
      o.clients = std::stoi(val("--clients="));
    } else if (a.starts_with("--query-seconds=")) {
      o.query_seconds = std::stod(val("--query-seconds="));
    } else if (a.starts_with("--out-dir=")) {
      o.out_dir = val("--out-dir=");
    } else if (a.starts_with("--tocsin=")) {
      o.tocsin = val("--tocsin=");
    } else {
      std::cerr << "usage: query-load [--quick] [--series=N] [--hours=N] "
                   "[--reps=N] [--clients=N] [--query-seconds=S] "
                   "[--out-dir=DIR] [--tocsin=BINARY]\n";
      return 2;
    }
  }
  if (!o.tocsin.empty()) {
    setenv("TOCSIN_BINARY_DIR",
           std::filesystem::absolute(o.tocsin)
               .parent_path()
               .parent_path()
               .parent_path()
               .c_str(),
           1);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  // Align to the step; end a few minutes ago.
  const int64_t end_ms = (now_ms / 60000) * 60000 - 5 * 60000;
  const int64_t start_ms = end_ms - static_cast<int64_t>(o.hours) * 3600000;
  size_t samples = 0;
  std::vector<std::string> bodies = BuildRequests(o, start_ms, &samples);
  std::cout << "query-load: " << o.series << " series, " << samples
            << " samples in " << bodies.size() << " requests; load "
            << LoadAverage() << "\n";

  json::array runs;
  std::vector<double> ratio_qps, ratio_write, ratio_rss;
  int mismatches = 0;
  for (int rep = 0; rep < o.reps; ++rep) {
    std::vector<std::string> kinds = {"prometheus", "tocsin"};
    if (rep % 2 == 1) std::swap(kinds[0], kinds[1]);
    std::map<std::string, RunResult> results;
    std::map<std::string, std::vector<std::string>> answers;
    for (const std::string& k : kinds) {
      auto r = RunOne(k, o, bodies, samples, start_ms, end_ms, &answers[k]);
      if (!r.ok()) {
        std::cerr << "query-load: " << r.status() << "\n";
        return 1;
      }
      results[k] = *r;
      std::printf(
          "rep %d %-10s write %10.0f samples/s  rss/series %7.0f B  "
          "%8.1f queries/s (%g errors)  cpu %.1f s\n",
          rep + 1, k.c_str(), r->write_samples_per_s, r->rss_per_series_bytes,
          r->queries_per_s, r->query_errors, r->server_cpu_s);
      runs.push_back(
          json::object{{"rep", rep + 1},
                       {"server", k},
                       {"write_samples_per_s", r->write_samples_per_s},
                       {"rss_per_series_bytes", r->rss_per_series_bytes},
                       {"queries_per_s", r->queries_per_s},
                       {"query_errors", r->query_errors},
                       {"server_cpu_s", r->server_cpu_s}});
    }
    for (size_t i = 0; i < answers["tocsin"].size(); ++i) {
      if (!SameAnswer(answers["tocsin"][i], answers["prometheus"][i])) {
        ++mismatches;
      }
    }
    ratio_qps.push_back(results["tocsin"].queries_per_s /
                        results["prometheus"].queries_per_s);
    ratio_write.push_back(results["tocsin"].write_samples_per_s /
                          results["prometheus"].write_samples_per_s);
    ratio_rss.push_back(results["tocsin"].rss_per_series_bytes /
                        results["prometheus"].rss_per_series_bytes);
  }
  Spread q = Summarize(ratio_qps), w = Summarize(ratio_write),
         m = Summarize(ratio_rss);
  std::printf(
      "tocsin/prometheus: queries/s %.2fx (sd %.2f), write samples/s "
      "%.2fx (sd %.2f), RSS per series %.2fx (sd %.2f); %d of %d "
      "sampled answers differ; load %s\n",
      q.mean, q.stddev, w.mean, w.stddev, m.mean, m.stddev, mismatches,
      6 * o.reps, LoadAverage().c_str());
  json::object out{{"tool", "query-load"},
                   {"series", o.series},
                   {"hours", o.hours},
                   {"step_s", o.step_s},
                   {"samples", samples},
                   {"clients", o.clients},
                   {"query_seconds", o.query_seconds},
                   {"machine_cores", std::thread::hardware_concurrency()},
                   {"load_average_end", LoadAverage()},
                   {"runs", runs},
                   {"ratio_queries_per_s", q.mean},
                   {"ratio_write_samples_per_s", w.mean},
                   {"ratio_rss_per_series", m.mean},
                   {"sampled_answers_differing", mismatches}};
  std::filesystem::create_directories(o.out_dir);
  char stamp[32];
  std::time_t tt = std::time(nullptr);
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", std::gmtime(&tt));
  std::string path = o.out_dir + "/query-load-" + stamp + ".json";
  std::ofstream(path) << json::serialize(out) << "\n";
  std::cout << "query-load: wrote " << path << "\n";
  curl_global_cleanup();
  return mismatches == 0 ? 0 : 1;
}

}  // namespace
}  // namespace tocsin::bench

int main(int argc, char** argv) { return tocsin::bench::Main(argc, argv); }
