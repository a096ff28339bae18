#include "api/builtin_endpoints.h"

#include <gtest/gtest.h>

#include "api/router.h"

namespace tocsin::api {
namespace {

TEST(HealthTest, HealthyAndReadyAnswerOK) {
  bool ready = false;
  Router r(HealthEndpoints([&] { return ready; }));
  net::HttpResponse res = r.Handle(net::HttpRequest::Make("GET", "/-/healthy"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "OK");
  EXPECT_EQ(res.headers.Get("Content-Type"), "text/plain; charset=utf-8");
  res = r.Handle(net::HttpRequest::Make("GET", "/-/ready"));
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(res.body, "Not ready");
  ready = true;
  res = r.Handle(net::HttpRequest::Make("GET", "/-/ready"));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "OK");
  res = r.Handle(net::HttpRequest::Make("HEAD", "/-/healthy"));
  EXPECT_EQ(res.status, 200);
}

TEST(MetricsEndpointTest, ExposesRegistry) {
  metrics::Registry registry;
  registry.AddCounter("x_total", "X.").Inc(2);
  Endpoint e = MetricsEndpoint(registry);
  net::HttpRequest req = net::HttpRequest::Make("GET", "/metrics");
  net::HttpResponse res = e.handler(ApiRequest{req, {}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.Get("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(res.body, "# HELP x_total X.\n# TYPE x_total counter\nx_total 2\n");
  EXPECT_FALSE(e.mutates_state);
}

}  // namespace
}  // namespace tocsin::api
