#include "api/v2/handlers.h"

#include <re2/re2.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "alerts/validate.h"
#include "api/json.h"
#include "api/v2/wire.h"
#include "base/strings.h"
#include "model/matcher.h"

namespace tocsin::api::v2 {
namespace {

namespace json = boost::json;

// A JSON response as go-swagger's producer writes it: the text plus the
// newline json.Encoder appends.
net::HttpResponse GoJson(int status, std::string text) {
  text += '\n';
  return net::HttpResponse::Json(status, std::move(text));
}

net::HttpResponse GoJson(int status, const json::value& v) {
  return GoJson(status, ToJson(v));
}

// A JSON array of self-marshaling (HTML-escaped) objects.
std::string EscapedArray(const std::vector<json::object>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += GoHtmlEscape(ToJson(items[i]));
  }
  out += ']';
  return out;
}

net::HttpResponse Empty(int status) {
  net::HttpResponse r;
  r.status = status;
  return r;
}

// A JSON string body, as go-swagger writes an error payload.
net::HttpResponse StringBody(int status, const std::string& message) {
  return GoJson(status, json::value(json::string(message)));
}

// go-openapi's ServeError: json.Marshal of {code, message} (HTML-escaped,
// no trailing newline).
net::HttpResponse Swagger(const SwaggerError& e) {
  return net::HttpResponse::Json(e.HttpStatus(),
                                 GoHtmlEscape(ToJson(SwaggerErrorJson(e))));
}

// go-swagger checks a request with a body against the spec's `consumes`
// (application/json) before binding: a missing Content-Type counts as
// application/octet-stream. nullopt when acceptable.
std::optional<net::HttpResponse> CheckContentType(const ApiRequest& req) {
  if (req.http.body.empty()) return std::nullopt;
  std::string ct(req.http.headers.Get("Content-Type").value_or(""));
  if (ct.empty()) ct = "application/octet-stream";
  std::string mt = ct.substr(0, ct.find(';'));
  while (!mt.empty() && (mt.back() == ' ' || mt.back() == '\t')) mt.pop_back();
  while (!mt.empty() && (mt.front() == ' ' || mt.front() == '\t'))
    mt.erase(0, 1);
  for (char& c : mt)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (mt == "application/json") return std::nullopt;
  return Swagger(
      SwaggerError{415, "unsupported media type " + GoQuote(mt) +
                            ", only [application/json] are allowed"});
}

// A query bool as go-swagger binds it (swag.ConvertBool): absent or empty
// is `def`; one of the truthy words is true; anything else false.
bool QueryBool(const ApiRequest& req, std::string_view name, bool def) {
  std::optional<std::string_view> raw = req.http.QueryParam(name);
  if (!raw || raw->empty()) return def;
  std::string v(*raw);
  for (char& c : v)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view t : {"true", "1", "yes", "ok", "y", "on", "selected",
                             "checked", "t", "enabled"}) {
    if (v == t) return true;
  }
  return false;
}

Result<model::Matchers> ParseFilter(const V2Deps& deps, const ApiRequest& req) {
  model::Matchers out;
  for (std::string_view f : req.http.QueryParamAll("filter")) {
    ASSIGN_OR_RETURN(model::Matcher m, model::ParseMatcher(f, deps.mode));
    out.push_back(std::move(m));
  }
  return out;
}

// Alertmanager's matchFilterLabels over a name -> value map.
template <typename Lookup>
bool MatchFilterLabels(const model::Matchers& matchers, Lookup lookup) {
  for (const model::Matcher& m : matchers) {
    std::optional<std::string> v = lookup(m.name());
    bool negative = m.type() == model::MatchType::kNotEqual ||
                    m.type() == model::MatchType::kRegexNoMatch;
    if (m.value().empty() && (negative ? v.has_value() : !v.has_value())) {
      continue;
    }
    if (!m.Matches(v.value_or(""))) return false;
  }
  return true;
}

bool AlertMatchesFilter(const model::Alert& a, const model::Matchers& ms) {
  return MatchFilterLabels(ms, [&](const std::string& name) {
    return a.labels.Has(name)
               ? std::optional<std::string>(std::string(a.labels.Get(name)))
               : std::nullopt;
  });
}

