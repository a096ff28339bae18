#include "server/server.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "metrics/build_info.h"
#include "metrics/process_collector.h"
#include "server/build_info.h"
#include "server/config_loader.h"
#include "server/web.h"

namespace tocsin::server {

namespace {

std::string Hostname() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

}  // namespace

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

  if (!flags.web_config_file.empty()) {
    Status st = UnimplementedError(
        "--web.config.file is not supported yet (TLS and basic auth for the "
        "API); terminate TLS in a proxy");
    logger.Error("Unsupported flag", {{"err", st.message()}});
    return st;
  }
  if (!flags.cluster_peers.empty()) {
    logger.Warn(
        "--cluster.peer ignored: tocsin has no gossip cluster; run "
        "several nodes on one shared database instead");
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
  s->reload_success_->Set(1);
  s->reload_timestamp_->Set(
      static_cast<double>(runtime::ToUnixMillis(clock.Now()) / 1000));

  // Timers.
  s->scheduler_ = std::make_unique<runtime::AsioScheduler>(clock);

  // HTTP.
  auto external =
      ExternalUrl(Hostname(), flags.listen_address, flags.external_url);
  if (!external.ok()) {
    logger.Error("failed to determine external URL",
                 {{"err", external.status().message()}});
    return external.status();
  }
  WebOptions web;
  web.listen_address = flags.listen_address;
  web.route_prefix = RoutePrefix(flags.route_prefix, *external);
  web.clock = &clock;
  web.ready = [] { return true; };
  Server* raw = s.get();
  web.reload = [raw] { return raw->Reload(); };
  auto http = StartWeb(web, BuildEndpoints(web, s->registry_), s->registry_);
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
  {
    std::lock_guard<std::mutex> lock(config_mu_);
    config_ = *cfg;
  }
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
  if (scheduler_) scheduler_->Stop();
}

}  // namespace tocsin::server
