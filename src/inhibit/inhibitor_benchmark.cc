// Inhibitor::Mutes with 100 rules and 10,000 source alerts (100 per rule,
// `equal: [cluster]`), for a target that the last rule inhibits and for one
// that no rule's target matches.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "inhibit/inhibitor.h"
#include "model/matcher_parse.h"

namespace tocsin::inhibit {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

model::Matchers M(const std::string& s) {
  return *model::ParseMatchers(s, model::MatcherParserMode::kFallback);
}

void BM_Mutes100Rules10kSources(benchmark::State& state) {
  std::vector<config::InhibitRule> rules;
  for (int r = 0; r < 100; ++r) {
    config::InhibitRule rule;
    rule.source_matchers =
        M("{alertname=\"Src" + std::to_string(r) + "\",severity=\"critical\"}");
    rule.target_matchers =
        M("{team=\"t" + std::to_string(r) + "\",severity=~\"warning|info\"}");
    rule.equal = {"cluster"};
    rules.push_back(rule);
  }
  Inhibitor ih(rules);
  for (int r = 0; r < 100; ++r) {
    for (int i = 0; i < 100; ++i) {
      model::Alert a;
      a.labels = model::Labels{{"alertname", "Src" + std::to_string(r)},
                               {"severity", "critical"},
                               {"cluster", "c" + std::to_string(i)}};
      a.starts_at = kT0;
      a.ends_at = kT0 + minutes(5);
      ih.OnAlert(a);
    }
  }
  const model::Labels hit{{"alertname", "Slow"},
                          {"team", "t99"},
                          {"severity", "warning"},
                          {"cluster", "c42"}};
  const model::Labels miss{{"alertname", "Slow"},
                           {"team", "none"},
                           {"severity", "warning"},
                           {"cluster", "c42"}};
  const model::Labels& labels = state.range(0) == 1 ? hit : miss;
  for (auto _ : state) {
    auto r = ih.Mutes(labels, kT0 + minutes(1));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Mutes100Rules10kSources)->Arg(0)->Arg(1);

}  // namespace
}  // namespace tocsin::inhibit
