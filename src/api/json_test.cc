#include "api/json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tocsin::api {
namespace {

TEST(JsonTest, ParseAndSerialize) {
  auto v = ParseJson(R"({"a": [1, "x", true], "b": null})");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(ToJson(*v), R"({"a":[1,"x",true],"b":null})");
  auto bad = ParseJson("{");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonTest, ErrorResponseMapsStatus) {
  net::HttpResponse r = ErrorResponse(NotFoundError("silence abc not found"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "\"silence abc not found\"");
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json");
  r = ErrorResponse(ResourceExhaustedError("queue full"), 5);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.Get("Retry-After"), "5");
  EXPECT_EQ(HttpStatusFor(InvalidArgumentError("x")), 400);
  EXPECT_EQ(HttpStatusFor(UnavailableError("x")), 503);
  EXPECT_EQ(HttpStatusFor(InternalError("x")), 500);
  EXPECT_EQ(HttpStatusFor(Status::Ok()), 200);
}

}  // namespace
}  // namespace tocsin::api
