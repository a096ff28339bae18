#include "server/config_loader.h"

#include "ingest/scrape_config.h"

#if TOCSIN_HAVE_BUILTIN_CHANNELS
#include "server/builtin_channels.h"
#endif

namespace tocsin::server {

bool HaveBuiltinChannels() { return TOCSIN_HAVE_BUILTIN_CHANNELS != 0; }

std::unique_ptr<config::IntegrationRegistry> MakeIntegrationRegistry() {
  auto registry = std::make_unique<config::IntegrationRegistry>();
#if TOCSIN_HAVE_BUILTIN_CHANNELS
  RegisterBuiltinChannels(*registry);
#endif
  Status st = registry->RegisterSection(
      std::string(ingest::ScrapeConfigs::kKey), ingest::ParseScrapeConfigs);
  (void)st;  // a fresh registry has no sections
  return registry;
}

Result<std::shared_ptr<const config::Config>> LoadConfig(
    const std::string& path, const config::IntegrationRegistry& registry,
    const config::ParseOptions& options) {
  return config::LoadFile(path, registry, options);
}

}  // namespace tocsin::server
