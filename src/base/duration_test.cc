#include "base/duration.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(DurationTest, ParsesPrometheusGrammar) {
  EXPECT_EQ(*ParseDuration("0"), milliseconds(0));
  EXPECT_EQ(*ParseDuration("0s"), milliseconds(0));
  EXPECT_EQ(*ParseDuration("1h30m"), hours(1) + minutes(30));
  EXPECT_EQ(*ParseDuration("1w"), hours(24 * 7));
  EXPECT_EQ(*ParseDuration("1y"), hours(24 * 365));
  EXPECT_EQ(*ParseDuration("90s"), seconds(90));
  EXPECT_EQ(*ParseDuration("1d2h3m4s5ms"),
            hours(26) + minutes(3) + seconds(4) + milliseconds(5));
  EXPECT_EQ(*ParseDuration("500ms"), milliseconds(500));
}

TEST(DurationTest, RefusesMalformed) {
  EXPECT_EQ(ParseDuration("").status().message(), "empty duration string");
  EXPECT_EQ(ParseDuration("1x").status().message(),
            "not a valid duration string: \"1x\"");
  EXPECT_EQ(ParseDuration("5m1h").status().message(),
            "not a valid duration string: \"5m1h\"");
  EXPECT_FALSE(ParseDuration("1h1h").ok());
  EXPECT_FALSE(ParseDuration("h").ok());
  EXPECT_FALSE(ParseDuration("-1s").ok());
  EXPECT_FALSE(ParseDuration("1.5h").ok());
  EXPECT_EQ(ParseDuration("9999999999999999999y").status().message(),
            "duration out of range");
}

TEST(DurationTest, FormatsAsPrometheus) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(hours(1) + minutes(30)), "1h30m");
  EXPECT_EQ(FormatDuration(hours(24 * 7)), "1w");
  EXPECT_EQ(FormatDuration(hours(24 * 8)), "1w1d");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1s500ms");
  EXPECT_EQ(FormatDuration(minutes(5)), "5m");
}

TEST(DurationTest, RoundTrips) {
  for (const char* s : {"1h30m", "1w", "5m", "1y2w3d4h5m6s7ms", "10s"}) {
    EXPECT_EQ(FormatDuration(*ParseDuration(s)), s);
  }
}

}  // namespace
}  // namespace tocsin
