#ifndef TOCSIN_METRICS_BUILD_INFO_H_
#define TOCSIN_METRICS_BUILD_INFO_H_

#include <string>

#include "metrics/registry.h"

namespace tocsin::metrics {

// What was built: shown by `tocsin --version` and as tocsin_build_info.
struct BuildInfo {
  std::string version;   // CMake PROJECT_VERSION, e.g. "0.1.0".
  std::string revision;  // git commit at configure time, or "unknown".
  std::string branch;    // git branch at configure time, or "unknown".
};

// Registers the gauge
//   tocsin_build_info{branch="...",revision="...",version="..."} 1
// (Alertmanager's alertmanager_build_info has the same shape).
void RegisterBuildInfo(Registry& registry, const BuildInfo& info);

}  // namespace tocsin::metrics

#endif  // TOCSIN_METRICS_BUILD_INFO_H_
