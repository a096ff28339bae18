#include "config/http_config.h"

#include <gtest/gtest.h>

namespace tocsin::config {
namespace {

Result<HttpClientConfig> Parse(const std::string& yaml) {
  ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseHttpClientConfig(n, "global.http_config", ctx);
}

TEST(HttpClientConfigTest, Defaults) {
  auto c = Parse("{}");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->follow_redirects);
  EXPECT_TRUE(c->enable_http2);
  EXPECT_FALSE(c->authorization.has_value());
}

TEST(HttpClientConfigTest, BearerTokenBecomesAuthorization) {
  auto c = Parse("bearer_token: abc\n");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->authorization.has_value());
  EXPECT_EQ(c->authorization->type, "Bearer");
  EXPECT_EQ(c->authorization->credentials.value(), "abc");
  EXPECT_TRUE(c->bearer_token.empty());
  auto a = Parse("authorization:\n  credentials: xoxb\n");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->authorization->type, "Bearer");
}

TEST(HttpClientConfigTest, ValidationMessages) {
  EXPECT_EQ(
      Parse("basic_auth: {username: u}\nbearer_token: t\n").status().message(),
      "am.yml:1: global.http_config: at most one of basic_auth, oauth2, "
      "bearer_token & bearer_token_file must be configured");
  EXPECT_EQ(Parse("bearer_token: t\nbearer_token_file: f\n").status().message(),
            "am.yml:1: global.http_config: at most one of bearer_token & "
            "bearer_token_file must be configured");
  EXPECT_EQ(Parse("authorization: {type: Basic}\n").status().message(),
            "am.yml:1: global.http_config: authorization type cannot be set to "
            "\"basic\", use \"basic_auth\" instead");
  EXPECT_EQ(Parse("no_proxy: x\n").status().message(),
            "am.yml:1: global.http_config: if no_proxy is configured, "
            "proxy_url must also be configured");
  EXPECT_EQ(Parse("tls_config: {min_version: TLS9}\n").status().message(),
            "am.yml:1: global.http_config.tls_config.min_version: unknown TLS "
            "version: TLS9");
  EXPECT_EQ(Parse("oauth2: {client_id: a}\n").status().message(),
            "am.yml:1: global.http_config: oauth2 token_url must be "
            "configured");
  EXPECT_EQ(Parse("follow_redirect: true\n").status().message(),
            "am.yml:1: global.http_config: field follow_redirect not found in "
            "type config.plain");
}

TEST(HttpClientConfigTest, ToYamlRedactsAndRoundTrips) {
  auto c = Parse(
      "basic_auth: {username: u, password: mysecret}\n"
      "follow_redirects: false\nproxy_url: foo\n");
  ASSERT_TRUE(c.ok()) << c.status();
  YAML::Node y = HttpClientConfigToYaml(*c);
  EXPECT_EQ(y["basic_auth"]["password"].as<std::string>(), "<secret>");
  EXPECT_FALSE(y["follow_redirects"].as<bool>());
  EXPECT_EQ(y["proxy_url"].as<std::string>(), "foo");
  auto again = Parse(YAML::Dump(y));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->follow_redirects);
}

TEST(UrlTest, ParseAndTrailingSlash) {
  auto u = ParseHttpUrl("https://api.opsgenie.com");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(WithTrailingSlash(*u).text, "https://api.opsgenie.com/");
  EXPECT_EQ(WithTrailingSlash(*ParseHttpUrl("http://a/b?x=1")).text,
            "http://a/b/?x=1");
  EXPECT_EQ(ParseHttpUrl("http:///x").status().message(),
            "missing host for URL");
  EXPECT_EQ(ParseHttpUrl("foo").status().message(),
            "unsupported scheme \"\" for URL");
}

}  // namespace
}  // namespace tocsin::config
