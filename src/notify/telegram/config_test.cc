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
  EXPECT_EQ(c.bot_token.value(), "qwe");
  EXPECT_EQ(c.chat_id, 12);
  EXPECT_EQ(c.parse_mode, "HTML");
  EXPECT_EQ(c.api_url->text, "https://api.telegram.org");
  EXPECT_EQ(c.timeout.count(), 0);
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["bot_token"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["timeout"].as<std::string>(), "0s");
}

TEST(TelegramConfigTest, TimeoutAndChatIdRules) {
  config::GlobalConfig g;
  g.telegram_bot_token = config::Secret("qwe");
  auto r = Parse("chat_id: 12\ntimeout: 10s\n", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(dynamic_cast<const TelegramConfig&>(**r).timeout.count(),
            10'000'000'000);
  EXPECT_EQ(Parse("chat_id: 12\nchat_id_file: /f\n", g).status().message(),
            "am.yml:1: receivers[0].telegram_configs[0]: at most one of "
            "chat_id & chat_id_file must be configured");
  EXPECT_EQ(Parse("message: x\n", g).status().message(),
            "am.yml:1: receivers[0].telegram_configs[0]: missing chat_id or "
            "chat_id_file on telegram_config");
  EXPECT_EQ(Parse("chat_id: 1\nparse_mode: md\n", g).status().message(),
            "am.yml:1: receivers[0].telegram_configs[0]: unknown parse_mode "
            "on telegram_config, must be Markdown, MarkdownV2, HTML or empty "
            "string");
}

TEST(TelegramConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("chat_id: 12", g).status().message(),
            "am.yml:1: receivers[0].telegram_configs[0]: missing bot_token or "
            "bot_token_file on telegram_config");
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
