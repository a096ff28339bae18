#include "server/server.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "metrics/exposition.h"
#include "net/http_client.h"
#include "runtime/system_clock.h"

namespace tocsin::server {
namespace {

namespace fs = std::filesystem;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tocsin-server-XXXXXX");
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    flags_.storage_path = (dir_ / "data" / "nested").string();
    flags_.listen_address = "127.0.0.1:0";
    flags_.config_file = (dir_ / "am.yml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteConfig(const std::string& text) {
    std::ofstream(flags_.config_file) << text;
  }

  net::HttpClientResponse Get(const Server& s, const std::string& path,
                              const std::string& method = "GET") {
    net::HttpClientRequest r;
    r.method = method;
    r.url = "http://127.0.0.1:" + std::to_string(s.HttpPort()) + path;
    auto res = client_.Do(r);
    EXPECT_TRUE(res.ok()) << res.status();
    return res.ok() ? *res : net::HttpClientResponse{};
  }

  fs::path dir_;
  ServerFlags flags_;
  runtime::SystemClock clock_;
  std::ostringstream log_;
  net::HttpClient client_;
};

constexpr char kMinimalConfig[] =
    "route:\n  receiver: default\nreceivers:\n  - name: default\n";

TEST_F(ServerTest, ServesHealthReadyMetricsAndCreatesStorage) {
  WriteConfig(kMinimalConfig);
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status() << log_.str();
  EXPECT_TRUE(fs::is_directory(flags_.storage_path));
  EXPECT_TRUE(fs::is_regular_file(fs::path(flags_.storage_path) / "tocsin.db"));

  net::HttpClientResponse r = Get(**server, "/-/healthy");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK");
  r = Get(**server, "/-/ready");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK");
  r = Get(**server, "/-/healthy", "HEAD");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  r = Get(**server, "/nope");
  EXPECT_EQ(r.status, 404);
  r = Get(**server, "/-/healthy", "DELETE");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD");

  r = Get(**server, "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  for (const char* want :
       {"# TYPE tocsin_build_info gauge\ntocsin_build_info{branch=",
        "\nprocess_open_fds ", "\nprocess_resident_memory_bytes ",
        "\nalertmanager_config_last_reload_successful 1\n",
        "alertmanager_http_request_duration_seconds_count{handler=\"/-/"
        "healthy\",method=\"get\"} 1\n"}) {
    EXPECT_NE(r.body.find(want), std::string::npos) << want << "\n" << r.body;
  }
  (*server)->Stop();
  EXPECT_NE(log_.str().find("msg=\"Starting tocsin\""), std::string::npos);
}

TEST_F(ServerTest, InvalidConfigFailsStartWithLoaderError) {
  WriteConfig("route:\n  receiver: missing\nreceivers:\n  - name: default\n");
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find(
                "undefined receiver \"missing\" used in route"),
            std::string::npos)
      << server.status();
  EXPECT_NE(log_.str().find("msg=\"Loading configuration file failed\""),
            std::string::npos);
}

TEST_F(ServerTest, MissingConfigFileFails) {
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().message(),
            "open " + flags_.config_file + ": no such file or directory");
}

TEST_F(ServerTest, ReloadKeepsOldConfigOnError) {
  WriteConfig(kMinimalConfig);
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status();
  auto before = (*server)->config();
  WriteConfig("route: [\n");
  net::HttpClientRequest r;
  r.method = "POST";
  r.url =
      "http://127.0.0.1:" + std::to_string((*server)->HttpPort()) + "/-/reload";
  auto res = client_.Do(r);
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->body.rfind("failed to reload config: ", 0), 0u) << res->body;
  EXPECT_EQ((*server)->config(), before);
  EXPECT_NE(Get(**server, "/metrics")
                .body.find("alertmanager_config_last_reload_successful 0\n"),
            std::string::npos);
  WriteConfig(kMinimalConfig);
  res = client_.Do(r);
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200);
  EXPECT_NE((*server)->config(), before);
}

TEST_F(ServerTest, RoutePrefixFromExternalUrl) {
  WriteConfig(kMinimalConfig);
  flags_.external_url = "http://example.com/am/";
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Get(**server, "/am/-/healthy").status, 200);
  EXPECT_EQ(Get(**server, "/-/healthy").status, 404);
}

