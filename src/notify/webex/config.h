#ifndef TOCSIN_NOTIFY_WEBEX_CONFIG_H_
#define TOCSIN_NOTIFY_WEBEX_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::webex {

inline constexpr std::string_view kConfigsKey = "webex_configs";

// One `webex_configs` entry (upstream notify/webex.WebexConfig) with the
// global webex_api_url fallback applied. The entry must carry its own
// http_config with an authorization (the bot token), so http_config is
// always the entry's. Immutable after parsing.
struct WebexConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "webex"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  // Never empty after a successful parse.
  std::optional<config::Url> api_url;
  std::string message = R"({{ template "webex.default.message" . }})";
  std::string room_id;
};

// Parses one entry. Errors (exact upstream text, positioned at the entry):
// "missing room_id on webex_config", "missing
// webex_configs.http_config.authorization", "no global Webex URL set" (entry
// without api_url while global.webex_api_url is unset); an unknown key gives
// "field <k> not found in type config.plain".
Result<std::shared_ptr<const config::IntegrationConfig>> ParseWebexConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::webex

#endif  // TOCSIN_NOTIFY_WEBEX_CONFIG_H_
