#ifndef TOCSIN_CONFIG_INTEGRATION_H_
#define TOCSIN_CONFIG_INTEGRATION_H_

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/parse_context.h"

namespace tocsin::config {

struct GlobalConfig;  // config/global.h

// One parsed and validated entry of a receiver's `<kind>_configs` list. Each
// channel library (notify/<channel>/config.h) defines a subclass with typed
// fields; the notifier of that channel downcasts to it. Immutable.
class IntegrationConfig {
 public:
  virtual ~IntegrationConfig() = default;
  // The receiver key without "_configs": "email", "slack", "webhook", ...
  virtual std::string_view Kind() const = 0;
  // The entry's send_resolved (each channel has its own default).
  virtual bool SendResolved() const = 0;
  // The entry as YAML with every default filled in and every secret printed
  // as "<secret>", as Alertmanager's config String() prints it. The output
  // loads again through the same parser.
  virtual YAML::Node ToYaml() const = 0;
};

// Parses one entry at `node` (a map). `field_path` names it in errors, e.g.
// "receivers[0].slack_configs[1]". Global fallbacks come from `global`. Must
// not read files (secrets in *_file fields are read when sending).
using IntegrationParser =
    std::function<Result<std::shared_ptr<const IntegrationConfig>>(
        const YAML::Node& node, std::string_view field_path,
        const GlobalConfig& global, const ParseContext& ctx)>;

// A parsed tocsin-only top-level section of the config file (e.g.
// `scrape_configs`), owned by the module that registered its parser.
// Immutable.
class SectionConfig {
 public:
  virtual ~SectionConfig() = default;
  // The top-level key: "scrape_configs", ...
  virtual std::string_view Key() const = 0;
};

// Parses a top-level section's value at `node` (any YAML kind; null when
// the key is present without a value). Errors name the position through
// NodeError(ctx, ...). Must not read files.
using SectionParser =
    std::function<Result<std::shared_ptr<const SectionConfig>>(
        const YAML::Node& node, const ParseContext& ctx)>;

// The receiver keys the config loader understands, filled by the composition
// root (server/builtin_channels.h). Not thread-safe while being filled;
// read-only afterwards.
class IntegrationRegistry {
 public:
  struct Entry {
    std::string key;  // "slack_configs"
    IntegrationParser parser;
    // A key Alertmanager lacks (sms_configs, voice_configs): refused under
    // ParseContext::alertmanager_strict.
    bool tocsin_only = false;
  };

  // AlreadyExists if `key` is registered already.
  Status Register(std::string key, IntegrationParser parser,
                  bool tocsin_only = false);
  // nullptr when unknown.
  const Entry* Find(std::string_view key) const;
  // In registration order.
  const std::vector<Entry>& entries() const { return entries_; }

  // Top-level keys Alertmanager lacks (always refused under
  // --alertmanager-strict). AlreadyExists if `key` is registered already.
  struct SectionEntry {
    std::string key;
    SectionParser parser;
  };
  Status RegisterSection(std::string key, SectionParser parser);
  const SectionEntry* FindSection(std::string_view key) const;

 private:
  std::vector<Entry> entries_;
  std::vector<SectionEntry> sections_;
};

}  // namespace tocsin::config

#endif  // TOCSIN_CONFIG_INTEGRATION_H_
