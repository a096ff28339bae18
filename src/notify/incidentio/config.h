#ifndef TOCSIN_NOTIFY_INCIDENTIO_CONFIG_H_
#define TOCSIN_NOTIFY_INCIDENTIO_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::incidentio {

inline constexpr std::string_view kConfigsKey = "incidentio_configs";

// One `incidentio_configs` entry (upstream
// notify/incidentio.IncidentioConfig). The entry's http_config, else a copy
// of global.http_config. Immutable after parsing.
struct IncidentioConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "incidentio"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  // A plain (not secret) http(s) URL; exactly one of url / url_file is set.
  std::optional<config::Url> url;
  std::string url_file;
  // Sent as "Authorization: Bearer <token>"; at most one of the two is set.
  config::Secret alert_source_token;
  std::string alert_source_token_file;
  // 0 = unlimited.
  uint64_t max_alerts = 0;
  // 0 = no timeout.
  std::chrono::nanoseconds timeout{0};
};

// Parses one entry. Errors (exact upstream text, positioned at the entry):
// "one of url or url_file must be configured", "at most one of url &
// url_file must be configured", "at most one of alert_source_token &
// alert_source_token_file must be configured", "cannot specify
// alert_source_token or alert_source_token_file when using
// http_config.authorization", "at least one of alert_source_token,
// alert_source_token_file or http_config.authorization must be configured"
// (only when the entry has its own http_config: upstream validates before
// the global http_config is copied in); an unknown key gives "field <k> not
// found in type config.plain".
Result<std::shared_ptr<const config::IntegrationConfig>> ParseIncidentioConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::incidentio

#endif  // TOCSIN_NOTIFY_INCIDENTIO_CONFIG_H_
