#ifndef TOCSIN_NOTIFY_VICTOROPS_CONFIG_H_
#define TOCSIN_NOTIFY_VICTOROPS_CONFIG_H_

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

namespace tocsin::notify::victorops {

inline constexpr std::string_view kConfigsKey = "victorops_configs";

// One `victorops_configs` entry (upstream config.VictorOpsConfig) with
// global victorops_api_url / victorops_api_key(_file) fallbacks; api_url
// always ends in "/". Immutable.
struct VictorOpsConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "victorops"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  config::Secret api_key;
  std::string api_key_file;
  std::optional<config::Url> api_url;
  std::string routing_key;
  std::string message_type = "CRITICAL";
  std::string state_message =
      R"({{ template "victorops.default.state_message" . }})";
  std::string entity_display_name =
      R"({{ template "victorops.default.entity_display_name" . }})";
  std::string monitoring_tool =
      R"({{ template "victorops.default.monitoring_tool" . }})";
  std::vector<std::pair<std::string, std::string>> custom_fields;
};

// Parses one entry, e.g. "missing Routing key in VictorOps config", "no global
// VictorOps API Key set". Errors are InvalidArgument in config::NodeError's
// shape, positioned at the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseVictorOpsConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::victorops

#endif  // TOCSIN_NOTIFY_VICTOROPS_CONFIG_H_
