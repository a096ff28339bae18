#ifndef TOCSIN_CLI_INTERNAL_TEST_REGISTRY_H_
#define TOCSIN_CLI_INTERNAL_TEST_REGISTRY_H_

// For cli tests only: a registry whose `webhook_configs` and `email_configs`
// parsers accept any map (the CLI's behaviour does not depend on channels;
// the real parsers are tested in notify/ and by the conformance runner).

#include <memory>
#include <string>

#include "config/integration.h"
#include "config/parse_context.h"

namespace tocsin::cli::internal {

class AnyIntegration final : public config::IntegrationConfig {
 public:
  explicit AnyIntegration(std::string kind) : kind_(std::move(kind)) {}
  std::string_view Kind() const override { return kind_; }
  bool SendResolved() const override { return false; }
  YAML::Node ToYaml() const override { return YAML::Node(YAML::NodeType::Map); }

 private:
  std::string kind_;
};

inline std::unique_ptr<config::IntegrationRegistry> TestRegistry() {
  auto registry = std::make_unique<config::IntegrationRegistry>();
  for (const char* kind : {"webhook", "email"}) {
    Status st = registry->Register(
        std::string(kind) + "_configs",
        [kind](const YAML::Node& node, std::string_view path,
               const config::GlobalConfig&, const config::ParseContext& ctx)
            -> Result<std::shared_ptr<const config::IntegrationConfig>> {
          if (!node.IsMap()) {
            return config::NodeError(ctx, node, path, "not a map");
          }
          return std::shared_ptr<const config::IntegrationConfig>(
              std::make_shared<AnyIntegration>(kind));
        });
    (void)st;
  }
  return registry;
}

}  // namespace tocsin::cli::internal

#endif  // TOCSIN_CLI_INTERNAL_TEST_REGISTRY_H_
