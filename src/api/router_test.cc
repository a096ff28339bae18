#include "api/router.h"

#include <gtest/gtest.h>

namespace tocsin::api {
namespace {

Handler Reply(std::string tag) {
  return [tag](const ApiRequest& r) {
    std::string body = tag;
    for (const auto& [n, v] : r.params) body += " " + n + "=" + v;
    return net::HttpResponse::Text(200, body);
  };
}

std::vector<Endpoint> Table() {
  return {
      {Method::kGet, "/api/v2/silence/{id}", Reply("get-silence"), false, ""},
      {Method::kDelete, "/api/v2/silence/{id}", Reply("del-silence"), true, ""},
      {Method::kGet, "/api/v2/silences", Reply("list"), false, ""},
      {Method::kPost, "/api/v2/silences", Reply("post"), true, ""},
      {Method::kGet, "/api/v2/silence/special", Reply("exact"), false, ""},
      {Method::kGet, "/a/{x}/b/{y}", Reply("two"), false, ""},
  };
}

net::HttpResponse Call(const Router& r, std::string method,
                       std::string target) {
  return r.Handle(net::HttpRequest::Make(std::move(method), std::move(target)));
}

TEST(RouterTest, ExactBeforePatternAndParams) {
  Router r(Table());
  EXPECT_EQ(Call(r, "GET", "/api/v2/silence/special").body, "exact");
  EXPECT_EQ(Call(r, "GET", "/api/v2/silence/abc-1").body,
            "get-silence id=abc-1");
  EXPECT_EQ(Call(r, "DELETE", "/api/v2/silence/abc-1").body,
            "del-silence id=abc-1");
  EXPECT_EQ(Call(r, "GET", "/a/1/b/x%2Fy?q=1").body, "two x=1 y=x/y");
  EXPECT_EQ(Call(r, "POST", "/api/v2/silences").body, "post");
}

TEST(RouterTest, UnknownPathIs404) {
  Router r(Table());
  for (const char* target : {"/nope", "/api/v2/silence/", "/api/v2/silence/a/b",
                             "/api/v2/silences/"}) {
    net::HttpResponse res = Call(r, "GET", target);
    EXPECT_EQ(res.status, 404) << target;
    EXPECT_EQ(res.body, "404 page not found\n") << target;
    EXPECT_EQ(res.headers.Get("X-Content-Type-Options"), "nosniff");
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router r(Table());
  net::HttpResponse res = Call(r, "PUT", "/api/v2/silences");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.body, "Method Not Allowed\n");
  EXPECT_EQ(res.headers.Get("Allow"), "GET, HEAD, POST");
  res = Call(r, "POST", "/api/v2/silence/x");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers.Get("Allow"), "DELETE, GET, HEAD");
  res = Call(r, "BREW", "/api/v2/silences");
  EXPECT_EQ(res.status, 405);
}

TEST(RouterTest, HeadServedAsGet) {
  Router r(Table());
  net::HttpResponse res = Call(r, "HEAD", "/api/v2/silences");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "list");  // The server drops the body for HEAD.
}

TEST(RouterTest, RoutePrefix) {
  Router r(Table(), RouterOptions{"/am/"});
  EXPECT_EQ(r.route_prefix(), "/am");
  EXPECT_EQ(Call(r, "GET", "/am/api/v2/silences").body, "list");
  EXPECT_EQ(Call(r, "GET", "/api/v2/silences").status, 404);
  EXPECT_EQ(Call(r, "GET", "/amx/api/v2/silences").status, 404);
  Router none(Table(), RouterOptions{"/"});
  EXPECT_EQ(none.route_prefix(), "");
  EXPECT_EQ(Call(none, "GET", "/api/v2/silences").body, "list");
}

TEST(MatchPatternTest, Segments) {
  PathParams p;
  EXPECT_TRUE(MatchPattern("/x/{id}", "/x/7", &p));
  EXPECT_EQ(p, (PathParams{{"id", "7"}}));
  EXPECT_FALSE(MatchPattern("/x/{id}", "/x/", &p));
  EXPECT_FALSE(MatchPattern("/x/{id}", "/x/%zz", &p));
  EXPECT_FALSE(MatchPattern("/x/{id}", "/y/7", &p));
}

}  // namespace
}  // namespace tocsin::api

namespace tocsin::api {
namespace {

TEST(RouterOpenApiTest, MissesUnderTheApiPrefixAnswerAsGoOpenApi) {
  std::vector<Endpoint> e = {
      {Method::kGet, "/api/v2/alerts",
       [](const ApiRequest&) { return net::HttpResponse::Text(200, "g"); },
       false, ""},
      {Method::kPost, "/api/v2/alerts",
       [](const ApiRequest&) { return net::HttpResponse::Text(200, "p"); },
       true, ""}};
  Router r(e, RouterOptions{"", {"/api/v2"}});
  net::HttpResponse res =
      r.Handle(net::HttpRequest::Make("GET", "/api/v2/nope", ""));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body,
            R"({"code":404,"message":"path /api/v2/nope was not found"})");
  EXPECT_EQ(res.headers.Get("Content-Type"), "application/json");
  res = r.Handle(net::HttpRequest::Make("PUT", "/api/v2/alerts", ""));
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(
      res.body,
      R"({"code":405,"message":"method PUT is not allowed, but [GET,POST] are"})");
  EXPECT_EQ(res.headers.Get("Allow"), "GET,POST");
  // Outside the prefix: Go's plain answers.
  res = r.Handle(net::HttpRequest::Make("GET", "/api/v3", ""));
  EXPECT_EQ(res.body, "404 page not found\n");
}

}  // namespace
}  // namespace tocsin::api
