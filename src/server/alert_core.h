#ifndef TOCSIN_SERVER_ALERT_CORE_H_
#define TOCSIN_SERVER_ALERT_CORE_H_

// The Alertmanager-compatible core of the server: alert store, silences,
// inhibition, routing, dispatch, notification log and delivery, wired
// together and exposed to the HTTP API through api::v2::V2Deps.
//
// Two lifetimes:
//   - process-scoped (built once by Start): the alert store and marker,
//     silences on their SQLite store, the notification log on its SQLite
//     store, the delivery executor and durable outbox, the webhook HTTP
//     client, GC loops and metrics;
//   - config-scoped (rebuilt by ApplyConfig on every successful reload): the
//     route tree, the inhibitor, the notification pipeline and the
//     dispatcher. A new graph is built completely before it replaces the old
//     one; a graph that fails to build leaves the old one running.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/v2/handlers.h"
#include "base/result.h"
#include "config/config.h"
#include "metrics/registry.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/scheduler.h"
#include "server/log.h"
#include "store/sqlite/sqlite_database.h"

namespace tocsin::server {

struct AlertCoreOptions {
  // --data.retention: expired silences and nflog entries are kept this long.
  runtime::Duration retention = std::chrono::hours(120);
  // --data.maintenance-interval: silence and nflog GC interval.
  runtime::Duration maintenance_interval = std::chrono::minutes(15);
  // --alerts.gc-interval.
  runtime::Duration alerts_gc_interval = std::chrono::minutes(30);
  // --silences.max-silences / --silences.max-silence-size-bytes (0: none).
  size_t max_silences = 0;
  size_t max_silence_size_bytes = 0;
  // --alerts.max-active (tocsin): distinct alerts held at once; a POST that
  // would go beyond is refused with 429 and Retry-After. 0: no limit.
  size_t max_alerts = 0;
  // Label name rules for posted alerts, filters and silences.
  model::MatcherParserMode mode = model::MatcherParserMode::kFallback;
  // --enable-feature=receiver-name-in-metrics: adds receiver_name to the
  // notification metrics.
  bool receiver_name_in_metrics = false;
  // The external URL put into notifications (webhook externalURL).
  std::string external_url;
  // User-Agent of outgoing notifications.
  std::string user_agent = "tocsin";
  // Threads that run notifier calls (blocking HTTP).
  int delivery_threads = 8;
  // Runs notifier calls instead of an own pool of delivery_threads (tests
  // pass a runtime::testing::ManualExecutor). Must outlive the core.
  runtime::Executor* delivery_executor = nullptr;
  api::v2::VersionInfo version;
};

class AlertCore {
 public:
  // Loads silences and the notification log from `db`, builds the config
  // graph for `config`, subscribes it to the alert store and starts the GC
  // loops. Errors: a store load error; a config graph build error (e.g. an
  // integration whose notifier cannot be made). `scheduler`, `clock`,
  // `registry` and `logger` must outlive the core.
  static Result<std::unique_ptr<AlertCore>> Start(
      const AlertCoreOptions& options,
      std::shared_ptr<store::SqliteDatabase> db,
      std::shared_ptr<const config::Config> config,
      runtime::Scheduler& scheduler, const runtime::Clock& clock,
      metrics::Registry& registry, Logger& logger);
  ~AlertCore();
  AlertCore(const AlertCore&) = delete;
  AlertCore& operator=(const AlertCore&) = delete;

  // Builds the config graph for `config`; on success stops the old
  // dispatcher and inhibitor and swaps the new graph in (every stored alert
  // is replayed into the new inhibitor and dispatcher; the notification log
  // keeps groups that did not change from being notified again). On error
  // the running graph is untouched. Thread-safe; serialized with itself.
  Status ApplyConfig(std::shared_ptr<const config::Config> config);

  // The API v2 dependencies of the current config graph. Each request should
  // take one snapshot and use it throughout. Thread-safe.
  std::shared_ptr<api::v2::V2Deps> Deps() const;

  // GET /api/v2/notifications: the outbox rows matching the filter (each
  // parameter absent when not given) as a JSON array, newest first.
  // Errors: InvalidArgument for a bad parameter; the store's.
  Result<std::string> ListNotificationsJson(
      std::optional<std::string_view> state,
      std::optional<std::string_view> receiver,
      std::optional<std::string_view> integration,
      std::optional<std::string_view> limit);
  // POST /api/v2/notifications/{id}/retry: re-queues dead notification `id`
  // and returns its JSON. Errors: InvalidArgument (malformed id), NotFound,
  // FailedPrecondition (not dead), the store's.
  Result<std::string> RetryNotificationJson(std::string_view id);

  // Stops the dispatcher (pending flushes are dropped), outbox, GC loops and
  // the delivery threads (a running notifier call finishes first). Idempotent.
  void Stop();

 private:
  struct Persistent;
  struct Graph;
  AlertCore() = default;
  Result<std::shared_ptr<Graph>> BuildGraph(
      std::shared_ptr<const config::Config> config);
  std::shared_ptr<api::v2::V2Deps> MakeDeps(
      const std::shared_ptr<Graph>& graph) const;
  void RegisterMetrics(metrics::Registry& registry);

  std::unique_ptr<Persistent> p_;
  std::mutex apply_mu_;  // Serializes ApplyConfig and Stop.
  mutable std::mutex mu_;
  std::shared_ptr<Graph> graph_;           // GUARDED_BY(mu_)
  std::shared_ptr<api::v2::V2Deps> deps_;  // GUARDED_BY(mu_)
  bool stopped_ = false;                   // GUARDED_BY(apply_mu_)
};

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_ALERT_CORE_H_
