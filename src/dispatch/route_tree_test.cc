#include "dispatch/route_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "config/parse_context.h"
#include "config/route.h"

namespace tocsin::dispatch {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The tree of upstream's TestRouteMatch (dispatch/route_test.go).
constexpr char kLegacyTree[] = R"(
receiver: 'notify-def'
routes:
- match:
    owner: 'team-A'
  receiver: 'notify-A'
  routes:
  - match:
      env: 'testing'
    receiver: 'notify-testing'
    group_by: [...]
  - match:
      env: "production"
    receiver: 'notify-productionA'
    group_wait: 1m
    continue: true
  - match_re:
      env: "produ.*"
      job: ".*"
    receiver: 'notify-productionB'
    group_wait: 30s
    group_interval: 5m
    repeat_interval: 1h
    group_by: ['job']
- match_re:
    owner: 'team-(B|C)'
  group_by: ['foo', 'bar']
  group_wait: 2m
  receiver: 'notify-BC'
- match:
    group_by: 'role'
  group_by: ['role']
  routes:
  - match:
      env: 'testing'
    receiver: 'notify-testing'
    routes:
    - match:
        wait: 'long'
      group_wait: 2m
)";

std::unique_ptr<RouteTree> MustBuild(const std::string& yaml) {
  config::ParseContext ctx;
  ctx.file = "test.yml";
  auto route = config::ParseRoute(YAML::Load(yaml), "route", ctx);
  EXPECT_TRUE(route.ok()) << route.status();
  if (!route.ok()) return nullptr;
  auto tree = RouteTree::Build(**route);
  EXPECT_TRUE(tree.ok()) << tree.status();
  if (!tree.ok()) return nullptr;
  return std::move(tree).value();
}

std::vector<std::string> Receivers(const std::vector<const RouteNode*>& nodes) {
  std::vector<std::string> out;
  for (const RouteNode* n : nodes) out.push_back(n->opts().receiver);
  return out;
}

std::vector<std::string> Keys(const std::vector<const RouteNode*>& nodes) {
  std::vector<std::string> out;
  for (const RouteNode* n : nodes) out.push_back(n->Key());
  return out;
}

TEST(RouteTreeTest, RootDefaults) {
  auto tree = MustBuild("receiver: r");
  ASSERT_NE(tree, nullptr);
  const RouteOpts& o = tree->root().opts();
  EXPECT_EQ(o.receiver, "r");
  EXPECT_THAT(o.group_by, IsEmpty());
  EXPECT_FALSE(o.group_by_all);
  EXPECT_EQ(o.group_wait, std::chrono::seconds(30));
  EXPECT_EQ(o.group_interval, std::chrono::minutes(5));
  EXPECT_EQ(o.repeat_interval, std::chrono::hours(4));
  EXPECT_THAT(o.mute_time_intervals, IsEmpty());
  EXPECT_TRUE(o.route_labels.empty());
  EXPECT_EQ(tree->root().Key(), "{}");
  EXPECT_EQ(tree->root().ID(), "{}");
  EXPECT_EQ(tree->size(), 1u);
  EXPECT_EQ(tree->root().idx(), RouteIdx(0));
}

TEST(RouteTreeTest, LegacyMatchSingleChild) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{{"owner", "team-A"}});
  EXPECT_THAT(Receivers(m), ElementsAre("notify-A"));
  EXPECT_THAT(Keys(m), ElementsAre("{}/{owner=\"team-A\"}"));
  EXPECT_EQ(m[0]->opts().group_wait, std::chrono::seconds(30));
  EXPECT_FALSE(m[0]->continue_matching());
}

TEST(RouteTreeTest, RegexKeyShowsAnchoredValue) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{{"owner", "team-C"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->opts().receiver, "notify-BC");
  EXPECT_THAT(m[0]->opts().group_by, ElementsAre("bar", "foo"));
  EXPECT_EQ(m[0]->opts().group_wait, std::chrono::minutes(2));
  EXPECT_EQ(m[0]->Key(), "{}/{owner=~\"^(?:team-(B|C))$\"}");
}

