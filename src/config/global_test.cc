#include "config/global.h"

#include <gtest/gtest.h>

namespace tocsin::config {
namespace {

Result<GlobalConfig> Parse(const std::string& yaml) {
  ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseGlobal(n["global"], ctx);
}

TEST(GlobalConfigTest, Defaults) {
  auto g = Parse("route: {}\n");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->resolve_timeout, std::chrono::minutes(5));
  EXPECT_EQ(g->smtp_hello, "localhost");
  EXPECT_TRUE(g->smtp_require_tls);
  EXPECT_TRUE(g->http_config.follow_redirects);
  EXPECT_TRUE(g->http_config.enable_http2);
  EXPECT_EQ(g->pagerduty_url->text, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(g->opsgenie_api_url->text, "https://api.opsgenie.com/");
  EXPECT_EQ(g->wechat_api_url->text, "https://qyapi.weixin.qq.com/cgi-bin/");
  EXPECT_EQ(g->victorops_api_url->text,
            "https://alert.victorops.com/integrations/generic/20131114/alert/");
  EXPECT_EQ(g->telegram_api_url->text, "https://api.telegram.org");
  EXPECT_EQ(g->webex_api_url->text, "https://webexapis.com/v1/messages");
  EXPECT_EQ(g->rocketchat_api_url->text, "https://open.rocket.chat/");
  EXPECT_EQ(g->slack_app_url->text, "https://slack.com/api/chat.postMessage");
  EXPECT_FALSE(g->slack_api_url.has_value());
}

TEST(GlobalConfigTest, ParsesValues) {
  auto g = Parse(
      "global:\n  resolve_timeout: 1h\n  smtp_hello: host.example.org\n"
      "  smtp_smarthost: 'localhost:25'\n  smtp_require_tls: false\n"
      "  slack_api_url: 'https://hooks.slack.com/x'\n");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->resolve_timeout, std::chrono::hours(1));
  EXPECT_EQ(g->smtp_hello, "host.example.org");
  EXPECT_EQ(g->smtp_smarthost.host, "localhost");
  EXPECT_EQ(g->smtp_smarthost.port, "25");
  EXPECT_FALSE(g->smtp_require_tls);
  EXPECT_EQ(g->slack_api_url->text, "https://hooks.slack.com/x");
}

TEST(GlobalConfigTest, ExplicitNullZeroesDefaults) {
  auto g = Parse(
      "global:\n  resolve_timeout:\n  smtp_hello: ~\n"
      "  smtp_require_tls: null\n  pagerduty_url:\n  webex_api_url: ~\n");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->resolve_timeout.count(), 0);
  EXPECT_EQ(g->smtp_hello, "");
  EXPECT_FALSE(g->smtp_require_tls);
  EXPECT_FALSE(g->pagerduty_url.has_value());
  EXPECT_FALSE(g->webex_api_url.has_value());
  // Untouched defaults stay.
  EXPECT_EQ(g->opsgenie_api_url->text, "https://api.opsgenie.com/");
}

TEST(GlobalConfigTest, FileAndInlineExclusive) {
  EXPECT_EQ(Parse("global:\n  smtp_auth_password: a\n"
                  "  smtp_auth_password_file: /f\n")
                .status()
                .message(),
            "am.yml:2: global: at most one of smtp_auth_password & "
            "smtp_auth_password_file must be configured");
  EXPECT_EQ(Parse("global:\n  opsgenie_api_key: a\n"
                  "  opsgenie_api_key_file: /f\n")
                .status()
                .message(),
            "am.yml:2: global: at most one of opsgenie_api_key & "
            "opsgenie_api_key_file must be configured");
}

TEST(GlobalConfigTest, SlackTokenAndUrl) {
  EXPECT_EQ(Parse("global:\n  slack_app_token: t\n"
                  "  slack_api_url: 'https://hooks.slack.com/x'\n")
                .status()
                .message(),
            "am.yml:2: global: at most one of slack_app_token/"
            "slack_app_token_file & slack_api_url/slack_api_url_file must be "
            "configured");
  EXPECT_TRUE(Parse("global:\n  slack_app_token: t\n"
                    "  slack_api_url: 'https://slack.com/api/chat.postMessage'"
                    "\n")
                  .ok());
}

TEST(GlobalConfigTest, UnknownFieldAndBadValues) {
  EXPECT_EQ(Parse("global:\n  smtp_helo: x\n").status().message(),
            "am.yml:2: global: field smtp_helo not found in type config.plain");
  EXPECT_EQ(Parse("global:\n  pagerduty_url: 'ftp://x'\n").status().message(),
            "am.yml:2: global.pagerduty_url: unsupported scheme \"ftp\" for "
            "URL");
  EXPECT_EQ(Parse("global:\n  smtp_smarthost: localhost\n").status().message(),
            "am.yml:2: global.smtp_smarthost: address localhost: missing port "
            "in address");
}

TEST(GlobalConfigTest, ToYamlHidesSecrets) {
  auto g = Parse(
      "global:\n  smtp_auth_password: mysecret\n"
      "  slack_api_url: 'https://hooks.slack.com/mysecret'\n");
  ASSERT_TRUE(g.ok());
  YAML::Node y = GlobalToYaml(*g);
  EXPECT_EQ(y["smtp_auth_password"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["slack_api_url"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["resolve_timeout"].as<std::string>(), "5m");
  YAML::Node wrapped;
  wrapped["global"] = y;
  ParseContext ctx{"again.yml"};
  EXPECT_TRUE(ParseGlobal(YAML::Load(YAML::Dump(wrapped))["global"], ctx).ok());
}

TEST(HostPortTest, SplitsLikeGo) {
  EXPECT_EQ(ParseHostPort("[::1]:25")->host, "::1");
  EXPECT_EQ(ParseHostPort("[::1]:25")->ToString(), "[::1]:25");
  EXPECT_EQ(ParseHostPort("a:").status().message(),
            "address \"a:\": port cannot be empty");
  EXPECT_EQ(ParseHostPort("a:b:c").status().message(),
            "address a:b:c: too many colons in address");
}

}  // namespace
}  // namespace tocsin::config
