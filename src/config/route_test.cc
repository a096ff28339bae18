#include "config/route.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <string>

#include "config/parse_context.h"

namespace tocsin::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

ParseContext Ctx(
    model::MatcherParserMode mode = model::MatcherParserMode::kFallback) {
  ParseContext ctx;
  ctx.file = "am.yml";
  ctx.matcher_mode = mode;
  return ctx;
}

Result<std::shared_ptr<const Route>> Parse(
    const std::string& yaml,
    model::MatcherParserMode mode = model::MatcherParserMode::kFallback) {
  return ParseRoute(YAML::Load(yaml), "route", Ctx(mode));
}

std::string ErrorOf(
    const std::string& yaml,
    model::MatcherParserMode mode = model::MatcherParserMode::kFallback) {
  auto r = Parse(yaml, mode);
  if (r.ok()) return "<ok>";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(RouteTest, ParsesEveryField) {
  auto r = Parse(R"(receiver: team-X
group_by: [alertname, job]
match:
  owner: team-A
  n: 2
match_re:
  env: "produ.*"
matchers: ['b="2"', 'a=~"x.*",c!=3']
mute_time_intervals: [night]
active_time_intervals: [office]
continue: true
group_wait: 1m
group_interval: 2m30s
repeat_interval: 1d
labels:
  team: a
routes:
- receiver: child
- {}
)");
  ASSERT_TRUE(r.ok()) << r.status();
  const Route& route = **r;
  EXPECT_EQ(route.receiver, "team-X");
  EXPECT_THAT(route.group_by, ElementsAre("alertname", "job"));
  EXPECT_FALSE(route.group_by_all);
  EXPECT_THAT(route.match,
              ElementsAre(Pair("owner", "team-A"), Pair("n", "2")));
  ASSERT_EQ(route.match_re.size(), 1u);
  EXPECT_EQ(route.match_re[0].name, "env");
  EXPECT_EQ(route.match_re[0].original, "produ.*");
  ASSERT_EQ(route.matchers.size(), 3u);
  // Sorted by name.
  EXPECT_EQ(route.matchers[0].ToString(), "a=~\"x.*\"");
  EXPECT_EQ(route.matchers[1].ToString(), "b=\"2\"");
  EXPECT_EQ(route.matchers[2].ToString(), "c!=\"3\"");
  EXPECT_THAT(route.mute_time_intervals, ElementsAre("night"));
  EXPECT_THAT(route.active_time_intervals, ElementsAre("office"));
  EXPECT_TRUE(route.continue_matching);
  EXPECT_EQ(route.group_wait, std::chrono::minutes(1));
  EXPECT_EQ(route.group_interval, std::chrono::seconds(150));
  EXPECT_EQ(route.repeat_interval, std::chrono::hours(24));
  EXPECT_THAT(route.labels, ElementsAre(Pair("team", "a")));
  ASSERT_EQ(route.routes.size(), 2u);
  EXPECT_EQ(route.routes[0]->receiver, "child");
  EXPECT_EQ(route.routes[1]->receiver, "");
  EXPECT_FALSE(route.routes[1]->group_wait.has_value());
}

TEST(RouteTest, NullNodeIsEmptyRoute) {
  auto r = ParseRoute(YAML::Node(), "route", Ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->receiver, "");
  EXPECT_THAT((*r)->routes, IsEmpty());
}

TEST(RouteTest, GroupByWildcard) {
  auto r = Parse("group_by: ['...']");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE((*r)->group_by_all);
  EXPECT_THAT((*r)->group_by, IsEmpty());
}

TEST(RouteTest, GroupByWildcardMixedIsRefused) {
  EXPECT_EQ(ErrorOf("receiver: x\ngroup_by: ['...', foo]"),
            "am.yml:2: route.group_by: cannot have wildcard group_by (`...`) "
            "and other labels at the same time");
}

TEST(RouteTest, GroupByDuplicateIsRefused) {
  EXPECT_EQ(ErrorOf("group_by: [a, b, a]"),
            "am.yml:1: route.group_by: duplicated label \"a\" in group_by");
}

TEST(RouteTest, GroupByLabelNamePerMode) {
  EXPECT_EQ(ErrorOf("group_by: ['0foo']", model::MatcherParserMode::kClassic),
            "am.yml:1: route.group_by[0]: invalid label name \"0foo\" in "
            "group_by list");
  EXPECT_EQ(ErrorOf("group_by: ['0foo']"), "<ok>");
  EXPECT_EQ(ErrorOf("group_by: ['']"),
            "am.yml:1: route.group_by[0]: invalid label name \"\" in "
            "group_by list");
}

TEST(RouteTest, ZeroIntervalsAreRefused) {
  EXPECT_EQ(ErrorOf("group_interval: 0s"),
            "am.yml:1: route.group_interval: group_interval cannot be zero");
  EXPECT_EQ(ErrorOf("receiver: a\nrepeat_interval: 0"),
            "am.yml:2: route.repeat_interval: repeat_interval cannot be zero");
  // A zero group_wait is allowed.
  EXPECT_EQ(ErrorOf("group_wait: 0s"), "<ok>");
}

TEST(RouteTest, BadDuration) {
  EXPECT_EQ(ErrorOf("group_wait: 5x"),
            "am.yml:1: route.group_wait: not a valid duration string: \"5x\"");
}

TEST(RouteTest, UnknownFieldIsRefused) {
  EXPECT_EQ(ErrorOf("receiver: a\nrecevier: b"),
            "am.yml:2: route: field recevier not found in type config.plain");
}

TEST(RouteTest, UnknownFieldInChildNamesItsPath) {
  EXPECT_EQ(ErrorOf("routes:\n- receiver: a\n- foo: 1"),
            "am.yml:3: route.routes[1]: field foo not found in type "
            "config.plain");
}

TEST(RouteTest, NullMatchReValueIsRefused) {
  EXPECT_THAT(ErrorOf("routes:\n  - match_re:\n      invalid_label:\n"),
              HasSubstr("invalid regexp value for \"invalid_label\""));
}

TEST(RouteTest, BadMatchLabelName) {
  EXPECT_THAT(ErrorOf("match:\n  'a-b': c"),
              HasSubstr("invalid label name \"a-b\""));
  EXPECT_THAT(ErrorOf("match_re:\n  'a-b': c"),
              HasSubstr("invalid label name \"a-b\""));
}

TEST(RouteTest, BadRegex) {
  EXPECT_THAT(ErrorOf("match_re:\n  a: '(x'"),
              HasSubstr("error parsing regexp: missing closing )"));
}

TEST(RouteTest, BadMatcherString) {
  auto err = ErrorOf("matchers:\n  - 'a=b'\n  - '=b'");
  EXPECT_THAT(err, HasSubstr("am.yml:3: route.matchers[1]: "));
}

TEST(RouteTest, WrongTypes) {
  EXPECT_EQ(ErrorOf("receiver: [a]"),
            "am.yml:1: route.receiver: cannot unmarshal !!seq into string");
  EXPECT_EQ(ErrorOf("continue: maybe"),
            "am.yml:1: route.continue: cannot unmarshal !!str `maybe` into "
            "bool");
  EXPECT_THAT(ErrorOf("routes: {a: b}"),
              HasSubstr("route.routes: cannot unmarshal !!map"));
}

TEST(RouteTest, ChildErrorsComeBeforeParentGroupByChecks) {
  // Upstream decodes the children before checking the parent's group_by.
  EXPECT_EQ(ErrorOf("group_by: [a, a]\nroutes:\n- foo: 1"),
            "am.yml:3: route.routes[0]: field foo not found in type "
            "config.plain");
}

TEST(RouteTest, YamlRoundTrip) {
  auto r = Parse(R"(receiver: team-X
group_by: ['...']
match: {owner: team-A}
match_re: {env: "^(foo1|foo2|baz)$"}
matchers: ['{b="2", a=~"x.*"}']
mute_time_intervals: [night]
continue: false
group_wait: 90s
repeat_interval: 1w
labels: {team: a}
routes:
- receiver: child
  group_by: [x, y]
  continue: true
)");
  ASSERT_TRUE(r.ok()) << r.status();
  YAML::Emitter emitter;
  emitter << RouteToYaml(**r);
  auto again = Parse(emitter.c_str());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << emitter.c_str();
  const Route& a = **r;
  const Route& b = **again;
  EXPECT_EQ(a.receiver, b.receiver);
  EXPECT_EQ(a.group_by_all, b.group_by_all);
  EXPECT_EQ(a.match, b.match);
  ASSERT_EQ(b.match_re.size(), 1u);
  EXPECT_EQ(b.match_re[0].original, "^(foo1|foo2|baz)$");
  EXPECT_EQ(a.matchers, b.matchers);
  EXPECT_EQ(a.mute_time_intervals, b.mute_time_intervals);
  EXPECT_EQ(a.group_wait, b.group_wait);
  EXPECT_EQ(b.group_wait, std::chrono::seconds(90));
  EXPECT_EQ(a.repeat_interval, b.repeat_interval);
  EXPECT_FALSE(b.group_interval.has_value());
  EXPECT_EQ(a.labels, b.labels);
  ASSERT_EQ(b.routes.size(), 1u);
  EXPECT_THAT(b.routes[0]->group_by, ElementsAre("x", "y"));
  EXPECT_TRUE(b.routes[0]->continue_matching);
}

TEST(RouteTest, LabelNameRules) {
  EXPECT_TRUE(IsClassicLabelName("_foo1"));
  EXPECT_FALSE(IsClassicLabelName("0foo"));
  EXPECT_FALSE(IsClassicLabelName(""));
  EXPECT_TRUE(
      IsValidLabelNameForMode("0foo", model::MatcherParserMode::kUtf8Strict));
  EXPECT_FALSE(
      IsValidLabelNameForMode("0foo", model::MatcherParserMode::kClassic));
  EXPECT_FALSE(
      IsValidLabelNameForMode("\xff", model::MatcherParserMode::kFallback));
}

}  // namespace
}  // namespace tocsin::config
