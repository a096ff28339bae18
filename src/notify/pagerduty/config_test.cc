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
  EXPECT_EQ(c.url->text, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(c.source, c.client);
  EXPECT_EQ(c.details.size(), 4u);
  EXPECT_EQ(c.description, "{{ template \"pagerduty.default.description\" .}}");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(PagerdutyConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("client: c", g).status().message(),
            "am.yml:1: receivers[0].pagerduty_configs[0]: missing service or "
            "routing key in PagerDuty config");
}

TEST(PagerdutyConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;

  EXPECT_EQ(
      Parse("routing_key: r\nbogus_field: 1\n", g).status().message(),
      "am.yml:2: receivers[0].pagerduty_configs[0]: field bogus_field not "
      "found in type config.plain");
}

TEST(PagerdutyConfigTest, KeyRulesAndDefaultDetails) {
  config::GlobalConfig g;
  const std::string at = "am.yml:1: receivers[0].pagerduty_configs[0]: ";
  EXPECT_EQ(Parse("client: c\n", g).status().message(),
            at + "missing service or routing key in PagerDuty config");
  EXPECT_EQ(
      Parse("routing_key: r\nrouting_key_file: /f\n", g).status().message(),
      at + "at most one of routing_key & routing_key_file must be "
           "configured");
  EXPECT_EQ(
      Parse("service_key: r\nservice_key_file: /f\n", g).status().message(),
      at + "at most one of service_key & service_key_file must be "
           "configured");
  auto ok = Parse("routing_key: r\nclient: C\ndetails:\n  firing: mine\n", g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  const auto& c = dynamic_cast<const PagerdutyConfig&>(**ok);
  EXPECT_EQ(c.source, "C");
  EXPECT_EQ(c.url->text, "https://events.pagerduty.com/v2/enqueue");
  ASSERT_EQ(c.details.size(), 4u);
  EXPECT_EQ(c.details[0].first, "firing");
  EXPECT_EQ(c.details[0].second.as<std::string>(), "mine");
  YAML::Node y = c.ToYaml();
  EXPECT_EQ(y["routing_key"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["details"]["num_firing"].as<std::string>(),
            "{{ .Alerts.Firing | len }}");
}

}  // namespace
}  // namespace tocsin::notify::pagerduty
