#include "notify/webhook/webhook_notifier.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>

#include "net/http_server.h"

namespace tocsin::notify::webhook {
namespace {

using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));  // 2024-01-01

class FakeSender final : public WebhookSender {
 public:
  Result<int> Post(const WebhookRequest& request) override {
    requests.push_back(request);
    return result;
  }
  Result<WebhookResponse> Send(const WebhookRequest& request) override {
    ASSIGN_OR_RETURN(int status, Post(request));
    return WebhookResponse{status, retry_after};
  }
  Result<int> result = 200;
  std::string retry_after;
  std::vector<WebhookRequest> requests;
};

pipeline::NotifyContext Ctx() {
  pipeline::NotifyContext ctx;
  ctx.receiver_name = "team-X";
  ctx.group_key = "{}/{env=\"prod\"}:{alertname=\"HighLatency\"}";
  ctx.group_labels = model::Labels{{"alertname", "HighLatency"}};
  ctx.now = kT0;
  return ctx;
}

std::vector<model::Alert> TwoAlerts() {
  model::Alert firing;
  firing.labels = model::Labels{
      {"alertname", "HighLatency"}, {"instance", "a:9090"}, {"job", "api"}};
  firing.annotations = model::Labels{{"summary", "p99 > 1s <warn> & more"}};
  firing.starts_at = kT0 - seconds(90) + std::chrono::milliseconds(250);
  firing.ends_at = kT0 + seconds(300);  // in the future: not exposed
  firing.generator_url = "http://prom:9090/graph?g0.expr=up";
  model::Alert resolved;
  resolved.labels = model::Labels{
      {"alertname", "HighLatency"}, {"instance", "b:9090"}, {"job", "api"}};
  resolved.annotations = model::Labels{{"summary", "other"}};
  resolved.starts_at = kT0 - seconds(600);
  resolved.ends_at = kT0 - seconds(1);
  return {firing, resolved};
}

TEST(FormatGoTimeTest, GoRfc3339Nano) {
  EXPECT_EQ(FormatGoTime(model::kZeroTime), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatGoTime(kT0), "2024-01-01T00:00:00Z");
  EXPECT_EQ(FormatGoTime(kT0 + std::chrono::milliseconds(120)),
            "2024-01-01T00:00:00.12Z");
  EXPECT_EQ(FormatGoTime(kT0 + std::chrono::nanoseconds(1)),
            "2024-01-01T00:00:00.000000001Z");
}

TEST(WebhookMessageTest, Golden) {
  std::string got =
      BuildWebhookMessage(Ctx(), TwoAlerts(), "http://am.example:9093", 0);
  std::string want =
      R"({"receiver":"team-X","status":"firing","alerts":[)"
      R"({"status":"firing","labels":{"alertname":"HighLatency","instance":"a:9090","job":"api"},)"
      R"("annotations":{"summary":"p99 \u003e 1s \u003cwarn\u003e \u0026 more"},)"
      R"("startsAt":"2023-12-31T23:58:30.25Z","endsAt":"0001-01-01T00:00:00Z",)"
      R"("generatorURL":"http://prom:9090/graph?g0.expr=up","fingerprint":")" +
      TwoAlerts()[0].fingerprint().ToString() +
      R"("},{"status":"resolved","labels":{"alertname":"HighLatency","instance":"b:9090","job":"api"},)"
      R"("annotations":{"summary":"other"},)"
      R"("startsAt":"2023-12-31T23:50:00Z","endsAt":"2023-12-31T23:59:59Z",)"
      R"("generatorURL":"","fingerprint":")" +
      TwoAlerts()[1].fingerprint().ToString() +
      R"("}],"groupLabels":{"alertname":"HighLatency"},)"
      R"("commonLabels":{"alertname":"HighLatency","job":"api"},)"
      R"("commonAnnotations":{},"externalURL":"http://am.example:9093",)"
      R"("version":"4","groupKey":"{}/{env=\"prod\"}:{alertname=\"HighLatency\"}",)"
      R"("truncatedAlerts":0})"
      "\n";
  EXPECT_EQ(got, want);
  EXPECT_EQ(TwoAlerts()[0].fingerprint().ToString().size(), 16u);
}

TEST(WebhookMessageTest, MaxAlertsTruncatesAndAllResolvedStatus) {
  std::vector<model::Alert> alerts = TwoAlerts();
  std::string got =
      BuildWebhookMessage(Ctx(), {alerts[1], alerts[0]}, "http://am", 1);
  EXPECT_NE(got.find(R"("status":"resolved","alerts":[{)"), std::string::npos)
      << got;
  EXPECT_NE(got.find(R"("truncatedAlerts":1})"), std::string::npos);
  EXPECT_EQ(got.find("a:9090"), std::string::npos);
  // Common annotations of the one remaining alert are its own.
  EXPECT_NE(got.find(R"("commonAnnotations":{"summary":"other"})"),
            std::string::npos);
}

