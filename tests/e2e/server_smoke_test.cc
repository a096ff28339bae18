// Smoke test of the tocsin binary ($TOCSIN_BINARY_DIR/src/main/tocsin): it
// starts with examples/alertmanager.yml on a free port, answers the health
// endpoints and exposes its own and the process metrics, and stops cleanly
// on SIGTERM.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <string>

#include "e2e/harness/http_client.h"
#include "e2e/harness/servers.h"

namespace tocsin::e2e {
namespace {

using ::testing::HasSubstr;

std::filesystem::path ExampleConfig() {
  const char* src = std::getenv("TOCSIN_SOURCE_DIR");
  return std::filesystem::path(src != nullptr ? src : ".") /
         "examples/alertmanager.yml";
}

TEST(ServerSmokeTest, ServesHealthReadyAndMetricsWithTheExampleConfig) {
  TocsinOptions options;
  options.config_path = ExampleConfig();
  ASSERT_TRUE(std::filesystem::exists(options.config_path))
      << options.config_path;
  auto tocsin = StartTocsin(options);
  ASSERT_TRUE(tocsin.ok()) << tocsin.status();
  Server& server = **tocsin;

  auto healthy = HttpGet(server.url() + "/-/healthy");
  ASSERT_TRUE(healthy.ok()) << healthy.status() << server.DumpLog();
  EXPECT_EQ(healthy->status, 200) << healthy->body;

  auto ready = HttpGet(server.url() + "/-/ready");
  ASSERT_TRUE(ready.ok()) << ready.status() << server.DumpLog();
  EXPECT_EQ(ready->status, 200) << ready->body;

  auto metrics = HttpGet(server.url() + "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status() << server.DumpLog();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_THAT(metrics->content_type, HasSubstr("text/plain"));
  EXPECT_THAT(metrics->body, HasSubstr("\ntocsin_build_info{"));
  EXPECT_THAT(metrics->body, HasSubstr("\nprocess_resident_memory_bytes "));

  // SIGTERM is a clean shutdown (exit code 0).
  EXPECT_EQ(server.Stop(), 0) << server.DumpLog();
}

TEST(ServerSmokeTest, RefusesAnInvalidConfig) {
  TocsinOptions options;
  options.config_yaml =
      "route:\n  receiver: missing\nreceivers:\n  - name: default\n";
  options.ready_timeout = std::chrono::seconds(10);
  auto tocsin = StartTocsin(options);
  ASSERT_FALSE(tocsin.ok());
  EXPECT_THAT(tocsin.status().message(),
              HasSubstr("exited before it was ready"));
  // The log quotes the error logfmt-style: \"missing\".
  EXPECT_THAT(tocsin.status().message(), HasSubstr("exited with 1"));
  EXPECT_THAT(
      tocsin.status().message(),
      HasSubstr(
          R"(route.receiver: undefined receiver \"missing\" used in route)"));
}

}  // namespace
}  // namespace tocsin::e2e
