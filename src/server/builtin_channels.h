#ifndef TOCSIN_SERVER_BUILTIN_CHANNELS_H_
#define TOCSIN_SERVER_BUILTIN_CHANNELS_H_

#include "config/integration.h"

namespace tocsin::server {

// Registers the parser of every built-in channel under its receiver key
// ("email_configs", "slack_configs", "pagerduty_configs", "opsgenie_configs",
// "msteams_configs", "msteamsv2_configs", "telegram_configs",
// "discord_configs", "mattermost_configs", "webex_configs",
// "pushover_configs", "sns_configs", "rocketchat_configs", "wechat_configs",
// "victorops_configs", "jira_configs", "incidentio_configs",
// "webhook_configs"). Call once on an empty registry; registering into a
// registry that already holds one of these keys is a bug and aborts.
void RegisterBuiltinChannels(config::IntegrationRegistry& registry);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_BUILTIN_CHANNELS_H_
