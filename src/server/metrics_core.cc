#include "server/metrics_core.h"

#include "api/prom/handlers.h"
#include "ingest/scrape_config.h"

namespace tocsin::server {
namespace {

std::shared_ptr<const ingest::ScrapeConfigs> ScrapeSection(
    const std::shared_ptr<const config::Config>& config) {
  if (!config) return nullptr;
  auto it = config->sections.find(ingest::ScrapeConfigs::kKey);
  if (it == config->sections.end()) return nullptr;
  return std::static_pointer_cast<const ingest::ScrapeConfigs>(it->second);
}

}  // namespace

Result<std::unique_ptr<MetricsCore>> MetricsCore::Start(
    const MetricsCoreOptions& options,
    const std::shared_ptr<const config::Config>& config,
    runtime::Scheduler& scheduler, const runtime::Clock& clock,
    Logger& logger) {
  std::unique_ptr<MetricsCore> core(new MetricsCore(scheduler, clock, logger));
  tsdb::Options db_options;
  db_options.dir = options.tsdb_dir;
  db_options.retention_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options.retention)
          .count();
  Result<std::unique_ptr<tsdb::Db>> db = tsdb::Db::Open(db_options);
  if (!db.ok()) {
    return db.status().WithPrefix("opening the TSDB in " + options.tsdb_dir);
  }
  core->db_ = std::move(*db);
  for (const std::string& w : core->db_->open_warnings()) {
    logger.Warn("TSDB WAL repaired", {{"dir", options.tsdb_dir}, {"msg", w}});
  }
  runtime::ThreadPoolOptions pool;
  pool.threads = options.scrape_threads;
  pool.name = "tocsin-scrape";
  core->scrape_pool_ = std::make_unique<runtime::ThreadPoolExecutor>(pool);
  core->fetcher_ = std::make_unique<ingest::HttpScrapeFetcher>(core->http_);
  core->scrapes_ = std::make_unique<ingest::ScrapeManager>(
      *core->db_, scheduler, *core->scrape_pool_, clock, *core->fetcher_);
  core->scrapes_->ApplyConfig(ScrapeSection(config));
  MetricsCore* raw = core.get();
  core->retention_ = std::make_unique<runtime::PeriodicTask>(
      scheduler, options.truncate_interval, [raw](runtime::MonoTime) {
        Status st =
            raw->db_->Truncate(runtime::ToUnixMillis(raw->clock_.Now()));
        if (!st.ok()) {
          raw->logger_.Error("TSDB retention failed", {{"err", st.message()}});
        }
      });
  core->retention_->Start();
  return core;
}

MetricsCore::~MetricsCore() { Stop(); }

void MetricsCore::ApplyConfig(
    const std::shared_ptr<const config::Config>& config) {
  if (stopped_) return;
  scrapes_->ApplyConfig(ScrapeSection(config));
}

std::vector<api::Endpoint> MetricsCore::Endpoints() {
  api::prom::PromApiDeps deps;
  deps.queryable = db_.get();
  deps.appendable = db_.get();
  deps.engine = &engine_;
  deps.metadata = &metadata_;
  const runtime::Clock* clock = &clock_;
  deps.now_ms = [clock] { return runtime::ToUnixMillis(clock->Now()); };
  return api::prom::PromEndpoints(std::move(deps));
}

void MetricsCore::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (retention_) retention_->Stop();
  if (scrapes_) scrapes_->ApplyConfig(nullptr);
  // Drain in-flight scrapes before the manager can go away.
  if (scrape_pool_) scrape_pool_->Stop();
}

}  // namespace tocsin::server