// Alertmanager's CheckSilenceMatchesFilterLabels: every filter matcher has
// a silence matcher with the same name, type and value.
bool SilenceMatchesFilter(const silence::Silence& s,
                          const model::Matchers& ms) {
  for (const model::Matcher& f : ms) {
    bool found = std::any_of(s.matchers.begin(), s.matchers.end(),
                             [&](const silence::SilenceMatcher& m) {
                               return m.name == f.name() &&
                                      m.type == f.type() &&
                                      m.pattern == f.value();
                             });
    if (!found) return false;
  }
  return true;
}

// The optional `receiver` query regex, anchored; nullopt when absent.
Result<std::optional<model::Matcher>> ReceiverFilter(const ApiRequest& req) {
  std::optional<std::string_view> raw = req.http.QueryParam("receiver");
  if (!raw) return std::optional<model::Matcher>();
  Result<model::Matcher> m = model::Matcher::Create(
      model::MatchType::kRegexMatch, "receiver", std::string(*raw));
  if (!m.ok()) {
    return Status(StatusCode::kInvalidArgument,
                  "failed to parse receiver param: " + m.status().message());
  }
  return std::optional<model::Matcher>(std::move(*m));
}

struct AlertFilter {
  model::Matchers matchers;
  bool silenced = true;
  bool inhibited = true;
  bool active = true;

  // Alertmanager's alertFilter: drops resolved alerts, refreshes the
  // marker, then filters by state and labels. On a pass, `*status` is the
  // marker's status read for the decision (it is what the response shows).
  bool Pass(const V2Deps& deps, const model::Alert& a, model::Time now,
            model::AlertStatus* status) const {
    if (Resolved(a, now)) return false;
    if (deps.alert_status) {
      *status = deps.alert_status(a.labels);
    } else {
      if (deps.set_alert_status) deps.set_alert_status(a.labels);
      *status = deps.marker->Status(a.fingerprint());
    }
    if (!active && status->state == model::AlertState::kActive) return false;
    if (!silenced && !status->silenced_by.empty()) return false;
    if (!inhibited && !status->inhibited_by.empty()) return false;
    return AlertMatchesFilter(a, matchers);
  }

  static bool Resolved(const model::Alert& a, model::Time now) {
    return !model::IsZeroTime(a.ends_at) && a.ends_at < now;
  }
};

Result<AlertFilter> ReadAlertFilter(const V2Deps& deps, const ApiRequest& req) {
  AlertFilter f;
  ASSIGN_OR_RETURN(f.matchers, ParseFilter(deps, req));
  f.silenced = QueryBool(req, "silenced", true);
  f.inhibited = QueryBool(req, "inhibited", true);
  f.active = QueryBool(req, "active", true);
  return f;
}

// strfmt's uuid format (hyphens optional, any case).
bool IsUuid(std::string_view s) {
  static const re2::LazyRE2 kUuid = {
      "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}"};
  return RE2::FullMatch(s, *kUuid);
}

// The {id} path parameter, or the 422 go-swagger answers for a non-UUID.
std::optional<net::HttpResponse> CheckSilenceId(const ApiRequest& req,
                                                std::string* id) {
  *id = std::string(req.Param("id").value_or(""));
  if (IsUuid(*id)) return std::nullopt;
  return Swagger(SwaggerError{
      601, "silenceID in path must be of type uuid: " + GoQuote(*id)});
}

int SilencePriority(silence::SilenceState s) {
  switch (s) {
    case silence::SilenceState::kActive:
      return 1;
    case silence::SilenceState::kPending:
      return 2;
    case silence::SilenceState::kExpired:
      return 3;
  }
  return 4;
}

}  // namespace