TEST(RouteTreeTest, GroupByAllOnChild) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{{"owner", "team-A"}, {"env", "testing"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->opts().receiver, "notify-testing");
  EXPECT_TRUE(m[0]->opts().group_by_all);
  EXPECT_THAT(m[0]->opts().group_by, IsEmpty());
  EXPECT_EQ(m[0]->Key(), "{}/{owner=\"team-A\"}/{env=\"testing\"}");
}

TEST(RouteTreeTest, ContinueMatchesFollowingSibling) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m =
      tree->Match(model::Labels{{"owner", "team-A"}, {"env", "production"}});
  EXPECT_THAT(Receivers(m),
              ElementsAre("notify-productionA", "notify-productionB"));
  EXPECT_TRUE(m[0]->continue_matching());
  EXPECT_EQ(m[0]->opts().group_wait, std::chrono::minutes(1));
  EXPECT_EQ(m[1]->opts().repeat_interval, std::chrono::hours(1));
  EXPECT_THAT(m[1]->opts().group_by, ElementsAre("job"));
  EXPECT_EQ(m[1]->Key(),
            "{}/{owner=\"team-A\"}/{env=~\"^(?:produ.*)$\",job=~\"^(?:.*)$\"}");
}

TEST(RouteTreeTest, InheritsReceiverAndGroupBy) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{
      {"env", "testing"}, {"group_by", "role"}, {"wait", "long"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->opts().receiver, "notify-testing");
  EXPECT_THAT(m[0]->opts().group_by, ElementsAre("role"));
  EXPECT_EQ(m[0]->opts().group_wait, std::chrono::minutes(2));
  EXPECT_EQ(m[0]->Key(),
            "{}/{group_by=\"role\"}/{env=\"testing\"}/{wait=\"long\"}");
}

TEST(RouteTreeTest, DefaultRouteWhenNoChildMatches) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{{"owner", "nobody"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], &tree->root());
  EXPECT_EQ(m[0]->opts().receiver, "notify-def");
  // A matching child without a matching grandchild is the result itself.
  m = tree->Match(model::Labels{{"group_by", "role"}});
  EXPECT_THAT(Receivers(m), ElementsAre("notify-def"));
  EXPECT_THAT(Keys(m), ElementsAre("{}/{group_by=\"role\"}"));
}

TEST(RouteTreeTest, RootMatchersCanRejectEverything) {
  auto tree = MustBuild(R"(
receiver: r
matchers: ['a="1"']
)");
  ASSERT_NE(tree, nullptr);
  EXPECT_THAT(tree->Match(model::Labels{{"a", "2"}}), IsEmpty());
  EXPECT_THAT(Receivers(tree->Match(model::Labels{{"a", "1"}})),
              ElementsAre("r"));
}

