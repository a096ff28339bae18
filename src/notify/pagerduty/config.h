#ifndef TOCSIN_NOTIFY_PAGERDUTY_CONFIG_H_
#define TOCSIN_NOTIFY_PAGERDUTY_CONFIG_H_

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

namespace tocsin::notify::pagerduty {

inline constexpr std::string_view kConfigsKey = "pagerduty_configs";

struct PagerdutyImage {
  std::string src;
  std::string alt;
  std::string href;
};

struct PagerdutyLink {
  std::string href;
  std::string text;
};

// One `pagerduty_configs` entry (upstream notify/pagerduty.PagerdutyConfig)
// with the global pagerduty_url fallback. `details` always holds the four
// default keys (firing, resolved, num_firing, num_resolved) unless
// overridden; values are YAML trees (upstream map[string]any). Immutable.
struct PagerdutyConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "pagerduty"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  config::Secret service_key;
  std::string service_key_file;
  config::Secret routing_key;
  std::string routing_key_file;
  std::optional<config::Url> url;
  std::string client = R"({{ template "pagerduty.default.client" . }})";
  std::string client_url = R"({{ template "pagerduty.default.clientURL" . }})";
  std::string description =
      R"({{ template "pagerduty.default.description" .}})";
  std::vector<std::pair<std::string, YAML::Node>> details;
  std::vector<PagerdutyImage> images;
  std::vector<PagerdutyLink> links;
  std::string source;
  std::string severity;
  std::string class_;  // YAML key "class"
  std::string component;
  std::string group;
  std::chrono::nanoseconds timeout{0};
};

// Parses one entry, e.g. "missing service or routing key in PagerDuty config".
// Errors are InvalidArgument in config::NodeError's shape, positioned at the
// entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParsePagerdutyConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::pagerduty

#endif  // TOCSIN_NOTIFY_PAGERDUTY_CONFIG_H_
