#include "notify/incidentio/config.h"

#include <gtest/gtest.h>

namespace tocsin::notify::incidentio {
namespace {

Result<std::shared_ptr<const config::IntegrationConfig>> Parse(
    const std::string& yaml, const config::GlobalConfig& g = {}) {
  config::ParseContext ctx{"am.yml"};
  YAML::Node n = YAML::Load(yaml);
  return ParseIncidentioConfig(n, "receivers[0].incidentio_configs[0]", g, ctx);
}

const IncidentioConfig& As(const config::IntegrationConfig& c) {
  return dynamic_cast<const IncidentioConfig&>(c);
}

std::string Error(const std::string& yaml) {
  return Parse(yaml).status().message();
}

TEST(IncidentioConfigTest, Defaults) {
  auto r = Parse(
      "url: https://api.incident.io/v2/alert_events/http/01ABC\n"
      "alert_source_token: tok\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const IncidentioConfig& c = As(**r);
  EXPECT_EQ(c.Kind(), "incidentio");
  EXPECT_TRUE(c.SendResolved());
  ASSERT_TRUE(c.url.has_value());
  EXPECT_EQ(c.url->text, "https://api.incident.io/v2/alert_events/http/01ABC");
  EXPECT_EQ(c.url_file, "");
  EXPECT_EQ(c.alert_source_token.value(), "tok");
  EXPECT_EQ(c.max_alerts, 0u);
  EXPECT_EQ(c.timeout.count(), 0);
  EXPECT_TRUE(c.http_config.follow_redirects);
}

TEST(IncidentioConfigTest, FilesLimitsAndTimeout) {
  auto r = Parse(
      "url_file: /run/url\nalert_source_token_file: /run/tok\n"
      "max_alerts: 10\ntimeout: 30s\nsend_resolved: false\n");
  ASSERT_TRUE(r.ok()) << r.status();
  const IncidentioConfig& c = As(**r);
  EXPECT_FALSE(c.url.has_value());
  EXPECT_EQ(c.url_file, "/run/url");
  EXPECT_EQ(c.alert_source_token_file, "/run/tok");
  EXPECT_EQ(c.max_alerts, 10u);
  EXPECT_EQ(c.timeout.count(), 30'000'000'000);
  EXPECT_FALSE(c.SendResolved());
}

TEST(IncidentioConfigTest, WithoutTokenOrHttpConfigUsesGlobalHttp) {
  // Upstream validates before copying the global http_config in, so an entry
  // without token and without http_config is accepted.
  config::GlobalConfig g;
  g.http_config.follow_redirects = false;
  auto r = Parse("url: http://a/\n", g);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(As(**r).http_config.follow_redirects);
  auto auth = Parse(
      "url: http://a/\nhttp_config:\n  authorization:\n    credentials: c\n");
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ(As(**auth).http_config.authorization->credentials.value(), "c");
}

TEST(IncidentioConfigTest, Errors) {
  const std::string at = "am.yml:1: receivers[0].incidentio_configs[0]: ";
  EXPECT_EQ(Error("alert_source_token: t\n"),
            at + "one of url or url_file must be configured");
  EXPECT_EQ(Error("url: http://a/\nurl_file: /f\n"),
            at + "at most one of url & url_file must be configured");
  EXPECT_EQ(Error("url: http://a/\nalert_source_token: t\n"
                  "alert_source_token_file: /f\n"),
            at + "at most one of alert_source_token & alert_source_token_file "
                 "must be configured");
  EXPECT_EQ(Error("url: http://a/\nalert_source_token: t\nhttp_config:\n"
                  "  authorization:\n    credentials: c\n"),
            at + "cannot specify alert_source_token or "
                 "alert_source_token_file when using "
                 "http_config.authorization");
  EXPECT_EQ(Error("url: http://a/\nhttp_config: {follow_redirects: false}\n"),
            at + "at least one of alert_source_token, alert_source_token_file "
                 "or http_config.authorization must be configured");
  EXPECT_EQ(Error("url: ftp://a/\n"),
            "am.yml:1: receivers[0].incidentio_configs[0].url: unsupported "
            "scheme \"ftp\" for URL");
  EXPECT_EQ(Error("url: http://a/\nmax_alerts: -1\n"),
            "am.yml:2: receivers[0].incidentio_configs[0].max_alerts: cannot "
            "unmarshal !!int `-1` into uint64");
  EXPECT_EQ(Error("url: http://a/\ntimeout: 5x\n"),
            "am.yml:2: receivers[0].incidentio_configs[0].timeout: time: "
            "unknown unit \"x\" in duration \"5x\"");
  EXPECT_EQ(Error("url: http://a/\ntoken: t\n"),
            "am.yml:2: receivers[0].incidentio_configs[0]: field token not "
            "found in type config.plain");
}

TEST(IncidentioConfigTest, ToYaml) {
  auto r = Parse(
      "url: http://a/x\nalert_source_token: mysecret\n"
      "timeout: 90s\nmax_alerts: 3\n");
  ASSERT_TRUE(r.ok());
  YAML::Node y = (*r)->ToYaml();
  EXPECT_EQ(y["url"].as<std::string>(), "http://a/x");
  EXPECT_EQ(y["url_file"].as<std::string>(), "");
  EXPECT_EQ(y["alert_source_token"].as<std::string>(), "<secret>");
  EXPECT_EQ(y["max_alerts"].as<uint64_t>(), 3u);
  EXPECT_EQ(y["timeout"].as<std::string>(), "1m30s");
  EXPECT_EQ(YAML::Dump(y).find("mysecret"), std::string::npos);
  // url_file "" prints but reads back as unset.
  config::ParseContext ctx{"am.yml"};
  EXPECT_TRUE(ParseIncidentioConfig(y, "x", {}, ctx).ok());
}

}  // namespace
}  // namespace tocsin::notify::incidentio
