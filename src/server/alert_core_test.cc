#include "server/alert_core.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <deque>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "api/router.h"
#include "metrics/exposition.h"
#include "net/http_server.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/manual_executor.h"
#include "runtime/testing/simulated_scheduler.h"
#include "server/config_loader.h"

namespace tocsin::server {
namespace {

using namespace std::chrono_literals;

// Records webhook POSTs (the notifier's POST returns only after the handler
// ran, so after the delivery executor ran, the body is here).
class WebhookSink {
 public:
  WebhookSink() {
    net::HttpServerOptions o;
    o.listen_address = "127.0.0.1:0";
    o.threads = 1;
    server_ = *net::HttpServer::Start(o, [this](const net::HttpRequest& r) {
      std::lock_guard<std::mutex> lock(mu_);
      bodies_.push_back(r.body);
      int status = 200;
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.pop_front();
      }
      return net::HttpResponse::Text(status, "");
    });
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->LocalPort()) + "/";
  }
  // The next requests are answered with these statuses, then 200.
  void AnswerWith(std::vector<int> statuses) {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_.assign(statuses.begin(), statuses.end());
  }
  std::vector<std::string> Bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return bodies_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::deque<int> statuses_;
  std::unique_ptr<net::HttpServer> server_;
};

std::string MakeTempDir() {
  std::string t = ::testing::TempDir() + "tocsin-core-XXXXXX";
  EXPECT_NE(mkdtemp(t.data()), nullptr);
  return t;
}

class AlertCoreTest : public ::testing::Test {
 protected:
  AlertCoreTest() : scheduler_(clock_), dir_(MakeTempDir()) {
    registry_channels_ = MakeIntegrationRegistry();
  }
  ~AlertCoreTest() override {
    core_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::shared_ptr<const config::Config> Config(const std::string& receiver) {
    std::string yaml =
        "route:\n"
        "  receiver: " +
        receiver +
        "\n"
        "  group_by: [alertname]\n"
        "  group_wait: 10s\n"
        "  group_interval: 1m\n"
        "  repeat_interval: 1h\n"
        "inhibit_rules:\n"
        "  - source_matchers: [severity=critical]\n"
        "    target_matchers: [severity=warning]\n"
        "    equal: [cluster]\n"
        "receivers:\n"
        "  - name: " +
        receiver +
        "\n"
        "    webhook_configs:\n"
        "      - url: " +
        sink_.url() + "\n";
    auto cfg = config::Load(yaml, *registry_channels_);
    EXPECT_TRUE(cfg.ok()) << cfg.status().message();
    return *cfg;
  }

  void StartCore(const std::string& receiver = "hook") {
    auto db = store::SqliteDatabase::Open(dir_);
    ASSERT_TRUE(db.ok()) << db.status().message();
    registry_ = std::make_unique<metrics::Registry>();
    AlertCoreOptions o;
    o.external_url = "http://tocsin.example:9093";
    o.delivery_executor = &executor_;
    auto core = AlertCore::Start(o, *db, Config(receiver), scheduler_, clock_,
                                 *registry_, logger_);
    ASSERT_TRUE(core.ok()) << core.status().message();
    core_ = std::move(*core);
    router_ = std::make_unique<api::Router>(
        api::v2::V2Endpoints([this] { return core_->Deps(); }));
  }

  net::HttpResponse Do(std::string method, std::string target,
                       std::string body = "") {
    net::HttpRequest req = net::HttpRequest::Make(
        std::move(method), std::move(target), std::move(body));
    req.headers.Set("Content-Type", "application/json");
    return router_->Handle(req);
  }

  // The value of one exposed sample line (name{labels}), or -1.
  double Metric(const std::string& series) {
    std::istringstream in(metrics::ExposeText(*registry_));
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(series + " ", 0) == 0) {
        return std::stod(line.substr(series.size() + 1));
      }
    }
    return -1;
  }

  runtime::ManualClock clock_;
  runtime::SimulatedScheduler scheduler_;
  runtime::ManualExecutor executor_;
  std::string dir_;
  WebhookSink sink_;
  std::unique_ptr<config::IntegrationRegistry> registry_channels_;
  std::unique_ptr<metrics::Registry> registry_;
  std::ostringstream log_text_;
  Logger logger_{log_text_, clock_, LogLevel::kError, LogFormat::kLogfmt};
  std::unique_ptr<AlertCore> core_;
  std::unique_ptr<api::Router> router_;
};

