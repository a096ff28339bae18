#include "server/web.h"

#include <gtest/gtest.h>

#include <sstream>

#include "runtime/testing/manual_clock.h"
#include "server/log.h"

namespace tocsin::server {
namespace {

TEST(ExternalUrlTest, DerivedAndExplicit) {
  EXPECT_EQ(ExternalUrl("myhost", ":9093", "").value(), "http://myhost:9093");
  EXPECT_EQ(ExternalUrl("h", ":9093", "https://am.example.com/alerts/").value(),
            "https://am.example.com/alerts");
  auto bad = ExternalUrl("h", ":9093", "ftp://x/");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "\"ftp://x/\": invalid \"ftp\" scheme, only 'http' and 'https' "
            "are supported");
}

TEST(RoutePrefixTest, FlagOverridesExternalPath) {
  EXPECT_EQ(RoutePrefix("", "http://h:9093"), "/");
  EXPECT_EQ(RoutePrefix("", "http://h/am"), "/am");
  EXPECT_EQ(RoutePrefix("/x/", "http://h/am"), "/x");
  EXPECT_EQ(RoutePrefix("x", "http://h"), "/x");
}

TEST(EndpointsTest, TableRows) {
  metrics::Registry registry;
  WebOptions o;
  o.reload = [] { return InvalidArgumentError("bad.yml:3: route: oops"); };
  std::vector<api::Endpoint> e = BuildEndpoints(o, registry);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].path, "/-/healthy");
  EXPECT_EQ(e[1].path, "/-/ready");
  EXPECT_EQ(e[2].path, "/metrics");
  EXPECT_EQ(e[3].path, "/-/reload");
  EXPECT_TRUE(e[3].mutates_state);
  net::HttpRequest req = net::HttpRequest::Make("POST", "/-/reload");
  net::HttpResponse res = e[3].handler(api::ApiRequest{req, {}});
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body, "failed to reload config: bad.yml:3: route: oops\n");
}

TEST(LoggerTest, LogfmtAndJsonLines) {
  runtime::ManualClock clock;
  std::ostringstream out;
  Logger logfmt(out, clock, LogLevel::kInfo, LogFormat::kLogfmt);
  logfmt.Debug("dropped");
  logfmt.Info("Starting tocsin", {{"version", "0.1.0"}, {"err", "a \"b\""}});
  EXPECT_EQ(out.str(),
            "time=2024-01-01T00:00:00.000Z level=info msg=\"Starting tocsin\" "
            "version=0.1.0 err=\"a \\\"b\\\"\"\n");
  out.str("");
  Logger json(out, clock, LogLevel::kDebug, LogFormat::kJson);
  json.Warn("x", {{"k", "v"}});
  EXPECT_EQ(out.str(),
            "{\"time\":\"2024-01-01T00:00:00.000Z\",\"level\":\"warn\","
            "\"msg\":\"x\",\"k\":\"v\"}\n");
}

}  // namespace
}  // namespace tocsin::server
