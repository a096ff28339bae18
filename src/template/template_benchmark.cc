#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "template/template.h"

namespace tocsin::tmpl {
namespace {

Data HundredAlerts() {
  std::vector<model::Alert> alerts;
  model::Time now{std::chrono::seconds(1795435200)};
  for (int i = 0; i < 100; ++i) {
    model::Alert a;
    a.labels = model::Labels{{"alertname", "HighCPU"},
                             {"instance", "host-" + std::to_string(i)},
                             {"job", "node"},
                             {"severity", i % 3 == 0 ? "critical" : "warning"}};
    a.annotations = model::Labels{{"summary", "CPU above 90%"},
                                  {"description", "load is high on host"}};
    a.starts_at = now - std::chrono::hours(1);
    if (i % 4 == 0) a.ends_at = now - std::chrono::minutes(1);
    a.generator_url = "http://prometheus:9090/graph?g0.expr=up";
    alerts.push_back(std::move(a));
  }
  return MakeData("team-X", model::Labels{{"alertname", "HighCPU"}}, alerts,
                  "http://alertmanager:9093", now);
}

void BM_SlackTitleAndText(benchmark::State& state) {
  Template t = *Template::New();
  Data d = HundredAlerts();
  const std::string text =
      "{{ template \"slack.default.title\" . }}\n"
      "{{ range .Alerts }}{{ .Annotations.summary }} "
      "{{ .Labels.instance }}\n{{ end }}";
  for (auto _ : state) {
    auto r = t.ExecuteText(text, d);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_SlackTitleAndText);

void BM_OpsgenieDescription(benchmark::State& state) {
  Template t = *Template::New();
  Data d = HundredAlerts();
  for (auto _ : state) {
    auto r = t.ExecuteNamed("opsgenie.default.description", d, Mode::kText);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OpsgenieDescription);

void BM_EmailHtml(benchmark::State& state) {
  Template t = *Template::New();
  Data d = HundredAlerts();
  for (auto _ : state) {
    auto r = t.ExecuteHtml("{{ template \"email.default.html\" . }}", d);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EmailHtml);

void BM_MakeData(benchmark::State& state) {
  for (auto _ : state) {
    Data d = HundredAlerts();
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_MakeData);

}  // namespace
}  // namespace tocsin::tmpl
