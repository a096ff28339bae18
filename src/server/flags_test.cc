#include "server/flags.h"

#include <gtest/gtest.h>

#include "server/build_info.h"

namespace tocsin::server {
namespace {

Result<ParsedFlags> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "tocsin");
  return ParseServerFlags(args);
}

TEST(FlagsTest, DefaultsMatchAlertmanager) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->action, FlagAction::kRun);
  EXPECT_EQ(p->flags.config_file, "alertmanager.yml");
  EXPECT_EQ(p->flags.storage_path, "data/");
  EXPECT_EQ(p->flags.listen_address, ":9093");
  EXPECT_EQ(p->flags.external_url, "");
  EXPECT_EQ(p->flags.route_prefix, "");
  EXPECT_EQ(p->flags.log_level, LogLevel::kInfo);
  EXPECT_EQ(p->flags.log_format, LogFormat::kLogfmt);
  EXPECT_EQ(p->flags.features.MatcherMode(),
            model::MatcherParserMode::kFallback);
}

TEST(FlagsTest, EqualsAndSpaceForms) {
  auto p = Parse({"--config.file=a.yml", "--storage.path", "/tmp/x",
                  "--web.listen-address=127.0.0.1:0", "--web.external-url",
                  "http://h/am", "--web.route-prefix=/p", "--log.level=debug",
                  "--log.format", "json", "--enable-feature=classic-mode"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->flags.config_file, "a.yml");
  EXPECT_EQ(p->flags.storage_path, "/tmp/x");
  EXPECT_EQ(p->flags.listen_address, "127.0.0.1:0");
  EXPECT_EQ(p->flags.external_url, "http://h/am");
  EXPECT_EQ(p->flags.route_prefix, "/p");
  EXPECT_EQ(p->flags.log_level, LogLevel::kDebug);
  EXPECT_EQ(p->flags.log_format, LogFormat::kJson);
  EXPECT_TRUE(p->flags.features.classic_mode);
  EXPECT_EQ(p->flags.features.MatcherMode(),
            model::MatcherParserMode::kClassic);
}

TEST(FlagsTest, FeatureListsAndErrors) {
  auto p = Parse({"--enable-feature=utf8-strict-mode,receiver-name-in-metrics",
                  "--enable-feature", "auto-gomemlimit"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->flags.features.utf8_strict_mode);
  EXPECT_TRUE(p->flags.features.receiver_name_in_metrics);
  EXPECT_EQ(p->flags.features.MatcherMode(),
            model::MatcherParserMode::kUtf8Strict);

  p = Parse({"--enable-feature=bogus"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unknown option 'bogus' for --enable-feature");
  p = Parse({"--enable-feature=classic-mode,utf8-strict-mode"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "cannot have both classic and UTF-8 modes enabled");
}

TEST(FlagsTest, BadValuesAndUnknownFlags) {
  auto p = Parse({"--log.level=loud"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(
      p.status().message(),
      "unrecognized log level \"loud\" (one of: debug, info, warn, error)");
  p = Parse({"--log.format=xml"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unrecognized log format \"xml\" (one of: logfmt, json)");
  p = Parse({"--nope"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status().message().find("--nope"), std::string::npos)
      << p.status().message();
}

TEST(FlagsTest, AlertmanagerCompatibilityFlags) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->flags.data_retention, std::chrono::hours(120));
  EXPECT_EQ(p->flags.data_maintenance_interval, std::chrono::minutes(15));
  EXPECT_EQ(p->flags.alerts_gc_interval, std::chrono::minutes(30));
  EXPECT_EQ(p->flags.web_timeout, Duration::zero());
  EXPECT_EQ(p->flags.cluster_listen_address, "0.0.0.0:9094");

  p = Parse({"--data.retention=24h", "--alerts.gc-interval", "1m",
             "--cluster.listen-address=", "--cluster.peer=a:9094",
             "--cluster.peer", "b:9094", "--cluster.settle-timeout=10s",
             "--cluster.allow-insecure-public-advertise-address-discovery",
             "--web.get-concurrency=4"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->flags.data_retention, std::chrono::hours(24));
  EXPECT_EQ(p->flags.alerts_gc_interval, std::chrono::minutes(1));
  EXPECT_EQ(p->flags.cluster_listen_address, "");
  EXPECT_EQ(p->flags.cluster_peers,
            (std::vector<std::string>{"a:9094", "b:9094"}));
  EXPECT_EQ(p->flags.web_get_concurrency, 4);

  p = Parse({"--data.retention=5x"});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "invalid value for --data.retention: not a valid duration "
            "string: \"5x\"");
}

TEST(FlagsTest, VersionAndHelp) {
  auto p = Parse({"--version"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->action, FlagAction::kExit);
  EXPECT_EQ(p->exit_code, 0);
  EXPECT_EQ(p->output, VersionText(CurrentBuildInfo()));
  EXPECT_EQ(p->output.rfind("tocsin, version ", 0), 0u);
  p = Parse({"--help"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->action, FlagAction::kExit);
  EXPECT_NE(p->output.find("--config.file"), std::string::npos);
  EXPECT_NE(p->output.find("--enable-feature"), std::string::npos);
}

TEST(BuildInfoTest, VersionIsProjectVersion) {
  metrics::BuildInfo b = CurrentBuildInfo();
  EXPECT_EQ(b.version, "0.1.0");
  EXPECT_FALSE(b.revision.empty());
  EXPECT_EQ(VersionText({"1.2.3", "abc", "main"}),
            "tocsin, version 1.2.3 (branch: main, revision: abc)\n");
}

}  // namespace
}  // namespace tocsin::server
