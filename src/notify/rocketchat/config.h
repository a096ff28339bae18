#ifndef TOCSIN_NOTIFY_ROCKETCHAT_CONFIG_H_
#define TOCSIN_NOTIFY_ROCKETCHAT_CONFIG_H_

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

namespace tocsin::notify::rocketchat {

inline constexpr std::string_view kConfigsKey = "rocketchat_configs";

// One `rocketchat_configs` entry (upstream config.RocketchatConfig) with the
// global rocketchat_api_url / token / token_id fallbacks. Fields and actions
// are kept as YAML trees for the notifier. Immutable.
struct RocketchatConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "rocketchat"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = false;
  config::HttpClientConfig http_config;
  std::optional<config::Url> api_url;
  std::optional<config::Secret> token_id;
  std::string token_id_file;
  std::optional<config::Secret> token;
  std::string token_file;
  std::string channel;
  std::string color =
      R"({{ if eq .Status "firing" }}red{{ else }}green{{ end }})";
  std::string title = R"({{ template "rocketchat.default.title" . }})";
  std::string title_link = R"({{ template "rocketchat.default.titlelink" . }})";
  std::string text = R"({{ template "rocketchat.default.text" . }})";
  YAML::Node fields;
  bool short_fields = false;
  std::string emoji = R"({{ template "rocketchat.default.emoji" . }})";
  std::string icon_url = R"({{ template "rocketchat.default.iconurl" . }})";
  std::string image_url;
  std::string thumb_url;
  bool link_names = false;
  YAML::Node actions;
};

// Parses one entry, e.g. "no global Rocketchat Token set either inline or in a
// file". Errors are InvalidArgument in config::NodeError's shape, positioned at
// the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseRocketchatConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::rocketchat

#endif  // TOCSIN_NOTIFY_ROCKETCHAT_CONFIG_H_
