#include "server/builtin_channels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"

namespace tocsin::server {
namespace {

// One receiver with one entry of each of Alertmanager's 18 channel keys.
constexpr char kAllChannels[] = R"(
global:
  jira_api_url: https://jira.example.com/rest/api/2
  slack_api_url: https://hooks.slack.com/services/x
  opsgenie_api_key: ogkey
  victorops_api_key: vokey
  wechat_api_secret: wcsecret
  wechat_api_corp_id: corp
  telegram_bot_token: tgtoken
  rocketchat_token: rctoken
  rocketchat_token_id: rcid
route:
  receiver: all
receivers:
- name: all
  discord_configs: [{webhook_url: 'https://discord.example/hook'}]
  email_configs: [{to: a@example.org, from: b@example.org, smarthost: 'mx:25'}]
  incidentio_configs: [{url: 'https://incident.example/x', alert_source_token: t}]
  pagerduty_configs: [{routing_key: rk}]
  slack_configs: [{channel: '#c'}]
  webhook_configs: [{url: 'http://hook.example/'}]
  opsgenie_configs: [{}]
  wechat_configs: [{}]
  pushover_configs: [{user_key: u, token: t}]
  victorops_configs: [{routing_key: rk}]
  sns_configs: [{topic_arn: 'arn:aws:sns:us-east-1:1:t'}]
  telegram_configs: [{chat_id: 42}]
  webex_configs: [{room_id: r, http_config: {authorization: {credentials: c}}}]
  msteams_configs: [{webhook_url: 'https://teams.example/a'}]
  msteamsv2_configs: [{webhook_url: 'https://teams.example/b'}]
  jira_configs: [{project: OPS, issue_type: Bug}]
  rocketchat_configs: [{}]
  mattermost_configs: [{webhook_url: 'https://mm.example/hooks/x'}]
)";

TEST(BuiltinChannelsTest, RegistersAllAlertmanagerKeysInReceiverOrder) {
  config::IntegrationRegistry registry;
  RegisterBuiltinChannels(registry);
  std::vector<std::string> keys;
  for (const auto& e : registry.entries()) {
    keys.push_back(e.key);
    EXPECT_FALSE(e.tocsin_only) << e.key;
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "discord_configs", "email_configs", "incidentio_configs",
                "pagerduty_configs", "slack_configs", "webhook_configs",
                "opsgenie_configs", "wechat_configs", "pushover_configs",
                "victorops_configs", "sns_configs", "telegram_configs",
                "webex_configs", "msteams_configs", "msteamsv2_configs",
                "jira_configs", "rocketchat_configs", "mattermost_configs"}));
}

TEST(BuiltinChannelsTest, LoadsOneEntryOfEveryChannel) {
  config::IntegrationRegistry registry;
  RegisterBuiltinChannels(registry);
  auto cfg = config::Load(kAllChannels, registry, {}, "am.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  const config::Receiver* r = (*cfg)->FindReceiver("all");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->NumIntegrations(), 18u);
  for (const auto& e : registry.entries()) {
    const auto& list = r->Configs(e.key);
    ASSERT_EQ(list.size(), 1u) << e.key;
    std::string kind = e.key.substr(0, e.key.size() - 8);  // "_configs"
    EXPECT_EQ(list[0]->Kind(), kind);
  }
  // Printed with secrets hidden, and the printed text loads again.
  std::string printed = config::ToYamlString(**cfg);
  for (const char* secret :
       {"ogkey", "vokey", "wcsecret", "tgtoken", "rctoken", "rcid"}) {
    EXPECT_EQ(printed.find(secret), std::string::npos) << secret;
  }
  auto again = config::Load(printed, registry, {}, "printed.yml");
  EXPECT_TRUE(again.ok()) << again.status() << "\n" << printed;
}

TEST(BuiltinChannelsTest, EntryErrorsCarryTheEntryPath) {
  config::IntegrationRegistry registry;
  RegisterBuiltinChannels(registry);
  auto cfg = config::Load(
      "route: {receiver: r}\n"
      "receivers:\n"
      "- name: r\n"
      "  webex_configs:\n"
      "  - room_id: x\n",
      registry, {}, "am.yml");
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().message(),
            "am.yml:5: receivers[0].webex_configs[0]: missing "
            "webex_configs.http_config.authorization");
}

}  // namespace
}  // namespace tocsin::server
