// Silences::Mutes over 1,000 silences (a mix of equality and regex
// matchers), for a label set that one silence mutes and one that none does.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

#include "silence/silences.h"
#include "silence/testing/memory_silence_store.h"

namespace tocsin::silence {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const model::Time kT0 = model::Time(seconds(1704067200));

void BM_Mutes1000(benchmark::State& state) {
  MemorySilenceStore store;
  SequentialIdGenerator ids;
  std::unique_ptr<Silences> s = *Silences::Create({}, store, ids);
  for (int i = 0; i < 1000; ++i) {
    Silence sil;
    sil.starts_at = kT0;
    sil.ends_at = kT0 + hours(1);
    sil.matchers = {
        {model::MatchType::kEqual, "alertname",
         "Alert" + std::to_string(i % 50)},
        {i % 2 ? model::MatchType::kRegexMatch : model::MatchType::kEqual,
         "instance",
         i % 2 ? "host-" + std::to_string(i) + "(:9100)?"
               : "host-" + std::to_string(i)}};
    (void)s->Set(sil, kT0);
  }
  const model::Labels hit{
      {"alertname", "Alert7"}, {"instance", "host-7"}, {"job", "node"}};
  const model::Labels miss{
      {"alertname", "Other"}, {"instance", "host-7"}, {"job", "node"}};
  const bool want_hit = state.range(0) == 1;
  const model::Labels& labels = want_hit ? hit : miss;
  for (auto _ : state) {
    std::vector<SilenceId> r = s->Mutes(labels, kT0 + seconds(1));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Mutes1000)->Arg(0)->Arg(1);

}  // namespace
}  // namespace tocsin::silence
