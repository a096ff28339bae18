#include "notify/wechat/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::wechat {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseWechatConfig(n, "receivers[0].wechat_configs[0]", g, ctx);
}

TEST(WechatConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;
  g.wechat_api_secret_file = "/global";
  auto r = Parse("corp_id: c", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "wechat");
  const auto& c = dynamic_cast<const WechatConfig&>(**r);
  EXPECT_EQ(c.api_secret_file, "/global");
  EXPECT_TRUE(c.api_secret.empty());
  EXPECT_EQ(c.message_type, "text");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(WechatConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("corp_id: c", g).status().message(),
            "am.yml:1: receivers[0].wechat_configs[0]: no global Wechat Api "
            "Secret set either inline or in a file");
}

TEST(WechatConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;
  g.wechat_api_secret_file = "/global";
  EXPECT_EQ(Parse("corp_id: c\nbogus_field: 1\n", g).status().message(),
            "am.yml:2: receivers[0].wechat_configs[0]: field bogus_field not "
            "found in type config.plain");
}

TEST(WechatConfigTest, ErrorsAndMessageType) {
  config::GlobalConfig g;
  g.wechat_api_secret = config::Secret("s");
  g.wechat_api_corp_id = "corp";
  const std::string at = "am.yml:1: receivers[0].wechat_configs[0]: ";
  EXPECT_EQ(Parse("message_type: html\n", g).status().message(),
            at + "weChat message type \"html\" does not match valid options "
                 "^(text|markdown)$");
  EXPECT_EQ(Parse("api_secret: a\napi_secret_file: /f\n", g).status().message(),
            at + "at most one of api_secret & api_secret_file must be "
                 "configured");
  config::GlobalConfig no_corp = g;
  no_corp.wechat_api_corp_id.clear();
  EXPECT_EQ(Parse("message: m\n", no_corp).status().message(),
            at + "no global Wechat CorpID set");
  auto ok = Parse("message: m\n", g);
  ASSERT_TRUE(ok.ok()) << ok.status();
  const auto& c = dynamic_cast<const WechatConfig&>(**ok);
  EXPECT_EQ(c.message_type, "text");
  EXPECT_EQ(c.corp_id, "corp");
  EXPECT_EQ(c.api_secret.value(), "s");
}

}  // namespace
}  // namespace tocsin::notify::wechat
