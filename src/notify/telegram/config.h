#ifndef TOCSIN_NOTIFY_TELEGRAM_CONFIG_H_
#define TOCSIN_NOTIFY_TELEGRAM_CONFIG_H_

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

namespace tocsin::notify::telegram {

inline constexpr std::string_view kConfigsKey = "telegram_configs";

// One `telegram_configs` entry (upstream notify/telegram.TelegramConfig)
// with global telegram_api_url / telegram_bot_token(_file) fallbacks.
struct TelegramConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "telegram"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  std::optional<config::Url> api_url;
  config::Secret bot_token;
  std::string bot_token_file;
  int64_t chat_id = 0;
  std::string chat_id_file;
  int64_t message_thread_id = 0;
  std::string message = R"({{ template "telegram.default.message" . }})";
  bool disable_notifications = false;
  std::string parse_mode = "HTML";
  // 0 = no timeout.
  std::chrono::nanoseconds timeout{0};
};

// Parses one entry, e.g. "missing bot_token or bot_token_file on
// telegram_config". Errors are InvalidArgument in config::NodeError's shape,
// positioned at the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseTelegramConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::telegram

#endif  // TOCSIN_NOTIFY_TELEGRAM_CONFIG_H_