TEST_F(AlertCoreTest, PostedAlertIsGroupedAndDeliveredAfterGroupWait) {
  StartCore();
  auto r = Do("POST", "/api/v2/alerts",
              R"([{"labels":{"alertname":"Disk","instance":"a"}},)"
              R"({"labels":{"alertname":"Disk","instance":"b"}}])");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Metric("alertmanager_alerts_received_total{status=\"firing\","
                   "version=\"v2\"}"),
            2);
  scheduler_.AdvanceBy(9s);
  EXPECT_EQ(Metric("alertmanager_notifications_total{integration=\"webhook\"}"),
            0);
  scheduler_.AdvanceBy(1s);
  EXPECT_EQ(Metric("alertmanager_notifications_total{integration=\"webhook\"}"),
            1);
  executor_.RunAll();
  std::vector<std::string> got = sink_.Bodies();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find(R"("receiver":"hook","status":"firing")"),
            std::string::npos)
      << got[0];
  EXPECT_NE(got[0].find(R"("groupKey":"{}:{alertname=\"Disk\"}")"),
            std::string::npos)
      << got[0];
  EXPECT_NE(got[0].find(R"("externalURL":"http://tocsin.example:9093")"),
            std::string::npos);

  r = Do("GET", "/api/v2/alerts/groups");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("labels":{"alertname":"Disk"})"), std::string::npos)
      << r.body;
  r = Do("GET", "/api/v2/alerts?filter=instance%3D%22a%22");
  EXPECT_NE(r.body.find(R"("receivers":[{"name":"hook"}])"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"("state":"active")"), std::string::npos) << r.body;
  EXPECT_EQ(Metric("alertmanager_alerts{state=\"active\"}"), 2);
  EXPECT_EQ(Metric("alertmanager_dispatcher_aggregation_groups"), 1);
}

TEST_F(AlertCoreTest, InhibitionAndSilencesShowInTheApi) {
  StartCore();
  ASSERT_EQ(Do("POST", "/api/v2/alerts",
               R"([{"labels":{"alertname":"Down","severity":"critical",)"
               R"("cluster":"eu"}},{"labels":{"alertname":"Slow",)"
               R"("severity":"warning","cluster":"eu"}}])")
                .status,
            200);
  auto r = Do("GET", "/api/v2/alerts?filter=alertname%3DSlow");
  EXPECT_NE(r.body.find(R"("state":"suppressed")"), std::string::npos)
      << r.body;
  r = Do("POST", "/api/v2/silences",
         R"({"matchers":[{"name":"alertname","value":"Down","isRegex":false}],)"
         R"("startsAt":"2024-01-01T00:00:00Z","endsAt":"2024-01-01T01:00:00Z",)"
         R"("createdBy":"me","comment":"x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = Do("GET", "/api/v2/alerts?filter=alertname%3DDown");
  EXPECT_NE(r.body.find(R"("silencedBy":[")"), std::string::npos) << r.body;
  EXPECT_EQ(Metric("alertmanager_silences{state=\"active\"}"), 1);
  // Neither group notifies: one is inhibited, the other silenced.
  scheduler_.AdvanceBy(10s);
  EXPECT_EQ(Metric("alertmanager_notifications_total{integration=\"webhook\"}"),
            0);
}

TEST_F(AlertCoreTest, ReloadSwapsRoutesAndKeepsAlerts) {
  StartCore("hook");
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  ASSERT_TRUE(core_->ApplyConfig(Config("other")).ok());
  auto r = Do("GET", "/api/v2/receivers");
  EXPECT_EQ(r.body, "[{\"name\":\"other\"}]\n");
  r = Do("GET", "/api/v2/alerts");
  EXPECT_NE(r.body.find(R"("receivers":[{"name":"other"}])"), std::string::npos)
      << r.body;
  // The stored alert was replayed into the new dispatcher.
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();
  std::vector<std::string> got = sink_.Bodies();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find(R"("receiver":"other")"), std::string::npos);
}

TEST_F(AlertCoreTest, RestartKeepsSilencesAndDoesNotResendUnchangedGroups) {
  StartCore();
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  auto r =
      Do("POST", "/api/v2/silences",
         R"({"matchers":[{"name":"alertname","value":"Z","isRegex":false}],)"
         R"("startsAt":"2024-01-01T00:00:00Z",)"
         R"("endsAt":"2024-01-01T01:00:00Z","createdBy":"me",)"
         R"("comment":"x"})");
  ASSERT_EQ(r.status, 200);
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();
  ASSERT_EQ(sink_.Bodies().size(), 1u);
  ASSERT_EQ(Metric("alertmanager_nflog_entries"), 1);

  core_.reset();  // A restart: alerts are gone, silences and nflog are not.
  StartCore();
  r = Do("GET", "/api/v2/silences");
  EXPECT_NE(r.body.find(R"("createdBy":"me")"), std::string::npos) << r.body;
  // Prometheus re-sends the alert; the group is unchanged, so the nflog
  // keeps it from being notified again.
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  scheduler_.AdvanceBy(10s);
  EXPECT_EQ(Metric("alertmanager_notifications_total{integration=\"webhook\"}"),
            0);
}

// The "state" of the only notification the outbox lists, or "".
std::string OnlyState(const std::string& json) {
  size_t at = json.find(R"("state":")");
  if (at == std::string::npos ||
      json.find(R"("state":")", at + 1) != std::string::npos) {
    return "";
  }
  at += 9;
  return json.substr(at, json.find('"', at) - at);
}

TEST_F(AlertCoreTest, ServerErrorIsRetriedUntilDelivered) {
  StartCore();
  sink_.AnswerWith({500});
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();
  ASSERT_EQ(sink_.Bodies().size(), 1u);
  auto list = core_->ListNotificationsJson(std::nullopt, std::nullopt,
                                           std::nullopt, std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(OnlyState(*list), "pending") << *list;
  EXPECT_EQ(Metric("tocsin_outbox_pending{integration=\"webhook\"}"), 1);

  // The backoff after one failure is at most 1s.
  scheduler_.AdvanceBy(1s);
  executor_.RunAll();
  std::vector<std::string> got = sink_.Bodies();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], got[1]);
  list = core_->ListNotificationsJson("delivered", "hook", "webhook",
                                      std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(OnlyState(*list), "delivered") << *list;
  EXPECT_NE(list->find(R"("attempts":2)"), std::string::npos) << *list;
  EXPECT_EQ(Metric("tocsin_outbox_pending{integration=\"webhook\"}"), 0);
  EXPECT_EQ(Metric("alertmanager_notifications_total{integration=\"webhook\"}"),
            1);
  EXPECT_EQ(Metric("alertmanager_notification_requests_failed_total{"
                   "integration=\"webhook\"}"),
            1);
  // Nothing more is sent (the group is unchanged; no further retry).
  scheduler_.AdvanceBy(30s);
  executor_.RunAll();
  EXPECT_EQ(sink_.Bodies().size(), 2u);
  // A bad filter is refused.
  EXPECT_EQ(core_
                ->ListNotificationsJson("sent", std::nullopt, std::nullopt,
                                        std::nullopt)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AlertCoreTest, ClientErrorGoesDeadAndRetryRequeuesIt) {
  StartCore();
  sink_.AnswerWith({400});
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();
  scheduler_.AdvanceBy(30s);
  executor_.RunAll();
  ASSERT_EQ(sink_.Bodies().size(), 1u);
  auto list = core_->ListNotificationsJson("dead", std::nullopt, std::nullopt,
                                           std::nullopt);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(OnlyState(*list), "dead") << *list;
  EXPECT_EQ(Metric("tocsin_outbox_dead_total{integration=\"webhook\"}"), 1);
  EXPECT_EQ(Metric("alertmanager_notifications_failed_total{"
                   "integration=\"webhook\",reason=\"other\"}"),
            1);

  size_t at = list->find(R"("id":")") + 6;
  std::string id = list->substr(at, list->find('"', at) - at);
  auto retried = core_->RetryNotificationJson(id);
  ASSERT_TRUE(retried.ok()) << retried.status().message();
  EXPECT_EQ(OnlyState(*retried), "pending") << *retried;
  executor_.RunAll();
  ASSERT_EQ(sink_.Bodies().size(), 2u);
  list = core_->ListNotificationsJson(std::nullopt, std::nullopt, std::nullopt,
                                      std::nullopt);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(OnlyState(*list), "delivered") << *list;
  // Only a dead notification can be retried.
  EXPECT_EQ(core_->RetryNotificationJson(id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(core_->RetryNotificationJson("999").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(core_->RetryNotificationJson("x").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AlertCoreTest, RestartResendsPendingNotification) {
  StartCore();
  sink_.AnswerWith({503});
  ASSERT_EQ(
      Do("POST", "/api/v2/alerts", R"([{"labels":{"alertname":"A"}}])").status,
      200);
  scheduler_.AdvanceBy(10s);
  executor_.RunAll();
  ASSERT_EQ(sink_.Bodies().size(), 1u);

  core_.reset();  // Stopped before the retry.
  StartCore();
  scheduler_.AdvanceBy(1s);
  executor_.RunAll();
  std::vector<std::string> got = sink_.Bodies();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], got[1]);
  auto list = core_->ListNotificationsJson(std::nullopt, std::nullopt,
                                           std::nullopt, std::nullopt);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(OnlyState(*list), "delivered") << *list;
}

}  // namespace
}  // namespace tocsin::server
