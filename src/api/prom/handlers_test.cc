#include "api/prom/handlers.h"

#include <boost/json.hpp>

#include "api/router.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/remote_write.h"
#include "tsdb/db.h"

namespace tocsin::api::prom {
namespace {

using ::testing::HasSubstr;

class PromApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = tsdb::Db::Open(tsdb::Options{});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    PromApiDeps deps;
    deps.queryable = db_.get();
    deps.appendable = db_.get();
    deps.engine = &engine_;
    deps.metadata = &metadata_;
    deps.now_ms = [this] { return now_ms_; };
    endpoints_ = PromEndpoints(deps);
  }

  net::HttpResponse Call(
      const std::string& method, const std::string& target,
      std::string body = "",
      std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::HttpRequest req = net::HttpRequest::Make(method, target, body);
    for (auto& [k, v] : headers) req.headers.Add(k, v);
    std::string path = req.path;
    for (const Endpoint& e : endpoints_) {
      if (MethodName(e.method) != method) continue;
      PathParams params;
      const std::string prefix = "/api/v1/label/";
      if (e.path == "/api/v1/label/{name}/values" && path.starts_with(prefix) &&
          path.ends_with("/values")) {
        params.push_back(
            {"name",
             path.substr(prefix.size(), path.size() - prefix.size() - 7)});
      } else if (e.path != path) {
        continue;
      }
      return e.handler(ApiRequest{req, params});
    }
    ADD_FAILURE() << "no endpoint for " << method << " " << target;
    return {};
  }

  void Load() {
    // up{job="a"} and up{job="b"} every 15s from t=0 to t=300s.
    auto app = db_->NewAppender();
    for (int64_t t = 0; t <= 300000; t += 15000) {
      ASSERT_TRUE(
          app->Append(model::Labels{{"__name__", "up"}, {"job", "a"}}, t, 1)
              .ok());
      ASSERT_TRUE(
          app->Append(model::Labels{{"__name__", "up"}, {"job", "b"}}, t, 0)
              .ok());
      ASSERT_TRUE(app->Append(model::Labels{{"__name__", "requests_total"},
                                            {"job", "a"}},
                              t, static_cast<double>(t / 1000))
                      .ok());
    }
    ASSERT_TRUE(app->Commit().ok());
  }

  std::unique_ptr<tsdb::Db> db_;
  promql::Engine engine_;
  ingest::MetadataCache metadata_;
  int64_t now_ms_ = 300000;
  std::vector<Endpoint> endpoints_;
};

TEST_F(PromApiTest, NumberForms) {
  EXPECT_EQ(FormatTimestamp(1435781451781), "1435781451.781");
  EXPECT_EQ(FormatTimestamp(1435781451000), "1435781451");
  EXPECT_EQ(FormatTimestamp(1435781451100), "1435781451.1");
  EXPECT_EQ(FormatTimestamp(-1500), "-1.5");
  EXPECT_EQ(FormatValue(1), "1");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(1e21), "1000000000000000000000");
  EXPECT_EQ(FormatValue(-2.5e-7), "-0.00000025");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(ParseTimeParam("1435781451.781").value(), 1435781451781);
  EXPECT_EQ(ParseTimeParam("2015-07-01T20:10:51.781Z").value(), 1435781451781);
  EXPECT_EQ(ParseTimeParam("2015-07-01T22:10:51+02:00").value(), 1435781451000);
  EXPECT_FALSE(ParseTimeParam("yesterday").ok());
  EXPECT_FALSE(ParseTimeParam("2015-07-01").ok());
}

TEST_F(PromApiTest, InstantQueryShapes) {
  Load();
  net::HttpResponse r = Call("GET", "/api/v1/query?query=up&time=300");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            "\"result\":[{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},"
            "\"value\":[300,\"1\"]},{\"metric\":{\"__name__\":\"up\","
            "\"job\":\"b\"},\"value\":[300,\"0\"]}]}}");
  r = Call("GET", "/api/v1/query?query=1%2B1&time=12.5");
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
            "\"result\":[12.5,\"2\"]}}");
  // POST with a form body, as Grafana sends it.
  r = Call("POST", "/api/v1/query", "query=sum(up)&time=300",
           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            "\"result\":[{\"metric\":{},\"value\":[300,\"1\"]}]}}");
  r = Call("GET", "/api/v1/query?query=up%5B30s%5D&time=300");
  EXPECT_THAT(r.body, HasSubstr("\"resultType\":\"matrix\""));
  EXPECT_THAT(r.body, HasSubstr("\"values\":[[285,\"1\"],[300,\"1\"]]"));
}

