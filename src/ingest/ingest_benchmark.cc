// Parsing cost of a scrape body and of a remote_write request.
#include <string>

#include "benchmark/benchmark.h"
#include "ingest/exposition.h"
#include "ingest/remote_write.h"

namespace tocsin::ingest {
namespace {

std::string ScrapeBody(int families, int series_per_family) {
  std::string body;
  for (int f = 0; f < families; ++f) {
    std::string name = "node_metric_" + std::to_string(f) + "_total";
    body += "# HELP " + name + " A counter.\n# TYPE " + name + " counter\n";
    for (int s = 0; s < series_per_family; ++s) {
      body += name + "{cpu=\"" + std::to_string(s) +
              "\",mode=\"idle\",instance=\"host-1:9100\"} " +
              std::to_string(s * 1234.5) + "\n";
    }
  }
  return body;
}

void BM_ParseText(benchmark::State& state) {
  std::string body = ScrapeBody(100, 10);
  for (auto _ : state) {
    auto r = ParseExposition(body, ExpositionFormat::kPrometheusText);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_ParseText);

void BM_DecodeRemoteWrite(benchmark::State& state) {
  WriteRequest req;
  for (int i = 0; i < 500; ++i) {
    req.series.push_back(
        {model::Labels{{"__name__", "http_requests_total"},
                       {"instance", "host-" + std::to_string(i)},
                       {"job", "api"},
                       {"code", "200"}},
         {{1700000000000, double(i)}},
         0});
  }
  std::string wire = SnappyEncode(EncodeWriteRequest(req));
  for (auto _ : state) {
    auto raw = SnappyDecode(wire, 64 << 20);
    auto r = DecodeWriteRequest(*raw);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 500);
}
BENCHMARK(BM_DecodeRemoteWrite);

}  // namespace
}  // namespace tocsin::ingest
