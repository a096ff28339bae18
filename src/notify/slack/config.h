#ifndef TOCSIN_NOTIFY_SLACK_CONFIG_H_
#define TOCSIN_NOTIFY_SLACK_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::slack {

inline constexpr std::string_view kConfigsKey = "slack_configs";
inline constexpr std::string_view kPostMessageUrl =
    "https://slack.com/api/chat.postMessage";

struct SlackField {
  std::string title;
  std::string value;
  std::optional<bool> is_short;  // YAML key "short"
};

struct SlackConfirmationField {
  std::string text;
  std::string title;
  std::string ok_text;
  std::string dismiss_text;
};

struct SlackAction {
  std::string type;
  std::string text;
  std::string url;
  std::string style;
  std::string name;
  std::string value;
  std::optional<SlackConfirmationField> confirm;
};

// One `slack_configs` entry (upstream notify/slack.Config) with the global
// fallbacks of Config.UnmarshalYAML applied: app_url, app_token (only when
// the entry has no api_url and no http_config.authorization), api_url(_file);
// with an app token, http_config.authorization becomes Bearer <token> and
// api_url becomes app_url. Immutable.
struct SlackConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "slack"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = false;
  config::HttpClientConfig http_config;
  std::optional<config::Url> api_url;  // secret
  std::string api_url_file;
  config::Secret app_token;
  std::string app_token_file;
  std::optional<config::Url> app_url;
  std::string channel;
  std::string username = R"({{ template "slack.default.username" . }})";
  std::string color = R"({{ template "slack.default.color" . }})";
  std::string title = R"({{ template "slack.default.title" . }})";
  std::string title_link = R"({{ template "slack.default.titlelink" . }})";
  std::string pretext = R"({{ template "slack.default.pretext" . }})";
  std::string text = R"({{ template "slack.default.text" . }})";
  std::string message_text;
  std::vector<SlackField> fields;
  bool short_fields = false;
  std::string footer = R"({{ template "slack.default.footer" . }})";
  std::string fallback = R"({{ template "slack.default.fallback" . }})";
  std::string callback_id = R"({{ template "slack.default.callbackid" . }})";
  std::string icon_emoji = R"({{ template "slack.default.iconemoji" . }})";
  std::string icon_url = R"({{ template "slack.default.iconurl" . }})";
  std::string image_url;
  std::string thumb_url;
  bool link_names = false;
  std::vector<std::string> mrkdwn_in;
  std::vector<SlackAction> actions;
  bool update_message = false;
  std::chrono::nanoseconds timeout{0};
};

// Parses one entry. Errors (exact upstream text) include "at most one of
// api_url & api_url_file must be configured", "no Slack API URL nor App
// token set either inline or in a file", "update_message can only be used
// with bot tokens. api_url must be set to
// https://slack.com/api/chat.postMessage", "http authorization can't be set
// when using Slack App tokens".
Result<std::shared_ptr<const config::IntegrationConfig>> ParseSlackConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::slack

#endif  // TOCSIN_NOTIFY_SLACK_CONFIG_H_
