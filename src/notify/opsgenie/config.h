#ifndef TOCSIN_NOTIFY_OPSGENIE_CONFIG_H_
#define TOCSIN_NOTIFY_OPSGENIE_CONFIG_H_

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

namespace tocsin::notify::opsgenie {

inline constexpr std::string_view kConfigsKey = "opsgenie_configs";

// One responder of an opsgenie entry; one of id, name, username is set.
struct OpsGenieResponder {
  std::string id;
  std::string name;
  std::string username;
  std::string type;  // team, teams, user, escalation, schedule (or template)
};

// One `opsgenie_configs` entry (upstream notify/opsgenie.OpsGenieConfig)
// with global opsgenie_api_url / opsgenie_api_key(_file) fallbacks; api_url
// always ends in "/". Immutable.
struct OpsGenieConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "opsgenie"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  config::Secret api_key;
  std::string api_key_file;
  std::optional<config::Url> api_url;
  std::string message = R"({{ template "opsgenie.default.message" . }})";
  std::string description =
      R"({{ template "opsgenie.default.description" . }})";
  std::string source = R"({{ template "opsgenie.default.source" . }})";
  std::vector<std::pair<std::string, std::string>> details;
  std::string entity;
  std::vector<OpsGenieResponder> responders;
  std::string actions;
  std::string tags;
  std::string note;
  std::string priority;
  bool update_alerts = false;
};

// Parses one entry, e.g. "no global OpsGenie API Key set either inline or in a
// file". Errors are InvalidArgument in config::NodeError's shape, positioned at
// the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseOpsGenieConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::opsgenie

#endif  // TOCSIN_NOTIFY_OPSGENIE_CONFIG_H_
