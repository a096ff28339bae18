#include "notify/discord/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::discord {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = {}) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseDiscordConfig(n, "receivers[0].discord_configs[0]", g, ctx);
}

const DiscordConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const DiscordConfig&>(c);
}

TEST(DiscordConfigTest, Defaults) {
  auto r = Parse("webhook_url: https://discord.com/api/webhooks/1/abc\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const DiscordConfig& c = As(**r);
  EXPECT_EQ(c.Kind(), "discord");
  EXPECT_TRUE(c.SendResolved());
  ASSERT_TRUE(c.webhook_url.has_value());
  EXPECT_EQ(c.webhook_url->text, "https://discord.com/api/webhooks/1/abc");
  EXPECT_EQ(c.title, R"({{ template "discord.default.title" . }})");
  EXPECT_EQ(c.message, R"({{ template "discord.default.message" . }})");
  EXPECT_EQ(c.content, "");
  EXPECT_EQ(c.username, "");
  EXPECT_EQ(c.avatar_url, "");
  EXPECT_TRUE(c.http_config.follow_redirects);
}

TEST(DiscordConfigTest, AllFields) {
  auto r = Parse(
      "webhook_url_file: /run/discord\ncontent: hi\ntitle: T\nmessage: M\n"
      "username: bot\navatar_url: https://x/a.png\nsend_resolved: false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const DiscordConfig& c = As(**r);
  EXPECT_FALSE(c.webhook_url.has_value());
  EXPECT_EQ(c.webhook_url_file, "/run/discord");
  EXPECT_EQ(c.content, "hi");
  EXPECT_EQ(c.title, "T");
  EXPECT_EQ(c.message, "M");
  EXPECT_EQ(c.username, "bot");
  EXPECT_EQ(c.avatar_url, "https://x/a.png");
  EXPECT_FALSE(c.SendResolved());
}

TEST(DiscordConfigTest, GlobalHttpConfigFallback) {
  config::GlobalConfig g;
  g.http_config.follow_redirects = false;
  auto r = Parse("webhook_url: http://a/\n", g);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(As(**r).http_config.follow_redirects);
}

TEST(DiscordConfigTest, UrlAndFileRules) {
  EXPECT_EQ(Parse("title: x\n").status().message(),
            "am.yml:1: receivers[0].discord_configs[0]: one of webhook_url or "
            "webhook_url_file must be configured");
  EXPECT_EQ(Parse("webhook_url: http://a/\nwebhook_url_file: /f\n")
                .status()
                .message(),
            "am.yml:1: receivers[0].discord_configs[0]: at most one of "
            "webhook_url & webhook_url_file must be configured");
}

TEST(DiscordConfigTest, UnknownFieldAndWrongType) {
  EXPECT_EQ(Parse("webhook_url: http://a/\nembed: x\n").status().message(),
            "am.yml:2: receivers[0].discord_configs[0]: field embed not found "
            "in type config.plain");
  EXPECT_EQ(Parse("webhook_url: http://a/\ntitle: [a]\n").status().message(),
            "am.yml:2: receivers[0].discord_configs[0].title: cannot "
            "unmarshal !!seq into string");
}

TEST(DiscordConfigTest, ToYaml) {
  auto r = Parse("webhook_url: http://h/mysecret\nusername: bot\n");
  ASSERT_TRUE(r.ok());
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["webhook_url"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["username"].as<std::string>(), "bot");
  EXPECT_FALSE(y["content"].IsDefined());
  EXPECT_FALSE(y["avatar_url"].IsDefined());
  EXPECT_EQ(y["title"].as<std::string>(),
            R"({{ template "discord.default.title" . }})");
  EXPECT_EQ(YAML::Dump(y).find("mysecret"), std::string::npos);
  config::ParseContext ctx{"am.yml"};
  EXPECT_TRUE(ParseDiscordConfig(y, "x", {}, ctx).ok());
}

}  // namespace
}  // namespace tocsin::notify::discord
