#include "notify/jira/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::jira {
namespace {

config::GlobalConfig WithJiraUrl() {
  config::GlobalConfig g;
  g.jira_api_url = config::Url{"https://jira.example.com/rest/api/2", "https",
                               "jira.example.com", "/rest/api/2"};
  return g;
}

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = WithJiraUrl()) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseJiraConfig(n, "receivers[0].jira_configs[0]", g, ctx);
}

const JiraConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const JiraConfig&>(c);
}

std::string Error(const std::string& yaml,
                  const config::GlobalConfig& g = WithJiraUrl()) {
  return Parse(yaml, g).status().message();
}

constexpr char kMinimal[] = "project: OPS\nissue_type: Bug\n";

TEST(JiraConfigTest, Defaults) {
  auto r = Parse(kMinimal);
  ASSERT_TRUE(r.ok()) << r.status();
  const JiraConfig& c = As(**r);
  EXPECT_EQ(c.Kind(), "jira");
  EXPECT_TRUE(c.SendResolved());
  ASSERT_TRUE(c.api_url.has_value());
  EXPECT_EQ(c.api_url->text, "https://jira.example.com/rest/api/2");
  EXPECT_EQ(c.api_type, "auto");
  EXPECT_EQ(c.project, "OPS");
  EXPECT_EQ(c.issue_type, "Bug");
  EXPECT_EQ(c.summary.template_text,
            R"({{ template "jira.default.summary" . }})");
  EXPECT_TRUE(c.summary.EnableUpdate());
  EXPECT_EQ(c.description.template_text,
            R"({{ template "jira.default.description" . }})");
  EXPECT_EQ(c.priority, R"({{ template "jira.default.priority" . }})");
  EXPECT_TRUE(c.labels.values.empty());
  EXPECT_TRUE(c.labels.EnableUpdate());
  EXPECT_EQ(c.reopen_transition, "");
  EXPECT_EQ(c.resolve_transition, "");
  EXPECT_EQ(c.wont_fix_resolution, "");
  EXPECT_EQ(c.reopen_duration.count(), 0);
  EXPECT_TRUE(c.fields.IsNull());
  EXPECT_TRUE(c.http_config.follow_redirects);
}

