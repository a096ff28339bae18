#ifndef TOCSIN_NOTIFY_WECHAT_CONFIG_H_
#define TOCSIN_NOTIFY_WECHAT_CONFIG_H_

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

namespace tocsin::notify::wechat {

inline constexpr std::string_view kConfigsKey = "wechat_configs";

// One `wechat_configs` entry (upstream config.WechatConfig) with global
// wechat_api_url / wechat_api_secret(_file) / wechat_api_corp_id fallbacks;
// api_url always ends in "/". Immutable.
struct WechatConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "wechat"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = false;
  config::HttpClientConfig http_config;
  config::Secret api_secret;
  std::string api_secret_file;
  std::string corp_id;
  std::string message = R"({{ template "wechat.default.message" . }})";
  std::optional<config::Url> api_url;
  std::string to_user = R"({{ template "wechat.default.to_user" . }})";
  std::string to_party = R"({{ template "wechat.default.to_party" . }})";
  std::string to_tag = R"({{ template "wechat.default.to_tag" . }})";
  std::string agent_id = R"({{ template "wechat.default.agent_id" . }})";
  std::string message_type = "text";
};

// Parses one entry, e.g. "no global Wechat Api Secret set either inline or in a
// file". Errors are InvalidArgument in config::NodeError's shape, positioned at
// the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseWechatConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::wechat

#endif  // TOCSIN_NOTIFY_WECHAT_CONFIG_H_
