#include "notify/sns/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::sns {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseSnsConfig(n, "receivers[0].sns_configs[0]", g, ctx);
}

TEST(SnsConfigTest, ParsesWithDefaults) {
  config::GlobalConfig g;

  auto r = Parse("topic_arn: arn:aws:sns:x", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->Kind(), "sns");
  const auto& c = dynamic_cast<const SnsConfig&>(**r);
  EXPECT_TRUE(c.send_resolved);
  EXPECT_EQ(c.topic_arn, "arn:aws:sns:x");
  EXPECT_EQ(c.subject, "{{ template \"sns.default.subject\" . }}");
  EXPECT_TRUE((*r)->ToYaml().IsMap());
}

TEST(SnsConfigTest, RefusesInvalidEntry) {
  config::GlobalConfig g;
  EXPECT_EQ(Parse("api_url: https://sns.example.com", g).status().message(),
            "am.yml:1: receivers[0].sns_configs[0]: must provide either a "
            "Target ARN, Topic ARN, or Phone Number for SNS config");
}

TEST(SnsConfigTest, RefusesUnknownField) {
  config::GlobalConfig g;

  EXPECT_EQ(
      Parse("topic_arn: arn:aws:sns:x\nbogus_field: 1\n", g).status().message(),
      "am.yml:2: receivers[0].sns_configs[0]: field bogus_field not "
      "found in type config.plain");
}

TEST(SnsConfigTest, TargetRules) {
  config::GlobalConfig g;
  const std::string at = "am.yml:1: receivers[0].sns_configs[0]: ";
  EXPECT_EQ(Parse("subject: s\n", g).status().message(),
            at + "must provide either a Target ARN, Topic ARN, or Phone Number "
                 "for SNS config");
  EXPECT_EQ(Parse("topic_arn: a\ntarget_arn: b\n", g).status().message(),
            at + "must provide either a Target ARN, Topic ARN, or Phone Number "
                 "for SNS config");
  EXPECT_EQ(
      Parse("topic_arn: a\nsigv4:\n  access_key: k\n", g).status().message(),
      "am.yml:3: receivers[0].sns_configs[0].sigv4: must provide a AWS "
      "SigV4 Access key and Secret Key if credentials are specified in "
      "the SigV4 config");
  EXPECT_TRUE(Parse("phone_number: '+1555'\n", g).ok());
}

}  // namespace
}  // namespace tocsin::notify::sns
