// Tests of the e2e harness itself: process control, ports, bounded waits,
// and the third-party servers every later e2e test builds on (Alertmanager,
// Prometheus -> Alertmanager, the SMTP sink, amtool).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "e2e/harness/http_client.h"
#include "e2e/harness/port.h"
#include "e2e/harness/process.h"
#include "e2e/harness/servers.h"
#include "e2e/harness/temp_dir.h"
#include "e2e/harness/wait.h"

namespace tocsin::e2e {
namespace {

using ::testing::HasSubstr;
namespace json = boost::json;

Result<std::unique_ptr<Process>> StartShell(const TempDir& dir,
                                            const std::string& script) {
  ProcessOptions po;
  po.name = "sh";
  po.program = "/bin/sh";
  po.args = {"-c", script};
  po.env = {"HARNESS_TEST_VAR=from-env"};
  po.log_path = dir.path() / "sh.log";
  return Process::Start(po);
}

TEST(ProcessTest, CapturesOutputEnvAndExitCode) {
  auto dir = TempDir::Create("harness");
  ASSERT_TRUE(dir.ok()) << dir.status();
  auto p = StartShell(*dir,
                      "echo out; echo err >&2; echo $HARNESS_TEST_VAR; exit 3");
  ASSERT_TRUE(p.ok()) << p.status();
  std::optional<int> status = (*p)->Wait(kDefaultWait);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 3);
  EXPECT_FALSE((*p)->Running());
  auto log = ReadFile((*p)->log_path());
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(*log, "out\nerr\nfrom-env\n");
  EXPECT_THAT((*p)->DumpLog(), HasSubstr("exited with 3"));
}

TEST(ProcessTest, StopSendsSigtermToARunningProcess) {
  auto dir = TempDir::Create("harness");
  ASSERT_TRUE(dir.ok()) << dir.status();
  auto p = StartShell(*dir, "exec sleep 600");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE((*p)->Running());
  EXPECT_EQ((*p)->Stop(), 128 + SIGTERM);
  EXPECT_EQ((*p)->Stop(), 128 + SIGTERM);  // idempotent
}

TEST(ProcessTest, StopKillsAProcessIgnoringSigterm) {
  auto dir = TempDir::Create("harness");
  ASSERT_TRUE(dir.ok()) << dir.status();
  // The shell ignores TERM and prints once the trap is in place.
  auto p =
      StartShell(*dir, "trap '' TERM; echo trapped; while :; do sleep 1; done");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto log = ReadFile((*p)->log_path());
        return log.ok() && *log == "trapped\n";
      },
      kDefaultWait));
  EXPECT_EQ((*p)->Stop(std::chrono::milliseconds(200)), 128 + SIGKILL);
}

TEST(ProcessTest, MissingProgramIsNotFound) {
  auto dir = TempDir::Create("harness");
  ASSERT_TRUE(dir.ok()) << dir.status();
  ProcessOptions po;
  po.program = "/nonexistent/program";
  po.log_path = dir->path() / "x.log";
  auto p = Process::Start(po);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(p.status().IsNotFound()) << p.status();
}

TEST(PortTest, FreePortCanBeBoundAndIsNotAccepting) {
  auto port = FindFreePort();
  ASSERT_TRUE(port.ok()) << port.status();
  EXPECT_GT(*port, 0);
  EXPECT_LT(*port, 65536);
  EXPECT_FALSE(PortAccepting(*port));
}

TEST(WaitUntilTest, ReturnsTrueOnceThePredicateHolds) {
  int calls = 0;
  EXPECT_TRUE(WaitUntil([&] { return ++calls == 3; }, kDefaultWait,
                        std::chrono::milliseconds(1)));
  EXPECT_EQ(calls, 3);
}

