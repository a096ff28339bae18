// Routing a label set through a 501-node tree: 10 team nodes (regex), 7
// service nodes each (equality), 6 severity/env leaves each (mixed), with
// `continue` on some leaves.
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "config/parse_context.h"
#include "config/route.h"
#include "dispatch/route_tree.h"

namespace tocsin::dispatch {
namespace {

std::string BigTreeYaml() {
  std::string y = "receiver: default\ngroup_by: [alertname]\nroutes:\n";
  for (int t = 0; t < 10; ++t) {
    std::string team = "team-" + std::to_string(t);
    y += "- matchers: ['team=~\"" + team + "|" + team + "-alt\"']\n";
    y += "  receiver: " + team + "\n  routes:\n";
    for (int s = 0; s < 7; ++s) {
      std::string svc = "svc-" + std::to_string(s);
      y += "  - matchers: [service=\"" + svc + "\"]\n    routes:\n";
      y += "    - matchers: [severity=\"critical\"]\n      receiver: " + team +
           "-pager\n      continue: true\n";
      y += "    - matchers: ['severity=~\"warn.*\"', env!=\"dev\"]\n"
           "      receiver: " +
           team + "-warn\n";
      y += "    - match: {env: staging}\n";
      y += "    - match_re: {instance: 'host-[0-9]+'}\n";
      y += "    - matchers: ['region!~\"eu-.*\"']\n      receiver: " + team +
           "-us\n";
      y += "    - matchers: [severity=\"info\"]\n      receiver: " + team +
           "-info\n";
    }
  }
  return y;
}

std::unique_ptr<RouteTree> BuildBigTree() {
  config::ParseContext ctx;
  ctx.file = "bench.yml";
  auto route = config::ParseRoute(YAML::Load(BigTreeYaml()), "route", ctx);
  if (!route.ok()) {
    std::cerr << route.status() << "\n";
    std::abort();
  }
  auto tree = RouteTree::Build(**route);
  if (!tree.ok()) {
    std::cerr << tree.status() << "\n";
    std::abort();
  }
  return std::move(tree).value();
}

void BM_MatchDeep(benchmark::State& state) {
  auto tree = BuildBigTree();
  model::Labels labels{{"alertname", "HighLatency"},
                       {"team", "team-9-alt"},
                       {"service", "svc-6"},
                       {"severity", "critical"},
                       {"env", "prod"},
                       {"region", "eu-west-1"},
                       {"instance", "web-1"}};
  std::vector<const RouteNode*> out;
  out.reserve(8);
  for (auto _ : state) {
    out.clear();
    tree->root().MatchInto(labels, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["nodes"] = static_cast<double>(tree->size());
  state.counters["matched"] = static_cast<double>(out.size());
}
BENCHMARK(BM_MatchDeep);

void BM_MatchFallbackToRoot(benchmark::State& state) {
  auto tree = BuildBigTree();
  model::Labels labels{
      {"alertname", "Unowned"}, {"team", "nobody"}, {"severity", "critical"}};
  for (auto _ : state) {
    auto m = tree->Match(labels);
    benchmark::DoNotOptimize(m.data());
  }
}
BENCHMARK(BM_MatchFallbackToRoot);

void BM_GroupLabels(benchmark::State& state) {
  auto tree = BuildBigTree();
  model::Labels labels{{"alertname", "HighLatency"},
                       {"team", "team-3"},
                       {"service", "svc-1"},
                       {"severity", "critical"}};
  for (auto _ : state) {
    auto g = tree->root().GroupLabels(labels);
    benchmark::DoNotOptimize(g.size());
  }
}
BENCHMARK(BM_GroupLabels);

void BM_BuildTree(benchmark::State& state) {
  config::ParseContext ctx;
  ctx.file = "bench.yml";
  auto route = config::ParseRoute(YAML::Load(BigTreeYaml()), "route", ctx);
  for (auto _ : state) {
    auto tree = RouteTree::Build(**route);
    benchmark::DoNotOptimize(tree.ok());
  }
}
BENCHMARK(BM_BuildTree);

}  // namespace
}  // namespace tocsin::dispatch
