#include "notify/pagerduty/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::pagerduty {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParsePagerdutyConfig(n, "receivers[0].pagerduty_configs[0]", g, ctx);
}

TEST(PagerdutyConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  
  auto r = Parse("routing_key: r", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "pagerduty");
  const auto& c = dynamic_cast<const PagerdutyConfig&>(**r);
  EXPECT_EQ(c.url->text, "https://events.pagerduty.com/v2/enqueue"); EXPECT_EQ(c.source, c.client); EXPECT_EQ(c.details.size(), 4u); EXPECT_EQ(c.description, "{{ template \"pagerduty.default.description\" .}}");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(PagerdutyConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("client: c", g).status().message(),
            "am.yml:1: receivers[0].pagerduty_configs[0]: missing service or routing key in PagerDuty config");
}

TEST(PagerdutyConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  
  EXPECT_EQ(Parse("routing_key: r\nbogus_field: 1\n", g).status().message(),
            "am.yml:2: receivers[0].pagerduty_configs[0]: field bogus_field not "
            "found in type config.plain");
}

}  // namespace
}  // namespace tocsin::notify::pagerduty