net::HttpResponse PostAlerts(V2Deps& deps, const ApiRequest& req) {
  if (auto bad = CheckContentType(req)) return *bad;
  SwaggerError err;
  Result<std::vector<model::Alert>> posted =
      DecodePostableAlerts(req.http.body, &err);
  if (!posted.ok()) return Swagger(err);
  model::Time now = deps.now();
  alerts::PreparedAlerts prepared = alerts::PrepareAlerts(
      std::move(*posted), now, deps.resolve_timeout, deps.mode);
  if (deps.on_alerts_received) {
    deps.on_alerts_received(prepared.firing, prepared.resolved,
                            prepared.errors.size());
  }
  if (Status st = deps.alerts->Put(std::move(prepared.valid), now); !st.ok()) {
    if (st.code() == StatusCode::kResourceExhausted) {
      // tocsin's own answer (Alertmanager has no limit): nothing of the
      // batch was stored; the sender should retry later.
      net::HttpResponse res = StringBody(429, st.message());
      res.headers.Set("Retry-After", "5");
      return res;
    }
    return StringBody(500, st.message());
  }
  if (!prepared.errors.empty()) return StringBody(400, prepared.ErrorText());
  return Empty(200);
}

net::HttpResponse GetAlerts(V2Deps& deps, const ApiRequest& req) {
  Result<AlertFilter> filter = ReadAlertFilter(deps, req);
  if (!filter.ok()) return StringBody(400, filter.status().message());
  Result<std::optional<model::Matcher>> receiver = ReceiverFilter(req);
  if (!receiver.ok()) return StringBody(400, receiver.status().message());
  model::Time now = deps.now();
  // The stored versions (immutable, shared), sorted by fingerprint.
  std::vector<std::shared_ptr<const model::Alert>> alerts =
      deps.alerts->ListShared();
  // The array is written straight into the body (one buffer, no JSON
  // tree); a gettable alert is a few hundred bytes.
  std::string out;
  out.reserve(alerts.size() * 512 + 3);
  out += '[';
  bool first = true;
  std::vector<std::string> receivers;
  model::AlertStatus status;
  for (const std::shared_ptr<const model::Alert>& stored : alerts) {
    const model::Alert& a = *stored;
    // The route match has no side effects, so a resolved alert (which the
    // filter below drops first thing) skips it.
    if (AlertFilter::Resolved(a, now)) continue;
    receivers.clear();
    if (deps.receivers_for) receivers = deps.receivers_for(a.labels);
    if (*receiver) {
      bool any = std::any_of(
          receivers.begin(), receivers.end(),
          [&](const std::string& r) { return (*receiver)->Matches(r); });
      if (!any) continue;
    }
    if (!filter->Pass(deps, a, now, &status)) continue;
    if (!first) out += ',';
    first = false;
    AppendGettableAlertJson(a, status, receivers, &out);
  }
  out += "]\n";
  return net::HttpResponse::Json(200, std::move(out));
}

net::HttpResponse GetAlertGroups(V2Deps& deps, const ApiRequest& req) {
  Result<AlertFilter> filter = ReadAlertFilter(deps, req);
  if (!filter.ok()) return StringBody(400, filter.status().message());
  Result<std::optional<model::Matcher>> receiver = ReceiverFilter(req);
  if (!receiver.ok()) return StringBody(400, receiver.status().message());
  if (!deps.groups) return GoJson(200, std::string("[]"));
  std::optional<model::Matcher> rf = *receiver;
  std::vector<AlertGroupView> groups =
      deps.groups([&](const std::string& r) { return !rf || rf->Matches(r); });
  model::Time now = deps.now();
  // Receivers per alert: the receivers of the groups it is shown in.
  std::unordered_map<model::Fingerprint, std::vector<std::string>> receivers;
  struct Kept {
    const model::Alert* alert;
    model::AlertStatus status;
  };
  std::vector<std::vector<Kept>> kept(groups.size());
  size_t total = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    for (const model::Alert& a : groups[i].alerts) {
      model::AlertStatus status;
      if (!filter->Pass(deps, a, now, &status)) continue;
      kept[i].push_back({&a, std::move(status)});
      ++total;
      // As upstream: one entry per group the alert is in (duplicates kept),
      // sorted afterwards.
      receivers[a.fingerprint()].push_back(groups[i].receiver);
    }
  }
  for (auto& [fp, rs] : receivers) std::sort(rs.begin(), rs.end());
  // alertGroup marshals plainly (no HTML escaping) but its alerts escape.
  std::string out;
  out.reserve(total * 512 + groups.size() * 128 + 3);
  out += '[';
  bool first_group = true;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (kept[i].empty()) continue;
    if (!first_group) out += ',';
    first_group = false;
    out += "{\"alerts\":[";
    for (size_t j = 0; j < kept[i].size(); ++j) {
      if (j > 0) out += ',';
      const model::Alert& a = *kept[i][j].alert;
      AppendGettableAlertJson(a, kept[i][j].status, receivers[a.fingerprint()],
                              &out);
    }
    out += "],\"labels\":";
    AppendLabelSetJson(groups[i].labels, false, &out);
    out += ",\"receiver\":{\"name\":";
    AppendJsonString(groups[i].receiver, false, &out);
    out += "}}";
  }
  out += "]\n";
  return net::HttpResponse::Json(200, std::move(out));
}

