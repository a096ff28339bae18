#ifndef TOCSIN_NOTIFY_MATTERMOST_CONFIG_H_
#define TOCSIN_NOTIFY_MATTERMOST_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::mattermost {

inline constexpr std::string_view kConfigsKey = "mattermost_configs";

// One `mattermost_configs` entry (upstream notify/mattermost) with the
// global mattermost_webhook_url(_file) fallback. Attachments, props and
// priority are kept as YAML trees for the notifier. Immutable.
struct MattermostConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "mattermost"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  std::optional<config::Url> webhook_url;  // secret
  std::string webhook_url_file;
  std::string channel;
  std::string username = R"({{ template "mattermost.default.username" . }})";
  std::string text = R"({{ template "mattermost.default.text" . }})";
  std::string fallback = R"({{ template "mattermost.default.fallback" . }})";
  std::string color = R"({{ template "mattermost.default.color" . }})";
  std::string pretext;
  std::string author_name;
  std::string author_link;
  std::string author_icon;
  std::string title = R"({{ template "mattermost.default.title" . }})";
  std::string title_link = R"({{ template "mattermost.default.titlelink" . }})";
  YAML::Node fields;
  std::string thumb_url;
  std::string footer;
  std::string footer_icon;
  std::string image_url;
  std::string icon_url;
  std::string icon_emoji;
  YAML::Node attachments;
  std::string type;
  YAML::Node props;
  YAML::Node priority;
};

// Parses one entry, e.g. "missing webhook_url or webhook_url_file on
// mattermost_config". Errors are InvalidArgument in config::NodeError's shape,
// positioned at the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseMattermostConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::mattermost

#endif  // TOCSIN_NOTIFY_MATTERMOST_CONFIG_H_