TEST(WaitUntilTest, GivesUpAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(WaitUntil([] { return false; }, std::chrono::milliseconds(100),
                         std::chrono::milliseconds(10)));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(100));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(HttpClientTest, RefusedConnectionIsUnavailable) {
  auto port = FindFreePort();
  ASSERT_TRUE(port.ok()) << port.status();
  auto r = HttpGet("http://127.0.0.1:" + std::to_string(*port) + "/",
                   std::chrono::seconds(2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status();
}

// Finds the alert with the given alertname in a GET /api/v2/alerts body.
const json::object* FindAlert(const json::value& alerts,
                              const std::string& alertname) {
  if (!alerts.is_array()) return nullptr;
  for (const auto& a : alerts.as_array()) {
    const auto* labels = a.as_object().if_contains("labels");
    if (labels == nullptr) continue;
    const auto* name = labels->as_object().if_contains("alertname");
    if (name != nullptr && name->is_string() &&
        name->as_string() == alertname) {
      return &a.as_object();
    }
  }
  return nullptr;
}

TEST(AlertmanagerTest, EmptyPostBodyIsRefusedWith422) {
  auto am = StartAlertmanager();
  ASSERT_TRUE(am.ok()) << am.status();
  auto r = HttpRequest("POST", (*am)->url() + "/api/v2/alerts", "",
                       "application/json");
  ASSERT_TRUE(r.ok()) << r.status();
  // go-swagger refuses the missing body as unprocessable, not as bad request.
  EXPECT_EQ(r->status, 422) << r->body;
}

TEST(AlertmanagerTest, PostedAlertIsReadBackAndSeenByAmtool) {
  auto am = StartAlertmanager();
  ASSERT_TRUE(am.ok()) << am.status();
  Server& server = **am;

  auto post = HttpPostJson(
      server.url() + "/api/v2/alerts",
      R"([{"labels":{"alertname":"HarnessTest","severity":"page"},)"
      R"("annotations":{"summary":"posted by harness_test"}}])");
  ASSERT_TRUE(post.ok()) << post.status() << server.DumpLog();
  ASSERT_EQ(post->status, 200) << post->body << server.DumpLog();

  auto get = HttpGet(server.url() + "/api/v2/alerts");
  ASSERT_TRUE(get.ok()) << get.status();
  ASSERT_EQ(get->status, 200) << get->body;
  json::value alerts = json::parse(get->body);
  ASSERT_TRUE(alerts.is_array()) << get->body;
  ASSERT_EQ(alerts.as_array().size(), 1u) << get->body;
  const json::object* alert = FindAlert(alerts, "HarnessTest");
  ASSERT_NE(alert, nullptr) << get->body;
  EXPECT_EQ(alert->at("labels").at("severity").as_string(), "page");
  EXPECT_EQ(alert->at("annotations").at("summary").as_string(),
            "posted by harness_test");
  EXPECT_EQ(alert->at("status").at("state").as_string(), "active");
  EXPECT_EQ(alert->at("fingerprint").as_string().size(), 16u);

  auto amtool = RunAmtool(server.url(), {"alert", "query", "-o", "json"});
  ASSERT_TRUE(amtool.ok()) << amtool.status();
  EXPECT_EQ(amtool->exit_status, 0) << amtool->output;
  json::value via_amtool = json::parse(amtool->output);
  ASSERT_NE(FindAlert(via_amtool, "HarnessTest"), nullptr) << amtool->output;
}

TEST(PrometheusTest, AlwaysFiringRuleReachesAlertmanager) {
  auto am = StartAlertmanager();
  ASSERT_TRUE(am.ok()) << am.status();
  PrometheusOptions po;
  po.rules_yaml =
      "groups:\n"
      "  - name: harness\n"
      "    interval: 1s\n"
      "    rules:\n"
      "      - alert: AlwaysFiring\n"
      "        expr: vector(1)\n"
      "        labels:\n"
      "          severity: none\n"
      "        annotations:\n"
      "          summary: always firing\n";
  po.alertmanagers = {(*am)->address()};
  auto prom = StartPrometheus(po);
  ASSERT_TRUE(prom.ok()) << prom.status();

  std::string last_body;
  bool arrived = WaitUntil(
      [&] {
        auto get = HttpGet((*am)->url() + "/api/v2/alerts");
        if (!get.ok() || get->status != 200) return false;
        last_body = get->body;
        return FindAlert(json::parse(get->body), "AlwaysFiring") != nullptr;
      },
      kDefaultWait, std::chrono::milliseconds(200));
  ASSERT_TRUE(arrived) << "last body: " << last_body << "\n"
                       << (*prom)->DumpLog() << (*am)->DumpLog();
  const json::value alerts = json::parse(last_body);
  const json::object* alert = FindAlert(alerts, "AlwaysFiring");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->at("labels").at("severity").as_string(), "none");
  EXPECT_EQ(alert->at("annotations").at("summary").as_string(),
            "always firing");
  EXPECT_THAT(std::string(alert->at("generatorURL").as_string()),
              HasSubstr("vector%281%29"));
}

TEST(SmtpSinkTest, StoresAMessageSentWithLibcurl) {
  auto sink = StartSmtpSink();
  ASSERT_TRUE(sink.ok()) << sink.status();
  const std::string message =
      "From: tocsin <tocsin@example.org>\r\n"
      "To: oncall@example.org\r\n"
      "Subject: harness test mail\r\n"
      "\r\n"
      "the body line\r\n";
  Status sent = SendMail("smtp://" + (*sink)->address(), "tocsin@example.org",
                         {"oncall@example.org", "second@example.org"}, message);
  ASSERT_TRUE(sent.ok()) << sent << (*sink)->DumpLog();
  ASSERT_TRUE(WaitUntil([&] { return ReadSinkMessages(**sink).size() == 1; },
                        kDefaultWait))
      << (*sink)->DumpLog();
  std::string stored = ReadSinkMessages(**sink)[0];
  EXPECT_THAT(stored, HasSubstr("X-Sink-Mail-From: tocsin@example.org\r\n"));
  EXPECT_THAT(
      stored,
      HasSubstr("X-Sink-Rcpt-To: oncall@example.org, second@example.org\r\n"));
  EXPECT_THAT(stored, HasSubstr("Subject: harness test mail"));
  EXPECT_THAT(stored, HasSubstr("the body line"));
}

}  // namespace
}  // namespace tocsin::e2e