net::HttpResponse GetSilences(V2Deps& deps, const ApiRequest& req) {
  Result<model::Matchers> matchers = ParseFilter(deps, req);
  if (!matchers.ok()) return StringBody(400, matchers.status().message());
  model::Time now = deps.now();
  std::vector<silence::Silence> sils;
  for (silence::Silence& s : deps.silences->Query({}, now)) {
    if (SilenceMatchesFilter(s, *matchers)) sils.push_back(std::move(s));
  }
  std::stable_sort(sils.begin(), sils.end(),
                   [&](const silence::Silence& a, const silence::Silence& b) {
                     silence::SilenceState sa = silence::StateAt(a, now);
                     silence::SilenceState sb = silence::StateAt(b, now);
                     if (sa != sb)
                       return SilencePriority(sa) < SilencePriority(sb);
                     switch (sa) {
                       case silence::SilenceState::kActive:
                         return a.ends_at < b.ends_at;
                       case silence::SilenceState::kPending:
                         return a.starts_at < b.starts_at;
                       case silence::SilenceState::kExpired:
                         return a.ends_at > b.ends_at;
                     }
                     return false;
                   });
  std::vector<json::object> out;
  for (const auto& s : sils) out.push_back(GettableSilenceJson(s, now));
  return GoJson(200, EscapedArray(out));
}

net::HttpResponse PostSilences(V2Deps& deps, const ApiRequest& req) {
  if (auto bad = CheckContentType(req)) return *bad;
  SwaggerError err;
  Result<silence::Silence> sil = DecodePostableSilence(req.http.body, &err);
  if (!sil.ok()) return Swagger(err);
  if (sil->starts_at >= sil->ends_at) {
    return StringBody(
        400, "Failed to create silence: start time must be before end time");
  }
  model::Time now = deps.now();
  if (sil->ends_at < now) {
    return StringBody(
        400, "Failed to create silence: end time can't be in the past");
  }
  Result<silence::SilenceId> id = deps.silences->Set(*sil, now);
  if (!id.ok()) {
    return StringBody(id.status().IsNotFound() ? 404 : 400,
                      id.status().message());
  }
  json::object o;
  o["silenceID"] = id->value();
  return GoJson(200, o);
}

net::HttpResponse GetSilence(V2Deps& deps, const ApiRequest& req) {
  std::string id;
  if (auto bad = CheckSilenceId(req, &id)) return *bad;
  Result<silence::Silence> s = deps.silences->Get(silence::SilenceId(id));
  if (!s.ok()) {
    if (s.status().IsNotFound()) return Empty(404);
    return StringBody(500, s.status().message());
  }
  return GoJson(200, GoHtmlEscape(ToJson(GettableSilenceJson(*s, deps.now()))));
}

net::HttpResponse DeleteSilence(V2Deps& deps, const ApiRequest& req) {
  std::string id;
  if (auto bad = CheckSilenceId(req, &id)) return *bad;
  Status st = deps.silences->Expire(silence::SilenceId(id), deps.now());
  if (!st.ok()) {
    if (st.IsNotFound()) return Empty(404);
    return StringBody(500, st.message());
  }
  return Empty(200);
}

