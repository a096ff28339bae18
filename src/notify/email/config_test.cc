#include "notify/email/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::email {
namespace {

config::GlobalConfig Global() {
  config::GlobalConfig g;
  g.smtp_smarthost = {"localhost", "25"};
  g.smtp_from = "alertmanager@example.org";
  g.smtp_auth_username = "globaluser";
  g.smtp_auth_password_file = "/tmp/globaluserpassword";
  g.smtp_auth_secret_file = "/tmp/globalusersecret";
  return g;
}

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = Global()) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseEmailConfig(n, "receivers[0].email_configs[0]", g, ctx);
}

const EmailConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const EmailConfig&>(c);
}

TEST(EmailConfigTest, DefaultsAndGlobalFallbacks) {
  auto r = Parse("to: one@example.org\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const EmailConfig& c = As(**r);
  EXPECT_FALSE(c.SendResolved());
  EXPECT_EQ(c.from, "alertmanager@example.org");
  EXPECT_EQ(c.smarthost.ToString(), "localhost:25");
  EXPECT_EQ(c.hello, "localhost");
  EXPECT_TRUE(c.require_tls);
  EXPECT_EQ(c.html, "{{ template \"email.default.html\" . }}");
  EXPECT_EQ(c.auth_username, "globaluser");
  EXPECT_EQ(c.auth_password_file, "/tmp/globaluserpassword");
  EXPECT_TRUE(c.auth_password.empty());
}

TEST(EmailConfigTest, LocalPasswordWinsOverGlobalFile) {
  auto r = Parse("to: a@b\nauth_password: mysecret\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(As(**r).auth_password.value(), "mysecret");
  EXPECT_EQ(As(**r).auth_password_file, "");
  auto f = Parse("to: a@b\nauth_password_file: /tmp/local\n");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(As(**f).auth_password_file, "/tmp/local");
}

TEST(EmailConfigTest, SecretPairInheritedOnlyAsAWhole) {
  auto global = Parse("to: a@b\n");
  ASSERT_TRUE(global.ok());
  EXPECT_EQ(As(**global).auth_secret_file, "/tmp/globalusersecret");
  EXPECT_TRUE(As(**global).auth_secret.empty());
  auto inline_secret = Parse("to: a@b\nauth_secret: myprecious\n");
  ASSERT_TRUE(inline_secret.ok());
  EXPECT_EQ(As(**inline_secret).auth_secret.value(), "myprecious");
  EXPECT_EQ(As(**inline_secret).auth_secret_file, "");
  config::GlobalConfig g = Global();
  g.smtp_auth_secret_file.clear();
  g.smtp_auth_secret = config::Secret("globalsecret");
  auto local_file = Parse("to: a@b\nauth_secret_file: /tmp/local\n", g);
  ASSERT_TRUE(local_file.ok());
  EXPECT_EQ(As(**local_file).auth_secret_file, "/tmp/local");
  EXPECT_TRUE(As(**local_file).auth_secret.empty());
}

TEST(EmailConfigTest, Errors) {
  EXPECT_EQ(Parse("from: x@y\n").status().message(),
            "am.yml:1: receivers[0].email_configs[0]: missing to address in "
            "email config");
  EXPECT_EQ(Parse("to: a@b\n", config::GlobalConfig{}).status().message(),
            "am.yml:1: receivers[0].email_configs[0]: no global SMTP "
            "smarthost set");
  EXPECT_EQ(Parse("to: a@b\nheaders:\n  subject: a\n  Subject: b\n")
                .status()
                .message(),
            "am.yml:1: receivers[0].email_configs[0]: duplicate header "
            "\"Subject\" in email config");
}

TEST(EmailConfigTest, HeadersCanonicalAndSecretsHidden) {
  auto r = Parse("to: a@b\nauth_password: mysecret\nheaders:\n  x-foo: 1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(As(**r).headers[0].first, "X-Foo");
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["auth_password"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["headers"]["X-Foo"].as<std::string>(), "1");
}

}  // namespace
}  // namespace tocsin::notify::email
