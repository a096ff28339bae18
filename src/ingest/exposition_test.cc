#include "ingest/exposition.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "series/series.h"

namespace tocsin::ingest {
namespace {

using ::testing::HasSubstr;

Exposition MustParse(std::string_view body,
                     ExpositionFormat f = ExpositionFormat::kPrometheusText) {
  auto r = ParseExposition(body, f);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : Exposition{};
}

std::string ErrorOf(std::string_view body,
                    ExpositionFormat f = ExpositionFormat::kPrometheusText) {
  auto r = ParseExposition(body, f);
  EXPECT_FALSE(r.ok()) << "parsed: " << body;
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(Exposition, TextFormatSamplesAndMetadata) {
  Exposition e = MustParse(
      "# HELP http_requests_total The total number of HTTP requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "\n"
      "# A normal comment.\n"
      "  metric_without_timestamp_and_labels 12.47\n"
      "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
      "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\","
      "error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
      "trailing_comma{a=\"1\",} 0x1p-2\n");
  ASSERT_EQ(e.samples.size(), 6u);
  EXPECT_EQ(
      e.samples[0].labels.ToString(),
      "{__name__=\"http_requests_total\", code=\"200\", method=\"post\"}");
  EXPECT_EQ(e.samples[0].value, 1027);
  EXPECT_EQ(e.samples[0].timestamp_ms, 1395066363000);
  EXPECT_EQ(e.samples[2].labels.Get("__name__"),
            "metric_without_timestamp_and_labels");
  EXPECT_FALSE(e.samples[2].timestamp_ms.has_value());
  EXPECT_TRUE(std::isinf(e.samples[3].value));
  EXPECT_EQ(e.samples[3].timestamp_ms, -3982045);
  EXPECT_EQ(e.samples[4].labels.Get("path"), "C:\\DIR\\FILE.TXT");
  EXPECT_EQ(e.samples[4].labels.Get("error"),
            "Cannot find file:\n\"FILE.TXT\"");
  EXPECT_EQ(e.samples[5].value, 0.25);
  ASSERT_EQ(e.metadata.size(), 1u);
  EXPECT_EQ(e.metadata[0].family, "http_requests_total");
  EXPECT_EQ(e.metadata[0].type, MetricType::kCounter);
  EXPECT_EQ(e.metadata[0].help, "The total number of HTTP requests.");
}

TEST(Exposition, EmptyLabelValueMeansAbsent) {
  Exposition e = MustParse("x{a=\"\",b=\"1\"} 1\n");
  ASSERT_EQ(e.samples.size(), 1u);
  EXPECT_FALSE(e.samples[0].labels.Has("a"));
  EXPECT_EQ(e.samples[0].labels.size(), 2u);
}

TEST(Exposition, SpecialValues) {
  Exposition e = MustParse("a NaN\nb -Inf\nc +inf\nd 1e-3\ne -0\n");
  ASSERT_EQ(e.samples.size(), 5u);
  EXPECT_TRUE(std::isnan(e.samples[0].value));
  EXPECT_FALSE(series::IsStaleNaN(e.samples[0].value));
  EXPECT_TRUE(std::isinf(e.samples[1].value) && e.samples[1].value < 0);
  EXPECT_TRUE(std::isinf(e.samples[2].value) && e.samples[2].value > 0);
  EXPECT_DOUBLE_EQ(e.samples[3].value, 0.001);
  EXPECT_TRUE(std::signbit(e.samples[4].value));
}

TEST(Exposition, Utf8QuotedNames) {
  Exposition e = MustParse(
      "# TYPE \"my.metric\" gauge\n"
      "{\"my.metric\", \"service.name\"=\"api\"} 3\n");
  ASSERT_EQ(e.samples.size(), 1u);
  EXPECT_EQ(e.samples[0].labels.Get("__name__"), "my.metric");
  EXPECT_EQ(e.samples[0].labels.Get("service.name"), "api");
  EXPECT_EQ(e.metadata[0].family, "my.metric");
  EXPECT_EQ(e.metadata[0].type, MetricType::kGauge);

  ParseOptions classic;
  classic.utf8_names = false;
  auto r = ParseExposition("{\"my.metric\"} 3\n",
                           ExpositionFormat::kPrometheusText, classic);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("line 1:"));
}

TEST(Exposition, ErrorsNameTheLine) {
  EXPECT_EQ(ErrorOf("ok 1\nbroken\n"),
            "line 2: expected a value after metric \"broken\", got end of "
            "line");
  EXPECT_THAT(ErrorOf("ok 1\n\nx{a=\"1\"} oops\n"),
              HasSubstr("line 3: expected a value after metric \"x\", got "
                        "\"oops\""));
  EXPECT_THAT(
      ErrorOf("x{a=\"1\",a=\"2\"} 1\n"),
      HasSubstr("line 1: label name \"a\" given twice for metric \"x\""));
  EXPECT_THAT(ErrorOf("x{a=\"1} 1\n"),
              HasSubstr("line 1: unterminated quoted string"));
  EXPECT_THAT(ErrorOf("x{a=1} 1\n"), HasSubstr("line 1: expected '\"'"));
  EXPECT_THAT(ErrorOf("x{1a=\"1\"} 1\n"),
              HasSubstr("line 1: expected a label name"));
  EXPECT_THAT(ErrorOf("x 1 12.5\n"),
              HasSubstr("line 1: expected an integer timestamp"));
  EXPECT_THAT(ErrorOf("x 1 2 3\n"), HasSubstr("line 1: unexpected"));
  EXPECT_THAT(ErrorOf("# TYPE x countr\n"),
              HasSubstr("line 1: invalid metric type \"countr\" for \"x\""));
  EXPECT_THAT(ErrorOf("x{} 0x10\n"), HasSubstr("line 1:"));
  EXPECT_THAT(ErrorOf("x{__name__=\"y\"} 1\n"), HasSubstr("__name__"));
}

TEST(Exposition, OpenMetrics) {
  Exposition e = MustParse(
      "# TYPE acme_http_router_request_seconds summary\n"
      "# UNIT acme_http_router_request_seconds seconds\n"
      "# HELP acme_http_router_request_seconds Latency though all of ACME's "
      "HTTP request router.\n"
      "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} "
      "9036.32 1520879607.789\n"
      "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n"
      "# EOF\n",
      ExpositionFormat::kOpenMetrics);
  ASSERT_EQ(e.samples.size(), 2u);
  EXPECT_EQ(e.samples[0].timestamp_ms, 1520879607789);
  EXPECT_EQ(e.samples[1].value, 17.0);
  ASSERT_EQ(e.metadata.size(), 1u);
  EXPECT_EQ(e.metadata[0].type, MetricType::kSummary);
  EXPECT_EQ(e.metadata[0].unit, "seconds");

  EXPECT_THAT(ErrorOf("a 1\n", ExpositionFormat::kOpenMetrics),
              HasSubstr("missing # EOF"));
  EXPECT_THAT(ErrorOf("a 1\n# EOF\nb 2\n", ExpositionFormat::kOpenMetrics),
              HasSubstr("line 3: data after # EOF"));
  EXPECT_THAT(ErrorOf("a 1\n\n# EOF\n", ExpositionFormat::kOpenMetrics),
              HasSubstr("line 2: empty line"));
  EXPECT_THAT(ErrorOf("# hello\n# EOF\n", ExpositionFormat::kOpenMetrics),
              HasSubstr("line 1: unexpected comment"));
}

TEST(Exposition, FormatFromContentType) {
  EXPECT_EQ(FormatFromContentType(
                "application/openmetrics-text; version=1.0.0; charset=utf-8"),
            ExpositionFormat::kOpenMetrics);
  EXPECT_EQ(FormatFromContentType("text/plain; version=0.0.4"),
            ExpositionFormat::kPrometheusText);
  EXPECT_EQ(FormatFromContentType(""), ExpositionFormat::kPrometheusText);
}

TEST(ParseGoFloat, AcceptsWhatGoAccepts) {
  EXPECT_EQ(ParseGoFloat("1"), 1.0);
  EXPECT_EQ(ParseGoFloat("-1.5e3"), -1500.0);
  EXPECT_EQ(ParseGoFloat(".5"), 0.5);
  EXPECT_EQ(ParseGoFloat("0x1p4"), 16.0);
  EXPECT_TRUE(std::isinf(*ParseGoFloat("Infinity")));
  EXPECT_TRUE(std::isnan(*ParseGoFloat("nan")));
  EXPECT_EQ(ParseGoFloat(""), std::nullopt);
  EXPECT_EQ(ParseGoFloat("0x10"), std::nullopt);  // hex needs p exponent
  EXPECT_EQ(ParseGoFloat("nan(1)"), std::nullopt);
  EXPECT_EQ(ParseGoFloat(" 1"), std::nullopt);
  EXPECT_EQ(ParseGoFloat("1e999"), std::nullopt);  // out of range
  EXPECT_EQ(ParseGoFloat("abc"), std::nullopt);
  EXPECT_EQ(ParseGoFloat("+"), std::nullopt);
}

}  // namespace
}  // namespace tocsin::ingest
