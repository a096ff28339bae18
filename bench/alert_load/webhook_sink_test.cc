#include "alert_load/webhook_sink.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "alert_load/http_connection.h"

namespace tocsin::bench {
namespace {

TEST(WebhookSinkTest, RecordsEachAlertInstanceOfAWebhookBody) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  auto sink = WebhookSink::Start();
  ASSERT_TRUE(sink.ok()) << sink.status();
  HttpConnection conn(std::chrono::seconds(10));
  const std::string url =
      "http://127.0.0.1:" + std::to_string((*sink)->port()) + "/hook";
  auto before = WebhookSink::Clock::now();
  auto r = conn.PostJson(
      url, R"({"version":"4","alerts":[{"labels":{"instance":"a"}},)"
           R"({"labels":{"instance":"b","x":"y"}},{"labels":{}}]})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  auto a = (*sink)->WaitFor("a", std::chrono::seconds(5));
  ASSERT_TRUE(a.has_value());
  EXPECT_GE(*a, before);
  EXPECT_TRUE((*sink)->WaitFor("b", std::chrono::seconds(5)).has_value());
  EXPECT_EQ((*sink)->requests(), 1);
  EXPECT_EQ((*sink)->alerts(), 3);
  EXPECT_EQ((*sink)->bad_bodies(), 0);

  // Same keep-alive connection; a body that is not webhook JSON is counted.
  r = conn.PostJson(url, "not json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ((*sink)->requests(), 2);
  EXPECT_EQ((*sink)->bad_bodies(), 1);

  (*sink)->Reset();
  EXPECT_EQ((*sink)->requests(), 0);
  EXPECT_FALSE((*sink)->WaitFor("a", std::chrono::milliseconds(1)).has_value());
}

}  // namespace
}  // namespace tocsin::bench