net::HttpResponse GetStatus(V2Deps& deps, const ApiRequest&) {
  json::object o;
  json::object cluster;
  cluster["peers"] = json::array();
  cluster["status"] = "disabled";
  o["cluster"] = std::move(cluster);
  json::object config;
  config["original"] = deps.config_original ? deps.config_original() : "";
  o["config"] = std::move(config);
  o["uptime"] = FormatDateTime(deps.uptime);
  json::object v;
  v["branch"] = deps.version.branch;
  v["buildDate"] = deps.version.build_date;
  v["buildUser"] = deps.version.build_user;
  v["goVersion"] = deps.version.go_version;
  v["revision"] = deps.version.revision;
  v["version"] = deps.version.version;
  o["versionInfo"] = std::move(v);
  return GoJson(200, o);
}

net::HttpResponse GetReceivers(V2Deps& deps, const ApiRequest&) {
  json::array out;
  if (deps.receiver_names) {
    for (const auto& n : deps.receiver_names())
      out.emplace_back(ReceiverJson(n));
  }
  return GoJson(200, out);
}

net::HttpResponse V1Removed(const ApiRequest&) {
  net::HttpResponse r;
  r.status = 410;
  r.headers.Set("Content-Type", "application/json");
  r.body =
      "{\"status\":\"deprecated\",\"error\":\"The Alertmanager v1 API was "
      "deprecated in version 0.16.0 and is removed as of version 0.27.0 - "
      "please use the equivalent route in the v2 API\"}\n";
  return r;
}

std::vector<api::Endpoint> V2Endpoints(V2Deps& deps) {
  V2Deps* fixed = &deps;
  return V2Endpoints([fixed] {
    // Non-owning: the caller keeps `deps` alive.
    return std::shared_ptr<V2Deps>(std::shared_ptr<V2Deps>(), fixed);
  });
}

std::vector<api::Endpoint> V2Endpoints(
    std::function<std::shared_ptr<V2Deps>()> deps) {
  auto bind = [deps](net::HttpResponse (*fn)(V2Deps&, const ApiRequest&)) {
    return [deps, fn](const ApiRequest& req) {
      std::shared_ptr<V2Deps> snapshot = deps();
      return fn(*snapshot, req);
    };
  };
  std::vector<api::Endpoint> e = {
      {Method::kGet, "/api/v2/alerts", bind(GetAlerts), false,
       "List alerts (filter, silenced, inhibited, active, receiver)."},
      {Method::kPost, "/api/v2/alerts", bind(PostAlerts), true,
       "Create or update alerts."},
      {Method::kGet, "/api/v2/alerts/groups", bind(GetAlertGroups), false,
       "List alert groups."},
      {Method::kGet, "/api/v2/silences", bind(GetSilences), false,
       "List silences (filter)."},
      {Method::kPost, "/api/v2/silences", bind(PostSilences), true,
       "Create or update a silence."},
      {Method::kGet, "/api/v2/silence/{id}", bind(GetSilence), false,
       "Get a silence by ID."},
      {Method::kDelete, "/api/v2/silence/{id}", bind(DeleteSilence), true,
       "Expire a silence by ID."},
      {Method::kGet, "/api/v2/status", bind(GetStatus), false,
       "Alertmanager status (cluster, version, config, uptime)."},
      {Method::kGet, "/api/v2/receivers", bind(GetReceivers), false,
       "List receivers."},
  };
  const std::pair<Method, const char*> v1[] = {
      {Method::kPost, "/api/v1/alerts"},
      {Method::kGet, "/api/v1/silences"},
      {Method::kPost, "/api/v1/silences"},
      {Method::kGet, "/api/v1/silence/{id}"},
      {Method::kDelete, "/api/v1/silence/{id}"},
      {Method::kGet, "/api/v1/status"},
      {Method::kGet, "/api/v1/receivers"},
  };
  for (const auto& [m, p] : v1) {
    e.push_back({m, p, V1Removed, false, "Removed v1 API: 410 Gone."});
  }
  return e;
}

}  // namespace tocsin::api::v2