TEST(LimitGetConcurrencyTest, GetsBeyondTheLimitGet503) {
  metrics::Registry registry;
  std::function<net::HttpResponse(const api::ApiRequest&)> reenter;
  int inner_status = 0;
  std::vector<api::Endpoint> endpoints = {
      {api::Method::kGet, "/api/v2/alerts",
       [&](const api::ApiRequest& req) {
         // A second GET while this one runs: over a limit of 1.
         if (inner_status == 0) inner_status = reenter(req).status;
         return net::HttpResponse::Text(200, "ok");
       },
       false, ""},
      {api::Method::kPost, "/api/v2/alerts",
       [](const api::ApiRequest&) { return net::HttpResponse::Text(200, ""); },
       true, ""}};
  LimitGetConcurrency(endpoints, 1, registry);
  reenter = endpoints[0].handler;
  net::HttpRequest http = net::HttpRequest::Make("GET", "/api/v2/alerts", "");
  api::ApiRequest req{http, {}};
  net::HttpResponse r = endpoints[0].handler(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(inner_status, 503);
  // The slot is free again afterwards.
  inner_status = -1;
  EXPECT_EQ(endpoints[0].handler(req).status, 200);
  EXPECT_NE(metrics::ExposeText(registry).find(
                "alertmanager_http_concurrency_limit_exceeded_total{method="
                "\"get\"} 1\n"),
            std::string::npos);
}

TEST_F(ServerTest, BadWebConfigFileFailsStart) {
  WriteConfig(kMinimalConfig);
  flags_.web_config_file = (dir_ / "web.yml").string();
  std::ofstream(flags_.web_config_file) << "basic_auth_users:\n  u: nohash\n";
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().message().rfind(flags_.web_config_file + ": ", 0),
            0u)
      << server.status();
  EXPECT_NE(log_.str().find("Unable to load web configuration file"),
            std::string::npos);
}

TEST_F(ServerTest, ClusterPeersAreRefusedClearly) {
  WriteConfig(kMinimalConfig);
  flags_.cluster_peers = {"am-1:9094", "am-2:9094"};
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(server.status().message().rfind(
                "--cluster.peer=am-1:9094,am-2:9094: tocsin has no gossip "
                "cluster",
                0),
            0u)
      << server.status();
}

TEST_F(ServerTest, ServesApiV2AndConfigMetrics) {
  WriteConfig(kMinimalConfig);
  flags_.cluster_listen_address = "";
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status() << log_.str();
  net::HttpClientRequest post;
  post.method = "POST";
  post.url = "http://127.0.0.1:" + std::to_string((*server)->HttpPort()) +
             "/api/v2/alerts";
  post.headers.Set("Content-Type", "application/json");
  post.body = R"([{"labels":{"alertname":"A"}}])";
  auto res = client_.Do(post);
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->status, 200) << res->body;
  net::HttpClientResponse r = Get(**server, "/api/v2/alerts");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"("labels":{"alertname":"A"})"), std::string::npos)
      << r.body;
  r = Get(**server, "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("alertname"), std::string::npos) << r.body;
  r = Get(**server, "/api/v2/status");
  EXPECT_NE(r.body.find(R"("status":"disabled")"), std::string::npos);
  r = Get(**server, "/metrics");
  for (const std::string& want :
       {"\nalertmanager_config_hash " +
            metrics::FormatFloat(ConfigHash(kMinimalConfig)) + "\n",
        std::string("\nalertmanager_cluster_enabled 0\n"),
        std::string("\nalertmanager_alerts{state=\"active\"} 1\n"),
        std::string("\nalertmanager_alerts_received_total{status=\"firing\","
                    "version=\"v2\"} 1\n"),
        std::string("\nalertmanager_build_info{branch=")}) {
    EXPECT_NE(r.body.find(want), std::string::npos) << want << "\n" << r.body;
  }
}

#if TOCSIN_HAVE_BUILTIN_CHANNELS
TEST_F(ServerTest, LoadsTheExampleConfig) {
  flags_.config_file = TOCSIN_EXAMPLE_CONFIG;
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->config()->receivers.size(), 3u);
}
#endif

net::HttpClientResponse Post(net::HttpClient& client, int port,
                             const std::string& path, const std::string& body) {
  net::HttpClientRequest r;
  r.method = "POST";
  r.url = "http://127.0.0.1:" + std::to_string(port) + path;
  r.body = body;
  auto res = client.Do(r);
  EXPECT_TRUE(res.ok()) << res.status();
  return res.ok() ? *res : net::HttpClientResponse{};
}

TEST_F(ServerTest, PushedSamplesAnswerPromQLAndSurviveARestart) {
  WriteConfig(kMinimalConfig);
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(server.ok()) << server.status() << log_.str();
  auto r = Post(client_, (*server)->HttpPort(), "/api/v1/import/prometheus",
                "pushed_total{k=\"v\"} 42\n");
  EXPECT_EQ(r.status, 204) << r.body;
  std::string body = Get(**server, "/api/v1/query?query=pushed_total").body;
  EXPECT_NE(body.find("\"42\"]"), std::string::npos) << body;
  // Durable across a restart (WAL replay).
  (*server)->Stop();
  server->reset();
  auto again = Server::Start(flags_, clock_, logger);
  ASSERT_TRUE(again.ok()) << again.status();
  body = Get(**again, "/api/v1/query?query=pushed_total").body;
  EXPECT_NE(body.find("\"42\"]"), std::string::npos) << body;
}

TEST_F(ServerTest, BadScrapeConfigIsRefusedWithPosition) {
  WriteConfig(std::string(kMinimalConfig) +
              "scrape_configs:\n  - job_name: a\n    scrape_interval: 1s\n"
              "    scrape_timeout: 5s\n");
  Logger logger(log_, clock_, LogLevel::kInfo, LogFormat::kLogfmt);
  auto server = Server::Start(flags_, clock_, logger);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find(
                "am.yml:6: scrape_configs[0]: scrape timeout greater than "
                "scrape interval for scrape config with job name \"a\""),
            std::string::npos)
      << server.status();
}

}  // namespace
}  // namespace tocsin::server
