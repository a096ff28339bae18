// Debian's Prometheus evaluates a rule that fires and, after its rule file is
// rewritten and Prometheus reloaded, resolves; it sends the alert to the
// server under test, which delivers it to a webhook sink in this process.
// The sink checks Alertmanager's webhook payload (version "4") field by
// field: first against Alertmanager 0.25 itself (so the expectations are
// Alertmanager's), then against tocsin with Alertmanager running beside it on
// the same Prometheus, so the times Prometheus chose can be compared too.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "e2e/alertmanager_compat/webhook_sink.h"
#include "e2e/harness/http_client.h"
#include "e2e/harness/servers.h"
#include "e2e/harness/wait.h"
#include "model/labels.h"

namespace tocsin::e2e {
namespace {

namespace json = boost::json;

constexpr char kExternalUrl[] = "http://compat.example:9093";
constexpr char kPrometheusExternalUrl[] = "http://prometheus.example:9090/";
constexpr char kFiringExpr[] = "vector(1)";
constexpr char kResolvedExpr[] = "vector(1) == 0";
// TableLinkForExpression(expr) after the external URL.
constexpr char kFiringGeneratorUrl[] =
    "http://prometheus.example:9090/graph?g0.expr=vector%281%29&g0.tab=1";
constexpr char kResolvedGeneratorUrl[] =
    "http://prometheus.example:9090/"
    "graph?g0.expr=vector%281%29+%3D%3D+0&g0.tab=1";
constexpr std::chrono::seconds kNotifyWait{40};

std::string RulesYaml(const std::string& expr) {
  return "groups:\n"
         "  - name: compat\n"
         "    rules:\n"
         "      - alert: CompatAlert\n"
         "        expr: " +
         expr +
         "\n"
         "        labels:\n"
         "          severity: page\n"
         "          team: compat\n"
         "        annotations:\n"
         "          summary: the compat alert\n"
         "          description: 'value {{ $value }}'\n";
}

std::string ServerConfig(const std::string& hook_url) {
  return "route:\n"
         "  receiver: hook\n"
         "  group_by: ['alertname', 'team']\n"
         "  group_wait: 1s\n"
         "  group_interval: 1s\n"
         "  repeat_interval: 1h\n"
         "receivers:\n"
         "  - name: hook\n"
         "    webhook_configs:\n"
         "      - url: " +
         hook_url +
         "\n"
         "        send_resolved: true\n";
}

std::string PrometheusConfig(const std::vector<std::string>& targets) {
  std::string c =
      "global:\n"
      "  scrape_interval: 1s\n"
      "  evaluation_interval: 1s\n"
      "rule_files:\n"
      "  - rules.yml\n"
      "alerting:\n"
      "  alertmanagers:\n"
      "    - api_version: v2\n"
      "      static_configs:\n"
      "        - targets:\n";
  for (const auto& t : targets) c += "            - '" + t + "'\n";
  return c;
}

// Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros of the
// fraction trimmed, "Z" for UTC).
const std::regex& GoTimeRe() {
  static const std::regex re(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?Z$)");
  return re;
}

// Seconds since the epoch of a Go RFC 3339 UTC time (fraction dropped).
int64_t UnixSeconds(const std::string& t) {
  std::tm tm{};
  std::sscanf(t.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon,
              &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}

std::vector<std::string> Keys(const json::object& o) {
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  return keys;
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return "<missing or not a string>";
  return std::string(v->as_string());
}

json::object Obj(std::map<std::string, std::string> m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

const model::Labels& AlertLabels() {
  static const model::Labels labels{
      {"alertname", "CompatAlert"}, {"severity", "page"}, {"team", "compat"}};
  return labels;
}

// What one notification must be, apart from the alert's times (returned for
// the caller to compare). Adds failures to the current test.
struct AlertTimes {
  std::string starts_at;
  std::string ends_at;
};

AlertTimes CheckPayload(const WebhookRequest& req, const std::string& status,
                        int64_t test_start, const std::string& who) {
  SCOPED_TRACE(who + " " + status + " notification: " + req.body);
  AlertTimes times;
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.content_type, "application/json");
  json::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "not a JSON object";
    return times;
  }
  const json::object& p = v.as_object();
  // Keys in the order Alertmanager's webhook.Message marshals them.
  EXPECT_EQ(Keys(p), (std::vector<std::string>{
                         "receiver", "status", "alerts", "groupLabels",
                         "commonLabels", "commonAnnotations", "externalURL",
                         "version", "groupKey", "truncatedAlerts"}));
  EXPECT_EQ(Str(p, "version"), "4");
  EXPECT_EQ(Str(p, "groupKey"),
            "{}:{alertname=\"CompatAlert\", team=\"compat\"}");
  const json::value* truncated = p.if_contains("truncatedAlerts");
  EXPECT_TRUE(truncated != nullptr && *truncated == json::value(0))
      << "truncatedAlerts";
  EXPECT_EQ(Str(p, "status"), status);
  EXPECT_EQ(Str(p, "receiver"), "hook");
  EXPECT_EQ(
      p.at("groupLabels"),
      json::value(Obj({{"alertname", "CompatAlert"}, {"team", "compat"}})));
  EXPECT_EQ(p.at("commonLabels"), json::value(Obj({{"alertname", "CompatAlert"},
                                                   {"severity", "page"},
                                                   {"team", "compat"}})));
  EXPECT_EQ(p.at("commonAnnotations"),
            json::value(Obj({{"summary", "the compat alert"},
                             {"description", "value 1"}})));
  EXPECT_EQ(Str(p, "externalURL"), kExternalUrl);

  const json::value* alerts = p.if_contains("alerts");
  if (alerts == nullptr || !alerts->is_array() ||
      alerts->as_array().size() != 1 || !alerts->as_array()[0].is_object()) {
    ADD_FAILURE() << "alerts is not an array of one object";
    return times;
  }
  const json::object& a = alerts->as_array()[0].as_object();
  EXPECT_EQ(Keys(a), (std::vector<std::string>{
                         "status", "labels", "annotations", "startsAt",
                         "endsAt", "generatorURL", "fingerprint"}));
  EXPECT_EQ(Str(a, "status"), status);
  EXPECT_EQ(a.at("labels"), p.at("commonLabels"));
  EXPECT_EQ(a.at("annotations"), p.at("commonAnnotations"));
  times.starts_at = Str(a, "startsAt");
  times.ends_at = Str(a, "endsAt");
  EXPECT_TRUE(std::regex_match(times.starts_at, GoTimeRe())) << times.starts_at;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  EXPECT_GE(UnixSeconds(times.starts_at), test_start - 1) << times.starts_at;
  EXPECT_LE(UnixSeconds(times.starts_at), now) << times.starts_at;
  if (status == "firing") {
    EXPECT_EQ(times.ends_at, "0001-01-01T00:00:00Z");
    EXPECT_EQ(Str(a, "generatorURL"), kFiringGeneratorUrl);
  } else {
    EXPECT_TRUE(std::regex_match(times.ends_at, GoTimeRe())) << times.ends_at;
    EXPECT_GE(UnixSeconds(times.ends_at), UnixSeconds(times.starts_at));
    EXPECT_LE(UnixSeconds(times.ends_at), now);
    // Prometheus 2.42 resolves the alert it copied into the reloaded rule
    // with the generatorURL it had while firing (observed with
    // Alertmanager 0.25; kResolvedGeneratorUrl never shows up).
    EXPECT_EQ(Str(a, "generatorURL"), kFiringGeneratorUrl);
    EXPECT_NE(Str(a, "generatorURL"), kResolvedGeneratorUrl);
  }
  std::string fp = Str(a, "fingerprint");
  EXPECT_TRUE(std::regex_match(fp, std::regex("^[0-9a-f]{16}$"))) << fp;
  EXPECT_EQ(fp, AlertLabels().fingerprint().ToString());
  return times;
}

// Rewrites Prometheus' rules.yml (aside, then renamed) and reloads it.
void FlipRule(Server& prometheus) {
  std::filesystem::path tmp = prometheus.dir() / "rules.yml.new";
  {
    std::ofstream out(tmp);
    out << RulesYaml(kResolvedExpr);
  }
  std::filesystem::rename(tmp, prometheus.dir() / "rules.yml");
  auto reload = HttpRequest("POST", prometheus.url() + "/-/reload");
  ASSERT_TRUE(reload.ok()) << reload.status();
  ASSERT_EQ(reload->status, 200) << reload->body << prometheus.DumpLog();
}

Result<std::unique_ptr<Server>> StartPrometheusFor(
    const std::vector<std::string>& targets) {
  PrometheusOptions po;
  po.rules_yaml = RulesYaml(kFiringExpr);
  po.config_yaml = PrometheusConfig(targets);
  po.extra_args = {"--web.enable-lifecycle",
                   std::string("--web.external-url=") + kPrometheusExternalUrl};
  return StartPrometheus(po);
}

// The notifications to `path`, once a resolved one arrived. Every one before
// the resolved one must be firing; returns them all.
std::vector<WebhookRequest> StatusesOf(const WebhookSink& sink,
                                       const std::string& path) {
  return sink.RequestsTo(path);
}

bool HasResolved(const WebhookSink& sink, const std::string& path) {
  for (const auto& r : sink.RequestsTo(path))
    if (r.body.find("\"status\":\"resolved\",\"alerts\"") != std::string::npos)
      return true;
  return false;
}

// Firing exactly once, then resolved exactly once.
void CheckSequence(const std::vector<WebhookRequest>& reqs, int64_t test_start,
                   const std::string& who, AlertTimes* firing,
                   AlertTimes* resolved) {
  ASSERT_EQ(reqs.size(), 2u) << who << ": expected one firing and one "
                             << "resolved notification; got " << [&] {
                                  std::string s;
                                  for (const auto& r : reqs) s += r.body + "\n";
                                  return s;
                                }();
  *firing = CheckPayload(reqs[0], "firing", test_start, who);
  *resolved = CheckPayload(reqs[1], "resolved", test_start, who);
  EXPECT_EQ(firing->starts_at, resolved->starts_at) << who;
}

TEST(PrometheusWebhookTest, AlertmanagerSendsTheV4PayloadFiringThenResolved) {
  int64_t test_start = static_cast<int64_t>(std::time(nullptr));
  auto sink = WebhookSink::Start();
  ASSERT_TRUE(sink.ok()) << sink.status();
  AlertmanagerOptions ao;
  ao.config_yaml = ServerConfig((*sink)->url() + "/alertmanager");
  ao.extra_args = {std::string("--web.external-url=") + kExternalUrl};
  auto am = StartAlertmanager(ao);
  ASSERT_TRUE(am.ok()) << am.status();
  auto prom = StartPrometheusFor({(*am)->address()});
  ASSERT_TRUE(prom.ok()) << prom.status();

  ASSERT_TRUE((*sink)->WaitForCount("/alertmanager", 1, kNotifyWait))
      << (*am)->DumpLog() << (*prom)->DumpLog();
  FlipRule(**prom);
  ASSERT_TRUE(WaitUntil([&] { return HasResolved(**sink, "/alertmanager"); },
                        kNotifyWait))
      << (*am)->DumpLog();
  AlertTimes firing, resolved;
  CheckSequence(StatusesOf(**sink, "/alertmanager"), test_start, "alertmanager",
                &firing, &resolved);
}

TEST(PrometheusWebhookTest, TocsinSendsWhatAlertmanagerSends) {
  int64_t test_start = static_cast<int64_t>(std::time(nullptr));
  auto sink = WebhookSink::Start();
  ASSERT_TRUE(sink.ok()) << sink.status();
  AlertmanagerOptions ao;
  ao.config_yaml = ServerConfig((*sink)->url() + "/alertmanager");
  ao.extra_args = {std::string("--web.external-url=") + kExternalUrl};
  auto am = StartAlertmanager(ao);
  ASSERT_TRUE(am.ok()) << am.status();
  TocsinOptions to;
  to.config_yaml = ServerConfig((*sink)->url() + "/tocsin");
  to.extra_args = {std::string("--web.external-url=") + kExternalUrl};
  auto tocsin = StartTocsin(to);
  ASSERT_TRUE(tocsin.ok()) << tocsin.status();
  // One Prometheus sends the same alerts to both.
  auto prom = StartPrometheusFor({(*am)->address(), (*tocsin)->address()});
  ASSERT_TRUE(prom.ok()) << prom.status();

  bool am_fired = (*sink)->WaitForCount("/alertmanager", 1, kNotifyWait);
  bool tocsin_fired = (*sink)->WaitForCount("/tocsin", 1, kNotifyWait);
  ASSERT_TRUE(am_fired) << (*am)->DumpLog() << (*prom)->DumpLog();
  ASSERT_TRUE(tocsin_fired) << "tocsin sent no notification\n"
                            << (*tocsin)->DumpLog() << (*prom)->DumpLog();
  FlipRule(**prom);
  ASSERT_TRUE(WaitUntil([&] { return HasResolved(**sink, "/alertmanager"); },
                        kNotifyWait))
      << (*am)->DumpLog();
  ASSERT_TRUE(
      WaitUntil([&] { return HasResolved(**sink, "/tocsin"); }, kNotifyWait))
      << "tocsin sent no resolved notification\n"
      << (*tocsin)->DumpLog();

  AlertTimes am_firing, am_resolved, firing, resolved;
  CheckSequence(StatusesOf(**sink, "/alertmanager"), test_start, "alertmanager",
                &am_firing, &am_resolved);
  CheckSequence(StatusesOf(**sink, "/tocsin"), test_start, "tocsin", &firing,
                &resolved);
  // Same alert from the same Prometheus: the same times, to the nanosecond.
  EXPECT_EQ(firing.starts_at, am_firing.starts_at);
  EXPECT_EQ(resolved.starts_at, am_resolved.starts_at);
  EXPECT_EQ(resolved.ends_at, am_resolved.ends_at);
}

}  // namespace
}  // namespace tocsin::e2e