TEST(JiraConfigTest, AllFieldsLegacyForms) {
  auto r = Parse(
      "api_url: http://jira.local/rest/api/3\napi_type: cloud\n"
      "project: OPS\nissue_type: Task\nsummary: 'S {{ .Status }}'\n"
      "description: D\nlabels: [a, b]\npriority: High\n"
      "reopen_transition: REOPEN\nresolve_transition: CLOSE\n"
      "wont_fix_resolution: WONTFIX\nreopen_duration: 1d\n"
      "fields:\n  customfield_10001: x\n  customfield_10002: {id: 5}\n"
      "send_resolved: false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const JiraConfig& c = As(**r);
  EXPECT_EQ(c.api_url->text, "http://jira.local/rest/api/3");
  EXPECT_EQ(c.api_type, "cloud");
  EXPECT_EQ(c.summary.template_text, "S {{ .Status }}");
  EXPECT_FALSE(c.summary.enable_update.has_value());
  EXPECT_EQ(c.description.template_text, "D");
  EXPECT_EQ(c.labels.values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.priority, "High");
  EXPECT_EQ(c.reopen_transition, "REOPEN");
  EXPECT_EQ(c.resolve_transition, "CLOSE");
  EXPECT_EQ(c.wont_fix_resolution, "WONTFIX");
  EXPECT_EQ(c.reopen_duration.count(), 86'400'000);
  ASSERT_TRUE(c.fields.IsMap());
  EXPECT_EQ(c.fields["customfield_10001"].as<std::string>(), "x");
  EXPECT_EQ(c.fields["customfield_10002"]["id"].as<int>(), 5);
  EXPECT_FALSE(c.SendResolved());
}

TEST(JiraConfigTest, ObjectForms) {
  auto r = Parse(std::string(kMinimal) +
                 "summary: {template: S, enable_update: false}\n"
                 "description: {enable_update: true}\n"
                 "labels: {values: [x], enable_update: false}\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const JiraConfig& c = As(**r);
  EXPECT_EQ(c.summary.template_text, "S");
  EXPECT_FALSE(c.summary.EnableUpdate());
  // The object form replaces the whole field, default template included.
  EXPECT_EQ(c.description.template_text, "");
  EXPECT_TRUE(c.description.EnableUpdate());
  EXPECT_EQ(c.labels.values, (std::vector<std::string>{"x"}));
  EXPECT_FALSE(c.labels.EnableUpdate());
  auto cleared = Parse(std::string(kMinimal) + "summary:\npriority:\n");
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_EQ(As(**cleared).summary.template_text, "");
  EXPECT_EQ(As(**cleared).priority, "");
  EXPECT_EQ(Error(std::string(kMinimal) + "summary: {text: S}\n"),
            "am.yml:3: receivers[0].jira_configs[0].summary: field text not "
            "found in type config.plain");
}

TEST(JiraConfigTest, Errors) {
  const std::string at = "am.yml:1: receivers[0].jira_configs[0]: ";
  EXPECT_EQ(Error("issue_type: Bug\n"), at + "missing project in jira_config");
  EXPECT_EQ(Error("project: OPS\n"), at + "missing issue_type in jira_config");
  EXPECT_EQ(Error(std::string(kMinimal) + "api_type: server\n"),
            at + "unknown api_type on jira_config, must be auto, cloud or "
                 "datacenter");
  EXPECT_EQ(Error(kMinimal, config::GlobalConfig{}),
            at + "no global Jira Cloud URL set");
  EXPECT_EQ(Error(std::string(kMinimal) + "reopen_duration: 1x\n"),
            "am.yml:3: receivers[0].jira_configs[0].reopen_duration: not a "
            "valid duration string: \"1x\"");
  EXPECT_EQ(Error(std::string(kMinimal) + "fields: [a]\n"),
            "am.yml:3: receivers[0].jira_configs[0].fields: cannot unmarshal "
            "!!seq into map[string]interface {}");
  EXPECT_EQ(Error(std::string(kMinimal) + "custom_fields: {a: b}\n"),
            "am.yml:3: receivers[0].jira_configs[0]: field custom_fields not "
            "found in type config.plain");
}

TEST(JiraConfigTest, GlobalHttpConfigFallback) {
  config::GlobalConfig g = WithJiraUrl();
  g.http_config.follow_redirects = false;
  auto r = Parse(kMinimal, g);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(As(**r).http_config.follow_redirects);
  auto own = Parse(std::string(kMinimal) +
                       "http_config:\n  basic_auth: {username: u, "
                       "password: mysecret}\n",
                   g);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_TRUE(As(**own).http_config.follow_redirects);
}

TEST(JiraConfigTest, ToYamlRoundTrip) {
  auto r = Parse(std::string(kMinimal) +
                 "labels: [a]\nreopen_duration: 90m\nfields: {cf: 1}\n"
                 "http_config:\n  basic_auth: {username: u, password: pw1}\n");
  ASSERT_TRUE(r.ok()) << r.status();
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["api_url"].as<std::string>(),
            "https://jira.example.com/rest/api/2");
  EXPECT_EQ(y["api_type"].as<std::string>(), "auto");
  EXPECT_EQ(y["summary"]["template"].as<std::string>(),
            R"({{ template "jira.default.summary" . }})");
  EXPECT_FALSE(y["summary"]["enable_update"].IsDefined());
  EXPECT_EQ(y["labels"]["values"][0].as<std::string>(), "a");
  EXPECT_EQ(y["reopen_duration"].as<std::string>(), "1h30m");
  EXPECT_EQ(y["fields"]["cf"].as<int>(), 1);
  EXPECT_FALSE(y["reopen_transition"].IsDefined());
  EXPECT_EQ(YAML::Dump(y).find("pw1"), std::string::npos);
  config::ParseContext ctx{"am.yml"};
  auto again = ParseJiraConfig(y, "x", {}, ctx);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(As(**again).summary.template_text,
            R"({{ template "jira.default.summary" . }})");
  EXPECT_EQ(As(**again).labels.values, (std::vector<std::string>{"a"}));
  EXPECT_EQ(As(**again).reopen_duration.count(), 5'400'000);
}

}  // namespace
}  // namespace tocsin::notify::jira
