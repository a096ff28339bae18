#ifndef TOCSIN_SERVER_CONFIG_LOADER_H_
#define TOCSIN_SERVER_CONFIG_LOADER_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "config/config.h"
#include "config/integration.h"

namespace tocsin::server {

// True when this build links the built-in channel parsers
// (server/builtin_channels.h). Without them a config's receivers cannot be
// validated and the server refuses to guess: see LoadConfig.
bool HaveBuiltinChannels();

// The integration registry with every built-in channel registered.
std::unique_ptr<config::IntegrationRegistry> MakeIntegrationRegistry();

// Loads and validates `path` as config::LoadFile does, with the built-in
// channels. Errors: the loader's InvalidArgument ("file:line: field:
// message"), or "open <path>: <reason>". When the build has no channel
// parsers yet, receivers' integration entries are unknown keys, so such a
// config fails to load with that message.
Result<std::shared_ptr<const config::Config>> LoadConfig(
    const std::string& path, const config::IntegrationRegistry& registry,
    const config::ParseOptions& options);

}  // namespace tocsin::server

#endif  // TOCSIN_SERVER_CONFIG_LOADER_H_
