#include "notify/msteamsv2/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::msteamsv2 {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = {}) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseMSTeamsV2Config(n, "receivers[0].msteamsv2_configs[0]", g, ctx);
}

const MSTeamsV2Config& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const MSTeamsV2Config&>(c);
}

TEST(MSTeamsV2ConfigTest, Defaults) {
  auto r = Parse("webhook_url: https://outlook.office.com/webhook/abc\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const MSTeamsV2Config& c = As(**r);
  EXPECT_EQ(c.Kind(), "msteamsv2");
  EXPECT_TRUE(c.SendResolved());
  ASSERT_TRUE(c.webhook_url.has_value());
  EXPECT_EQ(c.webhook_url->text, "https://outlook.office.com/webhook/abc");
  EXPECT_EQ(c.webhook_url_file, "");
  EXPECT_EQ(c.title, R"({{ template "msteamsv2.default.title" . }})");
  EXPECT_EQ(c.text, R"({{ template "msteamsv2.default.text" . }})");
  EXPECT_TRUE(c.http_config.follow_redirects);
}

TEST(MSTeamsV2ConfigTest, OwnValuesAndFile) {
  auto r = Parse(
      "webhook_url_file: /etc/teams\ntitle: T\ntext: X\n"
      "send_resolved: false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const MSTeamsV2Config& c = As(**r);
  EXPECT_FALSE(c.webhook_url.has_value());
  EXPECT_EQ(c.webhook_url_file, "/etc/teams");
  EXPECT_EQ(c.title, "T");
  EXPECT_EQ(c.text, "X");
  EXPECT_FALSE(c.SendResolved());
}

TEST(MSTeamsV2ConfigTest, GlobalHttpConfigFallback) {
  config::GlobalConfig g;
  g.http_config.follow_redirects = false;
  auto r = Parse("webhook_url: http://a/\n", g);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(As(**r).http_config.follow_redirects);
  auto own = Parse("webhook_url: http://a/\nhttp_config: {}\n", g);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(As(**own).http_config.follow_redirects);
}

TEST(MSTeamsV2ConfigTest, UrlAndFileRules) {
  EXPECT_EQ(
      Parse("title: x\n").status().message(),
      "am.yml:1: receivers[0].msteamsv2_configs[0]: one of webhook_url or "
      "webhook_url_file must be configured");
  EXPECT_EQ(Parse("webhook_url: http://a/\nwebhook_url_file: /f\n")
                .status()
                .message(),
            "am.yml:1: receivers[0].msteamsv2_configs[0]: at most one of "
            "webhook_url & webhook_url_file must be configured");
  EXPECT_EQ(Parse("webhook_url: ftp://a/\n").status().message(),
            "am.yml:1: receivers[0].msteamsv2_configs[0].webhook_url: "
            "unsupported scheme \"ftp\" for URL");
}

TEST(MSTeamsV2ConfigTest, UnknownFieldRefused) {
  EXPECT_EQ(
      Parse("webhook_url: http://a/\nsummary: s\n").status().message(),
      "am.yml:2: receivers[0].msteamsv2_configs[0]: field summary not found "
      "in type config.plain");
}

TEST(MSTeamsV2ConfigTest, ToYamlHidesUrlAndReloads) {
  auto r = Parse("webhook_url: http://user:mysecret@example.com/x\n");
  ASSERT_TRUE(r.ok());
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["webhook_url"].as<std::string>(), "<secret>");
  EXPECT_FALSE(y["webhook_url_file"].IsDefined());
  EXPECT_EQ(y["send_resolved"].as<bool>(), true);
  EXPECT_EQ(y["text"].as<std::string>(),
            R"({{ template "msteamsv2.default.text" . }})");
  EXPECT_FALSE(y["summary"].IsDefined());
  EXPECT_EQ(YAML::Dump(y).find("mysecret"), std::string::npos);
  config::ParseContext ctx{"am.yml"};
  auto again = ParseMSTeamsV2Config(y, "x", {}, ctx);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(As(**again).webhook_url->text, "");
}

}  // namespace
}  // namespace tocsin::notify::msteamsv2
