#ifndef TOCSIN_NOTIFY_WEBHOOK_CONFIG_H_
#define TOCSIN_NOTIFY_WEBHOOK_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::webhook {

inline constexpr std::string_view kConfigsKey = "webhook_configs";

// One `webhook_configs` entry (upstream notify/webhook.WebhookConfig).
// Immutable after parsing.
struct WebhookConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "webhook"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  // The entry's own http_config, else a copy of global.http_config.
  config::HttpClientConfig http_config;
  // A URL or a Go template producing one; secret.
  config::Secret url;
  std::string url_file;
  // 0 = unlimited.
  uint64_t max_alerts = 0;
  // 0 = no timeout.
  std::chrono::nanoseconds timeout{0};
  // Custom payload template tree, or an undefined node when absent.
  YAML::Node payload;
};

// Parses one entry. Errors (exact upstream text): "one of url or url_file
// must be configured", "at most one of url & url_file must be configured",
// "invalid URL: <reason>" for a non-template url that is no http(s) URL.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseWebhookConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::webhook

#endif  // TOCSIN_NOTIFY_WEBHOOK_CONFIG_H_
