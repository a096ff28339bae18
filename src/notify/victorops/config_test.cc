#include "notify/victorops/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::victorops {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseVictorOpsConfig(n, "receivers[0].victorops_configs[0]", g, ctx);
}

TEST(VictorOpsConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.victorops_api_key = config::Secret("k");
  auto r = Parse("routing_key: r", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "victorops");
  const auto& c = dynamic_cast<const VictorOpsConfig&>(**r);
  EXPECT_EQ(c.api_key.value(), "k");
  EXPECT_EQ(c.message_type, "CRITICAL");
  EXPECT_EQ(c.api_url->text,
            "https://alert.victorops.com/integrations/generic/20131114/alert/");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(VictorOpsConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("api_key: a", g).status().message(),
            "am.yml:1: receivers[0].victorops_configs[0]: missing Routing key "
            "in VictorOps config");
}

TEST(VictorOpsConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.victorops_api_key = config::Secret("k");
  EXPECT_EQ(
      Parse("routing_key: r\nbogus_field: 1\n", g).status().message(),
      "am.yml:2: receivers[0].victorops_configs[0]: field bogus_field not "
      "found in type config.plain");
}

TEST(VictorOpsConfigTest, ErrorsAndReservedCustomFields) {
  config::GlobalConfig g;
  g.victorops_api_key = config::Secret("gkey");
  const std::string at = "am.yml:1: receivers[0].victorops_configs[0]: ";
  EXPECT_EQ(Parse("message_type: x\n", g).status().message(),
            at + "missing Routing key in VictorOps config");
  EXPECT_EQ(Parse("routing_key: r\napi_key: a\napi_key_file: /f\n", g)
                .status()
                .message(),
            at + "at most one of api_key & api_key_file must be configured");
  EXPECT_EQ(Parse("routing_key: r\ncustom_fields:\n  entity_state: x\n", g)
                .status()
                .message(),
            at + "victorOps config contains custom field entity_state which "
                 "cannot be used as it conflicts with the fixed/static fields");
  EXPECT_EQ(
      Parse("routing_key: r\n", config::GlobalConfig{}).status().message(),
      at + "no global VictorOps API Key set");
  auto ok = Parse("routing_key: r\n", g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  const auto& c = dynamic_cast<const VictorOpsConfig&>(**ok);
  EXPECT_EQ(c.api_key.value(), "gkey");
  EXPECT_EQ(c.message_type, "CRITICAL");
  EXPECT_EQ(c.api_url->text,
            "https://alert.victorops.com/integrations/generic/20131114/alert/");
}

}  // namespace
}  // namespace tocsin::notify::victorops
