#include "net/http_types.h"

#include <gtest/gtest.h>

namespace tocsin::net {
namespace {

TEST(HeadersTest, CaseInsensitiveLookupAndSet) {
  Headers h;
  h.Add("Content-Type", "a");
  h.Add("X-Multi", "1");
  h.Add("x-multi", "2");
  EXPECT_EQ(h.Get("content-type"), "a");
  EXPECT_EQ(h.GetAll("X-MULTI"), (std::vector<std::string_view>{"1", "2"}));
  EXPECT_FALSE(h.Get("missing").has_value());
  h.Set("X-Multi", "3");
  EXPECT_EQ(h.GetAll("x-multi"), (std::vector<std::string_view>{"3"}));
  h.Remove("CONTENT-TYPE");
  EXPECT_FALSE(h.Has("Content-Type"));
  EXPECT_EQ(h.size(), 1u);
}

TEST(ParseQueryTest, DecodesLikeGo) {
  QueryParams q =
      ParseQuery("filter=a%3D%22b%22&filter=c+d&empty=&flag&&x=%zz");
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"filter", "a=\"b\""}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"filter", "c d"}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(q[4], (std::pair<std::string, std::string>{"x", "%zz"}));
}

TEST(PercentDecodeTest, PlusAndErrors) {
  EXPECT_EQ(PercentDecode("a+b%20c", false), "a+b c");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_FALSE(PercentDecode("%2", false).has_value());
  EXPECT_FALSE(PercentDecode("%g0", false).has_value());
}

TEST(HttpRequestTest, MakeSplitsTarget) {
  HttpRequest r =
      HttpRequest::Make("GET", "/api/v2/alerts?active=true&filter=a&filter=b");
  EXPECT_EQ(r.path, "/api/v2/alerts");
  EXPECT_EQ(r.QueryParam("active"), "true");
  EXPECT_EQ(r.QueryParamAll("filter"),
            (std::vector<std::string_view>{"a", "b"}));
  EXPECT_FALSE(r.QueryParam("silenced").has_value());
  HttpRequest plain = HttpRequest::Make("POST", "/x", "body");
  EXPECT_EQ(plain.path, "/x");
  EXPECT_TRUE(plain.query.empty());
  EXPECT_EQ(plain.body, "body");
}

TEST(HttpResponseTest, Helpers) {
  HttpResponse t = HttpResponse::Text(404, "nope");
  EXPECT_EQ(t.status, 404);
  EXPECT_EQ(t.headers.Get("content-type"), "text/plain; charset=utf-8");
  HttpResponse j = HttpResponse::Json(200, "{}");
  EXPECT_EQ(j.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(StatusReason(413), "Request Entity Too Large");
  EXPECT_EQ(StatusReason(599), "");
}

}  // namespace
}  // namespace tocsin::net
