#ifndef TOCSIN_CONFIG_GLOBAL_H_
#define TOCSIN_CONFIG_GLOBAL_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "base/duration.h"
#include "base/result.h"
#include "config/http_config.h"
#include "config/parse_context.h"
#include "config/secret.h"

namespace tocsin::config {

// A "host:port" address (smtp_smarthost, email smarthost), as Go's
// net.SplitHostPort splits it. Empty when unset.
struct HostPort {
  std::string host;
  std::string port;
  bool empty() const { return host.empty() && port.empty(); }
  // "" when empty, else net.JoinHostPort(host, port) ("[::1]:25" for IPv6).
  std::string ToString() const;
};

// Parses "host:port"; "" gives an empty HostPort. Errors (bare message, as
// Go): `address <s>: missing port in address`, `address "<s>": port cannot be
// empty`, `address <s>: too many colons in address`, ...
Result<HostPort> ParseHostPort(std::string_view s);

// Alertmanager's `global:` section (upstream config.GlobalConfig). Each
// field's default is the one DefaultGlobalConfig() sets; a default-
// constructed GlobalConfig equals the defaults. Immutable once parsed.
struct GlobalConfig {
  // Time after which an alert without updates is declared resolved.
  Duration resolve_timeout = std::chrono::minutes(5);
  // Default HTTP client of every integration without its own http_config.
  HttpClientConfig http_config;

  std::optional<Url> jira_api_url;

  std::string smtp_from;
  std::string smtp_hello = "localhost";
  HostPort smtp_smarthost;
  std::string smtp_auth_username;
  Secret smtp_auth_password;
  std::string smtp_auth_password_file;
  Secret smtp_auth_secret;
  std::string smtp_auth_secret_file;
  std::string smtp_auth_identity;
  bool smtp_require_tls = true;
  TlsConfig smtp_tls_config;
  std::optional<bool> smtp_force_implicit_tls;

  // Secret URL (printed "<secret>"); "<secret>" as input gives an empty Url.
  std::optional<Url> slack_api_url;
  std::string slack_api_url_file;
  Secret slack_app_token;
  std::string slack_app_token_file;
  std::optional<Url> slack_app_url =
      Url{"https://slack.com/api/chat.postMessage", "https", "slack.com",
          "/api/chat.postMessage"};

  std::optional<Url> pagerduty_url =
      Url{"https://events.pagerduty.com/v2/enqueue", "https",
          "events.pagerduty.com", "/v2/enqueue"};

  std::optional<Url> opsgenie_api_url =
      Url{"https://api.opsgenie.com/", "https", "api.opsgenie.com", "/"};
  Secret opsgenie_api_key;
  std::string opsgenie_api_key_file;

  std::optional<Url> wechat_api_url =
      Url{"https://qyapi.weixin.qq.com/cgi-bin/", "https",
          "qyapi.weixin.qq.com", "/cgi-bin/"};
  Secret wechat_api_secret;
  std::string wechat_api_secret_file;
  std::string wechat_api_corp_id;

  std::optional<Url> victorops_api_url = Url{
      "https://alert.victorops.com/integrations/generic/20131114/alert/",
      "https", "alert.victorops.com", "/integrations/generic/20131114/alert/"};
  Secret victorops_api_key;
  std::string victorops_api_key_file;

  std::optional<Url> telegram_api_url =
      Url{"https://api.telegram.org", "https", "api.telegram.org", ""};
  Secret telegram_bot_token;
  std::string telegram_bot_token_file;

  std::optional<Url> webex_api_url =
      Url{"https://webexapis.com/v1/messages", "https", "webexapis.com",
          "/v1/messages"};

  std::optional<Url> rocketchat_api_url =
      Url{"https://open.rocket.chat/", "https", "open.rocket.chat", "/"};
  // Pointers upstream: "set to empty" differs from "absent".
  std::optional<Secret> rocketchat_token;
  std::string rocketchat_token_file;
  std::optional<Secret> rocketchat_token_id;
  std::string rocketchat_token_id_file;

  // Secret URL (printed "<secret>").
  std::optional<Url> mattermost_webhook_url;
  std::string mattermost_webhook_url_file;
};

// Parses the `global:` node. An undefined or null node gives all defaults.
// Unknown keys are refused ("field <k> not found in type config.plain"). Runs
// every global-level check Alertmanager's Config.UnmarshalYAML makes, with
// its exact messages, e.g.
//   "at most one of smtp_auth_password & smtp_auth_password_file must be
//    configured",
//   "at most one of slack_app_token/slack_app_token_file &
//    slack_api_url/slack_api_url_file must be configured".
// Errors are InvalidArgument in NodeError's shape with field path "global"
// (or "global.<key>" for a bad value).
Result<GlobalConfig> ParseGlobal(const YAML::Node& node,
                                 const ParseContext& ctx);

// The section as Alertmanager prints it: secrets as "<secret>", omitempty
// fields left out. ParseGlobal(GlobalToYaml(g)) succeeds.
YAML::Node GlobalToYaml(const GlobalConfig& g);

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_GLOBAL_H_
