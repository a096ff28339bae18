#include "notify/webex/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::webex {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = {}) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseWebexConfig(n, "receivers[0].webex_configs[0]", g, ctx);
}

const WebexConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const WebexConfig&>(c);
}

constexpr char kAuth[] =
    "http_config:\n  authorization:\n    credentials: bottoken\n";

TEST(WebexConfigTest, DefaultsAndGlobalApiUrl) {
  auto r = Parse(std::string("room_id: r1\n") + kAuth);
  ASSERT_TRUE(r.ok()) << r.status();
  const WebexConfig& c = As(**r);
  EXPECT_EQ(c.Kind(), "webex");
  EXPECT_TRUE(c.SendResolved());
  EXPECT_EQ(c.room_id, "r1");
  EXPECT_EQ(c.message, R"({{ template "webex.default.message" . }})");
  ASSERT_TRUE(c.api_url.has_value());
  EXPECT_EQ(c.api_url->text, "https://webexapis.com/v1/messages");
  ASSERT_TRUE(c.http_config.authorization.has_value());
  EXPECT_EQ(c.http_config.authorization->type, "Bearer");
  EXPECT_EQ(c.http_config.authorization->credentials.value(), "bottoken");
}

TEST(WebexConfigTest, OwnApiUrlAndMessage) {
  auto r = Parse(std::string("room_id: r1\napi_url: http://webex.local/m\n"
                             "message: hello\nsend_resolved: false\n") +
                 kAuth);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(As(**r).api_url->text, "http://webex.local/m");
  EXPECT_EQ(As(**r).message, "hello");
  EXPECT_FALSE(As(**r).SendResolved());
}

TEST(WebexConfigTest, Errors) {
  EXPECT_EQ(Parse(kAuth).status().message(),
            "am.yml:1: receivers[0].webex_configs[0]: missing room_id on "
            "webex_config");
  EXPECT_EQ(Parse("room_id: r\n").status().message(),
            "am.yml:1: receivers[0].webex_configs[0]: missing "
            "webex_configs.http_config.authorization");
  EXPECT_EQ(Parse("room_id: r\nhttp_config: {follow_redirects: false}\n")
                .status()
                .message(),
            "am.yml:1: receivers[0].webex_configs[0]: missing "
            "webex_configs.http_config.authorization");
  config::GlobalConfig no_url;
  no_url.webex_api_url.reset();
  EXPECT_EQ(
      Parse(std::string("room_id: r\n") + kAuth, no_url).status().message(),
      "am.yml:1: receivers[0].webex_configs[0]: no global Webex URL set");
  EXPECT_EQ(
      Parse(std::string("room_id: r\nroom: x\n") + kAuth).status().message(),
      "am.yml:2: receivers[0].webex_configs[0]: field room not found in "
      "type config.plain");
}

TEST(WebexConfigTest, ToYaml) {
  auto r = Parse(std::string("room_id: r1\n") + kAuth);
  ASSERT_TRUE(r.ok());
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["room_id"].as<std::string>(), "r1");
  EXPECT_EQ(y["api_url"].as<std::string>(),
            "https://webexapis.com/v1/messages");
  EXPECT_EQ(y["http_config"]["authorization"]["credentials"].as<std::string>(),
            "<secret>");
  EXPECT_EQ(YAML::Dump(y).find("bottoken"), std::string::npos);
  config::ParseContext ctx{"am.yml"};
  EXPECT_TRUE(ParseWebexConfig(y, "x", {}, ctx).ok());
}

}  // namespace
}  // namespace tocsin::notify::webex
