// TEMPORARY: the registry-less entry points src/main/main.cc calls today.
// cli is a peer of server (layer 8), so this include breaks the layering
// rule; delete this file (and the two declarations marked DEPRECATED) once
// main.cc passes server::MakeIntegrationRegistry() to the registry overloads.
#include "cli/check_config.h"
#include "cli/routes_test.h"
#include "server/builtin_channels.h"

namespace tocsin::cli {

int RunCheckConfig(const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err) {
  config::IntegrationRegistry registry;
  server::RegisterBuiltinChannels(registry);
  return RunCheckConfig(args, registry, out, err);
}

int RunRoutesTest(const std::vector<std::string>& args, std::ostream& out,
                  std::ostream& err) {
  config::IntegrationRegistry registry;
  server::RegisterBuiltinChannels(registry);
  return RunRoutesTest(args, registry, out, err);
}

}  // namespace tocsin::cli
