#ifndef TOCSIN_NOTIFY_JIRA_CONFIG_H_
#define TOCSIN_NOTIFY_JIRA_CONFIG_H_

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/duration.h"
#include "base/result.h"
#include "config/global.h"
#include "config/integration.h"
#include "config/secret.h"

namespace tocsin::notify::jira {

inline constexpr std::string_view kConfigsKey = "jira_configs";

// A templated issue field (upstream JiraFieldConfig). YAML accepts either a
// plain string (the template) or a map {template, enable_update}.
struct JiraFieldConfig {
  std::string template_text;  // YAML key "template"
  // Whether the field is rewritten when an existing issue is updated;
  // nullopt means yes.
  std::optional<bool> enable_update;
  bool EnableUpdate() const { return enable_update.value_or(true); }
};

// Issue labels (upstream JiraLabelsConfig). YAML accepts either a list of
// strings or a map {values, enable_update}.
struct JiraLabelsConfig {
  std::vector<std::string> values;
  std::optional<bool> enable_update;
  bool EnableUpdate() const { return enable_update.value_or(true); }
};

// One `jira_configs` entry (upstream notify/jira.JiraConfig) with the global
// jira_api_url and http_config fallbacks applied. Immutable after parsing.
struct JiraConfig final : config::IntegrationConfig {
  std::string_view Kind() const override { return "jira"; }
  bool SendResolved() const override { return send_resolved; }
  YAML::Node ToYaml() const override;

  bool send_resolved = true;
  config::HttpClientConfig http_config;
  // Never empty after a successful parse.
  std::optional<config::Url> api_url;
  // "auto", "cloud" or "datacenter".
  std::string api_type = "auto";
  std::string project;
  JiraFieldConfig summary{R"({{ template "jira.default.summary" . }})", {}};
  JiraFieldConfig description{R"({{ template "jira.default.description" . }})",
                              {}};
  JiraLabelsConfig labels;
  std::string priority = R"({{ template "jira.default.priority" . }})";
  std::string issue_type;
  std::string reopen_transition;
  std::string resolve_transition;
  std::string wont_fix_resolution;
  // How the notifier treats recently resolved issues (upstream
  // ReopenDuration); 0 when unset.
  Duration reopen_duration{0};
  // Custom issue fields (YAML key "fields"): arbitrary values kept as a YAML
  // map for the notifier; a null node when absent.
  YAML::Node fields;
};

// Parses one entry. Errors (exact upstream text, positioned at the entry):
// "missing project in jira_config", "missing issue_type in jira_config",
// "unknown api_type on jira_config, must be auto, cloud or datacenter",
// "no global Jira Cloud URL set" (no api_url and no global jira_api_url); an
// unknown key gives "field <k> not found in type config.plain"; a bad
// reopen_duration gives Prometheus' duration message at that field.
Result<std::shared_ptr<const config::IntegrationConfig>> ParseJiraConfig(
    const YAML::Node& node, std::string_view field_path,
    const config::GlobalConfig& global, const config::ParseContext& ctx);

}  // namespace tocsin::notify::jira

#endif  // TOCSIN_NOTIFY_JIRA_CONFIG_H_
