#include "tools/fuzz/fuzz_entries_config.h"

#include "config/config.h"
#include "config/integration.h"
#ifdef TOCSIN_FUZZ_HAVE_CHANNELS
#include "server/builtin_channels.h"
#endif

namespace tocsin::fuzz {

std::string ConfigEntry(std::string_view input) {
  config::IntegrationRegistry registry;
#ifdef TOCSIN_FUZZ_HAVE_CHANNELS
  server::RegisterBuiltinChannels(registry);
#endif
  auto first = config::Load(input, registry);
  if (!first.ok()) return "";
  const std::string printed = config::ToYamlString(**first);
  (void)config::ToJsonString(**first);
  auto second = config::Load(printed, registry);
  if (!second.ok()) {
    return "printed config does not load again: " + second.status().ToString() +
           "\n--- printed ---\n" + printed;
  }
  const std::string reprinted = config::ToYamlString(**second);
  if (reprinted != printed) {
    return "printed config prints differently after a reload\n--- first ---\n" +
           printed + "\n--- second ---\n" + reprinted;
  }
  return "";
}

}  // namespace tocsin::fuzz
