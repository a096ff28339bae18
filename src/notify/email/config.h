#ifndef TOCSIN_NOTIFY_EMAIL_CONFIG_H_
#define TOCSIN_NOTIFY_EMAIL_CONFIG_H_

#include <yaml-cpp/yaml.h>

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

namespace tocsin::notify::email {

inline constexpr std::string_view kConfigsKey = "email_configs";
inline constexpr std::string_view kDefaultHtml =
    R"({{ template "email.default.html" . }})";
inline constexpr std::string_view kDefaultSubject =
    R"({{ template "email.default.subject" . }})";

// Mail threading options.
struct Threading {
  bool enabled = false;
  std::string thread_by_date;  // "none" or "daily" when enabled
};

// One `email_configs` entry (upstream notify/email.EmailConfig) with the
// global smtp_* fallbacks of Config.UnmarshalYAML applied. Immutable.
struct EmailConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "email"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = false;
  std::string to;
  std::string from;
  std::string hello;
  config::HostPort smarthost;
  std::string auth_username;
  config::Secret auth_password;
  std::string auth_password_file;
  config::Secret auth_secret;
  std::string auth_secret_file;
  std::string auth_identity;
  // Canonical MIME header names (textproto.CanonicalMIMEHeaderKey), in YAML
  // order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string html = std::string(kDefaultHtml);
  std::string text;
  bool require_tls = true;
  config::TlsConfig tls_config;
  // nullopt: implicit TLS on port 465 only.
  std::optional<bool> force_implicit_tls;
  Threading threading;
};

// Parses one entry. Errors (exact upstream text): "missing to address in
// email config", "duplicate header \"X\" in email config", "no global SMTP
// smarthost set", "no global SMTP from set", threading conflicts.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseEmailConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

// textproto.CanonicalMIMEHeaderKey: "content-type" -> "Content-Type".
std::string CanonicalMimeHeaderKey(std::string_view key);

}  // namespace tocsin::notify::email

#endif  // TOCSIN_NOTIFY_EMAIL_CONFIG_H_
