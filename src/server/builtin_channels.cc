#include "server/builtin_channels.h"

#include <cstdlib>
#include <iostream>

#include "notify/discord/config.h"
#include "notify/email/config.h"
#include "notify/incidentio/config.h"
#include "notify/jira/config.h"
#include "notify/mattermost/config.h"
#include "notify/msteams/config.h"
#include "notify/msteamsv2/config.h"
#include "notify/opsgenie/config.h"
#include "notify/pagerduty/config.h"
#include "notify/pushover/config.h"
#include "notify/rocketchat/config.h"
#include "notify/slack/config.h"
#include "notify/sns/config.h"
#include "notify/telegram/config.h"
#include "notify/victorops/config.h"
#include "notify/webex/config.h"
#include "notify/webhook/config.h"
#include "notify/wechat/config.h"

namespace tocsin::server {
namespace {

void MustRegister(config::IntegrationRegistry& registry, std::string_view key,
                  config::IntegrationParser parser) {
  Status st = registry.Register(std::string(key), std::move(parser));
  if (!st.ok()) {
    std::cerr << "RegisterBuiltinChannels: " << st << "\n";
    std::abort();
  }
}

}  // namespace

void RegisterBuiltinChannels(config::IntegrationRegistry& registry) {
  // Upstream config.Receiver field order (all 18 Alertmanager keys).
  MustRegister(registry, notify::discord::kConfigsKey,
               notify::discord::ParseDiscordConfig);
  MustRegister(registry, notify::email::kConfigsKey,
               notify::email::ParseEmailConfig);
  MustRegister(registry, notify::incidentio::kConfigsKey,
               notify::incidentio::ParseIncidentioConfig);
  MustRegister(registry, notify::pagerduty::kConfigsKey,
               notify::pagerduty::ParsePagerdutyConfig);
  MustRegister(registry, notify::slack::kConfigsKey,
               notify::slack::ParseSlackConfig);
  MustRegister(registry, notify::webhook::kConfigsKey,
               notify::webhook::ParseWebhookConfig);
  MustRegister(registry, notify::opsgenie::kConfigsKey,
               notify::opsgenie::ParseOpsGenieConfig);
  MustRegister(registry, notify::wechat::kConfigsKey,
               notify::wechat::ParseWechatConfig);
  MustRegister(registry, notify::pushover::kConfigsKey,
               notify::pushover::ParsePushoverConfig);
  MustRegister(registry, notify::victorops::kConfigsKey,
               notify::victorops::ParseVictorOpsConfig);
  MustRegister(registry, notify::sns::kConfigsKey, notify::sns::ParseSnsConfig);
  MustRegister(registry, notify::telegram::kConfigsKey,
               notify::telegram::ParseTelegramConfig);
  MustRegister(registry, notify::webex::kConfigsKey,
               notify::webex::ParseWebexConfig);
  MustRegister(registry, notify::msteams::kConfigsKey,
               notify::msteams::ParseMSTeamsConfig);
  MustRegister(registry, notify::msteamsv2::kConfigsKey,
               notify::msteamsv2::ParseMSTeamsV2Config);
  MustRegister(registry, notify::jira::kConfigsKey,
               notify::jira::ParseJiraConfig);
  MustRegister(registry, notify::rocketchat::kConfigsKey,
               notify::rocketchat::ParseRocketchatConfig);
  MustRegister(registry, notify::mattermost::kConfigsKey,
               notify::mattermost::ParseMattermostConfig);
}

}  // namespace tocsin::server
