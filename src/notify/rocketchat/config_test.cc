#include "notify/rocketchat/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::rocketchat {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseRocketchatConfig(n, "receivers[0].rocketchat_configs[0]", g, ctx);
}

TEST(RocketchatConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.rocketchat_token = config::Secret("t");
  g.rocketchat_token_id = config::Secret("i");
  auto r = Parse("channel: x", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "rocketchat");
  const auto& c = dynamic_cast<const RocketchatConfig&>(**r);
  EXPECT_FALSE(c.send_resolved);
  EXPECT_EQ(c.token->value(), "t");
  EXPECT_EQ(c.token_id->value(), "i");
  EXPECT_EQ(c.api_url->text, "https://open.rocket.chat/");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(RocketchatConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(
      Parse("token_id: a\ntoken: b\ntoken_file: /f", g).status().message(),
      "am.yml:1: receivers[0].rocketchat_configs[0]: at most one of token & "
      "token_file must be configured");
}

TEST(RocketchatConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.rocketchat_token = config::Secret("t");
  g.rocketchat_token_id = config::Secret("i");
  EXPECT_EQ(
      Parse("channel: x\nbogus_field: 1\n", g).status().message(),
      "am.yml:2: receivers[0].rocketchat_configs[0]: field bogus_field not "
      "found in type config.plain");
}

TEST(RocketchatConfigTest, TokenRules) {
  config::GlobalConfig g;
  const std::string at = "am.yml:1: receivers[0].rocketchat_configs[0]: ";
  EXPECT_EQ(
      Parse("token: t\ntoken_file: /f\ntoken_id: i\n", g).status().message(),
      at + "at most one of token & token_file must be configured");
  EXPECT_EQ(
      Parse("token: t\ntoken_id: i\ntoken_id_file: /f\n", g).status().message(),
      at + "at most one of token_id & token_id_file must be configured");
  EXPECT_EQ(Parse("token: t\n", g).status().message(),
            at + "no global Rocketchat TokenID set either inline or in a file");
  EXPECT_EQ(Parse("token_id: i\n", g).status().message(),
            at + "no global Rocketchat Token set either inline or in a file");
  auto ok = Parse("token: t\ntoken_id: i\n", g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(dynamic_cast<const RocketchatConfig&>(**ok).api_url->text,
            "https://open.rocket.chat/");
}

}  // namespace
}  // namespace tocsin::notify::rocketchat
