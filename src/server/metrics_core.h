#ifndef TOCSIN_SERVER_METRICS_CORE_H_
#define TOCSIN_SERVER_METRICS_CORE_H_

// The metrics side of the server: the TSDB under <storage.path>/tsdb, the
// PromQL engine, scraping of the config's `scrape_configs`, retention, and
// the Prometheus-compatible HTTP endpoints (query API, remote_write, text
// push). Built once at start; ApplyConfig follows config reloads.

#include <memory>
#include <string>
#include <vector>

#include "api/endpoint.h"
#include "base/result.h"
#include "config/config.h"
#include "ingest/metadata.h"
#include "ingest/scrape.h"
#include "net/http_client.h"
#include "promql/engine.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/periodic_task.h"
#include "runtime/scheduler.h"
#include "server/log.h"
#include "tsdb/db.h"

namespace tocsin::server {

struct MetricsCoreOptions {
  // WAL directory of the TSDB; empty keeps samples in memory only.
  std::string tsdb_dir;
  // --storage.tsdb.retention.time.
  runtime::Duration retention = std::chrono::hours(24 * 15);
  // How often retention runs.
  runtime::Duration truncate_interval = std::chrono::minutes(1);
  // Threads that fetch scrape targets.
  int scrape_threads = 2;
};

class MetricsCore {
 public:
  // Opens the TSDB (replaying its WAL) and starts scraping `config`'s
  // targets. The scheduler, clock and logger must outlive the core.
  static Result<std::unique_ptr<MetricsCore>> Start(
      const MetricsCoreOptions& options,
      const std::shared_ptr<const config::Config>& config,
      runtime::Scheduler& scheduler, const runtime::Clock& clock,
      Logger& logger);
  ~MetricsCore();

  // Follows a new config's `scrape_configs` (absent: no scraping).
  void ApplyConfig(const std::shared_ptr<const config::Config>& config);
  // The Prometheus-compatible endpoints over this core.
  std::vector<api::Endpoint> Endpoints();
  // Stops scraping and retention; the TSDB stays readable.
  void Stop();

  tsdb::Db& db() { return *db_; }

 private:
  MetricsCore(runtime::Scheduler& scheduler, const runtime::Clock& clock,
              Logger& logger)
      : scheduler_(scheduler), clock_(clock), logger_(logger) {}

  runtime::Scheduler& scheduler_;
  const runtime::Clock& clock_;
  Logger& logger_;
  std::unique_ptr<tsdb::Db> db_;
  promql::Engine engine_;
  ingest::MetadataCache metadata_;
  net::HttpClient http_;
  std::unique_ptr<ingest::HttpScrapeFetcher> fetcher_;
  std::unique_ptr<runtime::ThreadPoolExecutor> scrape_pool_;
  std::unique_ptr<ingest::ScrapeManager> scrapes_;
  std::unique_ptr<runtime::PeriodicTask> retention_;
  bool stopped_ = false;
};

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_METRICS_CORE_H_
