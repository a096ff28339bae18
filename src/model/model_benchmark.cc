// Hot paths of the model module: fingerprinting and matching.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "model/labels.h"
#include "model/matcher.h"
#include "model/matcher_parse.h"

namespace tocsin::model {
namespace {

std::vector<Label> TenLabels() {
  return {{"alertname", "HighRequestLatency"},
          {"cluster", "eu-west-1-prod"},
          {"env", "production"},
          {"instance", "api-7f9c6d7b8-x2x9q:8080"},
          {"job", "api-server"},
          {"namespace", "payments"},
          {"pod", "api-7f9c6d7b8-x2x9q"},
          {"service", "checkout"},
          {"severity", "critical"},
          {"team", "sre"}};
}

// Building a fresh Labels (sort, dedupe, hash) every iteration.
void BM_FingerprintFreshLabels(benchmark::State& state) {
  const std::vector<Label> input = TenLabels();
  for (auto _ : state) {
    Labels l(input);
    benchmark::DoNotOptimize(FingerprintOf(l));
  }
}
BENCHMARK(BM_FingerprintFreshLabels);

// Reading the fingerprint cached in an existing Labels.
void BM_FingerprintCached(benchmark::State& state) {
  const Labels l(TenLabels());
  for (auto _ : state) {
    benchmark::DoNotOptimize(FingerprintOf(l));
  }
}
BENCHMARK(BM_FingerprintCached);

Matchers MustParse(std::string_view text) {
  return ParseMatchers(text, MatcherParserMode::kUtf8Strict).value();
}

void BM_MatchFiveEquality(benchmark::State& state) {
  const Labels l(TenLabels());
  const Matchers ms = MustParse(
      "{env=\"production\",job=\"api-server\",severity!=\"info\","
      "team=\"sre\",namespace=\"payments\"}");
  for (auto _ : state) {
    benchmark::DoNotOptimize(MatchesAll(ms, l));
  }
}
BENCHMARK(BM_MatchFiveEquality);

void BM_MatchFiveRegex(benchmark::State& state) {
  const Labels l(TenLabels());
  const Matchers ms = MustParse(
      "{env=~\"prod.*\",job=~\"api-.*|web\",severity!~\"info|warning\","
      "cluster=~\"eu-.*\",instance=~\".*:8080\"}");
  for (auto _ : state) {
    benchmark::DoNotOptimize(MatchesAll(ms, l));
  }
}
BENCHMARK(BM_MatchFiveRegex);

void BM_ParseMatchersFallback(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        ParseMatchers("{env=\"production\",job=~\"api-.*\",severity!=\"info\"}",
                      MatcherParserMode::kFallback));
  }
}
BENCHMARK(BM_ParseMatchersFallback);

}  // namespace
}  // namespace tocsin::model
