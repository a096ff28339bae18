#include "notify/webhook/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::webhook {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = {}) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseWebhookConfig(n, "receivers[0].webhook_configs[0]", g, ctx);
}

const WebhookConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const WebhookConfig&>(c);
}

TEST(WebhookConfigTest, Defaults) {
  auto r = Parse("url: http://example.com/hook\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const WebhookConfig& c = As(**r);
  EXPECT_EQ(c.Kind(), "webhook");
  EXPECT_TRUE(c.SendResolved());
  EXPECT_EQ(c.url.value(), "http://example.com/hook");
  EXPECT_EQ(c.max_alerts, 0u);
  EXPECT_EQ(c.timeout.count(), 0);
  EXPECT_TRUE(c.http_config.follow_redirects);
}

TEST(WebhookConfigTest, GlobalHttpConfigFallback) {
  config::GlobalConfig g;
  g.http_config.follow_redirects = false;
  auto r = Parse("url: http://example.com/\n", g);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(As(**r).http_config.follow_redirects);
  auto own = Parse("url: http://example.com/\nhttp_config: {}\n", g);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(As(**own).http_config.follow_redirects);
}

TEST(WebhookConfigTest, UrlAndFileExclusive) {
  EXPECT_EQ(Parse("url: http://a/\nurl_file: /f\n").status().message(),
            "am.yml:1: receivers[0].webhook_configs[0]: at most one of url & "
            "url_file must be configured");
  EXPECT_EQ(Parse("max_alerts: 3\n").status().message(),
            "am.yml:1: receivers[0].webhook_configs[0]: one of url or "
            "url_file must be configured");
}

TEST(WebhookConfigTest, TemplatedUrlAndTimeout) {
  auto r = Parse(
      "url: 'http://{{ .GroupLabels.x }}/'\ntimeout: 1m30s\n"
      "max_alerts: 5\nsend_resolved: false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(As(**r).timeout.count(), 90'000'000'000);
  EXPECT_EQ(As(**r).max_alerts, 5u);
  EXPECT_FALSE(As(**r).send_resolved);
  EXPECT_EQ(Parse("url: 'ftp://x/'\n").status().message(),
            "am.yml:1: receivers[0].webhook_configs[0].url: invalid URL: "
            "unsupported scheme \"ftp\" for URL");
}

TEST(WebhookConfigTest, ToYamlHidesUrl) {
  auto r = Parse("url: http://user:mysecret@example.com/\n");
  ASSERT_TRUE(r.ok());
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["url"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["send_resolved"].as<bool>(), true);
  EXPECT_EQ(y["timeout"].as<std::string>(), "0s");
}

TEST(WebhookConfigTest, UnknownFieldRefused) {
  EXPECT_EQ(Parse("url: http://a/\nurls: x\n").status().message(),
            "am.yml:2: receivers[0].webhook_configs[0]: field urls not found "
            "in type config.plain");
}

}  // namespace
}  // namespace tocsin::notify::webhook
