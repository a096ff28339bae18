#include "notify/slack/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::slack {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseSlackConfig(n, "receivers[0].slack_configs[0]", g, ctx);
}

TEST(SlackConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.slack_app_token = config::Secret("xoxb-1");
  auto r = Parse("channel: x", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "slack");
  const auto& c = dynamic_cast<const SlackConfig&>(**r);
  EXPECT_FALSE(c.send_resolved);
  EXPECT_EQ(c.http_config.authorization->type, "Bearer");
  EXPECT_EQ(c.http_config.authorization->credentials.value(), "xoxb-1");
  EXPECT_EQ(c.api_url->text, "https://slack.com/api/chat.postMessage");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(SlackConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(
      Parse("api_url: 'https://hooks.slack.com/x'\nupdate_message: true", g)
          .status()
          .message(),
      "am.yml:1: receivers[0].slack_configs[0]: update_message can only be "
      "used with bot tokens. api_url must be set to "
      "https://slack.com/api/chat.postMessage");
}

TEST(SlackConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.slack_app_token = config::Secret("xoxb-1");
  EXPECT_EQ(Parse("channel: x\nbogus_field: 1\n", g).status().message(),
            "am.yml:2: receivers[0].slack_configs[0]: field bogus_field not "
            "found in type config.plain");
}

TEST(SlackConfigTest, FieldActionAndTokenRules) {
  config::GlobalConfig g;
  g.slack_api_url = config::Url{"https://hooks.slack.com/x", "https",
                                "hooks.slack.com", "/x"};
  EXPECT_EQ(Parse("fields:\n- title: t\n", g).status().message(),
            "am.yml:2: receivers[0].slack_configs[0].fields[0]: missing value "
            "in Slack field configuration");
  EXPECT_EQ(
      Parse("actions:\n- type: button\n  text: t\n", g).status().message(),
      "am.yml:2: receivers[0].slack_configs[0].actions[0]: missing name "
      "or url in Slack action configuration");
  EXPECT_EQ(Parse("api_url: http://a/\napp_token: x\n", g).status().message(),
            "am.yml:1: receivers[0].slack_configs[0]: at most one of "
            "api_url/api_url_file & app_token/app_token_file must be "
            "configured");
  EXPECT_EQ(Parse("app_token: x\nhttp_config:\n  authorization:\n"
                  "    credentials: c\n",
                  config::GlobalConfig{})
                .status()
                .message(),
            "am.yml:1: receivers[0].slack_configs[0]: http authorization "
            "can't be set when using Slack App tokens");
  EXPECT_EQ(Parse("channel: x\n", config::GlobalConfig{}).status().message(),
            "am.yml:1: receivers[0].slack_configs[0]: no Slack API URL nor App "
            "token set either inline or in a file");
  auto tok = Parse("app_token: xoxb-1\n", config::GlobalConfig{});
  ASSERT_TRUE(tok.ok()) << tok.status();
  const auto& c = dynamic_cast<const SlackConfig&>(**tok);
  EXPECT_EQ(c.api_url->text, "https://slack.com/api/chat.postMessage");
  ASSERT_TRUE(c.http_config.authorization.has_value());
  EXPECT_EQ(c.http_config.authorization->type, "Bearer");
  EXPECT_EQ(c.http_config.authorization->credentials.value(), "xoxb-1");
}

}  // namespace
}  // namespace tocsin::notify::slack