TEST_F(PromApiTest, RangeQuery) {
  Load();
  net::HttpResponse r = Call(
      "GET",
      "/api/v1/query_range?query=sum%20by%20(job)%20(requests_total)&start="
      "120&end=180&step=30s");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
            "\"result\":[{\"metric\":{\"job\":\"a\"},\"values\":[[120,\"120\"],"
            "[150,\"150\"],[180,\"180\"]]}]}}");
}

TEST_F(PromApiTest, ErrorsHavePrometheusShape) {
  Load();
  net::HttpResponse r = Call("GET", "/api/v1/query?query=sum(up&time=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("\"status\":\"error\",\"errorType\":"
                                "\"bad_data\",\"error\":\"1:"));
  r = Call("GET", "/api/v1/query?time=1");
  EXPECT_EQ(r.status, 400);
  r = Call("GET", "/api/v1/query?query=up&time=notatime");
  EXPECT_EQ(r.body,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
            "\"invalid parameter \\\"time\\\": cannot parse \\\"notatime\\\" "
            "to a valid timestamp\"}");
  r = Call("GET", "/api/v1/query_range?query=up&start=10&end=5&step=1");
  EXPECT_THAT(r.body, HasSubstr("end timestamp must not be before start time"));
  r = Call("GET", "/api/v1/query_range?query=up&start=0&end=5&step=0");
  EXPECT_THAT(r.body, HasSubstr("zero or negative query resolution step"));
  r = Call("GET", "/api/v1/query_range?query=up&start=0&end=100000&step=1");
  EXPECT_THAT(r.body,
              HasSubstr("exceeded maximum resolution of 11,000 points"));
  r = Call("GET", "/api/v1/series");
  EXPECT_EQ(r.body,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no "
            "match[] parameter provided\"}");
}

TEST_F(PromApiTest, SeriesLabelsValues) {
  Load();
  net::HttpResponse r =
      Call("GET", "/api/v1/series?match[]=up&start=0&end=300");
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":"
            "\"a\"},{\"__name__\":\"up\",\"job\":\"b\"}]}");
  r = Call("GET", "/api/v1/labels");
  EXPECT_EQ(r.body, "{\"status\":\"success\",\"data\":[\"__name__\",\"job\"]}");
  r = Call("GET", "/api/v1/label/__name__/values");
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":[\"requests_total\",\"up\"]}");
  r = Call("GET", "/api/v1/label/job/values?match[]=requests_total");
  EXPECT_EQ(r.body, "{\"status\":\"success\",\"data\":[\"a\"]}");
}

TEST_F(PromApiTest, RemoteWriteAndImport) {
  ingest::WriteRequest req;
  req.series.push_back(
      {model::Labels{{"__name__", "rw"}, {"k", "v"}}, {{290000, 7}}, 0});
  req.metadata.push_back({"rw", ingest::MetricType::kGauge, "written", ""});
  std::string body = ingest::SnappyEncode(ingest::EncodeWriteRequest(req));
  net::HttpResponse r = Call("POST", "/api/v1/write", body,
                             {{"Content-Encoding", "snappy"},
                              {"Content-Type", "application/x-protobuf"},
                              {"X-Prometheus-Remote-Write-Version", "0.1.0"}});
  EXPECT_EQ(r.status, 204);
  r = Call("GET", "/api/v1/query?query=rw&time=300");
  EXPECT_THAT(r.body, HasSubstr("\"value\":[300,\"7\"]"));
  r = Call("GET", "/api/v1/metadata");
  EXPECT_EQ(r.body,
            "{\"status\":\"success\",\"data\":{\"rw\":[{\"type\":\"gauge\","
            "\"help\":\"written\",\"unit\":\"\"}]}}");

  // Malformed bodies: 400 and nothing appended.
  r = Call("POST", "/api/v1/write", "garbage",
           {{"Content-Encoding", "snappy"}});
  EXPECT_EQ(r.status, 400);
  std::string truncated = ingest::EncodeWriteRequest(req);
  truncated.resize(truncated.size() - 2);
  r = Call("POST", "/api/v1/write", ingest::SnappyEncode(truncated));
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("malformed remote write request"));

  r = Call("POST", "/api/v1/import/prometheus?extra_label=src=push",
           "# TYPE pushed counter\npushed{a=\"1\"} 5\n");
  EXPECT_EQ(r.status, 204) << r.body;
  r = Call("GET", "/api/v1/query?query=pushed&time=300");
  EXPECT_THAT(r.body, HasSubstr("\"src\":\"push\""));
  EXPECT_THAT(r.body, HasSubstr("\"value\":[300,\"5\"]"));
  r = Call("POST", "/api/v1/import/prometheus", "good 1\nbad{\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("line 2:"));
  r = Call("GET", "/api/v1/query?query=good&time=300");
  EXPECT_THAT(r.body, HasSubstr("\"result\":[]"));
}

}  // namespace
}  // namespace tocsin::api::prom
