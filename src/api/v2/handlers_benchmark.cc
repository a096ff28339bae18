// API v2 hot paths: GET /api/v2/alerts over 10k / 100k stored alerts (the
// handler alone: deps as cheap lambdas so the figures are the handler's own
// cost plus the silence lookup per alert), POST /api/v2/alerts of a
// 100-alert batch (decode + prepare + store), and the decode alone.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "alerts/alert_store.h"
#include "api/v2/handlers.h"
#include "api/v2/wire.h"
#include "silence/testing/memory_silence_store.h"

namespace tocsin::api::v2 {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const model::Time kNow = model::Time(seconds(1704067200));

// One alert as the load tool posts it.
std::string AlertJson(int batch, int i) {
  return R"({"labels":{"alertname":"HighLatency","instance":"host-)" +
         std::to_string(batch) + "-" + std::to_string(i) +
         R"(","job":"api","severity":"page"},)"
         R"("annotations":{"summary":"latency above 1s","description":)"
         R"("p99 > 1s for 5m"},"startsAt":"2023-12-31T23:00:00.000Z",)"
         R"("generatorURL":"http://prometheus:9090/graph?g0.expr=up&g0.tab=1"})";
}

std::string BatchJson(int batch) {
  std::string out = "[";
  for (int i = 0; i < 100; ++i) {
    if (i > 0) out += ',';
    out += AlertJson(batch, i);
  }
  return out + "]";
}

struct Fixture {
  Fixture() : store(marker) {
    silences = *silence::Silences::Create({}, silence_store, ids);
    deps.alerts = &store;
    deps.marker = &marker;
    deps.silences = silences.get();
    deps.now = [] { return kNow; };
    deps.set_alert_status = [this](const model::Labels& l) {
      std::vector<std::string> ids;
      for (const auto& id : silences->Mutes(l, kNow)) ids.push_back(id.value());
      marker.SetActiveOrSilenced(l.fingerprint(), std::move(ids));
    };
    deps.receivers_for = [](const model::Labels&) {
      return std::vector<std::string>{"default"};
    };
  }

  net::HttpResponse Post(const std::string& body) {
    net::HttpRequest http =
        net::HttpRequest::Make("POST", "/api/v2/alerts", body);
    http.headers.Set("Content-Type", "application/json");
    ApiRequest req{http, {}};
    return PostAlerts(deps, req);
  }

  void Fill(int n) {
    for (int b = 0; b * 100 < n; ++b) {
      net::HttpResponse r = Post(BatchJson(b));
      if (r.status != 200) std::abort();
    }
  }

  model::AlertMarker marker;
  alerts::AlertStore store;
  silence::MemorySilenceStore silence_store;
  silence::SequentialIdGenerator ids;
  std::unique_ptr<silence::Silences> silences;
  V2Deps deps;
};

void BM_GetAlerts(benchmark::State& state) {
  Fixture f;
  f.Fill(static_cast<int>(state.range(0)));
  net::HttpRequest http = net::HttpRequest::Make("GET", "/api/v2/alerts", "");
  ApiRequest req{http, {}};
  size_t bytes = 0;
  for (auto _ : state) {
    net::HttpResponse r = GetAlerts(f.deps, req);
    bytes = r.body.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GetAlerts)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_PostAlertsBatch(benchmark::State& state) {
  Fixture f;
  std::vector<std::string> bodies;
  for (int b = 0; b < 100; ++b) bodies.push_back(BatchJson(b));
  size_t i = 0;
  for (auto _ : state) {
    net::HttpResponse r = f.Post(bodies[i++ % bodies.size()]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_PostAlertsBatch);

void BM_DecodePostableAlerts(benchmark::State& state) {
  std::string body = BatchJson(0);
  for (auto _ : state) {
    SwaggerError err;
    auto r = DecodePostableAlerts(body, &err);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 100);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_DecodePostableAlerts);

}  // namespace
}  // namespace tocsin::api::v2

BENCHMARK_MAIN();