TEST(RouteTreeTest, MatchersFieldKeyKeepsValueAsWritten) {
  auto tree = MustBuild(R"(
receiver: def
routes:
- matchers: ['{owner="team-A"}', '{level!="critical"}']
  receiver: a
  routes:
  - matchers: [ env=~"produ.*", job=~".*"]
    receiver: b
)");
  ASSERT_NE(tree, nullptr);
  auto m =
      tree->Match(model::Labels{{"owner", "team-A"}, {"env", "production"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->Key(),
            "{}/{level!=\"critical\",owner=\"team-A\"}/"
            "{env=~\"produ.*\",job=~\".*\"}");
  EXPECT_THAT(Receivers(tree->Match(
                  model::Labels{{"owner", "team-A"}, {"level", "critical"}})),
              ElementsAre("def"));
}

TEST(RouteTreeTest, InheritParentGroupByAll) {
  auto tree = MustBuild(R"(
routes:
- match:
    env: 'parent'
  group_by: ['...']
  routes:
  - match:
      env: 'child1'
  - match:
      env: 'child2'
    group_by: ['foo']
)");
  ASSERT_NE(tree, nullptr);
  const RouteNode& parent = *tree->root().children()[0];
  EXPECT_TRUE(parent.opts().group_by_all);
  EXPECT_TRUE(parent.children()[0]->opts().group_by_all);
  EXPECT_FALSE(parent.children()[1]->opts().group_by_all);
  EXPECT_THAT(parent.children()[1]->opts().group_by, ElementsAre("foo"));
}

TEST(RouteTreeTest, TimeIntervalsAreNotInherited) {
  auto tree = MustBuild(R"(
receiver: r
routes:
- matchers: [a=1]
  mute_time_intervals: [night]
  active_time_intervals: [office]
  routes:
  - matchers: [b=2]
)");
  ASSERT_NE(tree, nullptr);
  const RouteNode& child = *tree->root().children()[0];
  EXPECT_THAT(child.opts().mute_time_intervals, ElementsAre("night"));
  EXPECT_THAT(child.opts().active_time_intervals, ElementsAre("office"));
  EXPECT_THAT(child.children()[0]->opts().mute_time_intervals, IsEmpty());
  EXPECT_THAT(child.children()[0]->opts().active_time_intervals, IsEmpty());
  EXPECT_EQ(child.children()[0]->opts().receiver, "r");
}

TEST(RouteTreeTest, RouteLabelsMergeParentFirst) {
  auto tree = MustBuild(R"(
receiver: def
routes:
- matchers: [owner=a]
  labels: {team: a, tier: one}
  routes:
  - matchers: [env=testing]
    labels: {team: a-testing}
)");
  ASSERT_NE(tree, nullptr);
  auto m = tree->Match(model::Labels{{"owner", "a"}, {"env", "testing"}});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->opts().route_labels,
            (model::Labels{{"team", "a-testing"}, {"tier", "one"}}));
  m = tree->Match(model::Labels{{"owner", "a"}});
  EXPECT_EQ(m[0]->opts().route_labels,
            (model::Labels{{"team", "a"}, {"tier", "one"}}));
}

TEST(RouteTreeTest, IdsCarrySiblingIndexes) {
  auto tree = MustBuild(R"(
receiver: default
routes:
- continue: true
  matchers: [foo=bar]
  routes:
  - matchers: [bar=baz]
- continue: true
  matchers: [foo=bar]
- matchers: ['qux=~"[a-z]+"']
  routes:
  - matchers: [a=b]
  - matchers: [c=d]
)");
  ASSERT_NE(tree, nullptr);
  std::vector<std::string> ids;
  tree->Walk([&](const RouteNode& n) { ids.push_back(n.ID()); });
  EXPECT_THAT(ids, ElementsAre("{}", "{}/{foo=\"bar\"}/0",
                               "{}/{foo=\"bar\"}/0/{bar=\"baz\"}/0",
                               "{}/{foo=\"bar\"}/1", "{}/{qux=~\"[a-z]+\"}/2",
                               "{}/{qux=~\"[a-z]+\"}/2/{a=\"b\"}/0",
                               "{}/{qux=~\"[a-z]+\"}/2/{c=\"d\"}/1"));
  // Two siblings share a key but not an ID.
  EXPECT_EQ(tree->root().children()[0]->Key(),
            tree->root().children()[1]->Key());
}

TEST(RouteTreeTest, IndexesArePostOrder) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  ASSERT_EQ(tree->size(), 9u);
  EXPECT_EQ(tree->root().idx(), RouteIdx(8));
  std::vector<size_t> walk_idx;
  tree->Walk([&](const RouteNode& n) {
    walk_idx.push_back(n.idx().value());
    EXPECT_EQ(&tree->node(n.idx()), &n);
  });
  // Pre-order walk, post-order numbers.
  EXPECT_THAT(walk_idx, ElementsAre(8, 3, 0, 1, 2, 4, 7, 6, 5));
}

TEST(RouteTreeTest, WalkIsPreOrderWithInheritedReceivers) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  std::vector<std::string> receivers;
  tree->Walk(
      [&](const RouteNode& n) { receivers.push_back(n.opts().receiver); });
  EXPECT_THAT(receivers, ElementsAre("notify-def", "notify-A", "notify-testing",
                                     "notify-productionA", "notify-productionB",
                                     "notify-BC", "notify-def",
                                     "notify-testing", "notify-testing"));
}

