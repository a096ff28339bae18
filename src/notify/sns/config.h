#ifndef TOCSIN_NOTIFY_SNS_CONFIG_H_
#define TOCSIN_NOTIFY_SNS_CONFIG_H_

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

namespace tocsin::notify::sns {

inline constexpr std::string_view kConfigsKey = "sns_configs";

// AWS SigV4 signing settings of an SNS entry.
struct SigV4Config {
  std::string region;
  std::string access_key;
  config::Secret secret_key;
  std::string profile;
  std::string role_arn;
  std::string external_id;
  bool use_fips_sts_endpoint = false;
};

// One `sns_configs` entry (upstream config.SNSConfig). Immutable.
struct SnsConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "sns"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  std::string api_url;
  SigV4Config sigv4;
  std::string topic_arn;
  std::string phone_number;
  std::string target_arn;
  std::string subject = R"({{ template "sns.default.subject" . }})";
  std::string message = R"({{ template "sns.default.message" . }})";
  std::vector<std::pair<std::string, std::string>> attributes;
  bool use_aws_http_client = false;
};

// Parses one entry, e.g. "must provide either a Target ARN, Topic ARN, or Phone
// Number for SNS config". Errors are InvalidArgument in config::NodeError's
// shape, positioned at the entry, with upstream's exact message text.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseSnsConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::sns

#endif  // TOCSIN_NOTIFY_SNS_CONFIG_H_
