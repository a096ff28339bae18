#ifndef TOCSIN_SERVER_BUILD_INFO_H_
#define TOCSIN_SERVER_BUILD_INFO_H_

#include <string>

#include "metrics/build_info.h"

namespace tocsin::server {

// The version (CMake PROJECT_VERSION), git revision and branch recorded at
// configure time ("unknown" when git was not available).
metrics::BuildInfo CurrentBuildInfo();

// The `tocsin --version` text, Alertmanager's layout:
// "tocsin, version 0.1.0 (branch: main, revision: abc...)\n".
std::string VersionText(const metrics::BuildInfo& info);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_BUILD_INFO_H_
