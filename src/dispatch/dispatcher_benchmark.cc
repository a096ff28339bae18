// Inserting 10k alerts (100 groups x 100 alerts, group_by alertname, plus a
// sub-route with `continue` doubling the group inserts for a tenth of them)
// into a dispatcher, timers on a SimulatedScheduler that never advances.
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "config/parse_context.h"
#include "config/route.h"
#include "dispatch/dispatcher.h"
#include "runtime/testing/manual_clock.h"
#include "runtime/testing/simulated_scheduler.h"

namespace tocsin::dispatch {
namespace {

class NullStage final : public notify::pipeline::Stage {
 public:
  void Exec(notify::pipeline::NotifyContext ctx, notify::pipeline::Alerts a,
            notify::pipeline::StageDone done) override {
    done(Status::Ok(), std::move(ctx), std::move(a));
  }
};

void BM_DispatcherInsert10k(benchmark::State& state) {
  config::ParseContext ctx;
  auto route = config::ParseRoute(
      YAML::Load("receiver: r\ngroup_by: [alertname]\nroutes:\n"
                 "- matchers: [severity=\"critical\"]\n  receiver: p\n"
                 "  continue: true\n  group_by: [alertname, instance]\n"),
      "route", ctx);
  std::shared_ptr<const RouteTree> tree(std::move(*RouteTree::Build(**route)));
  runtime::ManualClock clock;
  std::vector<model::Alert> alerts;
  for (int g = 0; g < 100; ++g) {
    for (int i = 0; i < 100; ++i) {
      model::Alert a;
      a.labels =
          model::Labels{{"alertname", "alert-" + std::to_string(g)},
                        {"instance", "host-" + std::to_string(i) + ":9100"},
                        {"job", "node"},
                        {"severity", i % 10 == 0 ? "critical" : "warning"}};
      a.starts_at = clock.Now();
      a.updated_at = clock.Now();
      alerts.push_back(std::move(a));
    }
  }
  auto stage = std::make_shared<NullStage>();
  for (auto _ : state) {
    runtime::SimulatedScheduler scheduler(clock);
    Dispatcher d(tree, stage, scheduler, clock);
    for (const model::Alert& a : alerts) d.OnAlert(a);
    benchmark::DoNotOptimize(d.GroupCount());
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(alerts.size()));
}
BENCHMARK(BM_DispatcherInsert10k)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tocsin::dispatch
