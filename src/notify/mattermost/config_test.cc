#include "notify/mattermost/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::mattermost {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseMattermostConfig(n, "receivers[0].mattermost_configs[0]", g, ctx);
}

TEST(MattermostConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.mattermost_webhook_url_file = "/global";
  auto r = Parse("channel: x", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "mattermost");
  const auto& c = dynamic_cast<const MattermostConfig&>(**r);
  EXPECT_TRUE(c.send_resolved);
  EXPECT_EQ(c.webhook_url_file, "/global");
  EXPECT_FALSE(c.webhook_url.has_value());
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(MattermostConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("channel: x", g).status().message(),
            "am.yml:1: receivers[0].mattermost_configs[0]: missing webhook_url "
            "or webhook_url_file on mattermost_config");
}

TEST(MattermostConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.mattermost_webhook_url_file = "/global";
  EXPECT_EQ(
      Parse("channel: x\nbogus_field: 1\n", g).status().message(),
      "am.yml:2: receivers[0].mattermost_configs[0]: field bogus_field not "
      "found in type config.plain");
}

TEST(MattermostConfigTest, WebhookRulesAndGlobalFallback) {
  config::GlobalConfig g;
  const std::string at = "am.yml:1: receivers[0].mattermost_configs[0]: ";
  EXPECT_EQ(Parse("webhook_url: http://a/\nwebhook_url_file: /f\n", g)
                .status()
                .message(),
            at + "at most one of webhook_url & webhook_url_file must be "
                 "configured");
  EXPECT_EQ(Parse("text: t\n", g).status().message(),
            at + "missing webhook_url or webhook_url_file on "
                 "mattermost_config");
  g.mattermost_webhook_url_file = "/global";
  auto ok = Parse("text: t\n", g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(dynamic_cast<const MattermostConfig&>(**ok).webhook_url_file,
            "/global");
}

}  // namespace
}  // namespace tocsin::notify::mattermost
