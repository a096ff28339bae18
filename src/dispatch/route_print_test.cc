#include "dispatch/route_print.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "config/parse_context.h"
#include "config/route.h"

namespace tocsin::dispatch {
namespace {

using ::testing::ElementsAre;

// The route of upstream's cli/testdata/conf.routing.yml.
constexpr char kRouting[] = R"(
receiver: default
group_by: [b, a]
routes:
  - match:
      test: 2
    receiver: test2
    continue: true
  - match_re:
      test: ^[12]$
    receiver: test1
    continue: true
    routes:
    - matchers: [x=y]
)";

std::unique_ptr<RouteTree> MustBuild(const char* yaml) {
  config::ParseContext ctx;
  ctx.file = "t.yml";
  auto route = config::ParseRoute(YAML::Load(yaml), "route", ctx);
  EXPECT_TRUE(route.ok()) << route.status();
  if (!route.ok()) return nullptr;
  auto tree = RouteTree::Build(**route);
  EXPECT_TRUE(tree.ok()) << tree.status();
  if (!tree.ok()) return nullptr;
  return std::move(tree).value();
}

TEST(RoutePrintTest, ResolveReceiversInMatchOrder) {
  auto tree = MustBuild(kRouting);
  ASSERT_NE(tree, nullptr);
  EXPECT_THAT(ResolveReceivers(*tree, model::Labels{{"test", "1"}}),
              ElementsAre("test1"));
  EXPECT_THAT(ResolveReceivers(*tree, model::Labels{{"test", "2"}}),
              ElementsAre("test2", "test1"));
  EXPECT_THAT(ResolveReceivers(*tree, model::Labels{{"test", "3"}}),
              ElementsAre("default"));
}

TEST(RoutePrintTest, RoutingTree) {
  auto tree = MustBuild(kRouting);
  ASSERT_NE(tree, nullptr);
  EXPECT_EQ(FormatRoutingTree(*tree),
            "Routing tree:\n"
            ".\n"
            "└── default-route  receiver: default  grouping: [a,b]\n"
            "    ├── {test=\"2\"}  continue: true  receiver: test2  "
            "grouping: [a,b]\n"
            "    └── {test=~\"^(?:^[12]$)$\"}  continue: true  receiver: "
            "test1  grouping: [a,b]\n"
            "        └── {x=\"y\"}  receiver: test1  grouping: [a,b]\n"
            "\n");
}

TEST(RoutePrintTest, MatchingTree) {
  auto tree = MustBuild(kRouting);
  ASSERT_NE(tree, nullptr);
  EXPECT_EQ(FormatMatchingTree(*tree, model::Labels{{"test", "2"}}),
            "Matching routes:\n"
            ".\n"
            "└── default-route\n"
            "    ├── {test=\"2\"}  receiver: test2  grouping: [a,b]\n"
            "    └── {test=~\"^(?:^[12]$)$\"}  receiver: test1  "
            "grouping: [a,b]\n"
            "\n\n");
  EXPECT_EQ(FormatMatchingTree(*tree, model::Labels{{"test", "9"}}),
            "Matching routes:\n"
            ".\n"
            "└── default-route  receiver: default  grouping: [a,b]\n"
            "\n\n");
}

}  // namespace
}  // namespace tocsin::dispatch
