#include "notify/pushover/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::pushover {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParsePushoverConfig(n, "receivers[0].pushover_configs[0]", g, ctx);
}

TEST(PushoverConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;

  auto r = Parse("user_key: u\ntoken: t", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "pushover");
  const auto& c = dynamic_cast<const PushoverConfig&>(**r);
  EXPECT_EQ(c.retry, std::chrono::minutes(1));
  EXPECT_EQ(c.expire, std::chrono::hours(1));
  EXPECT_EQ(c.user_key.value(), "u");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(PushoverConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(
      Parse("user_key: u\nuser_key_file: /f\ntoken: t", g).status().message(),
      "am.yml:1: receivers[0].pushover_configs[0]: at most one of user_key & "
      "user_key_file must be configured");
}

TEST(PushoverConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  EXPECT_EQ(
      Parse("user_key: u\ntoken: t\nbogus_field: 1\n", g).status().message(),
      "am.yml:3: receivers[0].pushover_configs[0]: field bogus_field not "
      "found in type config.plain");
}

}  // namespace
}  // namespace tocsin::notify::pushover
