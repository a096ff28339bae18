#include "metrics/build_info.h"

namespace tocsin::metrics {

void RegisterBuildInfo(Registry& registry, const BuildInfo& info) {
  registry
      .AddGaugeFamily("tocsin_build_info",
                      "A metric with a constant '1' value labeled by version, "
                      "revision and branch from which tocsin was built.",
                      {"version", "revision", "branch"})
      .WithLabels({info.version, info.revision, info.branch})
      .Set(1);
}

}  // namespace tocsin::metrics