TEST(RouteTreeTest, GroupLabels) {
  auto tree = MustBuild(R"(
receiver: r
group_by: [alertname, job]
routes:
- matchers: [all=yes]
  group_by: ['...']
)");
  ASSERT_NE(tree, nullptr);
  model::Labels alert{{"alertname", "TestAlert"},
                      {"job", "prometheus"},
                      {"instance", "localhost:9090"}};
  EXPECT_EQ(tree->root().GroupLabels(alert),
            (model::Labels{{"alertname", "TestAlert"}, {"job", "prometheus"}}));
  model::Labels all{{"all", "yes"}, {"a", "1"}};
  auto m = tree->Match(all);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->GroupLabels(all), all);
  EXPECT_TRUE(tree->root().GroupLabels(model::Labels{{"x", "1"}}).empty());
}

TEST(RouteTreeTest, MatchIntoAppends) {
  auto tree = MustBuild(kLegacyTree);
  ASSERT_NE(tree, nullptr);
  std::vector<const RouteNode*> out;
  EXPECT_TRUE(tree->root().MatchInto(model::Labels{{"owner", "team-A"}}, out));
  EXPECT_TRUE(tree->root().MatchInto(model::Labels{{"owner", "team-B"}}, out));
  EXPECT_THAT(Receivers(out), ElementsAre("notify-A", "notify-BC"));
}

TEST(RouteTreeTest, EmptyGroupByListInherits) {
  auto tree = MustBuild(R"(
receiver: r
group_by: [a]
routes:
- matchers: [x=1]
  group_by: []
- matchers: [x=2]
  group_by: ['...']
  routes:
  - matchers: [y=1]
    group_by: [b, a]
)");
  ASSERT_NE(tree, nullptr);
  const RouteNode& empty = *tree->root().children()[0];
  EXPECT_THAT(empty.opts().group_by, ElementsAre("a"));
  EXPECT_FALSE(empty.opts().group_by_all);
  // `...` keeps the inherited list (as upstream) but groups by everything.
  const RouteNode& all = *tree->root().children()[1];
  EXPECT_TRUE(all.opts().group_by_all);
  EXPECT_THAT(all.opts().group_by, ElementsAre("a"));
  const RouteNode& own = *all.children()[0];
  EXPECT_FALSE(own.opts().group_by_all);
  EXPECT_THAT(own.opts().group_by, ElementsAre("a", "b"));
}

TEST(RouteTreeTest, MatchersFromAllThreeFieldsAreSortedTogether) {
  auto tree = MustBuild(R"(
receiver: r
routes:
- match: {b: '2'}
  match_re: {c: 'x|y'}
  matchers: ['a!="1"', 'b=~"2"']
)");
  ASSERT_NE(tree, nullptr);
  const RouteNode& n = *tree->root().children()[0];
  EXPECT_EQ(n.Key(), "{}/{a!=\"1\",b=\"2\",b=~\"2\",c=~\"^(?:x|y)$\"}");
  EXPECT_TRUE(n.MatchesSelf(model::Labels{{"b", "2"}, {"c", "y"}}));
  EXPECT_FALSE(n.MatchesSelf(model::Labels{{"b", "2"}, {"c", "xy"}}));
  EXPECT_FALSE(
      n.MatchesSelf(model::Labels{{"a", "1"}, {"b", "2"}, {"c", "x"}}));
}

TEST(RouteTreeTest, ContinueOnLastMatchingChildOnly) {
  auto tree = MustBuild(R"(
receiver: def
routes:
- matchers: [a=1]
  receiver: first
- matchers: [a=1]
  receiver: second
- matchers: [b=1]
  receiver: third
  continue: true
- matchers: [b=1]
  receiver: fourth
)");
  ASSERT_NE(tree, nullptr);
  // Without continue the first match stops the scan.
  EXPECT_THAT(Receivers(tree->Match(model::Labels{{"a", "1"}})),
              ElementsAre("first"));
  EXPECT_THAT(Receivers(tree->Match(model::Labels{{"b", "1"}})),
              ElementsAre("third", "fourth"));
  EXPECT_THAT(Receivers(tree->Match(model::Labels{{"a", "1"}, {"b", "1"}})),
              ElementsAre("first"));
}

}  // namespace
}  // namespace tocsin::dispatch
