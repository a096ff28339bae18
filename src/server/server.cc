#include "server/server.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>

#include "api/json.h"
#include "api/status_page.h"
#include "api/v2/handlers.h"
#include "base/hash.h"
#include "metrics/build_info.h"
#include "metrics/process_collector.h"
#include "server/build_info.h"
#include "server/config_loader.h"
#include "server/web.h"
#include "server/web_config.h"

namespace tocsin::server {

namespace {

std::string Hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

// As api::ErrorResponse (the message as a JSON string), but a notification
// that is not dead answers 409 Conflict.
net::HttpResponse NotificationError(const Status& status) {
  net::HttpResponse res = api::ErrorResponse(status);
  if (status.code() == StatusCode::kFailedPrecondition) res.status = 409;
  return res;
}

}  // namespace

void LimitGetConcurrency(std::vector<api::Endpoint>& endpoints, int limit,
                         metrics::Registry& registry) {
  if (limit <= 0)
    limit = std::max(8, static_cast<int>(std::thread::hardware_concurrency()));
  auto in_flight = std::make_shared<std::atomic<int>>(0);
  metrics::CounterFamily& exhausted = registry.AddCounterFamily(
      "alertmanager_http_concurrency_limit_exceeded_total",
      "Total number of times an HTTP request failed because the concurrency "
      "limit was reached.",
      {"method"});
  metrics::Counter& exhausted_get = exhausted.WithLabels({"get"});
  for (api::Endpoint& e : endpoints) {
    if (e.method != api::Method::kGet || e.path.rfind("/api/", 0) != 0) {
      continue;
    }
    e.handler = [inner = std::move(e.handler), in_flight, limit,
                 &exhausted_get](const api::ApiRequest& req) {
      if (in_flight->fetch_add(1) >= limit) {
        in_flight->fetch_sub(1);
        exhausted_get.Inc();
        return net::HttpResponse::Text(
            503, "Limit of concurrent GET requests reached (" +
                     std::to_string(limit) + "), try again later.\n");
      }
      net::HttpResponse res = inner(req);
      in_flight->fetch_sub(1);
      return res;
    };
  }
}

Status CheckClusterFlags(const ServerFlags& flags) {
  if (flags.cluster_peers.empty()) return Status::Ok();
  std::string peers;
  for (const std::string& p : flags.cluster_peers) {
    peers += (peers.empty() ? "" : ",") + p;
  }
  return InvalidArgumentError(
      "--cluster.peer=" + peers +
      ": tocsin has no gossip cluster; run it alone (drop --cluster.peer, "
      "or set --cluster.listen-address= as for a single Alertmanager). High "
      "availability comes with a shared PostgreSQL database, not gossip");
}

double ConfigHash(const std::string& original) {
  return static_cast<double>(Fnv64a(original) & ((uint64_t{1} << 48) - 1));
}

Server::Server(const ServerFlags& flags, const runtime::Clock& clock,
               Logger& logger)
    : flags_(flags), clock_(clock), logger_(logger) {}

Server::~Server() { Stop(); }

Result<std::unique_ptr<Server>> Server::Start(const ServerFlags& flags,
                                              const runtime::Clock& clock,
                                              Logger& logger) {
  std::unique_ptr<Server> s(new Server(flags, clock, logger));
  metrics::BuildInfo build = CurrentBuildInfo();
  logger.Info("Starting tocsin", {{"version", build.version},
                                  {"revision", build.revision},
                                  {"branch", build.branch}});

  if (Status st = CheckClusterFlags(flags); !st.ok()) {
    logger.Error("Refusing cluster flags", {{"err", st.message()}});
    return st;
  }
  std::optional<WebConfig> web_config;
  if (!flags.web_config_file.empty()) {
    auto wc = LoadWebConfigFile(flags.web_config_file);
    if (!wc.ok()) {
      logger.Error(
          "Unable to load web configuration file",
          {{"file", flags.web_config_file}, {"err", wc.status().message()}});
      return wc.status();
    }
    web_config = std::move(*wc);
  }

  // Config.
  s->integrations_ = MakeIntegrationRegistry();
  if (!HaveBuiltinChannels()) {
    logger.Warn(
        "built without channel parsers: receivers' *_configs "
        "entries cannot be validated yet");
  }
  logger.Info("Loading configuration file", {{"file", flags.config_file}});
  config::ParseOptions parse;
  parse.matcher_mode = flags.features.MatcherMode();
  auto cfg = LoadConfig(flags.config_file, *s->integrations_, parse);
  if (!cfg.ok()) {
    logger.Error(
        "Loading configuration file failed",
        {{"file", flags.config_file}, {"err", cfg.status().message()}});
    return cfg.status();
  }
  s->config_ = *cfg;
  logger.Info("Completed loading of configuration file",
              {{"file", flags.config_file}});

  // Storage.
  std::error_code ec;
  std::filesystem::create_directories(flags.storage_path, ec);
  if (ec) {
    Status st =
        FailedPreconditionError("creating storage directory " +
                                flags.storage_path + ": " + ec.message());
    logger.Error("Creating storage directory failed", {{"err", st.message()}});
    return st;
  }
  auto db = store::SqliteDatabase::Open(flags.storage_path);
  if (!db.ok()) {
    logger.Error("Opening storage failed", {{"path", flags.storage_path},
                                            {"err", db.status().message()}});
    return db.status();
  }
  s->db_ = std::move(*db);

  // Metrics.
  s->registry_.AddCollector(std::make_unique<metrics::ProcessCollector>());
  metrics::RegisterBuildInfo(s->registry_, build);
  s->reload_success_ = &s->registry_.AddGauge(
      "alertmanager_config_last_reload_successful",
      "Whether the last configuration reload attempt was successful.");
  s->reload_timestamp_ = &s->registry_.AddGauge(
      "alertmanager_config_last_reload_success_timestamp_seconds",
      "Timestamp of the last successful configuration reload.");
  s->config_hash_ = &s->registry_.AddGauge(
      "alertmanager_config_hash",
      "Hash of the currently loaded alertmanager configuration (48 bits of "
      "its FNV-1a hash; Alertmanager uses MD5).");
  s->reload_success_->Set(1);
  s->reload_timestamp_->Set(
      static_cast<double>(runtime::ToUnixMillis(clock.Now()) / 1000));
  s->config_hash_->Set(ConfigHash(s->config_->original));
  metrics::GaugeFamily& am_build = s->registry_.AddGaugeFamily(
      "alertmanager_build_info",
      "A metric with a constant '1' value labeled by version, revision, "
      "branch, goversion from which alertmanager was built, and the goos "
      "and goarch for the build.",
      {"branch", "goarch", "goos", "goversion", "revision", "tags", "version"});
  am_build
      .WithLabels({build.branch, "", "linux", "", build.revision, "tocsin",
                   build.version})
      .Set(1);
  s->registry_.AddGauge("alertmanager_cluster_enabled",
                        "Indicates whether the clustering is enabled or not.");

  // Timers.
  s->scheduler_ = std::make_unique<runtime::AsioScheduler>(clock);

  // Alert core.
  auto external =
      ExternalUrl(Hostname(), flags.listen_address, flags.external_url);
  if (!external.ok()) {
    logger.Error("failed to determine external URL",
                 {{"err", external.status().message()}});
    return external.status();
  }
  AlertCoreOptions core;
  core.retention = flags.data_retention;
  core.maintenance_interval = flags.data_maintenance_interval;
  core.alerts_gc_interval = flags.alerts_gc_interval;
  core.max_silences =
      static_cast<size_t>(std::max<int64_t>(0, flags.max_silences));
  core.max_silence_size_bytes =
      static_cast<size_t>(std::max<int64_t>(0, flags.max_silence_size_bytes));
  core.max_alerts = static_cast<size_t>(std::max<int64_t>(0, flags.max_alerts));
  core.mode = flags.features.MatcherMode();
  core.receiver_name_in_metrics = flags.features.receiver_name_in_metrics;
  core.external_url = *external;
  core.user_agent = "tocsin/" + build.version;
  core.version.branch = build.branch;
  core.version.revision = build.revision;
  core.version.version = build.version;
  core.version.build_user = "tocsin";
  core.version.go_version = "none (C++)";
  auto alert_core = AlertCore::Start(core, s->db_, s->config_, *s->scheduler_,
                                     clock, s->registry_, logger);
  if (!alert_core.ok()) {
    logger.Error("Starting the alert core failed",
                 {{"err", alert_core.status().message()}});
    return alert_core.status();
  }
  s->core_ = std::move(*alert_core);

  // Metrics: TSDB, scraping, PromQL.
  MetricsCoreOptions metrics_options;
  metrics_options.tsdb_dir =
      (std::filesystem::path(flags.storage_path) / "tsdb").string();
  metrics_options.retention = flags.tsdb_retention;
  auto metrics_core = MetricsCore::Start(metrics_options, s->config_,
                                         *s->scheduler_, clock, logger);
  if (!metrics_core.ok()) {
    logger.Error("Starting the TSDB failed",
                 {{"err", metrics_core.status().message()}});
    return metrics_core.status();
  }
  s->metrics_core_ = std::move(*metrics_core);

  // HTTP.
  WebOptions web;
  web.listen_address = flags.listen_address;
  web.route_prefix = RoutePrefix(flags.route_prefix, *external);
  web.clock = &clock;
  web.ready = [] { return true; };
  web.web_config = std::move(web_config);
  Server* raw = s.get();
  web.reload = [raw] { return raw->Reload(); };
  std::vector<api::Endpoint> endpoints = BuildEndpoints(web, s->registry_);
  AlertCore* core_raw = s->core_.get();
  for (api::Endpoint& e :
       api::v2::V2Endpoints([core_raw] { return core_raw->Deps(); })) {
    endpoints.push_back(std::move(e));
  }
  // The durable outbox's notifications (tocsin).
  endpoints.push_back(api::Endpoint{
      api::Method::kGet, "/api/v2/notifications",
      [core_raw](const api::ApiRequest& req) {
        Result<std::string> r = core_raw->ListNotificationsJson(
            req.http.QueryParam("state"), req.http.QueryParam("receiver"),
            req.http.QueryParam("integration"), req.http.QueryParam("limit"));
        if (!r.ok()) return NotificationError(r.status());
        return net::HttpResponse::Json(200, std::move(*r));
      },
      false, "Lists the outbox's notifications (tocsin)."});
  endpoints.push_back(api::Endpoint{
      api::Method::kPost, "/api/v2/notifications/{id}/retry",
      [core_raw](const api::ApiRequest& req) {
        Result<std::string> r =
            core_raw->RetryNotificationJson(req.Param("id").value_or(""));
        if (!r.ok()) return NotificationError(r.status());
        return net::HttpResponse::Json(200, std::move(*r));
      },
      true, "Re-queues a dead notification (tocsin)."});
  for (api::Endpoint& e : s->metrics_core_->Endpoints()) {
    endpoints.push_back(std::move(e));
  }
  LimitGetConcurrency(endpoints, flags.web_get_concurrency, s->registry_);
  endpoints.push_back(api::Endpoint{
      api::Method::kGet, "/",
      [core_raw](const api::ApiRequest& req) {
        return api::GetStatusPage(*core_raw->Deps(), req);
      },
      false, "Plain HTML page listing the alert groups and silences."});
  auto http = StartWeb(web, std::move(endpoints), s->registry_);
  if (!http.ok()) {
    logger.Error("Listen error", {{"err", http.status().message()}});
    return http.status();
  }
  s->http_ = std::move(*http);
  logger.Info("Listening", {{"address", flags.listen_address},
                            {"port", std::to_string(s->http_->LocalPort())},
                            {"external_url", *external},
                            {"route_prefix", web.route_prefix}});
  return s;
}

int Server::HttpPort() const { return http_ ? http_->LocalPort() : 0; }

std::shared_ptr<const config::Config> Server::config() const {
  std::lock_guard<std::mutex> lock(config_mu_);
  return config_;
}

Status Server::Reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  logger_.Info("Loading configuration file", {{"file", flags_.config_file}});
  config::ParseOptions parse;
  parse.matcher_mode = flags_.features.MatcherMode();
  auto cfg = LoadConfig(flags_.config_file, *integrations_, parse);
  if (!cfg.ok()) {
    reload_success_->Set(0);
    logger_.Error(
        "Loading configuration file failed",
        {{"file", flags_.config_file}, {"err", cfg.status().message()}});
    return cfg.status();
  }
  if (Status st = core_->ApplyConfig(*cfg); !st.ok()) {
    reload_success_->Set(0);
    logger_.Error("Applying configuration failed",
                  {{"file", flags_.config_file}, {"err", st.message()}});
    return st;
  }
  metrics_core_->ApplyConfig(*cfg);
  {
    std::lock_guard<std::mutex> lock(config_mu_);
    config_ = *cfg;
  }
  config_hash_->Set(ConfigHash((*cfg)->original));
  reload_success_->Set(1);
  reload_timestamp_->Set(
      static_cast<double>(runtime::ToUnixMillis(clock_.Now()) / 1000));
  logger_.Info("Completed loading of configuration file",
               {{"file", flags_.config_file}});
  return Status::Ok();
}

void Server::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (http_) http_->Stop();
  if (metrics_core_) metrics_core_->Stop();
  if (core_) core_->Stop();
  if (scheduler_) scheduler_->Stop();
}

}  // namespace tocsin::server
