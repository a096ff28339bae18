#ifndef TOCSIN_API_V2_HANDLERS_H_
#define TOCSIN_API_V2_HANDLERS_H_

// Alertmanager's API v2 (api/v2/api.go) as plain handler functions over a
// dependency struct, plus the 410 answers of the removed v1 paths. No
// sockets: every handler maps an api::ApiRequest to a net::HttpResponse.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert_store.h"
#include "api/endpoint.h"
#include "model/alert.h"
#include "model/labels.h"
#include "model/matcher_parse.h"
#include "net/http_types.h"
#include "silence/silences.h"

namespace tocsin::api::v2 {

// versionInfo of GET /api/v2/status (Prometheus' version package).
struct VersionInfo {
  std::string branch;
  std::string build_date;
  std::string build_user;
  std::string go_version;
  std::string revision;
  std::string version;
};

// One aggregation group as GET /api/v2/alerts/groups shows it.
struct AlertGroupView {
  model::Labels labels;
  std::string receiver;
  std::vector<model::Alert> alerts;
};

// What the handlers need. The pointers must outlive every handler built
// from this struct; the functions must be thread-safe (handlers run
// concurrently). Optional functions may be empty (documented per field).
struct V2Deps {
  alerts::AlertStore* alerts = nullptr;   // required
  model::AlertMarker* marker = nullptr;   // required
  silence::Silences* silences = nullptr;  // required
  // Wall clock (required).
  std::function<model::Time()> now;
  // resolve_timeout of the loaded config (global.resolve_timeout).
  std::chrono::nanoseconds resolve_timeout = std::chrono::minutes(5);
  // Label name rules for posted alerts and filters.
  model::MatcherParserMode mode = model::MatcherParserMode::kFallback;
  // Runs the silence and inhibition muters for a label set so the marker is
  // current (Alertmanager's setAlertStatus). Empty: the marker is read as is.
  std::function<void(const model::Labels&)> set_alert_status;
  // As set_alert_status followed by marker->Status, in one step (one marker
  // lock and lookup instead of three). When set, the alert filters use it
  // instead of the two. Optional.
  std::function<model::AlertStatus(const model::Labels&)> alert_status;
  // Receivers the routing tree sends a label set to, in route order
  // (route.Match). Empty: no receivers.
  std::function<std::vector<std::string>(const model::Labels&)> receivers_for;
  // Aggregation groups whose receiver passes the filter (dispatcher
  // Groups()), sorted as the dispatcher sorts them. Empty: no groups.
  std::function<std::vector<AlertGroupView>(
      const std::function<bool(const std::string& receiver)>&)>
      groups;
  // Receiver names of the loaded config, in config order. Empty: none.
  std::function<std::vector<std::string>()> receiver_names;
  // config.original: the loaded config as YAML. Empty: "".
  std::function<std::string()> config_original;
  VersionInfo version;
  // Process start (status.uptime).
  model::Time uptime = model::kZeroTime;
  // Called after a POST /api/v2/alerts with the firing / resolved counts
  // (alertmanager_alerts_received_total) and the invalid count. Optional.
  std::function<void(size_t firing, size_t resolved, size_t invalid)>
      on_alerts_received;
};

// Each handler's contract follows Alertmanager's; see docs/api.md.
net::HttpResponse PostAlerts(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetAlerts(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetAlertGroups(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetSilences(V2Deps& deps, const ApiRequest& req);
net::HttpResponse PostSilences(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetSilence(V2Deps& deps, const ApiRequest& req);
net::HttpResponse DeleteSilence(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetStatus(V2Deps& deps, const ApiRequest& req);
net::HttpResponse GetReceivers(V2Deps& deps, const ApiRequest& req);
// 410 {"status":"deprecated","error":"The Alertmanager v1 API was ..."}\n
net::HttpResponse V1Removed(const ApiRequest& req);

// The endpoint table rows: the v2 endpoints and the removed v1 paths
// (GET /api/v1/alerts is left to the Prometheus-compatible API). Each
// request calls `deps` once and uses that snapshot throughout, so a config
// reload can swap the dependencies between requests. `deps` must be
// thread-safe and never return null.
std::vector<api::Endpoint> V2Endpoints(
    std::function<std::shared_ptr<V2Deps>()> deps);
// As above over one fixed V2Deps, which must outlive the handlers.
std::vector<api::Endpoint> V2Endpoints(V2Deps& deps);

}  // namespace tocsin::api::v2

#endif  // TOCSIN_API_V2_HANDLERS_H_
