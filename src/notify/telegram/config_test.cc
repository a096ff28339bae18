#include "notify/telegram/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::telegram {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseTelegramConfig(n, "receivers[0].telegram_configs[0]", g, ctx);
}

TEST(TelegramConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.telegram_bot_token = config::Secret("qwe");
  auto r = Parse("chat_id: 12", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "telegram");
  const auto& c = dynamic_cast<const TelegramConfig&>(**r);
  EXPECT_EQ(c.bot_token.value(), "qwe"); EXPECT_EQ(c.chat_id, 12); EXPECT_EQ(c.parse_mode, "HTML"); EXPECT_EQ(c.api_url->text, "https://api.telegram.org");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(TelegramConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("chat_id: 12", g).status().message(),
            "am.yml:1: receivers[0].telegram_configs[0]: missing bot_token or bot_token_file on telegram_config");
}

TEST(TelegramConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.telegram_bot_token = config::Secret("qwe");
  EXPECT_EQ(Parse("chat_id: 12\nbogus_field: 1\n", g).status().message(),
            "am.yml:2: receivers[0].telegram_configs[0]: field bogus_field not "
            "found in type config.plain");
}

}  // namespace
}  // namespace tocsin::notify::telegram
