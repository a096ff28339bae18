#ifndef TOCSIN_SERVER_SERVER_H_
#define TOCSIN_SERVER_SERVER_H_

#include <memory>
#include <mutex>
#include <vector>

#include "api/endpoint.h"
#include "base/result.h"
#include "config/config.h"
#include "config/integration.h"
#include "metrics/registry.h"
#include "net/http_server.h"
#include "runtime/asio_scheduler.h"
#include "runtime/clock.h"
#include "server/alert_core.h"
#include "server/flags.h"
#include "server/log.h"
#include "server/metrics_core.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::server {

// A non-empty --cluster.peer is refused (InvalidArgument naming the peers and
// why): tocsin has no gossip cluster. OK otherwise.
Status CheckClusterFlags(const ServerFlags& flags);

// Alertmanager's --web.get-concurrency: wraps every GET endpoint under /api/
// so that beyond `limit` concurrent requests (<= 0: max(8, hardware
// threads)) it answers 503 "Limit of concurrent GET requests reached (<n>),
// try again later.\n" and counts
// alertmanager_http_concurrency_limit_exceeded_total{method="get"}.
void LimitGetConcurrency(std::vector<api::Endpoint>& endpoints, int limit,
                         metrics::Registry& registry);

// The alertmanager_config_hash value of a config text: the low 48 bits of
// its FNV-1a hash (exact in a float64).
double ConfigHash(const std::string& original);

// The composition root: builds every component from the flags and the
// config, in order, and tears them down in reverse.
//
// Start order: config (load + validate), storage directory and database,
// metrics registry (process collector, build info, reload gauges),
// scheduler, alert core (silences, nflog, alert store, dispatcher), HTTP.
// Stop order: HTTP, alert core, scheduler.
// Thread safety: Reload may be called from any thread (HTTP handler,
// signal loop); Stop from the owner's thread only.
class Server {
 public:
  // Errors, each already logged:
  //   the config loader's error (file:line: field: message) or
  //   "open <path>: <reason>";
  //   "creating storage directory <path>: <reason>";
  //   the listen address error from net::HttpServer::Start.
  static Result<std::unique_ptr<Server>> Start(const ServerFlags& flags,
                                               const runtime::Clock& clock,
                                               Logger& logger);
  ~Server();

  // The bound HTTP port (useful with ":0").
  int HttpPort() const;

  // Loads and validates the config file again and builds the alert core's
  // config graph (routes, inhibition, receivers); on success swaps both in,
  // on error keeps the old ones. Updates alertmanager_config_hash,
  // alertmanager_config_last_reload_successful and
  // ..._success_timestamp_seconds. Returns the loader's error.
  Status Reload();

  // The current config snapshot.
  std::shared_ptr<const config::Config> config() const;

  // Stops serving HTTP (gracefully) and the scheduler. Idempotent.
  void Stop();

 private:
  Server(const ServerFlags& flags, const runtime::Clock& clock, Logger& logger);

  const ServerFlags flags_;
  const runtime::Clock& clock_;
  Logger& logger_;
  std::unique_ptr<config::IntegrationRegistry> integrations_;
  metrics::Registry registry_;
  metrics::Gauge* reload_success_ = nullptr;
  metrics::Gauge* reload_timestamp_ = nullptr;
  metrics::Gauge* config_hash_ = nullptr;

  mutable std::mutex config_mu_;
  std::shared_ptr<const config::Config> config_;  // GUARDED_BY(config_mu_)
  std::mutex reload_mu_;                          // Serializes reloads.

  // The embedded database under --storage.path (tocsin.db, WAL), opened and
  // migrated at start so an unusable storage path fails fast. Outlives every
  // store built on it.
  std::shared_ptr<store::SqliteDatabase> db_;
  std::unique_ptr<runtime::AsioScheduler> scheduler_;
  std::unique_ptr<AlertCore> core_;
  std::unique_ptr<MetricsCore> metrics_core_;
  std::unique_ptr<net::HttpServer> http_;
  bool stopped_ = false;
};

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_SERVER_H_
