#ifndef TOCSIN_NOTIFY_PUSHOVER_CONFIG_H_
#define TOCSIN_NOTIFY_PUSHOVER_CONFIG_H_

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

namespace tocsin::notify::pushover {

inline constexpr std::string_view kConfigsKey = "pushover_configs";

// One `pushover_configs` entry (upstream notify/pushover.PushoverConfig).
struct PushoverConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "pushover"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  config::Secret user_key;
  std::string user_key_file;
  config::Secret token;
  std::string token_file;
  std::string title = R"({{ template "pushover.default.title" . }})";
  std::string message = R"({{ template "pushover.default.message" . }})";
  std::string url = R"({{ template "pushover.default.url" . }})";
  std::string url_title;
  std::string device;
  std::string sound;
  std::string priority = R"({{ if eq .Status "firing" }}2{{ else }}0{{ end }})";
  std::chrono::nanoseconds retry = std::chrono::minutes(1);
  std::chrono::nanoseconds expire = std::chrono::hours(1);
  std::chrono::nanoseconds ttl{0};
  bool html = false;
  bool monospace = false;
};

// Parses one entry, e.g. "one of user_key or user_key_file must be configured".
// Errors are InvalidArgument in config::NodeError's shape, positioned at the
// entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParsePushoverConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::pushover

#endif  // TOCSIN_NOTIFY_PUSHOVER_CONFIG_H_