TEST(WebhookMessageTest, EscapesLikeGo) {
  pipeline::NotifyContext ctx = Ctx();
  ctx.receiver_name = std::string("a\"b\\c\n\t\x01\xff\xe2\x80\xa8");
  EXPECT_TRUE(
      BuildWebhookMessage(ctx, {}, "", 0)
          .starts_with(
              R"({"receiver":"a\"b\\\\c\n\t\u0001\ufffd\u2028","status":"resolved",)"));
  ctx.receiver_name = "team.x (prod)";
  EXPECT_TRUE(BuildWebhookMessage(ctx, {}, "", 0)
                  .starts_with(R"j({"receiver":"team\\.x \\(prod\\)",)j"));
  ctx.receiver_name = std::string("a\"b\n\t\x01\xff\xe2\x80\xa8");
  std::string got = BuildWebhookMessage(ctx, {}, "", 0);
  EXPECT_TRUE(got.starts_with(
      R"({"receiver":"a\"b\n\t\u0001\ufffd\u2028","status":"resolved",)"))
      << got;
}

TEST(WebhookNotifierTest, PostsAndClassifiesStatus) {
  auto cfg = std::make_shared<WebhookConfig>();
  cfg->url = config::Secret("http://sink:8080/hook");
  FakeSender sender;
  WebhookNotifier n(cfg, sender, "http://am", "Alertmanager/tocsin");
  EXPECT_TRUE(n.Notify(Ctx(), TwoAlerts()).status.ok());
  ASSERT_EQ(sender.requests.size(), 1u);
  EXPECT_EQ(sender.requests[0].url, "http://sink:8080/hook");
  EXPECT_EQ(sender.requests[0].headers,
            (std::vector<std::pair<std::string, std::string>>{
                {"Content-Type", "application/json"},
                {"User-Agent", "Alertmanager/tocsin"}}));
  EXPECT_EQ(sender.requests[0].http_config, &cfg->http_config);

  sender.result = 503;
  pipeline::NotifyResult r = n.Notify(Ctx(), TwoAlerts());
  EXPECT_TRUE(r.retry);
  EXPECT_EQ(r.status.message(),
            "unexpected status code 503: http://sink:8080/hook");
  EXPECT_EQ(r.retry_after, seconds(0));
  sender.result = 429;
  sender.retry_after = "120";
  r = n.Notify(Ctx(), TwoAlerts());
  EXPECT_TRUE(r.retry);
  EXPECT_EQ(r.retry_after, seconds(120));
  EXPECT_EQ(r.status.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(r.status.message(),
            "unexpected status code 429: http://sink:8080/hook");
  sender.result = 503;
  sender.retry_after = " 7 ";
  EXPECT_EQ(n.Notify(Ctx(), TwoAlerts()).retry_after, seconds(7));
  sender.retry_after = "";
  sender.result = 404;
  EXPECT_FALSE(n.Notify(Ctx(), TwoAlerts()).retry);
  sender.result = 400;
  EXPECT_FALSE(n.Notify(Ctx(), TwoAlerts()).retry);
  sender.result = UnavailableError("connection refused");
  r = n.Notify(Ctx(), TwoAlerts());
  EXPECT_TRUE(r.retry);
  EXPECT_EQ(r.status.message(), "connection refused");
}

TEST(ParseRetryAfterTest, DelaySecondsOnly) {
  EXPECT_EQ(ParseRetryAfter("30"), seconds(30));
  EXPECT_EQ(ParseRetryAfter(" 5\t"), seconds(5));
  EXPECT_EQ(ParseRetryAfter("999999999"), seconds(86400));
  EXPECT_EQ(ParseRetryAfter(""), seconds(0));
  EXPECT_EQ(ParseRetryAfter("0"), seconds(0));
  EXPECT_EQ(ParseRetryAfter("-3"), seconds(0));
  EXPECT_EQ(ParseRetryAfter("1.5"), seconds(0));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), seconds(0));
}

TEST(WebhookNotifierTest, FactoryRejectsOtherKinds) {
  FakeSender sender;
  pipeline::NotifierFactory f =
      MakeWebhookNotifierFactory(sender, "http://am", "ua");
  WebhookConfig wc;
  wc.url = config::Secret("http://x/");
  EXPECT_TRUE(f(wc, nflog::ReceiverKey{"r", "webhook", 0}).ok());
}

// The real sender against a local server (127.0.0.1, ephemeral port).
TEST(NetWebhookSenderTest, PostsBodyHeadersAndAuth) {
  std::mutex mu;
  std::vector<net::HttpRequest> got;
  auto server = net::HttpServer::Start(
      net::HttpServerOptions{}, [&](const net::HttpRequest& req) {
        std::lock_guard lock(mu);
        got.push_back(req);
        net::HttpResponse resp;
        resp.status = req.path == "/fail" ? 503 : 200;
        if (req.path == "/fail") resp.headers.Set("Retry-After", "42");
        return resp;
      });
  ASSERT_TRUE(server.ok()) << server.status();
  std::string base =
      "http://127.0.0.1:" + std::to_string((*server)->LocalPort());
  net::HttpClient client;
  NetWebhookSender sender(client);
  config::HttpClientConfig hc;
  hc.basic_auth = config::BasicAuth{};
  hc.basic_auth->username = "user";
  hc.basic_auth->password = config::Secret("pass");
  config::HttpHeader h;
  h.values = {"v1"};
  hc.http_headers.push_back({"X-Extra", h});
  WebhookRequest req;
  req.url = base + "/hook";
  req.body = "{\"a\":1}\n";
  req.headers = {{"Content-Type", "application/json"},
                 {"User-Agent", "Alertmanager/test"}};
  req.http_config = &hc;
  req.timeout = std::chrono::seconds(5);
  Result<int> status = sender.Post(req);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_EQ(*status, 200);
  req.url = base + "/fail";
  Result<WebhookResponse> failed = sender.Send(req);
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->status, 503);
  EXPECT_EQ(failed->retry_after, "42");
  std::lock_guard lock(mu);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/hook");
  EXPECT_EQ(got[0].body, "{\"a\":1}\n");
  EXPECT_EQ(got[0].headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(got[0].headers.Get("User-Agent"), "Alertmanager/test");
  EXPECT_EQ(got[0].headers.Get("Authorization"), "Basic dXNlcjpwYXNz");
  EXPECT_EQ(got[0].headers.Get("X-Extra"), "v1");
}

}  // namespace
}  // namespace tocsin::notify::webhook
