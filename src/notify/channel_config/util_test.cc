#include "notify/channel_config/util.h"

#include <gtest/gtest.h>

namespace tocsin::notify::channel_config {
namespace {

using std::chrono::nanoseconds;

TEST(ParseGoDurationTest, ParsesGoSyntax) {
  EXPECT_EQ(*ParseGoDuration("1m30s"), nanoseconds(90'000'000'000));
  EXPECT_EQ(*ParseGoDuration("1.5h"), nanoseconds(5'400'000'000'000));
  EXPECT_EQ(*ParseGoDuration("300ms"), nanoseconds(300'000'000));
  EXPECT_EQ(*ParseGoDuration("0"), nanoseconds(0));
  EXPECT_EQ(*ParseGoDuration("-2s"), nanoseconds(-2'000'000'000));
}

TEST(ParseGoDurationTest, RefusesBadText) {
  EXPECT_EQ(ParseGoDuration("1d").status().message(),
            "time: unknown unit \"d\" in duration \"1d\"");
  EXPECT_EQ(ParseGoDuration("10").status().message(),
            "time: missing unit in duration \"10\"");
  EXPECT_EQ(ParseGoDuration("").status().message(),
            "time: invalid duration \"\"");
}

TEST(FormatGoDurationTest, FormatsAsGo) {
  EXPECT_EQ(FormatGoDuration(nanoseconds(0)), "0s");
  EXPECT_EQ(FormatGoDuration(nanoseconds(60'000'000'000)), "1m0s");
  EXPECT_EQ(FormatGoDuration(nanoseconds(3'600'000'000'000)), "1h0m0s");
  EXPECT_EQ(FormatGoDuration(nanoseconds(1'500'000'000)), "1.5s");
  EXPECT_EQ(FormatGoDuration(nanoseconds(300'000'000)), "300ms");
}

TEST(EntryReaderTest, AbsentGivesFallbackExplicitNullGivesZero) {
  config::ParseContext ctx{"a.yml"};
  YAML::Node n = YAML::Load("s:\nb: ~\ni: null\nu:\nd:\n");
  EntryReader r(ctx, n, "x");
  EXPECT_TRUE(r.IsNull("s"));
  EXPECT_FALSE(r.IsNull("absent"));
  EXPECT_FALSE(r.Has("s"));
  EXPECT_EQ(*r.String("s", "default"), "");
  EXPECT_EQ(*r.String("absent", "default"), "default");
  EXPECT_EQ(*r.Bool("b", true), false);
  EXPECT_EQ(*r.Bool("absent", true), true);
  EXPECT_EQ(*r.Int("i", 7), 0);
  EXPECT_EQ(*r.Uint("u", 7), 0u);
  EXPECT_EQ(*r.GoDuration("d", nanoseconds(5)), nanoseconds(0));
  EXPECT_EQ(*r.GoDuration("absent", nanoseconds(5)), nanoseconds(5));
}

TEST(EntryReaderTest, RefusesUnknownField) {
  config::ParseContext ctx{"a.yml"};
  YAML::Node n = YAML::Load("x: 1\nbogus: 2\n");
  EntryReader r(ctx, n, "receivers[0].foo_configs[0]");
  EXPECT_EQ(r.CheckKnown({"x"}).message(),
            "a.yml:2: receivers[0].foo_configs[0]: field bogus not found in "
            "type config.plain");
}

TEST(EntryReaderTest, UrlChecksScheme) {
  config::ParseContext ctx{"a.yml"};
  YAML::Node n = YAML::Load("u: ftp://x/\ns: <secret>\n");
  EntryReader r(ctx, n, "p");
  EXPECT_EQ(r.Url("u", false).status().message(),
            "a.yml:1: p.u: unsupported scheme \"ftp\" for URL");
  auto s = r.Url("s", true);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->text, "");
}

}  // namespace
}  // namespace tocsin::notify::channel_config
