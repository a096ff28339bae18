#include "notify/opsgenie/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::opsgenie {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseOpsGenieConfig(n, "receivers[0].opsgenie_configs[0]", g, ctx);
}

TEST(OpsGenieConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.opsgenie_api_key_file = "/global";
  auto r = Parse("api_url: https://og.example.com", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "opsgenie");
  const auto& c = dynamic_cast<const OpsGenieConfig&>(**r);
  EXPECT_TRUE(c.send_resolved);
  EXPECT_EQ(c.api_key_file, "/global");
  EXPECT_EQ(c.api_url->text, "https://og.example.com/");
  EXPECT_EQ(c.message, "{{ template \"opsgenie.default.message\" . }}");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(OpsGenieConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("api_key: a\napi_key_file: /f", g).status().message(),
            "am.yml:1: receivers[0].opsgenie_configs[0]: at most one of "
            "api_key & api_key_file must be configured");
}

TEST(OpsGenieConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.opsgenie_api_key_file = "/global";
  EXPECT_EQ(Parse("api_url: https://og.example.com\nbogus_field: 1\n", g)
                .status()
                .message(),
            "am.yml:2: receivers[0].opsgenie_configs[0]: field bogus_field not "
            "found in type config.plain");
}

TEST(OpsGenieConfigTest, ResponderRulesAndGlobalKey) {
  config::GlobalConfig g;
  g.opsgenie_api_key = config::Secret("gkey");
  const std::string at = "am.yml:1: receivers[0].opsgenie_configs[0]: ";
  EXPECT_EQ(Parse("responders:\n- type: team\n", g).status().message(),
            at + "opsGenieConfig responder {   team} has to have at least one "
                 "of id, username or name specified");
  EXPECT_EQ(
      Parse("responders:\n- name: n\n  type: Group\n", g).status().message(),
      at + "opsGenieConfig responder { n  group} type does not match "
           "valid options ^(team|teams|user|escalation|schedule)$");
  auto ok = Parse(
      "responders:\n- id: i\n  type: '{{ .x }}'\n- name: n\n"
      "  type: Team\n",
      g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  const auto& c = dynamic_cast<const OpsGenieConfig&>(**ok);
  EXPECT_EQ(c.api_key.value(), "gkey");
  ASSERT_EQ(c.responders.size(), 2u);
  EXPECT_EQ(c.responders[1].type, "Team");
  EXPECT_EQ(c.api_url->text, "https://api.opsgenie.com/");
  EXPECT_EQ(Parse("api_key: a\napi_key_file: /f\n", g).status().message(),
            at + "at most one of api_key & api_key_file must be configured");
  EXPECT_EQ(Parse("message: m\n", config::GlobalConfig{}).status().message(),
            at + "no global OpsGenie API Key set either inline or in a file");
  auto slash = Parse("api_url: https://og.example.com/v2\n", g);
  ASSERT_TRUE(slash.ok());
  EXPECT_EQ(dynamic_cast<const OpsGenieConfig&>(**slash).api_url->text,
            "https://og.example.com/v2/");
}

}  // namespace
}  // namespace tocsin::notify::opsgenie
