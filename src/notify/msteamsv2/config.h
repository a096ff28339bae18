#ifndef TOCSIN_NOTIFY_MSTEAMSV2_CONFIG_H_
#define TOCSIN_NOTIFY_MSTEAMSV2_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::msteamsv2 {

inline constexpr std::string_view kConfigsKey = "msteamsv2_configs";

// One `msteamsv2_configs` entry (upstream notify/msteamsv2.MSTeamsV2Config,
// Teams Workflows / adaptive cards). The entry's http_config, else a copy of
// global.http_config. Immutable after parsing.
struct MSTeamsV2Config final : config::IntegrationConfig {
  std::string_view Kind() const override { return "msteamsv2"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  // Secret URL; "<secret>" as input gives an empty Url.
  std::optional<config::Url> webhook_url;
  std::string webhook_url_file;
  std::string title = R"({{ template "msteamsv2.default.title" . }})";
  std::string text = R"({{ template "msteamsv2.default.text" . }})";
};

// Parses one entry. Errors (exact upstream text, positioned at the entry):
// "one of webhook_url or webhook_url_file must be configured", "at most one
// of webhook_url & webhook_url_file must be configured"; an unknown key gives
// "field <k> not found in type config.plain"; a webhook_url that is not an
// http(s) URL gives the URL parser's message at the webhook_url field.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseMSTeamsV2Config(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::msteamsv2

#endif  // TOCSIN_NOTIFY_MSTEAMSV2_CONFIG_H_
